"""Shared helpers of the report's entry points (command, API, console)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from bot.analytics.dims import Period


def period_of(since: date | None, until: date | None, now: datetime) -> Period:
    """The period from the day ``since`` to the day ``until`` (UTC, both inclusive)."""
    return Period(
        since=datetime.combine(since, time(), UTC) if since else None,
        until=datetime.combine(until + timedelta(days=1), time(), UTC) if until else None,
        as_of=now,
    )
