"""Fixed-window rate limits shared by every worker (rows in ``rate_counters``)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select, update
from sqlalchemy.exc import IntegrityError

from bot.store.db import Database
from bot.store.models import RateCounter


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
                result = cast(
                    CursorResult[Any],
                    s.execute(
                        update(RateCounter)
                        .where(RateCounter.key == row_key)
                        .values(count=RateCounter.count + 1)
                    ),
                )
                if result.rowcount == 0:
                    s.add(RateCounter(key=row_key, count=1, expires_at=expires))
                    # new window: forget a few windows that are over
                    old = select(RateCounter.key).where(RateCounter.expires_at < now).limit(100)
                    s.execute(delete(RateCounter).where(RateCounter.key.in_(old)))
                    return 1
                counted = s.scalar(select(RateCounter.count).where(RateCounter.key == row_key))
                return counted or 0
        except IntegrityError:  # another worker opened the window first: count again
            continue
    return 0
