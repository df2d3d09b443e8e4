"""The per-message writes, run straight on the SQLite driver.

A message costs a handful of small statements. On SQLite, SQLAlchemy's work
around each execution (execution context, result set-up, events) costs several
times what SQLite itself spends, so the hot statements here run on the
driver's cursor, inside the transaction the session began. The SQL text and
the parameter conversions are SQLAlchemy's own (each statement is compiled
once per column set, with the dialect's bind processors), so what is stored
is exactly what SQLAlchemy would store. On PostgreSQL, and whenever the SQL
statement log is on (``database.echo`` or a DEBUG/INFO level on the
``sqlalchemy.engine`` logger), the statements go through SQLAlchemy as usual,
so the log shows every statement.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from typing import Any, cast

from sqlalchemy import Connection, Insert, Update
from sqlalchemy.exc import IntegrityError

_SQL_LOG = logging.getLogger("sqlalchemy.engine.Engine")
Row = Mapping[str, Any]
# SQL, parameter names in order, their converters, and the values of literals.
_Prepared = tuple[str, tuple[str, ...], tuple[Callable[[Any], Any] | None, ...], dict[str, Any]]


class HotStatement:
    """An INSERT or UPDATE of the hot path (see the module docstring)."""

    def __init__(self, stmt: Insert | Update) -> None:
        self.stmt = stmt
        self._prepared: dict[tuple[str, ...], _Prepared] = {}

    def _prepare(self, conn: Connection, keys: tuple[str, ...]) -> _Prepared:
        prepared = self._prepared.get(keys)
        if prepared is None:
            compiled = self.stmt.compile(dialect=conn.dialect, column_keys=list(keys))
            order = tuple(compiled.positiontup or ())
            processors = compiled._bind_processors
            procs = tuple(cast("Callable[[Any], Any] | None", processors.get(k)) for k in order)
            literals = {k: compiled.binds[k].value for k in order if k not in keys}
            prepared = (compiled.string, order, procs, literals)
            self._prepared[keys] = prepared
        return prepared

    def _cursor(self, conn: Connection) -> sqlite3.Cursor | None:
        if conn.dialect.name != "sqlite" or _SQL_LOG.isEnabledFor(logging.INFO):
            return None
        driver = conn.connection.driver_connection
        return driver.cursor() if isinstance(driver, sqlite3.Connection) else None

    def _params(self, prepared: _Prepared, row: Row) -> list[Any]:
        _, order, procs, literals = prepared
        values = [row[k] if k in row else literals[k] for k in order]
        return [v if proc is None else proc(v) for v, proc in zip(values, procs, strict=True)]

    def insert_id(self, conn: Connection, row: Row) -> int:
        """Insert one row and return its primary key."""
        cursor = self._cursor(conn)
        if cursor is None:
            stmt = self.stmt.returning(self.stmt.table.c.id)
            return int(conn.execute(stmt, dict(row)).scalar_one())
        prepared = self._prepare(conn, tuple(row))
        params = self._params(prepared, row)
        try:
            cursor.execute(prepared[0], params)
        except sqlite3.IntegrityError as exc:
            raise IntegrityError(prepared[0], params, exc) from exc
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def run(self, conn: Connection, rows: Sequence[Row]) -> int:
        """Execute for every row (all with the same keys); the number of rows affected."""
        if not rows:
            return 0
        cursor = self._cursor(conn)
        if cursor is None:
            result = conn.execute(self.stmt, [dict(r) for r in rows])
            return int(result.rowcount)
        prepared = self._prepare(conn, tuple(rows[0]))
        params = [self._params(prepared, r) for r in rows]
        try:
            if len(params) == 1:
                cursor.execute(prepared[0], params[0])
            else:
                cursor.executemany(prepared[0], params)
        except sqlite3.IntegrityError as exc:
            raise IntegrityError(prepared[0], params, exc) from exc
        return cursor.rowcount

    def fetch(self, conn: Connection, row: Row) -> list[tuple[Any, ...]]:
        """Execute once (a statement with RETURNING) and return the rows."""
        cursor = self._cursor(conn)
        if cursor is None:
            return [tuple(r) for r in conn.execute(self.stmt, dict(row))]
        prepared = self._prepare(conn, tuple(row))
        params = self._params(prepared, row)
        try:
            return list(cursor.execute(prepared[0], params).fetchall())
        except sqlite3.IntegrityError as exc:
            raise IntegrityError(prepared[0], params, exc) from exc
