"""Writing account rows: single rows, and the bulk INSERT and UPDATE of an import.

Which rows are new, changed or unchanged, and their values, are decided in
:mod:`bot.accounts.writer`; :class:`AccountWrites` runs the statements on the
caller's connection, in its transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Connection, Dialect, Table, bindparam, column, table, update
from sqlalchemy.orm import Session

from bot.store.models import Account


def add_account(session: Session, **columns: Any) -> Account:
    """Add an account row with ``columns`` to ``session`` (written at its next flush)."""
    account = Account(**columns)
    session.add(account)
    return account


class AccountWrites:
    """The bulk INSERT and the UPDATE by primary key of an import, built once per writer.

    Inserted values come already converted by each column's bind processor and go
    through an untyped statement (on SQLite a plain executemany of tuples, several
    times cheaper per row). Updates bind ``_id`` and ``_<column>`` per row.
    """

    def __init__(
        self, dialect: Dialect, insert_columns: Sequence[str], update_columns: Sequence[str]
    ) -> None:
        accounts = cast(Table, Account.__table__)
        self.insert_columns = tuple(insert_columns)
        if dialect.name == "sqlite":
            marks = ", ".join("?" for _ in self.insert_columns)
            self._sqlite_insert: str | None = (
                f"INSERT INTO accounts ({', '.join(self.insert_columns)}) VALUES ({marks})"
            )
        else:
            self._sqlite_insert = None
        self._insert = table("accounts", *(column(c) for c in self.insert_columns)).insert()
        self._update = (
            update(accounts)
            .where(accounts.c.id == bindparam("_id"))
            .values({c: bindparam(f"_{c}", type_=accounts.c[c].type) for c in update_columns})
        )

    def write(
        self, conn: Connection, inserts: list[tuple[Any, ...]], updates: list[dict[str, Any]]
    ) -> None:
        """Insert ``inserts`` (value tuples in ``insert_columns`` order), then run ``updates``."""
        if inserts and self._sqlite_insert is not None:
            conn.exec_driver_sql(self._sqlite_insert, inserts)
        elif inserts:
            conn.execute(
                self._insert, [dict(zip(self.insert_columns, v, strict=True)) for v in inserts]
            )
        if updates:
            conn.execute(self._update, updates)
