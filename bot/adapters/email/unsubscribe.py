"""Signed one-click unsubscribe links (RFC 8058) for one email chat.

The token signs the chat id (a keyed hash of the address, never the address)
with its own salt; it does not expire, because a mail read months later must
still unsubscribe.
"""

from __future__ import annotations

from itsdangerous import BadSignature, URLSafeSerializer

SALT = "repaybot.email.unsubscribe"
PATH = "/email/unsubscribe/"


def make_token(secret: str, chat_id: str) -> str:
    """The token for ``chat_id``."""
    return str(URLSafeSerializer(secret, salt=SALT).dumps(chat_id))


def read_token(secret: str, token: str) -> str | None:
    """The chat id a token was made for; None when it is not authentic."""
    try:
        value = URLSafeSerializer(secret, salt=SALT).loads(token)
    except BadSignature:
        return None
    return value if isinstance(value, str) else None


def link(base_url: str, secret: str, chat_id: str) -> str:
    """The https link for ``List-Unsubscribe`` and the notice in the mail."""
    return base_url.rstrip("/") + PATH + make_token(secret, chat_id)
