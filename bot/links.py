"""Signed, single-use, expiring deep links that bind a platform user to an account.

A lender sends the link (by SMS or email); opening it tells the bot which account
the chat is about. The dialog still asks the verification questions the script
requires: the link only saves the debtor from typing their reference.
Links for the web chat (channel ``web``) are ``<public url>/chat?link=<token>``;
the browser that first uses one keeps its chat, and its escalations wait in the
agents' main lane (see :mod:`bot.console.lanes`).

Token format (fits Telegram's ``/start`` payload and a WeChat QR ``scene_str``:
at most 64 characters of ``[A-Za-z0-9_-]``; in practice 24–39)::

    token   = base64url(payload) + base64url(signature)        # no padding, no separator
    payload = varint(account_id) + random(8 bytes) + expiry(uint32 big-endian, Unix s)
    signature = HMAC-SHA256(key(channel), base64url(payload))[:12]   # 16 characters

``key(channel)`` is derived from ``security.link_secret`` by itsdangerous' HMAC key
derivation with the salt ``repaybot.link.<channel>``, so a token made for
Telegram does not verify for WeChat. The signature is compared in constant time.
A full itsdangerous token (JSON payload, timestamp, 43-character signature) would
not fit in 64 characters, hence the compact payload and the 96-bit truncated MAC.

Single use: redeeming inserts a :class:`~bot.store.models.LinkToken` row whose
``token_id`` is unique; a second redeem (even a concurrent one, in another
process) hits the unique constraint and fails with ``used``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import secrets
from datetime import UTC, datetime, timedelta

from itsdangerous import Signer
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.store import links as link_rows
from bot.store.models import Account, LinkToken

CHANNELS = ("telegram", "wechat", "web")
MAX_TOKEN = 64
WECHAT_SCENE_PREFIX = "qrscene_"
_SIG_BYTES = 12
_SIG_CHARS = 16  # base64 of 12 bytes, no padding
_RANDOM_BYTES = 8
_TOKEN = re.compile(rf"[A-Za-z0-9_-]{{{_SIG_CHARS + 2},{MAX_TOKEN}}}")
_REASONS = {
    "invalid": "the link is not valid",
    "expired": "the link has expired",
    "used": "the link has already been used",
    "wrong_channel": "the link was made for another platform",
}


class LinkError(Exception):
    """A token that cannot be redeemed.

    Attributes:
        reason: ``invalid``, ``expired``, ``used`` or ``wrong_channel``.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(_REASONS.get(reason, reason))
        self.reason = reason


