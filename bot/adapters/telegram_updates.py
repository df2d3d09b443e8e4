"""Telegram updates (JSON objects) → neutral events.

Text messages and button presses take the same path: a press becomes an
:class:`~bot.messages.Incoming` whose ``payload`` is the button's callback data
(plus a :class:`~bot.messages.Pressed` to acknowledge on Telegram). Blocking
and unblocking the bot (``my_chat_member``) become :class:`~bot.messages.Blocked`
and :class:`~bot.messages.Unblocked`. The dedupe key is the update id, which
Telegram keeps when it delivers an update again.

Updates are read straight from their JSON: building python-telegram-bot's
object tree for every webhook call costs more than everything else the adapter
does with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bot.messages import Blocked, ChatRef, Incoming, Pressed, Unblocked

PLATFORM = "telegram"
ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member"]
COMMANDS = frozenset({"start", "help", "stop", "agent", "language"})


class BadUpdate(ValueError):
    """The data is not a Telegram update."""


@dataclass(frozen=True, slots=True)
class Parsed:
    """What one update means: an incoming message (maybe a press), a block change, or nothing."""

    update_id: int
    incoming: Incoming | None = None
    press: Pressed | None = None
    reach: Blocked | Unblocked | None = None


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


def _obj(data: Mapping[str, Any], key: str) -> Mapping[str, Any] | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise BadUpdate(f"the update's {key} is not an object")
    return value


def _id(data: Mapping[str, Any] | None) -> str | None:
    value = None if data is None else data.get("id")
    if isinstance(value, bool) or not isinstance(value, int | str):
        return None
    return str(value)


def parse(data: object, bot_username: str = "") -> Parsed:
    """Turn a webhook body (or a polled update's JSON) into what the adapter acts on.

    Only private chats are handled: a debt is never discussed in a group.

    Raises:
        BadUpdate: ``data`` is not an object with an integer ``update_id``, or
            its parts are not shaped like an update.
    """
    if not isinstance(data, Mapping):
        raise BadUpdate("the body is not a JSON object")
    update_id = data.get("update_id")
    if not isinstance(update_id, int) or isinstance(update_id, bool):
        raise BadUpdate("the body has no integer update_id")
    query = _obj(data, "callback_query")
    if query is not None:
        return _parse_press(update_id, query)
    message = _obj(data, "message")
    if message is not None:
        return _parse_message(update_id, message, bot_username)
    member = _obj(data, "my_chat_member")
    if member is not None:
        return _parse_member(update_id, member)
    return Parsed(update_id)


def _parse_message(update_id: int, message: Mapping[str, Any], bot_username: str) -> Parsed:
    chat, user = _obj(message, "chat"), _obj(message, "from")
    chat_id, user_id = _id(chat), _id(user)
    if chat is None or chat_id is None:
        raise BadUpdate("the message has no chat")
    if chat.get("type") != "private" or user is None or user_id is None or user.get("is_bot"):
        return Parsed(update_id)
    text = message.get("text") or message.get("caption") or ""
    if not isinstance(text, str):
        raise BadUpdate("the message text is not a string")
    command = split_command(text, bot_username)
    if command is not None and command[0] == "start":
        # The deep-link token is opaque: it must never be read as words
        # (a random token can spell a stop word or an insult).
        text = "/start"
    language = user.get("language_code")
    incoming = Incoming(
        chat=ChatRef(PLATFORM, chat_id, user_id),
        message_id=f"u{update_id}",
        text=text,
        locale_hint=language if isinstance(language, str) else None,
        timestamp=_date(message.get("date")),
        command=command[0] if command else None,
        command_arg=(command[1] or None) if command else None,
    )
    return Parsed(update_id, incoming=incoming)


def _parse_press(update_id: int, query: Mapping[str, Any]) -> Parsed:
    message, user = _obj(query, "message"), _obj(query, "from")
    data = query.get("data")
    user_id, query_id = _id(user), query.get("id")
    if message is None or not isinstance(data, str) or user is None or user_id is None:
        return Parsed(update_id)
    chat = _obj(message, "chat")
    chat_id = _id(chat)
    if chat is None or chat_id is None or chat.get("type") != "private":
        return Parsed(update_id)
    ref = ChatRef(PLATFORM, chat_id, user_id)
    language = user.get("language_code")
    incoming = Incoming(
        chat=ref,
        message_id=f"u{update_id}",
        payload=data,
        locale_hint=language if isinstance(language, str) else None,
    )
    press = None
    if isinstance(query_id, str) and message.get("message_id") is not None:
        press = Pressed(chat=ref, query_id=query_id, message_id=str(message["message_id"]))
    return Parsed(update_id, incoming=incoming, press=press)


def _parse_member(update_id: int, member: Mapping[str, Any]) -> Parsed:
    chat, user, new = _obj(member, "chat"), _obj(member, "from"), _obj(member, "new_chat_member")
    chat_id, user_id = _id(chat), _id(user)
    if chat is None or chat.get("type") != "private" or chat_id is None or user_id is None:
        return Parsed(update_id)
    status = None if new is None else new.get("status")
    ref = ChatRef(PLATFORM, chat_id, user_id)
    if status == "kicked":
        return Parsed(update_id, reach=Blocked(ref))
    if status == "member":
        return Parsed(update_id, reach=Unblocked(ref))
    return Parsed(update_id)


def _date(value: object) -> datetime | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, tz=UTC)
    return None
