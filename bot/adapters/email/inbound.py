"""Read one inbound message (raw RFC 5322 bytes): who wrote, what is new, or a bounce.

The HTTP hook (``POST /webhooks/email``) and the IMAP poller both hand the raw
message here. :func:`read` returns a :class:`Mail` (a debtor's message) or a
:class:`Bounce` (a delivery status notification saying an address failed).
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import datetime
from email import message_from_bytes, policy
from email.message import EmailMessage, Message
from email.utils import parseaddr, parsedate_to_datetime
from html import unescape

from bot.adapters.email.quotes import reply_text

MAX_ID = 128
_TAGS = re.compile(r"<(?:script|style)\b.*?</(?:script|style)>|<[^>]+>", re.S | re.I)
_BLOCKS = re.compile(r"<\s*(?:br|/p|/div|/li|/tr|/h\d)\b[^>]*>", re.I)
_UNSUBSCRIBE = re.compile(r"^\s*(?:unsubscribe|退订|退訂|td)\s*$", re.I)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_TRADITIONAL = re.compile(r"[們這說還個對請謝與為會時後]")


class BadMail(ValueError):
    """Not a message that can be read (no sender, not RFC 5322)."""


@dataclass(frozen=True)
class Mail:
    """A debtor's message.

    Attributes:
        sender: the From address as written (normalised by the caller).
        message_id: the dedupe key (the Message-ID, or a digest when it is missing or long).
        text: the new text, without quoted history and signature.
        subject: the subject line.
        unsubscribe: the message asks to unsubscribe (a mailto link's subject, or "退订").
        timestamp: the Date header, if readable.
        locale_hint: ``zh_CN``/``zh_TW`` for Chinese text, else None.
    """

    sender: str
    message_id: str
    text: str
    subject: str = ""
    unsubscribe: bool = False
    timestamp: datetime | None = None
    locale_hint: str | None = None


@dataclass(frozen=True)
class Bounce:
    """A delivery status notification: these recipients failed for good."""

    recipients: tuple[str, ...]
    reason: str


def signature(secret: str, body: bytes) -> str:
    """The hex HMAC-SHA256 of ``body`` (``X-Repaybot-Signature``)."""
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def signature_ok(secret: str, body: bytes, given: str) -> bool:
    """Constant-time check of ``X-Repaybot-Signature``."""
    if not secret or not given:
        return False
    return hmac.compare_digest(signature(secret, body).encode(), given.strip().lower().encode())


def read(raw: bytes) -> Mail | Bounce:
    """Read a raw message.

    Raises:
        BadMail: it has no sender or is not a mail message.
    """
    msg = message_from_bytes(raw, policy=policy.default)
    if not isinstance(msg, EmailMessage) or not msg.keys():
        raise BadMail("not an RFC 5322 message")
    bounce = _bounce(msg)
    if bounce is not None:
        return bounce
    _name, sender = parseaddr(str(msg.get("From", "")))
    if "@" not in sender:
        raise BadMail("the message has no From address")
    subject = str(msg.get("Subject", "")).strip()
    body = _body(msg)
    text = reply_text(body)
    unsubscribe = bool(_UNSUBSCRIBE.match(text)) or (
        not text.strip() and bool(_UNSUBSCRIBE.match(subject))
    )
    return Mail(
        sender=sender,
        message_id=message_key(str(msg.get("Message-ID", "")), raw),
        text=text,
        subject=subject,
        unsubscribe=unsubscribe,
        timestamp=_date(msg),
        locale_hint=_locale(text),
    )


def message_key(header: str, raw: bytes) -> str:
    """The dedupe key: the Message-ID without brackets; a digest when missing or too long."""
    mid = header.strip().strip("<>").strip()
    if mid and len(mid) <= MAX_ID:
        return mid
    return "sha256:" + hashlib.sha256(mid.encode() if mid else raw).hexdigest()


def _body(msg: EmailMessage) -> str:
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, ValueError):
        payload = part.get_payload(decode=True)
        content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    text = str(content)
    if part.get_content_type() == "text/html":
        text = _html_text(text)
    return text


def _html_text(html: str) -> str:
    # Quoted history in HTML mail sits in blockquotes; keep what is above the first one.
    cut = re.search(r"<blockquote|<div[^>]*(?:gmail_quote|divRplyFwdMsg|OLK_SRC_BODY)", html, re.I)
    if cut is not None:
        html = html[: cut.start()]
    text = _TAGS.sub("", _BLOCKS.sub("\n", html))
    return unescape(text)


def _date(msg: Message) -> datetime | None:
    raw = msg.get("Date")
    if not raw:
        return None
    try:
        when = parsedate_to_datetime(str(raw))
    except (TypeError, ValueError):
        return None
    return when if when.tzinfo is not None else None


def _locale(text: str) -> str | None:
    if not _CJK.search(text):
        return None
    return "zh_TW" if _TRADITIONAL.search(text) else "zh_CN"


def _bounce(msg: EmailMessage) -> Bounce | None:
    """The failed recipients of a delivery status notification (RFC 3464)."""
    if msg.get_content_type() != "multipart/report":
        return None
    if msg.get_param("report-type", "").lower() != "delivery-status":  # type: ignore[union-attr]
        return None
    failed: list[str] = []
    reason = ""
    for part in msg.walk():
        if part.get_content_type() != "message/delivery-status":
            continue
        for block in _status_blocks(part):
            if block.get("action", "").lower() != "failed":
                continue
            recipient = block.get("final-recipient") or block.get("original-recipient") or ""
            _kind, _, address = recipient.partition(";")
            if "@" in address:
                failed.append(address.strip())
                reason = block.get("diagnostic-code") or block.get("status") or "bounced"
    if not failed:
        return None
    return Bounce(tuple(failed), f"bounced: {reason}".strip()[:500])


def _status_blocks(part: Message) -> list[dict[str, str]]:
    """The per-message and per-recipient fields of a delivery-status part."""
    payload = part.get_payload()
    blocks: list[dict[str, str]] = []
    if isinstance(payload, list):  # the email package parses it into header blocks
        for sub in payload:
            if isinstance(sub, Message):
                blocks.append({k.lower(): str(v) for k, v in sub.items()})
        return blocks
    for chunk in str(payload).replace("\r\n", "\n").split("\n\n"):
        fields: dict[str, str] = {}
        for line in chunk.split("\n"):
            key, sep, value = line.partition(":")
            if sep:
                fields[key.strip().lower()] = value.strip()
        if fields:
            blocks.append(fields)
    return blocks
