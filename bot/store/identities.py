"""Writing verification attempts and identity bindings (the rules: :mod:`bot.dialog.identity`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table, delete, insert, update
from sqlalchemy.orm import Session

from bot.store.models import Identity, VerificationAttempt
from bot.store.statements import Statement

_IDENTITIES: Table = Identity.__table__  # type: ignore[assignment]
_INSERT_ATTEMPT = Statement(insert(VerificationAttempt.__table__))  # type: ignore[arg-type]
_INSERT_IDENTITY = Statement(insert(_IDENTITIES))


def insert_attempt(conn: Connection, row: dict[str, Any]) -> None:
    """Insert one verification attempt row."""
    _INSERT_ATTEMPT.run(conn, [row])


def insert_identity(conn: Connection, row: dict[str, Any]) -> None:
    """Insert one identity row (a platform user bound to an account)."""
    _INSERT_IDENTITY.run(conn, [row])


def update_identity(conn: Connection, ident_id: int, values: dict[str, Any]) -> None:
    """Set ``values`` on the identity ``ident_id``."""
    conn.execute(update(_IDENTITIES).where(_IDENTITIES.c.id == ident_id).values(**values))


def forget(session: Session, platform: str, platform_user_id: str) -> None:
    """Delete the platform user's identities (they are not who the account belongs to)."""
    session.execute(
        delete(Identity).where(
            Identity.platform == platform, Identity.platform_user_id == platform_user_id
        )
    )


def mark_reachable(session: Session, platform: str, platform_user_id: str) -> None:
    """The platform user's identities marked unreachable are reachable again."""
    session.execute(
        update(Identity)
        .where(
            Identity.platform == platform,
            Identity.platform_user_id == platform_user_id,
            Identity.unreachable.is_(True),
        )
        .values(unreachable=False)
    )
