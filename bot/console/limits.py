"""Fixed-window rate limits shared by every worker (rows in ``rate_counters``)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError

from bot.store import counters
from bot.store.db import Database


def hit(db: Database, key: str, limit: int, window: timedelta, now: datetime) -> bool:
    """Count one event for ``key``; True while no more than ``limit`` fell in this window."""
    return 0 < count(db, key, window, now) <= limit


def count(db: Database, key: str, window: timedelta, now: datetime) -> int:
    """Count one event for ``key``: how many fell in this window so far, this one included
    (0 when the count could not be kept)."""
    seconds = int(window.total_seconds())
    bucket = int(now.timestamp()) // seconds
    row_key = f"{key}@{bucket}"[:200]
    expires = datetime.fromtimestamp((bucket + 1) * seconds, tz=now.tzinfo)
    for _attempt in range(3):
        try:
            with db.session() as s:
                return counters.bump(s, row_key, expires, now)
        except IntegrityError:  # another worker opened the window first: count again
            continue
    return 0
