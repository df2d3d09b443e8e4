"""Telegram updates → neutral :class:`~bot.messages.Incoming` (or a membership change).

Text messages and button presses take the same path: a press becomes an
``Incoming`` whose ``payload`` is the button's callback data. The dedupe key is
the update id, which Telegram keeps when it delivers an update again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from telegram import Bot, CallbackQuery, Update

from bot.messages import ChatRef, Incoming

PLATFORM = "telegram"
ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member"]
COMMANDS = frozenset({"start", "help", "stop", "agent", "language"})


class BadUpdate(ValueError):
    """The data is not a Telegram update."""


@dataclass(frozen=True, slots=True)
class Membership:
    """The debtor blocked (``kicked``) or unblocked (``member``) the bot."""

    chat_id: str
    user_id: str
    blocked: bool


@dataclass(frozen=True, slots=True)
class Press:
    """A button press to close after the engine committed it."""

    query_id: str
    chat_id: str
    message_id: int


@dataclass(frozen=True, slots=True)
class Parsed:
    """What one update means: an incoming message, a membership change, or nothing."""

    update_id: int
    incoming: Incoming | None = None
    press: Press | None = None
    membership: Membership | None = None


def parse_json(data: object, bot: Bot | None) -> Update:
    """Parse a webhook body into an :class:`Update`.

    Raises:
        BadUpdate: ``data`` is not an object with an integer ``update_id`` or
            does not parse as an update.
    """
    if not isinstance(data, Mapping):
        raise BadUpdate("the body is not a JSON object")
    update_id = data.get("update_id")
    if not isinstance(update_id, int) or isinstance(update_id, bool):
        raise BadUpdate("the body has no integer update_id")
    try:
        update = Update.de_json(dict(data), bot)
    except Exception as exc:  # PTB raises KeyError/TypeError/ValueError on odd shapes
        raise BadUpdate(f"the body is not a Telegram update: {exc}") from None
    return update


def split_command(text: str, bot_username: str = "") -> tuple[str, str] | None:
    """``"/start abc"`` → ``("start", "abc")``; None unless a known command.

    ``/start@OurBot`` is accepted for our own username only.
    """
    if not text.startswith("/"):
        return None
    head, _, rest = text[1:].partition(" ")
    name, _, target = head.partition("@")
    if target and bot_username and target.lower() != bot_username.lower():
        return None
    name = name.lower()
    if name not in COMMANDS:
        return None
    return name, rest.strip()


def parse_update(update: Update, bot_username: str = "") -> Parsed:
    """Turn an update into what the adapter acts on.

    Only private chats are handled: a debt is never discussed in a group.
    """
    if update.callback_query is not None:
        return _parse_press(update.update_id, update.callback_query)
    message = update.message
    if message is not None:
        chat, user = message.chat, message.from_user
        if chat.type != "private" or user is None or user.is_bot:
            return Parsed(update.update_id)
        text = message.text or message.caption or ""
        command = split_command(text, bot_username)
        if command is not None and command[0] == "start":
            # The deep-link token is opaque: it must never be read as words
            # (a random token can spell a stop word or an insult).
            text = "/start"
        incoming = Incoming(
            chat=ChatRef(PLATFORM, str(chat.id), str(user.id)),
            message_id=f"u{update.update_id}",
            text=text,
            locale_hint=user.language_code,
            timestamp=message.date,
            command=command[0] if command else None,
            command_arg=(command[1] or None) if command else None,
        )
        return Parsed(update.update_id, incoming=incoming)
    member = update.my_chat_member
    if member is not None and member.chat.type == "private":
        status = member.new_chat_member.status
        if status in ("kicked", "member"):
            return Parsed(
                update.update_id,
                membership=Membership(
                    chat_id=str(member.chat.id),
                    user_id=str(member.from_user.id),
                    blocked=status == "kicked",
                ),
            )
    return Parsed(update.update_id)


def _parse_press(update_id: int, query: CallbackQuery) -> Parsed:
    message = query.message
    if message is None or query.data is None or message.chat.type != "private":
        return Parsed(update_id)
    chat_id = str(message.chat.id)
    incoming = Incoming(
        chat=ChatRef(PLATFORM, chat_id, str(query.from_user.id)),
        message_id=f"u{update_id}",
        payload=query.data,
        locale_hint=query.from_user.language_code,
    )
    press = Press(query_id=query.id, chat_id=chat_id, message_id=message.message_id)
    return Parsed(update_id, incoming=incoming, press=press)