class AccountNotFound(LookupError):
    """No account has the given reference."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _read_varint(data: bytes) -> tuple[int, int]:
    """(value, bytes used); ValueError if it does not end within 5 bytes."""
    value = 0
    for i, byte in enumerate(data[:5]):
        value |= (byte & 0x7F) << (7 * i)
        if not byte & 0x80:
            return value, i + 1
    raise ValueError("bad varint")


def _signature(secret: str, channel: str, body: str) -> str:
    signer = Signer(
        secret,
        salt=f"repaybot.link.{channel}",
        key_derivation="hmac",
        digest_method=hashlib.sha256,
    )
    mac = signer.algorithm.get_signature(signer.derive_key(), body.encode("ascii"))
    return _b64(mac[:_SIG_BYTES])


def make_token(
    account_id: int, *, channel: str, secret: str, expires: datetime, token_id: bytes
) -> str:
    """Sign a token for ``account_id`` on ``channel`` valid until ``expires``."""
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r} (use {' or '.join(CHANNELS)})")
    body = _b64(
        _varint(account_id) + token_id + int(expires.timestamp()).to_bytes(4, "big", signed=False)
    )
    return body + _signature(secret, channel, body)


def create_link(
    session: Session,
    *,
    account_ref: str,
    channel: str,
    secret: str,
    ttl: timedelta,
    now: datetime,
    bot_username: str | None = None,
    wechat_scene: bool = False,
    web_base: str = "",
) -> tuple[str, str]:
    """Make a deep link for the account ``account_ref``.

    Args:
        session: a database session (only reads the account).
        account_ref: the lender's account reference.
        channel: ``telegram``, ``wechat`` or ``web``.
        secret: the link secret (``security.link_secret``).
        ttl: how long the link stays valid.
        now: the current time (timezone-aware).
        bot_username: the Telegram bot's username (required for ``telegram``).
        wechat_scene: for ``wechat``, return the event key WeChat reports when a
            new follower scans the QR code (``qrscene_<token>``) instead of the
            bare scene string.
        web_base: for ``web``, the public URL of this service.

    Returns:
        ``(token, link)``. Telegram: ``https://t.me/<bot>?start=<token>``. WeChat:
        the scene string (the token) for a QR code made with WeChat's
        ``qrcode/create`` (``QR_STR_SCENE`` or ``QR_LIMIT_STR_SCENE``). Web:
        ``<web_base>/chat?link=<token>``.

    Raises:
        AccountNotFound: no account has that reference.
        ValueError: unknown channel, missing bot username, or a TTL that is not positive.
    """
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r} (use {' or '.join(CHANNELS)})")
    username = (bot_username or "").strip().lstrip("@")
    if channel == "telegram" and not username:
        raise ValueError("telegram links need the bot's username: set [telegram] bot_username")
    if ttl <= timedelta(0):
        raise ValueError("a link must stay valid for a positive time")
    account_id = session.scalar(select(Account.id).where(Account.account_ref == account_ref))
    if account_id is None:
        raise AccountNotFound(f"no account with reference {account_ref!r}")
    token = make_token(
        account_id,
        channel=channel,
        secret=secret,
        expires=now + ttl,
        token_id=secrets.token_bytes(_RANDOM_BYTES),
    )
    if channel == "telegram":
        return token, f"https://t.me/{username}?start={token}"
    if channel == "web":
        return token, f"{web_base.rstrip('/')}/chat?link={token}"
    return token, (WECHAT_SCENE_PREFIX + token) if wechat_scene else token


def _decode(token: str) -> tuple[str, str, int, bytes, datetime]:
    """(body, signature, account_id, token id, expiry) or LinkError("invalid")."""
    if not _TOKEN.fullmatch(token):
        raise LinkError("invalid")
    body, sig = token[:-_SIG_CHARS], token[-_SIG_CHARS:]
    try:
        raw = _unb64(body)
        account_id, used = _read_varint(raw)
    except (binascii.Error, ValueError):
        raise LinkError("invalid") from None
    rest = raw[used:]
    if len(rest) != _RANDOM_BYTES + 4 or _b64(raw) != body:
        raise LinkError("invalid")
    expires = datetime.fromtimestamp(int.from_bytes(rest[_RANDOM_BYTES:], "big"), UTC)
    return body, sig, account_id, rest[:_RANDOM_BYTES], expires


def verify_token(token: str, *, channel: str, secret: str, now: datetime) -> tuple[int, str]:
    """Check signature, channel and expiry without using the token.

    Returns:
        ``(account_id, token_id)``.

    Raises:
        LinkError: ``invalid``, ``wrong_channel`` or ``expired``.
    """
    if channel == "wechat" and token.startswith(WECHAT_SCENE_PREFIX):
        token = token[len(WECHAT_SCENE_PREFIX) :]
    body, sig, account_id, token_id, expires = _decode(token)
    if not hmac.compare_digest(sig, _signature(secret, channel, body)):
        others = (c for c in CHANNELS if c != channel)
        if any(hmac.compare_digest(sig, _signature(secret, c, body)) for c in others):
            raise LinkError("wrong_channel")
        raise LinkError("invalid")
    if now >= expires:
        raise LinkError("expired")
    return account_id, f"{account_id}:{token_id.hex()}"


def link_used(session: Session, token_id: str) -> bool:
    """Whether the token with this id (from :func:`verify_token`) was redeemed."""
    found = session.scalar(select(LinkToken.id).where(LinkToken.token_id == token_id))
    return found is not None


def redeem_link(session: Session, token: str, *, channel: str, secret: str, now: datetime) -> int:
    """Use a token once: the account id it was made for.

    The use is recorded in ``session``'s transaction (in a savepoint), so it
    counts once the caller commits; a concurrent redeem of the same token waits
    for that commit and then fails with ``used``.

    Raises:
        LinkError: ``invalid``, ``wrong_channel``, ``expired`` or ``used``.
    """
    account_id, token_id = verify_token(token.strip(), channel=channel, secret=secret, now=now)
    if session.get(Account, account_id) is None:
        raise LinkError("invalid")
    try:
        with session.begin_nested():
            link_rows.add_use(
                session, token_id=token_id, account_id=account_id, channel=channel, now=now
            )
    except IntegrityError:
        raise LinkError("used") from None
    return account_id
