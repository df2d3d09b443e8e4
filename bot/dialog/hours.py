"""When a colleague will answer, said in the debtor's own time zone and city."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel.dates import format_datetime, get_timezone, get_timezone_location

from bot.dialog.turn import TurnContext

_DAYS_AHEAD = 8  # the next opening is always within a week (Mon-Fri hours)


def business_window(spec: str) -> tuple[time, time]:
    """``"09:00-18:00"`` → (09:00, 18:00); ValueError when malformed."""
    start_s, end_s = spec.split("-")
    return time.fromisoformat(start_s.strip()), time.fromisoformat(end_s.strip())


def next_opening(now: datetime, zone: ZoneInfo, start: time, end: time) -> datetime | None:
    """The next moment business hours begin (Monday to Friday in ``zone``); None when open."""
    local = now.astimezone(zone)
    if local.weekday() < 5 and start <= local.time() < end:
        return None
    for ahead in range(_DAYS_AHEAD):
        day = local.date() + timedelta(days=ahead)
        opening = datetime.combine(day, start, tzinfo=zone)
        if day.weekday() < 5 and opening > local:
            return opening
    return None


@lru_cache(maxsize=256)
def city_of(timezone: str, locale: str) -> str:
    """The city that names ``timezone`` in ``locale`` ("New York", "紐約")."""
    try:
        return str(get_timezone_location(get_timezone(timezone), locale=locale, return_city=True))
    except (LookupError, ValueError):
        return timezone


def agent_eta(turn: TurnContext) -> str:
    """ "shortly" during business hours, else the next opening in the debtor's time zone."""
    console = turn.engine.settings.console
    try:
        zone = ZoneInfo(console.business_timezone)
        start, end = business_window(console.business_hours)
    except (ValueError, KeyError):
        return turn.text("eta_now")
    opening = next_opening(turn.now, zone, start, end)
    if opening is None:
        return turn.text("eta_now")
    tz = turn.account.timezone if turn.account is not None else console.business_timezone
    try:
        debtor = ZoneInfo(tz)
    except (ValueError, KeyError):
        debtor, tz = zone, console.business_timezone
    mine = opening.astimezone(debtor)
    pattern = "EEEE h:mm a" if turn.locale == "en" else "EEEE HH:mm"
    opens = format_datetime(mine, pattern, locale=turn.locale)
    closes = datetime.combine(opening.date(), end, tzinfo=zone).astimezone(debtor)
    hours = f"{mine:%H:%M}-{closes:%H:%M}"
    city = city_of(tz, turn.locale)
    return turn.text("eta_later", opens=opens, city=city, hours=hours, timezone=city)


def opening_hours(turn: TurnContext) -> dict[str, str]:
    """The team's weekly hours in the debtor's own time zone, for the faq answers.

    ``first_day`` / ``last_day`` (the days a Monday and a Friday opening fall on
    there), ``opens_at`` / ``closes_at`` (local times) and ``city`` (which names
    the debtor's time zone; the team's own when the account is not known).
    """
    console = turn.engine.settings.console
    try:
        zone = ZoneInfo(console.business_timezone)
        start, end = business_window(console.business_hours)
    except (ValueError, KeyError):
        zone, start, end = ZoneInfo("UTC"), time(9), time(18)
    tz = turn.account.timezone if turn.account is not None else console.business_timezone
    try:
        debtor = ZoneInfo(tz)
    except (ValueError, KeyError):
        debtor, tz = zone, console.business_timezone
    local = turn.now.astimezone(zone)
    monday = local.date() - timedelta(days=local.weekday())
    first = datetime.combine(monday, start, tzinfo=zone).astimezone(debtor)
    last = datetime.combine(monday + timedelta(days=4), start, tzinfo=zone).astimezone(debtor)
    closes = datetime.combine(monday, end, tzinfo=zone).astimezone(debtor)
    clock = "h:mm a" if turn.locale == "en" else "HH:mm"
    return {
        "first_day": format_datetime(first, "EEEE", locale=turn.locale),
        "last_day": format_datetime(last, "EEEE", locale=turn.locale),
        "opens_at": format_datetime(first, clock, locale=turn.locale),
        "closes_at": format_datetime(closes, clock, locale=turn.locale),
        "city": city_of(tz, turn.locale),
    }
