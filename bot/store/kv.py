"""The shared key-value table: short-lived values every worker on every host shares.

Used for platform access tokens (one per account, renewed by whichever worker
finds it expired) so that workers do not invalidate each other's tokens.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from bot.store.db import Database
from bot.store.models import KeyValue


class SharedValues:
    """Read, write and discard rows of the ``kv`` table, with expiry by the app clock."""

    def __init__(self, db: Database, clock: Callable[[], datetime]) -> None:
        self.db = db
        self.clock = clock

    def get(self, key: str) -> str | None:
        """The value of ``key`` unless missing or expired."""
        with self.db.session() as s:
            row = s.get(KeyValue, key)
            if row is None or (row.expires_at is not None and row.expires_at <= self.clock()):
                return None
            return row.value

    def set(self, key: str, value: str, ttl: timedelta | None = None) -> None:
        """Store ``value`` for ``ttl`` (None: until replaced), overwriting another worker's."""
        expires = None if ttl is None else self.clock() + ttl
        try:
            with self.db.session() as s:
                row = s.get(KeyValue, key, with_for_update=True)
                if row is None:
                    s.add(KeyValue(key=key, value=value, expires_at=expires))
                else:
                    row.value = value
                    row.expires_at = expires
        except IntegrityError:  # another worker inserted it first: overwrite theirs
            with self.db.session() as s:
                s.execute(
                    update(KeyValue)
                    .where(KeyValue.key == key)
                    .values(value=value, expires_at=expires)
                )

    def discard(self, key: str, value: str) -> None:
        """Delete the row only if it still holds ``value`` (another worker may have renewed it)."""
        with self.db.session() as s:
            s.execute(delete(KeyValue).where(KeyValue.key == key, KeyValue.value == value))

    def peek(self, key: str) -> str | None:
        """The stored value regardless of expiry."""
        with self.db.session() as s:
            return s.scalar(select(KeyValue.value).where(KeyValue.key == key))
