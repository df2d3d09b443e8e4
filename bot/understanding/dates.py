"""Dates in debtor messages, resolved against the debtor's own calendar day.

A small grammar covers how debtors name a payment day in English and Chinese
(``tomorrow``, ``next Friday``, ``on the 15th``, ``end of month``, ``in two weeks``,
``Dec 5``, ``明天``, ``下周五``, ``15号``, ``月底``, ``两周后``, ``12月5号`` …). A promise date
is never before today: a day of the month that has passed means next month, a month and
day that have passed mean next year. A year named with a month, and dateparser's reading
of month-name forms the grammar does not know, are :mod:`bot.understanding.date_fallback`.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from bot.understanding.date_math import (
    _add_months,
    _day_of_month,
    _month_day,
    _month_end,
    _n,
    _next_week,
    _span_days,
    _upcoming,
    add_months,
)
from bot.understanding.numerals import ORDINAL_RE as _ORDINAL_RE
from bot.understanding.numerals import ordinal_day as _ordinal_day
from bot.understanding.numerals import small_number

__all__ = [
    "ROC_OFFSET",
    "DateHit",
    "add_months",
    "find_dates",
    "roc_year",
]

_N = r"(?:\d{1,2}|[零一二两三四五六七八九十]{1,3})"
_EN_N = (
    r"(?:\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"a couple of|couple of|couple)"
)
_WEEKDAYS_EN = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "weds": 2,
    "wednesday": 2, "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5, "sun": 6, "sunday": 6,
}  # fmt: skip
_WEEKDAYS_ZH = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "末": 5}
_WEEKDAYS_ZH.update({str(i + 1): i for i in range(7)})
_MONTHS_EN = {
    name: i
    for i in range(1, 13)
    for name in (calendar.month_name[i].lower(), calendar.month_abbr[i].lower())
}
_MONTHS_EN["sept"] = 9
_MONTH_RE = "|".join(sorted(_MONTHS_EN, key=len, reverse=True))
_WEEKDAY_RE = "|".join(sorted(_WEEKDAYS_EN, key=len, reverse=True))


@dataclass(frozen=True, slots=True)
class DateHit:
    """One date phrase: its span in the folded text and the resolved day.

    ``day`` is None when the phrase names a day that is already past (an explicit
    year in the past) or does not exist.
    """

    start: int
    end: int
    day: date | None
    ambiguous: bool = False


_SKIP = date.min  # a resolver's "this match is not a date after all"
_Resolver = Callable[[re.Match[str], date], date | None]
_RULES: list[tuple[re.Pattern[str], _Resolver]] = []


def _rule(pattern: str) -> Callable[[_Resolver], _Resolver]:
    def register(fn: _Resolver) -> _Resolver:
        _RULES.append((re.compile(pattern, re.VERBOSE), fn))
        return fn

    return register


# --- Taiwan (Republic of China) years: 民國115年3月5日, 115年3月5日, 115/3/5 ----------------

ROC_OFFSET = 1911
"""Add to a Republic of China (民國) year to get the Gregorian year: 民國115年 is 2026."""
_ROC_YEAR_ZH = r"[零〇一二两三四五六七八九十百]{1,6}"


def roc_year(text: str) -> int | None:
    """The Gregorian year of a 民國 year written in digits or Chinese ("115", "一一五")."""
    value = small_number(text)
    return None if value is None or not 1 <= value <= 200 else value + ROC_OFFSET


@_rule(
    rf"民国\s*(?P<y>\d{{1,3}}|{_ROC_YEAR_ZH})\s*年\s*(?P<m>{_N})\s*月\s*(?P<d>{_N})\s*[日号]?"
    rf"|(?<![\d.])(?P<y2>1\d\d)\s*年\s*(?P<m2>{_N})\s*月\s*(?P<d2>{_N})\s*[日号]?"
    r"|(?:民国\s*)?(?<![\d./-])(?P<y3>1\d\d|0?\d\d)\s*(?P<sep>[-/.])\s*(?P<m3>\d{1,2})\s*(?P=sep)"
    r"\s*(?P<d3>\d{1,2})(?![\d./-])"
)
def _roc(m: re.Match[str], today: date) -> date | None:
    raw = m.group("y") or m.group("y2") or m.group("y3")
    if m.group("y3") and not (m.group(0).startswith("民国") or len(raw) == 3):
        return _SKIP  # 05/04/26 is not a 民國 date; the slash rule reads it
    year = roc_year(raw)
    month = _n(m.group("m") or m.group("m2") or m.group("m3"))
    day = _n(m.group("d") or m.group("d2") or m.group("d3"))
    return None if year is None else _month_day(today, month, day, year)


# --- English -------------------------------------------------------------------------


@_rule(r"\b(?:the\s+)?day\s+after\s+(?:tomorrow|tmrw?|tomorow|tommorow|tommorrow)\b")
def _en_after_tomorrow(m: re.Match[str], today: date) -> date:
    return today + timedelta(days=2)


@_rule(r"\b(?:tomorrow|tmrw?|tomorow|tommorow|tommorrow|tomorro|2moro|2morrow|tmw)\b")
def _en_tomorrow(m: re.Match[str], today: date) -> date:
    return today + timedelta(days=1)


@_rule(r"\b(?:today|tonight|this\s+evening|this\s+afternoon|later\s+today|tdy)\b")
def _en_today(m: re.Match[str], today: date) -> date:
    return today


@_rule(
    rf"\bin\s+(?P<n>{_EN_N})\s+(?P<unit>days?|weeks?|wks?)\b|\b(?P<n2>{_EN_N})\s+(?P<unit2>days?|weeks?)\s+(?:from\s+(?:now|today)|later|time)\b"
)
def _en_in(m: re.Match[str], today: date) -> date:
    n = _n(m.group("n") or m.group("n2"))
    unit = m.group("unit") or m.group("unit2")
    return _span_days("week" if unit.startswith("w") else "day", n, today)


@_rule(r"\b(?:in\s+a\s+fortnight|a\s+fortnight\s+from\s+now)\b")
def _en_fortnight(m: re.Match[str], today: date) -> date:
    return today + timedelta(weeks=2)


@_rule(
    r"\b(?:by\s+|at\s+|on\s+)?(?:the\s+)?(?:end\s+of\s+(?:the\s+|this\s+)?month|month[\s-]end|eom)\b"
)
def _en_month_end(m: re.Match[str], today: date) -> date:
    return _month_end(today)


@_rule(r"\b(?:by\s+)?(?:the\s+)?end\s+of\s+next\s+month\b")
def _en_next_month_end(m: re.Match[str], today: date) -> date:
    return _month_end(today, 1)


@_rule(
    r"\b(?:(?:on|by|before|until|till)\s+)?(?:the\s+)?(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+of\s+next\s+month\b"
)
def _en_day_next_month(m: re.Match[str], today: date) -> date | None:
    return _day_of_month(today, int(m.group("d")), 1)


@_rule(r"\b(?:the\s+)?(?:start|beginning)\s+of\s+next\s+month\b|\bnext\s+month\b")
def _en_next_month(m: re.Match[str], today: date) -> date:
    return _add_months(today.replace(day=1), 1)


@_rule(r"\bnext\s+week\b")
def _en_next_week(m: re.Match[str], today: date) -> date:
    return _next_week(today, 0)


@_rule(rf"\b(?P<mod>next|this|coming|this\s+coming|on|by|until|till)?\s*(?P<wd>{_WEEKDAY_RE})\b")
def _en_weekday(m: re.Match[str], today: date) -> date | None:
    name, mod = m.group("wd"), (m.group("mod") or "").strip()
    if name in ("sat", "sun", "wed", "mon") and not mod:
        return _SKIP  # "sat", "sun" … alone are too often ordinary words
    if mod == "next":
        return _next_week(today, _WEEKDAYS_EN[name])
    return _upcoming(today, _WEEKDAYS_EN[name])


@_rule(rf"\b(?P<mon>{_MONTH_RE})\.?\s*(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s*(?P<y>\d{{4}}))?")
def _en_month_day(m: re.Match[str], today: date) -> date | None:
    year = int(m.group("y")) if m.group("y") else None
    return _month_day(today, _MONTHS_EN[m.group("mon")], int(m.group("d")), year)


@_rule(
    rf"\b(?:the\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{_MONTH_RE})\b\.?(?:,?\s*(?P<y>\d{{4}}))?"
)
def _en_day_month(m: re.Match[str], today: date) -> date | None:
    year = int(m.group("y")) if m.group("y") else None
    return _month_day(today, _MONTHS_EN[m.group("mon")], int(m.group("d")), year)


@_rule(r"\b(?P<y>20\d\d)[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})\b")
def _iso(m: re.Match[str], today: date) -> date | None:
    return _month_day(today, int(m.group("m")), int(m.group("d")), int(m.group("y")))


@_rule(
    r"(?<![\d.$¥])\b(?P<m>\d{1,2})/(?P<d>\d{1,2})(?:/(?P<y>\d{2}|\d{4}))?\b(?!\s*(?:month|mo\b|个月))"
)
def _slash(m: re.Match[str], today: date) -> date | None:
    year = int(m.group("y")) if m.group("y") else None
    return _month_day(today, int(m.group("m")), int(m.group("d")), year)


@_rule(
    r"\b(?:(?:on|by|before|until|till)\s+)?(?:the\s+)?(?P<d>\d{1,2})(?:st|nd|rd|th)\b(?:\s+of\s+(?:the\s+|this\s+)?month)?"
)
def _en_ordinal_day(m: re.Match[str], today: date) -> date | None:
    return _day_of_month(today, int(m.group("d")))


@_rule(r"\b(?:on|by|before|until|till)\s+the\s+(?P<d>\d{1,2})\b(?!\s*(?:[.,]\d|k\b|%))")
def _en_on_the_day(m: re.Match[str], today: date) -> date | None:
    return _day_of_month(today, int(m.group("d")))


@_rule(
    rf"\b(?P<pre>(?:on|by|before|until|till|from|starting(?:\s+on|\s+from)?|beginning(?:\s+on)?)\s+)?"
    rf"the\s+(?P<ord>{_ORDINAL_RE})\b"
    r"(?!\s+(?:one|ones|plan|option|payment|instal|install|choice|time|week|month|thing|of\s+(?:the\s+|these\s+|those\s+)?(?:plans?|options?|payments?|them|those|these)\b))"
    rf"(?:\s+of\s+(?:(?P<next>next\s+month)|(?:the\s+|this\s+)?month|(?P<mon>{_MONTH_RE})\b))?"
)
def _en_ordinal_word(m: re.Match[str], today: date) -> date | None:
    """ "starting on the fifteenth", "by the first of next month", "the 20th" in words."""
    day = _ordinal_day(m.group("ord"))
    named = m.group("pre") or m.group(0).rstrip().endswith("month") or m.group("mon")
    if day <= 5 and not named:
        return _SKIP  # "the second", "the first" alone: more often a plan than a day
    if m.group("mon"):
        return _month_day(today, _MONTHS_EN[m.group("mon")], day)
    return _day_of_month(today, day, 1 if m.group("next") else 0)


def _month_named(today: date, month: int) -> date:
    """A month named without a day ("in january", "一月份"): its first day, or today when it
    is this month."""
    if month == today.month:
        return today
    return date(today.year + (month < today.month), month, 1)


@_rule(
    rf"\b(?:in|during|sometime\s+in|by\s+(?:the\s+)?(?:start|beginning)\s+of)\s+(?P<mon>{_MONTH_RE})\b"
    r"(?!\.?\s*\d)(?!\s+(?:be|have|not|i|we|you)\b)"
)
def _en_month_alone(m: re.Match[str], today: date) -> date:
    return _month_named(today, _MONTHS_EN[m.group("mon")])


# --- Chinese (folded to Simplified) --------------------------------------------------


@_rule(r"大后天")
def _zh_in3(m: re.Match[str], today: date) -> date:
    return today + timedelta(days=3)


@_rule(r"后天")
def _zh_in2(m: re.Match[str], today: date) -> date:
    return today + timedelta(days=2)


@_rule(r"明天|明日|明儿")
def _zh_tomorrow(m: re.Match[str], today: date) -> date:
    return today + timedelta(days=1)


@_rule(r"今天|今日|今晚|今儿")
def _zh_today(m: re.Match[str], today: date) -> date:
    return today


@_rule(
    rf"(?P<n>{_N}|半)\s*(?P<unit>天|日|周|个星期|星期|个礼拜|礼拜|个月)\s*(?:之后|以后|后|内|之内|以内)"
)
def _zh_after(m: re.Match[str], today: date) -> date:
    unit = m.group("unit")
    if m.group("n") == "半":
        return today + timedelta(days=15 if unit == "个月" else 3)
    return _span_days(unit, _n(m.group("n")), today)


@_rule(rf"过\s*(?P<n>{_N}|几)\s*(?P<unit>天|周|个星期|星期|个礼拜|个月)")
def _zh_in(m: re.Match[str], today: date) -> date:
    n = 3 if m.group("n") == "几" else _n(m.group("n"))
    return _span_days(m.group("unit"), n, today)


@_rule(
    r"(?<!每)(?<!每个)(?P<pre>下下|下|这|本|这个|下个|上)?\s*(?:周|星期|礼拜)(?P<wd>[一二三四五六日天末1-7])(?![\d十百千万])"
)
def _zh_weekday(m: re.Match[str], today: date) -> date | None:
    pre, weekday = m.group("pre") or "", _WEEKDAYS_ZH[m.group("wd")]
    if pre == "上":
        return None
    if pre in ("下", "下个"):
        return _next_week(today, weekday)
    if pre == "下下":
        return _next_week(today, weekday, 2)
    return _upcoming(today, weekday)


@_rule(r"(?P<pre>下个?|这个?|本)?月(?:底|末)")
def _zh_month_end(m: re.Match[str], today: date) -> date:
    return _month_end(today, 1 if (m.group("pre") or "").startswith("下") else 0)


@_rule(r"(?P<pre>下个?|这个?|本)?月(?P<part>初|中)")
def _zh_month_part(m: re.Match[str], today: date) -> date | None:
    offset = 1 if (m.group("pre") or "").startswith("下") else 0
    if m.group("part") == "初" and not offset:
        return _day_of_month(today, 1, 1) if today.day > 5 else today
    return _day_of_month(today, 1 if m.group("part") == "初" else 15, offset)


@_rule(rf"(?P<y>\d{{4}})\s*年\s*(?P<m>{_N})\s*月\s*(?P<d>{_N})\s*[日号]?")
def _zh_full(m: re.Match[str], today: date) -> date | None:
    return _month_day(today, _n(m.group("m")), _n(m.group("d")), int(m.group("y")))


@_rule(
    rf"(?<![\d个每])(?P<m>{_N})\s*月\s*(?P<d>{_N})\s*(?:[日号]|(?![\d零一二两三四五六七八九十]))"
)
def _zh_month_day(m: re.Match[str], today: date) -> date | None:
    return _month_day(today, _n(m.group("m")), _n(m.group("d")))


@_rule(
    rf"(?P<pre>下个?月|这个?月|本月)?\s*(?<![\d.])(?P<d>{_N})\s*[号日](?!\s*(?:之?后|以后|内|之内|以内))"
)
def _zh_day(m: re.Match[str], today: date) -> date | None:
    offset = 1 if (m.group("pre") or "").startswith("下") else 0
    return _day_of_month(today, _n(m.group("d")), offset)


@_rule(rf"(?<![\d年个每])(?P<m>{_N})\s*月(?:份|(?=\s*(?:开始|起|再|才))|(?<=从\S月)|(?<=从\S\S月))")
def _zh_month_alone(m: re.Match[str], today: date) -> date | None:
    """ "一月份", and a month a start is asked for: "从二月开始", "四月起", "五月再还"."""
    month = _n(m.group("m"))
    return _month_named(today, month) if 1 <= month <= 12 else None


@_rule(r"下个?月|下周|下星期|下礼拜|周末")
def _zh_next(m: re.Match[str], today: date) -> date:
    word = m.group(0)
    if word == "周末":
        return _upcoming(today, 5)
    if "月" in word:
        return _add_months(today.replace(day=1), 1)
    return _next_week(today, 0)


def find_dates(text: str, today: date) -> list[DateHit]:
    """Find date phrases in folded ``text`` and resolve them from ``today``.

    Args:
        text: Folded text (lower case, Simplified).
        today: The debtor's current calendar day.

    Returns:
        Non-overlapping hits in order of appearance; earlier rules win overlaps.
    """
    hits: list[DateHit] = []
    taken: list[tuple[int, int]] = []
    for pattern, resolve in _RULES:
        for m in pattern.finditer(text):
            start, end = m.span()
            while start < end and text[start].isspace():
                start += 1
            if start >= end or any(s < end and start < e for s, e in taken):
                continue
            day = resolve(m, today)
            if day == _SKIP:
                continue
            taken.append((start, end))
            hits.append(DateHit(start, end, day, ambiguous=resolve is _slash))
    hits.sort(key=lambda h: h.start)
    return hits
