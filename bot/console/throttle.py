"""Sign-in throttling by user name and by client address, with growing delays.

Every failed sign-in counts against the user name typed (whether or not such a
user exists, so the answers cannot tell names apart) and against the client
address. After ``free`` failures each further one doubles the wait before the
next attempt is even checked (1 s, 2 s, 4 s, ... up to a cap). Nothing is ever
locked for longer than the cap: once the wait is over the right password works,
and a successful sign-in clears the name's count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.store import counters
from bot.store.db import Database
from bot.store.models import LoginThrottle

USER, ADDRESS = "user", "addr"


def user_key(name: str) -> str:
    """The throttle key of a typed user name (case and spaces ignored)."""
    return f"{USER}:{name.strip().lower()[:190]}"


def address_key(address: str) -> str:
    """The throttle key of a client address."""
    return f"{ADDRESS}:{address[:190]}"


def delay(failures: int, free: int, cap_seconds: int) -> int:
    """Seconds to wait after ``failures`` failed sign-ins (0 while under ``free``)."""
    if failures < free:
        return 0
    return int(min(2 ** min(failures - free, 30), cap_seconds))


@dataclass(frozen=True, slots=True)
class ThrottleView:
    """One throttle as an admin sees it."""

    key: str
    kind: str
    subject: str
    failures: int
    last_failure_at: datetime
    blocked_until: datetime | None


def wait_seconds(session: Session, keys: list[str], now: datetime) -> int:
    """How long the longest of ``keys``' delays still runs (0 when none does)."""
    rows = session.scalars(select(LoginThrottle).where(LoginThrottle.key.in_(keys))).all()
    waits = [
        (row.blocked_until - now).total_seconds()
        for row in rows
        if row.blocked_until is not None and row.blocked_until > now
    ]
    return int(max(waits) + 0.999) if waits else 0


def record_failure(db: Database, key: str, free: int, cap_seconds: int, now: datetime) -> int:
    """Count one failure for ``key``; returns the delay it now imposes (seconds)."""
    for _attempt in range(3):
        try:
            with db.session() as s:
                row = s.scalar(
                    select(LoginThrottle).where(LoginThrottle.key == key).with_for_update()
                )
                if row is None:
                    row = counters.add_throttle(s, key, now)
                row.failures = (row.failures or 0) + 1
                row.last_failure_at = now
                seconds = delay(row.failures, free, cap_seconds)
                row.blocked_until = now + timedelta(seconds=seconds) if seconds else None
                return seconds
        except IntegrityError:  # another worker inserted the same key: count again
            continue
    return 0


def clear(session: Session, key: str) -> bool:
    """Forget the failures of ``key``; True if there were any."""
    return counters.delete_throttle(session, key)


def active(session: Session, now: datetime, window: timedelta) -> list[ThrottleView]:
    """Throttles with a failure within ``window`` (or a delay still running), newest first."""
    rows = session.scalars(
        select(LoginThrottle)
        .where(LoginThrottle.last_failure_at >= now - window)
        .order_by(LoginThrottle.last_failure_at.desc())
        .limit(200)
    ).all()
    return [
        ThrottleView(
            row.key,
            row.key.partition(":")[0],
            row.key.partition(":")[2],
            row.failures,
            row.last_failure_at,
            row.blocked_until if row.blocked_until and row.blocked_until > now else None,
        )
        for row in rows
    ]
