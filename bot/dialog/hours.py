"""When a colleague will answer, said in the debtor's own time zone and city."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel.dates import format_datetime, get_timezone, get_timezone_location

from bot.compliance.profiles import Profile, profile_for
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


_ANSWERABLE = timedelta(minutes=15)  # the least time a colleague has to write back


def _team(turn: TurnContext) -> tuple[ZoneInfo, time, time, str]:
    """The zone, opening and closing time of the team serving this debtor, and its zone name."""
    console = turn.engine.settings.console
    hours, name = console.hours_for(turn.account.timezone if turn.account is not None else None)
    try:
        start, end = business_window(hours)
        return ZoneInfo(name), start, end, name
    except (ValueError, KeyError):
        return ZoneInfo("UTC"), time(9), time(18), "UTC"


def _debtor_zone(turn: TurnContext, team: str) -> tuple[ZoneInfo, str]:
    tz = turn.account.timezone if turn.account is not None else None
    try:
        return ZoneInfo(tz or team), tz or team
    except (ValueError, KeyError):
        return ZoneInfo(team), team


def _profile(turn: TurnContext) -> Profile:
    return profile_for(turn.account, turn.engine.settings.compliance)


def answer_window(turn: TurnContext) -> tuple[datetime, datetime] | None:
    """When a colleague's reply can next reach the debtor: from, until (None: now).

    While the team is at work, the debtor writing now is answered now. Later,
    the team must be at work and the debtor inside the hours we may contact them
    (their own time), both for long enough to write back. If the two never meet
    within a week, a reply written at the next opening waits for the debtor's
    morning, and that is when it arrives.
    """
    zone, start, end, name = _team(turn)
    now = turn.now
    if next_opening(now, zone, start, end) is None:
        return None  # the team is at work and the debtor is writing now: answered live
    _zone, tz = _debtor_zone(turn, name)
    profile = _profile(turn)
    window = profile.zone(tz)
    first: datetime | None = None
    for ahead in range(_DAYS_AHEAD):
        day = now.astimezone(zone).date() + timedelta(days=ahead)
        if day.weekday() >= 5:
            continue
        closes = datetime.combine(day, end, tzinfo=zone)
        opens = max(datetime.combine(day, start, tzinfo=zone), now)
        if closes <= opens:
            continue
        first = first or opens
        reaches = profile.window_opens(opens, tz)
        shut = datetime.combine(
            reaches.astimezone(window).date(), profile.window_end, tzinfo=window
        )
        until = min(closes, shut)
        if until - reaches >= _ANSWERABLE:
            return None if reaches <= now else (reaches, until)
    if first is None:
        return None
    held = profile.window_opens(first + _ANSWERABLE, tz)
    return held, held + _ANSWERABLE


def agent_eta(turn: TurnContext) -> str:
    """ "shortly" when a colleague can answer now, else when, in the debtor's time zone."""
    _zone, _start, _end, name = _team(turn)
    debtor, tz = _debtor_zone(turn, name)
    window = answer_window(turn)
    if window is None:
        return turn.text("eta_now")
    mine, closes = (moment.astimezone(debtor) for moment in window)
    pattern = "EEEE h:mm a" if turn.locale == "en" else "EEEE HH:mm"
    opens = format_datetime(mine, pattern, locale=turn.locale)
    hours = f"{mine:%H:%M}-{closes:%H:%M}"
    city = city_of(tz, turn.locale)
    return turn.text("eta_later", opens=opens, city=city, hours=hours, timezone=city)


def opening_hours(turn: TurnContext) -> dict[str, str]:
    """The team's weekly hours, for the faq answers.

    In the debtor's own time zone when they fall inside the hours we may contact
    the debtor there; else in the team's own (a team on the other side of the
    world is not said to be "here" at night; its replies wait for the morning).
    ``first_day`` / ``last_day`` (the days a Monday and a Friday opening fall on),
    ``opens_at`` / ``closes_at`` (local times) and ``city`` (which names the zone).
    """
    zone, start, end, name = _team(turn)
    debtor, tz = _debtor_zone(turn, name)
    local = turn.now.astimezone(zone)
    monday = local.date() - timedelta(days=local.weekday())
    first = datetime.combine(monday, start, tzinfo=zone).astimezone(debtor)
    closes = datetime.combine(monday, end, tzinfo=zone).astimezone(debtor)
    profile = _profile(turn)
    inside = profile.in_window(first, tz) and profile.in_window(closes, tz)
    if not inside or first.date() != closes.date():
        debtor, tz = zone, name
        first = datetime.combine(monday, start, tzinfo=zone)
        closes = datetime.combine(monday, end, tzinfo=zone)
    last = datetime.combine(monday + timedelta(days=4), start, tzinfo=zone).astimezone(debtor)
    clock = "h:mm a" if turn.locale == "en" else "HH:mm"
    return {
        "first_day": format_datetime(first, "EEEE", locale=turn.locale),
        "last_day": format_datetime(last, "EEEE", locale=turn.locale),
        "opens_at": format_datetime(first, clock, locale=turn.locale),
        "closes_at": format_datetime(closes, clock, locale=turn.locale),
        "city": city_of(tz, turn.locale),
    }
