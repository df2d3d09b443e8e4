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


# -- neutral events besides messages -------------------------------------------


@dataclass(frozen=True, slots=True)
class Blocked:
    """The debtor blocked the bot: nothing can reach them on this chat."""

    chat: ChatRef


@dataclass(frozen=True, slots=True)
class Unblocked:
    """The debtor unblocked the bot (or wrote again): the chat is reachable."""

    chat: ChatRef


@dataclass(frozen=True, slots=True)
class Unfollowed:
    """The debtor unfollowed the account: an opt-out, and nothing can be delivered.

    Attributes:
        chat: the debtor's chat.
        message_id: the platform's id of the event (the dedupe key).
        timestamp: when the platform says it happened.
    """

    chat: ChatRef
    message_id: str
    timestamp: datetime | None = None


@dataclass(frozen=True, slots=True)
class Pressed:
    """A button press to acknowledge on the platform once the engine committed it.

    The press itself reaches the engine as an :class:`Incoming` with a payload.
    """

    chat: ChatRef
    query_id: str
    message_id: str


Event = Incoming | Blocked | Unblocked | Unfollowed | Pressed


# -- what the delivery core hands an adapter, and what comes back --------------


@dataclass(frozen=True, slots=True)
class Template:
    """A message in a platform's pre-approved form (a WeChat template message).

    Attributes:
        template_id: the platform's id of the template.
        fields: (field name, value) pairs, in order.
    """

    template_id: str
    fields: tuple[tuple[str, str], ...] = ()

    def to_json(self) -> dict[str, object]:
        """The stored form (``messages.template``)."""
        return {"id": self.template_id, "fields": dict(self.fields)}

    @classmethod
    def from_json(cls, data: object) -> Template | None:
        """Read the stored form back (None for a plain message)."""
        if not isinstance(data, dict) or not data.get("id"):
            return None
        fields = data.get("fields") or {}
        pairs = fields.items() if isinstance(fields, dict) else ()
        return cls(str(data["id"]), tuple((str(k), str(v)) for k, v in pairs))


@dataclass(frozen=True, slots=True)
class Outbound:
    """One platform message to send: one or more stored replies joined.

    Attributes:
        chat_id: the platform's chat id.
        text: the text (replies joined by a blank line).
        buttons: the choices of the last reply.
        item_ids: the outbox items this message delivers, in order.
        attempts: how often the first item was attempted (this one included).
        template: send as this platform template where the platform has templates
            (the text is the fallback elsewhere); never joined with other items.
    """

    chat_id: str
    text: str
    buttons: tuple[Button, ...] = ()
    item_ids: tuple[int, ...] = ()
    attempts: int = 1
    template: Template | None = None


@dataclass(frozen=True, slots=True)
class Sent:
    """Delivered; ``message_id`` is the platform's id for it, if it gives one."""

    message_id: str | None = None


@dataclass(frozen=True, slots=True)
class Retry:
    """Not delivered this time; try again.

    Attributes:
        reason: what went wrong (kept on the outbox item).
        after: seconds the platform asked to wait (rate limits), else None and
            the delivery core's backoff for ``kind`` decides.
        kind: ``rate_limited``, ``network`` or ``server``: each has its own backoff.
    """

    reason: str
    after: float | None = None
    kind: str = "network"


@dataclass(frozen=True, slots=True)
class Gone:
    """Never deliverable (refused for good).

    ``blocked``: the debtor blocked the bot. ``unusable``: the address itself
    failed (an email bounce, an invalid number, a carrier block), so nothing
    more goes to this chat on this channel.
    """

    reason: str
    blocked: bool = False
    unusable: bool = False


SendResult = Sent | Retry | Gone
