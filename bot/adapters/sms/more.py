"""Signed, expiring links to the whole text of a long SMS (``/m/<token>``).

The token signs the outbox item ids of the message (never the text or the
number) with a timestamp; it is refused after ``more_link_ttl_hours``.
"""

from __future__ import annotations

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

SALT = "repaybot.sms.more"
PATH = "/m/"


def make_token(secret: str, item_ids: tuple[int, ...]) -> str:
    """The token for these outbox items."""
    return str(URLSafeTimedSerializer(secret, salt=SALT).dumps(list(item_ids)))


def read_token(secret: str, token: str, max_age_seconds: int) -> tuple[int, ...] | None:
    """The outbox item ids of a token; None when forged or expired."""
    try:
        value = URLSafeTimedSerializer(secret, salt=SALT).loads(token, max_age=max_age_seconds)
    except (BadSignature, SignatureExpired):
        return None
    if not isinstance(value, list) or not all(isinstance(i, int) for i in value):
        return None
    return tuple(value)


def link(base_url: str, secret: str, item_ids: tuple[int, ...]) -> str:
    """The https link to the whole message."""
    return base_url.rstrip("/") + PATH + make_token(secret, item_ids)
