"""Writing reminder rows (planning and sending reminders is :mod:`bot.collection.reminders`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, Table, bindparam, cast, column, update, values
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from bot.store.models import Reminder

_REMINDERS: Table = Reminder.__table__  # type: ignore[assignment]
_DONE = (
    update(_REMINDERS)
    .where(_REMINDERS.c.id == bindparam("rid"))
    .values({c: bindparam(c) for c in ("status", "note", "outbox_id", "done_at")})
)


def insert_new(s: Session, rows: list[dict[str, Any]]) -> int:
    """Insert reminder rows, skipping those whose ``key`` exists; how many were made.

    A second worker planning the same reminders inserts nothing (the unique key).
    """
    dialect = s.get_bind().dialect.name
    made = 0
    for start in range(0, len(rows), 1000):
        chunk = rows[start : start + 1000]
        stmt = (pg_insert if dialect == "postgresql" else sqlite_insert)(_REMINDERS)
        stmt = stmt.on_conflict_do_nothing(index_elements=["key"])
        made += len(s.execute(stmt.returning(_REMINDERS.c.id), chunk).all())
    return made


def record_done(s: Session, done: dict[int, dict[str, object]]) -> None:
    """Write the claimed reminders' new status, note, outbox item and time."""
    conn = s.connection()
    if conn.dialect.name != "postgresql":
        conn.execute(_DONE, [{"rid": rid, **values} for rid, values in done.items()])
        return
    # One UPDATE … FROM (VALUES …) instead of a statement per reminder.
    cols = ("status", "note", "outbox_id", "done_at")
    rows = values(
        column("rid", Integer()),
        *(column(c, _REMINDERS.c[c].type) for c in cols),
        name="done",
    ).data([(rid, *(v[c] for c in cols)) for rid, v in done.items()])
    conn.execute(
        update(_REMINDERS)
        .where(_REMINDERS.c.id == rows.c.rid)
        .values({c: cast(rows.c[c], _REMINDERS.c[c].type) for c in cols})
    )
