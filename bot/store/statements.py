"""Prepared Core statements for the per-message writes, through SQLAlchemy's public API.

Each statement is built once at import; SQLAlchemy's compiled cache then
compiles it once per connection dialect and column set. Several rows go in one
``execute`` (executemany; ``insertmanyvalues`` batches INSERT … RETURNING).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Insert, Update, insert


class Statement:
    """An INSERT or UPDATE run many times with different parameters."""

    def __init__(self, stmt: Insert | Update) -> None:
        self.stmt = stmt

    def insert_id(self, conn: Connection, row: Mapping[str, Any]) -> int:
        """Insert one row and return its primary key.

        SQLite reports it from the cursor, PostgreSQL through RETURNING: either
        way it is :attr:`CursorResult.inserted_primary_key`.
        """
        result = conn.execute(self.stmt, dict(row))
        key = result.inserted_primary_key
        assert key is not None
        return int(key[0])

    def run(self, conn: Connection, rows: Sequence[Mapping[str, Any]]) -> int:
        """Execute for every row (all with the same keys); the number of rows affected."""
        if not rows:
            return 0
        params = [dict(r) for r in rows]
        result = conn.execute(self.stmt, params[0] if len(params) == 1 else params)
        return int(result.rowcount)

    def fetch(self, conn: Connection, row: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        """Execute once (a statement with RETURNING) and return the rows."""
        return [tuple(r) for r in conn.execute(self.stmt, dict(row))]


_RETURNING: dict[tuple[str, bool], Insert] = {}


def insert_ids(conn: Connection, table: Any, rows: list[dict[str, Any]]) -> list[int]:
    """Insert ``rows`` into ``table`` in one statement; their new ids, in order.

    SQLAlchemy cannot tie SQLite's RETURNING rows to the parameters, so asked for
    them in order it would insert one row per statement. SQLite numbers the rows of
    one multi-row INSERT one after the other, in the order given (each new rowid is
    the largest so far plus one, under the write lock the transaction holds):
    sorted, the returned ids are in the order of ``rows``. Other databases keep
    their own ordered batch.
    """
    if not rows:
        return []
    batch = len(rows) > 1 and conn.dialect.name == "sqlite"
    stmt = _RETURNING.get((table.name, batch))
    if stmt is None:
        stmt = insert(table).returning(table.c.id, sort_by_parameter_order=not batch)
        _RETURNING[(table.name, batch)] = stmt
    ids = [int(i) for i in conn.scalars(stmt, rows)]
    return sorted(ids) if batch else ids
