"""Writing the audit trail: one :class:`~bot.store.models.AuditEntry` per recorded action."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, insert
from sqlalchemy.orm import Session

from bot.store.models import AuditEntry


def add_entry(session: Session, entry: AuditEntry) -> AuditEntry:
    """Add an audit row already built to ``session`` (written at its next flush)."""
    session.add(entry)
    return entry


def record(
    session: Session,
    *,
    actor: str,
    action: str,
    details: dict[str, Any],
    now: datetime,
    **columns: Any,
) -> AuditEntry:
    """Add an audit row for ``action`` by ``actor`` to ``session`` (written at its next flush).

    ``columns`` are further :class:`AuditEntry` columns (``account_id``,
    ``conversation_id``, …) as the caller has them.
    """
    return add_entry(
        session,
        AuditEntry(actor=actor, action=action, details=details, created_at=now, **columns),
    )


_AUDIT: Table = AuditEntry.__table__  # type: ignore[assignment]
_INSERT = insert(_AUDIT)


def insert_entries(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Insert audit rows (all with the same keys) in one executemany."""
    conn.execute(_INSERT, rows)
