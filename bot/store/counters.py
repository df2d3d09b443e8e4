"""Writing rate counters and sign-in throttles (the rules: :mod:`bot.console.limits`,
:mod:`bot.console.throttle`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select, update
from sqlalchemy.orm import Session

from bot.store.models import LoginThrottle, RateCounter


def bump(session: Session, row_key: str, expires: datetime, now: datetime) -> int:
    """Count one event in the window ``row_key``: its count now (1 for a new window).

    A new window also forgets a few windows that are over. Two workers opening the
    same window at once: one gets an IntegrityError (the caller counts again).
    """
    result = cast(
        CursorResult[Any],
        session.execute(
            update(RateCounter)
            .where(RateCounter.key == row_key)
            .values(count=RateCounter.count + 1)
        ),
    )
    if result.rowcount == 0:
        session.add(RateCounter(key=row_key, count=1, expires_at=expires))
        # new window: forget a few windows that are over
        old = select(RateCounter.key).where(RateCounter.expires_at < now).limit(100)
        session.execute(delete(RateCounter).where(RateCounter.key.in_(old)))
        return 1
    counted = session.scalar(select(RateCounter.count).where(RateCounter.key == row_key))
    return counted or 0


def add_throttle(session: Session, key: str, now: datetime) -> LoginThrottle:
    """Add a throttle row with no failures yet for ``key``."""
    row = LoginThrottle(key=key, failures=0, last_failure_at=now)
    session.add(row)
    return row


def delete_throttle(session: Session, key: str) -> bool:
    """Delete the throttle row of ``key``; True if there was one."""
    result = session.execute(delete(LoginThrottle).where(LoginThrottle.key == key))
    return bool(getattr(result, "rowcount", 0))
