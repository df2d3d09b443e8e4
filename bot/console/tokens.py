"""API tokens for lenders' systems: created and revoked by admins, stored hashed, scoped.

A token looks like ``rpb_<prefix>_<secret>``; it is shown once when created and
only its SHA-256 is kept (the prefix stays readable so admins can tell tokens
apart). Each token carries scopes (:data:`SCOPES`); every use updates its
last-used time and appends an audit entry.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.console import limits
from bot.store import audit
from bot.store import tokens as token_rows
from bot.store.db import Database
from bot.store.models import ApiToken

SCOPES = ("accounts:write", "payments:write", "agreements:read", "metrics:read")
PREFIX = "rpb_"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._@-]{0,63}$")
_TOKEN = re.compile(r"^rpb_([A-Za-z0-9]{8})_[A-Za-z0-9_-]{20,64}$")


class TokenError(ValueError):
    """A bad token name, scope or id; the message says which."""


@dataclass(frozen=True, slots=True)
class TokenCaller:
    """The lender's system calling with an API token."""

    token_id: int
    name: str
    scopes: frozenset[str]

    def allows(self, scope: str) -> bool:
        """Whether this token was given ``scope``."""
        return scope in self.scopes


@dataclass(frozen=True, slots=True)
class TokenView:
    """A token as the admin sees it (never the secret)."""

    id: int
    name: str
    prefix: str
    scopes: list[str]
    created_by: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def check_scopes(scopes: list[str]) -> list[str]:
    """The scopes, de-duplicated in :data:`SCOPES` order; TokenError names an unknown one."""
    if not scopes:
        raise TokenError(f"give at least one scope: {', '.join(SCOPES)}")
    for scope in scopes:
        if scope not in SCOPES:
            raise TokenError(f"scope {scope!r} is not one of: {', '.join(SCOPES)}")
    return [s for s in SCOPES if s in scopes]


def create(
    session: Session, name: str, scopes: list[str], *, actor: str, now: datetime
) -> tuple[str, TokenView]:
    """Create a token; returns the secret (show it once) and the stored view.

    Raises:
        TokenError: the name or a scope is not acceptable.
    """
    name = name.strip()
    if not _NAME.match(name):
        raise TokenError(
            f"token name {name!r} must be 1-64 letters, digits, spaces or . _ @ - "
            "and start with a letter or digit"
        )
    wanted = check_scopes(scopes)
    prefix = secrets.token_hex(4)
    secret = f"{PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    row = token_rows.add_token(
        session,
        name=name,
        token_hash=_digest(secret),
        prefix=prefix,
        scopes=wanted,
        created_by=actor[:64],
        now=now,
    )
    session.flush()
    audit.record(
        session,
        actor=actor[:64],
        action="token.create",
        details={"token_id": row.id, "name": name, "scopes": wanted},
        now=now,
    )
    return secret, _view(row)


def revoke(session: Session, token_id: int, *, actor: str, now: datetime) -> TokenView:
    """Revoke a token (idempotent).

    Raises:
        TokenError: there is no such token.
    """
    row = session.get(ApiToken, token_id)
    if row is None:
        raise TokenError(f"no API token with id {token_id}")
    if row.revoked_at is None:
        row.revoked_at = now
        audit.record(
            session,
            actor=actor[:64],
            action="token.revoke",
            details={"token_id": row.id, "name": row.name},
            now=now,
        )
    return _view(row)


def listing(session: Session) -> list[TokenView]:
    """Every token, newest first."""
    return [_view(r) for r in session.scalars(select(ApiToken).order_by(ApiToken.id.desc()))]


def authenticate(
    session: Session, token: str, *, now: datetime, method: str, path: str
) -> TokenCaller | None:
    """The caller a presented token stands for, or None; a use is recorded and audited."""
    found = _TOKEN.match(token)
    if found is None:
        return None
    digest = _digest(token)
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == digest))
    if row is None or row.revoked_at is not None:
        return None
    if not hmac.compare_digest(row.token_hash, digest):  # pragma: no cover - belt and braces
        return None
    row.last_used_at = now
    audit.record(
        session,
        actor=f"token:{row.name}"[:64],
        action="api.use",
        details={"token_id": row.id, "method": method, "path": path[:200]},
        now=now,
    )
    return TokenCaller(row.id, row.name, frozenset(row.scopes or []))


def refusal_number(db: Database, address: str, reason: str, now: datetime, cap: int) -> int:
    """Count a refused API call; its number this minute (for this address and reason) if it
    is to be audited, else 0.

    Refusals cost a stranger nothing, so the audit log takes only the first one per client
    address and reason each minute, then the 10th, the 100th, the 1000th and so on (each
    with its number), and at most ``cap`` a minute in all; the rest are only counted.
    """
    minute = timedelta(minutes=1)
    number = limits.count(db, f"api.refused:{address[:64]}:{reason[:100]}", minute, now)
    if number < 1 or (number > 1 and not _power_of_ten(number)):
        return 0
    return number if limits.hit(db, "api.refused:*", cap, minute, now) else 0


def _power_of_ten(n: int) -> bool:
    while n >= 10 and n % 10 == 0:
        n //= 10
    return n == 1


def refuse(
    session: Session,
    *,
    now: datetime,
    method: str,
    path: str,
    reason: str,
    caller: TokenCaller | None = None,
    token: str = "",
    address: str = "",
    number: int = 1,
) -> None:
    """Audit a refused API call (``api.refused``): no token, a bad one, or a missing scope.

    ``number`` (from :func:`refusal_number`) is recorded as ``repeated`` when this is not
    the first such refusal from ``address`` this minute.
    """
    details: dict[str, object] = {"method": method, "path": path[:200], "reason": reason[:200]}
    if address:
        details["address"] = address[:64]
    if number > 1:
        details["repeated"] = number
    if caller is not None:
        details["token_id"] = caller.token_id
        actor = f"token:{caller.name}"
    else:
        found = _TOKEN.match(token)
        if found is not None:
            details["prefix"] = found.group(1)
        actor = "token:?" if token else "anonymous"
    audit.record(session, actor=actor[:64], action="api.refused", details=details, now=now)


def _view(row: ApiToken) -> TokenView:
    return TokenView(
        row.id,
        row.name,
        row.prefix,
        list(row.scopes or []),
        row.created_by,
        row.created_at,
        row.last_used_at,
        row.revoked_at,
    )
