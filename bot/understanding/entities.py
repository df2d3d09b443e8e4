"""Entities of one message: dates, then frequencies and instalment counts, then amounts.

Each kind claims its span before the next kind looks, so a day of the month is never read
as money (``15号还500``: the 15th and 500) and a count is never read as money
(``分6期``, ``3 months``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from bot.understanding.amounts import Amount, find_amounts
from bot.understanding.date_fallback import years
from bot.understanding.date_math import _day_of_month
from bot.understanding.dates import DateHit, find_dates
from bot.understanding.normalize import Folded, fold
from bot.understanding.numerals import small_number

_FREQUENCIES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "biweekly",
        re.compile(
            r"\b(?:bi-?\s?weekly|two-weekly|fortnightly|every\s+(?:two|2|other|second)\s+weeks?"
            r"|every\s+fortnight|(?:a|per|each)\s+fortnight|every\s+(?:14|fourteen)\s+days)\b"
            # 每两周, 每隔两个礼拜, 每隔一周; 两周还一次, 兩週繳一次; 隔週還; 每14天
            r"|每隔?\s*(?:两|二|2)\s*个?\s*(?:周|星期|礼拜)|每隔\s*一?\s*个?\s*(?:周|星期|礼拜)"
            r"|(?<![分过再等])(?:两|二|2)\s*个?\s*(?:周|星期|礼拜)\s*(?:还|付|缴|交|打|转)?\s*(?:款|钱)?"
            r"\s*一次|隔\s*一?\s*个?\s*(?:周|星期|礼拜)(?=\s*(?:还|付|缴|交|打|转|一次))"
            r"|隔周(?![一二三四五六日天末])|每隔?\s*(?:14|十四)\s*天|(?:14|十四)\s*天\s*(?:还|付|缴|交)?\s*一次"
            r"|每半个月|双周|半个月一次"
        ),
    ),
    (
        "weekly",
        re.compile(
            r"\b(?:weekly|every\s+week|(?:a|per|each)\s+week|/\s?(?:week|wk))\b|每周|每星期|"
            r"每个星期|每礼拜|每个礼拜|一周一次|一个星期|按周|周供"
        ),
    ),
    (
        "monthly",
        re.compile(
            r"\b(?:monthly|every\s+month|(?:a|per|each)\s+month|/\s?(?:month|mo|mth))\b|"
            r"每月|每个月|月供|一个月|按月|每期"
        ),
    ),
)
# "every Friday", "every other Monday": weekly or every two weeks, the day itself left to the
# dates (the first payment).
_EVERY_WEEKDAY = re.compile(
    r"\b(?:every|each)\s+(?P<other>(?:other|second|2nd)\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day\b"
)
# 每周五, 每個星期三, 每礼拜天: weekly, on that day (the next one, today included).
_EVERY_WEEKDAY_ZH = re.compile(r"(?<!隔)每(?:个)?(?:周|星期|礼拜)(?P<d>[一二三四五六日天1-7])")
_WEEKDAY_ZH = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6,
               "1": 0, "2": 1, "3": 2, "4": 3, "5": 4, "6": 5, "7": 6}  # fmt: skip
_N_EN = (
    r"\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|twenty|"
    r"twenty[- ]four|thirty[- ]six"
)
_N_ZH = r"\d{1,2}|[一二两三四五六七八九十]{1,3}"
_COUNT = re.compile(
    rf"""
    (?:\b(?:split\s+(?:it\s+)?(?:in|into)\s+|in\s+|into\s+|over\s+|for\s+)?
       (?:(?:{_N_EN})\s*(?:or|to|-|–)\s*)?(?P<en>{_N_EN})\s*
       (?P<adj>(?:monthly|weekly|fortnightly|bi-?weekly|equal|separate|smaller|small)\s+)?
       (?P<unit>months?|mos?\b|weeks?|installments?|instalments?|installs?|payments?|parts?
         |chunks?|times|goes)\b)
    | (?:\bsplit\s+(?:it\s+|this\s+|that\s+)?(?:in|into)\s+(?P<split>{_N_EN})\b)
    | (?:分期?\s*(?P<zh1>{_N_ZH})\s*(?P<u1>期|次|个月|月|份))
    | (?:(?P<zh2>{_N_ZH})\s*(?P<u2>期|个月))
    """,
    re.VERBOSE,
)
_ON_NUMBER = re.compile(
    r"\b(?:on|by|before)\s+(?P<d>\d{1,2})\b(?!\s*(?:k\b|%|dollars?|bucks?|rmb|usd|[.,]\d|元|块))"
)


@dataclass(frozen=True, slots=True)
class Entities:
    """What one message names, besides its intent.

    Attributes:
        amounts: Money amounts in order of appearance.
        dates: Resolved days (never before today) in order of appearance.
        count: Number of instalments, if named.
        frequency: ``weekly`` | ``biweekly`` | ``monthly``, if named.
        ambiguous: Markers for the dialog to ask about (``amount_or_date``, ``past_date``,
            ``date_format``).
        masked: The folded text with every entity span blanked, for intent matching.
        words: The entity phrases as written (folded), for the audit trail.
        amount_spans: Where each amount stands in the folded text.
    """

    amounts: tuple[Amount, ...] = ()
    dates: tuple[date, ...] = ()
    count: int | None = None
    frequency: str | None = None
    ambiguous: tuple[str, ...] = ()
    masked: str = ""
    words: tuple[str, ...] = ()
    amount_spans: tuple[tuple[int, int], ...] = ()


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


# Hours of the day as a range ("9 to 5", "9-5"), blanked where the message speaks of work or
# being busy: a working day, never two sums.
_HOURS = re.compile(
    r"\b(?:from\s+)?(?:[01]?\d|2[0-4])(?::[0-5]\d)?\s*(?:am|pm)?\s*(?:to|-|–|till|until)\s*"
    r"(?:[01]?\d|2[0-4])(?::[0-5]\d)?\s*(?:am|pm)?\b(?!\s*(?:hundred|thousand|k\b|dollars|bucks|usd|a\s+(?:month|week)|per|each|every|weekly|monthly))"
)
_WORKDAY = re.compile(r"\b(?:work|working|shift|office|job|busy|meetings?|class)\b")


def extract(folded: Folded, today: date, masked: str | None = None) -> Entities:
    """Extract dates, frequency, count and amounts from a folded message.

    Args:
        folded: The folded message.
        today: The debtor's calendar day (dates resolve from it, never before it).
        masked: The folded text with spans already claimed (e.g. an option number) blanked.

    Returns:
        The entities, with ``masked`` blanking everything claimed.
    """
    text = folded.text if masked is None else masked
    ambiguous: list[str] = []
    words: list[str] = []
    days: list[date] = []
    every = _EVERY_WEEKDAY.search(text)
    hits: list[DateHit] = find_dates(text, today)
    for hit in hits:
        words.append(text[hit.start : hit.end])
        if hit.day is None:
            ambiguous.append("past_date")
        else:
            days.append(hit.day)
        if hit.ambiguous:
            ambiguous.append("date_format")
        text = _blank(text, hit.start, hit.end)
    for start, end, day in years(text, today):
        words.append(text[start:end].strip())
        if day is not None:
            days.append(day)
        text = _blank(text, start, end)
    for m in _ON_NUMBER.finditer(text):
        day = _day_of_month(today, int(m.group("d")))
        if day is not None:
            days.append(day)
            ambiguous.append("amount_or_date")
            words.append(m.group(0))
            text = _blank(text, m.start(), m.end())

    weekday = _EVERY_WEEKDAY_ZH.search(folded.text)
    if weekday is not None:
        wanted = _WEEKDAY_ZH[weekday.group("d")]
        day = today + timedelta(days=(wanted - today.weekday()) % 7)
        if all(d.weekday() != wanted for d in days):
            days.append(day)  # the day of the weekly payments, after any first one
    frequency = None if every is None else "biweekly" if every.group("other") else "weekly"
    for name, pattern in () if every is not None else _FREQUENCIES:
        cue = pattern.search(text)
        if cue:
            frequency = name
            words.append(cue.group(0))
            text = _blank(text, cue.start(), cue.end())
            break

    count = None
    for m in _COUNT.finditer(text):
        raw = m.group("en") or m.group("split") or m.group("zh1") or m.group("zh2") or ""
        n = small_number(raw.replace("-", " ").replace("twenty four", "24")) or (
            24 if raw.startswith("twenty") and raw[-4:] == "four" else None
        )
        if not n or n > 60:
            continue
        unit = m.group("unit") or m.group("u1") or m.group("u2") or ""
        if m.group("zh2") and n == 1:
            continue
        count = n
        if frequency is None:
            adj = (m.group("adj") or "").strip()
            if unit.startswith("month") or unit in ("个月", "月") or adj == "monthly":
                frequency = "monthly"
            elif unit.startswith("week") or adj == "weekly":
                frequency = "weekly"
            elif adj in ("fortnightly", "biweekly", "bi-weekly"):
                frequency = "biweekly"
        words.append(m.group(0).strip())
        text = _blank(text, m.start(), m.end())
        break

    if _WORKDAY.search(text):
        # "at work, 9 to 5": hours of the day, no sums
        text = _HOURS.sub(lambda m: " " * len(m.group(0)), text)
    found = find_amounts(folded, text)
    for start, end, _ in found:
        words.append(text[start:end].strip())
        text = _blank(text, start, end)
    return Entities(
        amounts=tuple(a for _, _, a in found),
        amount_spans=tuple((start, end) for start, end, _ in found),
        dates=tuple(dict.fromkeys(days)),
        count=count,
        frequency=frequency,
        ambiguous=tuple(dict.fromkeys(ambiguous)),
        masked=text,
        words=tuple(words),
    )


def parse_amount(text: str) -> Amount | None:
    """Return the first money amount in ``text``, or None.

    Dates and instalment counts are not amounts: ``"15号还500"`` gives 500.

    Args:
        text: Any debtor message.

    Returns:
        The first amount, or None when the message has none.
    """
    amounts = extract(fold(text), date.today()).amounts
    return amounts[0] if amounts else None
