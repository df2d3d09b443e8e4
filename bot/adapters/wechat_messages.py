"""WeChat messages ↔ neutral types: fields → Incoming, replies → one text.

Text and recognised voice become typed text; a tap on a ``bizmsgmenu`` link
arrives as text whose ``bizmsgmenuid`` is the button's payload; a menu ``CLICK``
carries its ``EventKey`` as payload. ``subscribe`` (and ``SCAN`` of a
parametric QR code) become the ``start`` command with the deep-link token;
``unsubscribe`` becomes ``stop``. Other messages (image, location, link, video)
get a polite request to type; other events are acknowledged and ignored.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote

from bot.messages import Button, ChatRef, Incoming

PLATFORM = "wechat"
SCENE_PREFIX = "qrscene_"
# WeChat accepts passive text replies up to 2048 bytes; keep a margin.
PASSIVE_LIMIT_BYTES = 2000

UNSUPPORTED_TEXT = {
    "en": "Sorry, I can only read text messages here. Please type your answer.",
    "zh_CN": "抱歉，这里只能识别文字消息。请直接输入您的回答。",
    "zh_TW": "抱歉，這裡只能識別文字訊息。請直接輸入您的回答。",
}


@dataclass(frozen=True, slots=True)
class Unsupported:
    """A message the bot cannot read (image, location, …); ask the debtor to type."""

    chat_id: str
    kind: str


def to_incoming(fields: Mapping[str, str], locale_hint: str) -> Incoming | Unsupported | None:
    """Map one decrypted WeChat message to what the dialog engine understands.

    Returns:
        An ``Incoming``; ``Unsupported`` for media the bot cannot read; None for
        events that need no answer (menu VIEW, location reports, job reports).
    """
    openid = fields.get("FromUserName", "")
    if not openid:
        return None
    msg_type = fields.get("MsgType", "").lower()
    created = fields.get("CreateTime", "")
    chat = ChatRef(platform=PLATFORM, chat_id=openid, user_id=openid)
    stamp = _timestamp(created)

    def incoming(
        message_id: str,
        text: str = "",
        payload: str | None = None,
        command: str | None = None,
        command_arg: str | None = None,
    ) -> Incoming:
        return Incoming(
            chat=chat,
            message_id=message_id,
            text=text,
            payload=payload,
            locale_hint=locale_hint,
            timestamp=stamp,
            command=command,
            command_arg=command_arg,
        )

    if msg_type == "event":
        event = fields.get("Event", "")
        key = fields.get("EventKey", "")
        event_id = f"{openid}:{created}:{event}"
        low = event.lower()
        if low == "subscribe":
            token = key[len(SCENE_PREFIX) :] if key.startswith(SCENE_PREFIX) else ""
            return incoming(event_id, command="start", command_arg=token or None)
        if low == "scan":
            return incoming(event_id, command="start", command_arg=key or None)
        if low == "unsubscribe":
            return incoming(event_id, command="stop")
        if low == "click" and key:
            return incoming(event_id, payload=key)
        return None
    message_id = fields.get("MsgId", "") or f"{openid}:{created}:{msg_type}"
    if msg_type == "text":
        menu_id = fields.get("bizmsgmenuid") or None
        return incoming(message_id, text=fields.get("Content", ""), payload=menu_id)
    if msg_type == "voice" and fields.get("Recognition", "").strip():
        return incoming(message_id, text=fields["Recognition"].strip())
    return Unsupported(chat_id=openid, kind=msg_type or "unknown")


def _timestamp(raw: str) -> datetime | None:
    try:
        return datetime.fromtimestamp(int(raw), tz=UTC)
    except (ValueError, OverflowError, OSError):
        return None


def unsupported_text(locale: str) -> str:
    """The polite "please type" message in ``locale`` (language fallback, then English)."""
    if locale in UNSUPPORTED_TEXT:
        return UNSUPPORTED_TEXT[locale]
    lang = locale.split("_")[0]
    if lang == "zh":
        return UNSUPPORTED_TEXT["zh_TW" if locale.endswith(("TW", "HK", "Hant")) else "zh_CN"]
    return UNSUPPORTED_TEXT["en"]


def menu_link(button: Button) -> str:
    """A link that, when tapped, sends ``label`` back with ``bizmsgmenuid`` = payload."""
    query = (
        f"msgmenucontent={quote(button.label, safe='')}&msgmenuid={quote(button.payload, safe='')}"
    )
    return f'<a href="weixin://bizmsgmenu?{query}">{button.label}</a>'


def render(text: str, buttons: Sequence[Button]) -> str:
    """One reply as WeChat text: choices as numbered lines the debtor can tap or type."""
    if not buttons:
        return text
    lines = [text, ""] if text else []
    lines += [f"{i}. {menu_link(b)}" for i, b in enumerate(buttons, start=1)]
    return "\n".join(lines)


def join(parts: Sequence[str]) -> str:
    """Several replies in one passive message, separated by a blank line."""
    return "\n\n".join(p for p in parts if p)


def size(text: str) -> int:
    """Length in UTF-8 bytes, which is what WeChat limits."""
    return len(text.encode("utf-8"))


def cut(text: str, budget: int) -> tuple[str, str]:
    """Split ``text`` so the head is at most ``budget`` bytes, at a line boundary if possible.

    Returns:
        ``(head, tail)``; the tail keeps the rest (without the separating newline).
    """
    if size(text) <= budget:
        return text, ""
    head = ""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        candidate = f"{head}\n{line}" if i else line
        if size(candidate) > budget:
            if i:
                return head, "\n".join(lines[i:])
            break
        head = candidate
    # The first line alone is too long: cut it by characters.
    chars = text[:budget]
    while size(chars) > budget:
        chars = chars[:-1]
    return chars, text[len(chars) :]
