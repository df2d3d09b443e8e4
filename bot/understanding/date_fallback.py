"""Days the date grammar (:mod:`bot.understanding.dates`) leaves to others.

A year named with its month or a preposition ("june 2027", "in 2028", 2027年6月) is a time,
never a sum; dateparser (explicit languages, future preference, warmed up at start-up) reads
month-name forms the grammar does not know.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from bot.understanding.dates import _MONTH_RE, _MONTHS_EN

__all__ = ["dateparser_languages", "fallback_date", "warm_up", "years", "zone"]

# A year named with its month or a preposition ("june 2027", "in 2028", 2027年6月), never a
# sum: "i get a bonus in june 2027" offers no $2,027.
_YEAR = re.compile(
    rf"\b(?:(?P<mon>{_MONTH_RE})\.?,?\s*|(?:in|by|until|till|from|since|before|after|early|late"
    r"|mid|end\s+of|start\s+of|beginning\s+of)\s+)(?P<y>20\d\d)\b"
    r"(?!\s*(?:dollars|bucks|usd|a\s+month|per\b|each|every|/|元|块))"
    r"|(?<!\d)(?P<zy>20\d\d)\s*年(?:\s*(?P<zm>\d{1,2})\s*月(?!\s*\d{1,2}\s*[日号]))?"
)


def years(text: str, today: date) -> list[tuple[int, int, date | None]]:
    """Years named in folded ``text`` (see ``_YEAR``), not as a day of their own: each span
    and the first day it names from today on (its month's first day, or today in this
    month), None when it has passed or names a whole year ("since 2025")."""
    out = []
    for m in _YEAR.finditer(text):
        year = int(m.group("y") or m.group("zy"))
        mon = m.group("mon")
        month = _MONTHS_EN[mon] if mon else int(m.group("zm") or 0)
        day: date | None = None
        if 1 <= month <= 12:
            first = date(year, month, 1)
            day = today if (year, month) == (today.year, today.month) else first
            day = None if first < today and day != today else day
        elif year > today.year:
            day = date(year, 1, 1)
        out.append((m.start(), m.end(), day))
    return out


_HINT = re.compile(rf"\b(?:{_MONTH_RE})\b|\d+\s*(?:月|/)")


def fallback_date(text: str, now: datetime, timezone: str, languages: list[str]) -> date | None:
    """Ask dateparser about a month-name date the grammar missed; None if none or past.

    Args:
        text: Folded text.
        now: Aware clock value, already in the debtor's timezone.
        timezone: IANA timezone name of the debtor.
        languages: dateparser language codes to try, never auto-detected.

    Returns:
        The day, or None.
    """
    if not _HINT.search(text):
        return None
    import dateparser

    settings: dict[str, Any] = {
        "PREFER_DATES_FROM": "future",
        "RETURN_AS_TIMEZONE_AWARE": True,
        "TIMEZONE": timezone,
        "TO_TIMEZONE": timezone,
        "RELATIVE_BASE": now.replace(tzinfo=None),
        "REQUIRE_PARTS": ["day"],
        "STRICT_PARSING": False,
    }
    try:
        parsed = dateparser.parse(text, languages=languages, settings=settings)
    except Exception:  # dateparser can raise on odd input; the grammar result stands
        return None
    if parsed is None:
        return None
    day: date = parsed.date()
    return day if day >= now.date() else None


@lru_cache(maxsize=64)
def zone(name: str) -> ZoneInfo:
    """The time zone named ``name`` (built once): the debtor's calendar day is read in it."""
    return ZoneInfo(name)


def dateparser_languages(text: str) -> list[str]:
    """The one dateparser language to try for ``text``: Chinese when it has Han characters."""
    return ["zh"] if re.search(r"[\u4e00-\u9fff]", text) else ["en"]


def warm_up() -> None:
    """Load dateparser's language data so the first real message is fast."""
    now = datetime(2025, 1, 1, 12, 0).astimezone()
    fallback_date("december 5", now, "UTC", ["en"])
    fallback_date("12月5日", now, "UTC", ["zh"])
