"""Calendar arithmetic for resolving date phrases: months ahead, month ends, weekdays, spans."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from bot.understanding.numerals import small_number


def _add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` calendar months (the day clamped at month end)."""
    return _add_months(day, months)


def _month_end(today: date, offset: int = 0) -> date:
    first = _add_months(today.replace(day=1), offset)
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def _day_of_month(today: date, day: int, offset: int = 0) -> date | None:
    if not 1 <= day <= 31:
        return None
    first = _add_months(today.replace(day=1), offset)
    candidate = first.replace(day=min(day, calendar.monthrange(first.year, first.month)[1]))
    if candidate < today:
        first = _add_months(first, 1)
        candidate = first.replace(day=min(day, calendar.monthrange(first.year, first.month)[1]))
    return candidate


def _month_day(today: date, month: int, day: int, year: int | None = None) -> date | None:
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    y = year if year is not None else today.year
    if year is not None and year < 100:
        y = 2000 + year
    if day > calendar.monthrange(y, month)[1]:
        return None
    candidate = date(y, month, day)
    if candidate < today:
        if year is not None:
            return None
        candidate = date(y + 1, month, min(day, calendar.monthrange(y + 1, month)[1]))
    return candidate


def _upcoming(today: date, weekday: int) -> date:
    return today + timedelta(days=(weekday - today.weekday()) % 7)


def _next_week(today: date, weekday: int, weeks: int = 1) -> date:
    monday = today - timedelta(days=today.weekday()) + timedelta(weeks=weeks)
    return monday + timedelta(days=weekday)


def _n(text: str | None, default: int = 1) -> int:
    if not text:
        return default
    value = small_number(text.replace("个", ""))
    return default if value is None else value


def _span_days(unit: str, n: int, today: date) -> date:
    if unit.startswith(("week", "周", "星期", "礼拜", "个星期", "个礼拜")):
        return today + timedelta(weeks=n)
    if unit.startswith(("month", "个月", "月")):
        return _add_months(today, n)
    return today + timedelta(days=n)
