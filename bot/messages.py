"""Platform-neutral message types shared by adapters and the dialog engine.

Adapters turn platform updates into :class:`Incoming` and render :class:`Reply`;
the dialog engine sees nothing else of a platform.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class ChatRef:
    """Where a conversation happens: a platform and a chat on it.

    Attributes:
        platform: ``telegram``, ``wechat``, ``terminal`` or ``web``.
        chat_id: the platform's chat id (WeChat: the user's OpenID).
        user_id: the platform's user id of the debtor.
    """

    platform: str
    chat_id: str
    user_id: str


@dataclass(frozen=True, slots=True)
class Button:
    """One choice offered to the debtor.

    Attributes:
        label: what the debtor sees.
        payload: what comes back when it is pressed (``Incoming.payload``).
    """

    label: str
    payload: str


@dataclass(frozen=True, slots=True)
class Incoming:
    """One message from a debtor, normalised.

    Attributes:
        chat: where it came from.
        message_id: the platform's id of this message or update; the
            dedupe key together with the platform.
        text: what the debtor typed (empty for a bare button press).
        payload: the payload of a pressed button, if any.
        locale_hint: the platform's idea of the user's language, if any.
        timestamp: when the platform says it was sent (timezone-aware).
        command: a platform command without its slash (``start``, ``stop``).
        command_arg: the text after the command (a deep-link token).
    """

    chat: ChatRef
    message_id: str
    text: str = ""
    payload: str | None = None
    locale_hint: str | None = None
    timestamp: datetime | None = None
    command: str | None = None
    command_arg: str | None = None


@dataclass(frozen=True, slots=True)
class Reply:
    """One message the bot (or an agent) sends.

    Attributes:
        text: the message text, already translated and formatted.
        buttons: choices, rendered as buttons or numbered lines.
    """

    text: str
    buttons: tuple[Button, ...] = field(default_factory=tuple)
