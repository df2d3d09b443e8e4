"""Answers to identity questions: a date of birth, the last four characters of an ID."""

from __future__ import annotations

import calendar
import re
from datetime import date

from bot.understanding.normalize import fold
from bot.understanding.numerals import small_number

_MONTHS = {
    name: i
    for i in range(1, 13)
    for name in (calendar.month_name[i].lower(), calendar.month_abbr[i].lower())
}
_MONTHS["sept"] = 9
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_CN = r"[零〇一二两三四五六七八九十]"
_YMD = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d\d)\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})(?!\d)"
)
_COMPACT = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)(?P<m>[01]\d)(?P<d>[0-3]\d)(?!\d)")
_DMY = re.compile(
    r"(?<!\d)(?P<a>\d{1,2})\s*[-/.]\s*(?P<b>\d{1,2})\s*[-/.]\s*(?P<y>\d{4}|\d{2})(?!\d)"
)
_MDY_WORDS = re.compile(
    rf"\b(?P<mon>{_MONTH})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})\b"
)
_DMY_WORDS = re.compile(
    rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{_MONTH})\.?,?\s+(?P<y>\d{{4}})\b"
)
_CN_FULL = re.compile(
    rf"(?P<y>{_CN}{{4}}|\d{{4}})\s*年\s*(?P<m>{_CN}{{1,2}}|\d{{1,2}})\s*月\s*(?P<d>{_CN}{{1,3}}|\d{{1,2}})"
)
# 民國 (Republic of China) years, as Taiwan writes dates of birth: 民國81年11月3日,
# 民國八十一年十一月三日, 081/11/03; "81年11月3日" and "81/11/03" too where the debtor is in Taiwan.
_ROC_MARKED = re.compile(
    rf"民国\s*(?P<y>\d{{1,3}}|{_CN}{{1,4}}|[一二三四五六七八九十百]{{1,6}})\s*(?:年|[-/.])\s*"
    rf"(?P<m>{_CN}{{1,2}}|\d{{1,2}})\s*(?:月|[-/.])\s*(?P<d>{_CN}{{1,3}}|\d{{1,2}})"
    r"|(?<![\d.])(?P<y0>0\d\d)\s*(?P<s0>[-/.年])\s*(?P<m0>\d{1,2})\s*[-/.月]\s*(?P<d0>\d{1,2})(?!\d)"
)
_ROC_BARE = re.compile(
    rf"(?<![\d.])(?P<y>\d{{2,3}}|{_CN}{{2,3}}|[一二三四五六七八九十百]{{2,6}})\s*年\s*"
    rf"(?P<m>{_CN}{{1,2}}|\d{{1,2}})\s*月\s*(?P<d>{_CN}{{1,3}}|\d{{1,2}})"
    r"|(?<![\d.])(?P<y0>\d{2,3})\s*[-/.]\s*(?P<m0>\d{1,2})\s*[-/.]\s*(?P<d0>\d{1,2})(?!\d)"
)
# "90年1月31号": a two-digit year where the debtor is not in Taiwan (there it is 民國).
_CN_SHORT = re.compile(
    rf"(?<![\d.])(?P<y>\d{{2}})\s*年\s*(?P<m>{_CN}{{1,2}}|\d{{1,2}})\s*月\s*(?P<d>{_CN}{{1,3}}|\d{{1,2}})"
)
ROC_OFFSET = 1911
_ID_RUN = re.compile(r"[0-9x]+")


def _valid(year: int, month: int, day: int) -> date | None:
    if not (1900 <= year <= date.today().year and 1 <= month <= 12):
        return None
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    born = date(year, month, day)
    return born if born <= date.today() else None


def _cn_year(text: str) -> int:
    if text.isdigit():
        return int(text)
    digits = {"零": "0", "〇": "0", "一": "1", "二": "2", "两": "2", "三": "3", "四": "4",
              "五": "5", "六": "6", "七": "7", "八": "8", "九": "9"}  # fmt: skip
    return int("".join(digits.get(c, "x") for c in text)) if all(c in digits for c in text) else 0


def _roc(m: re.Match[str]) -> date | None:
    year = small_number(m.group("y") or m.group("y0") or "")
    month = small_number(m.group("m") or m.group("m0") or "")
    day = small_number(m.group("d") or m.group("d0") or "")
    if not (year and month and day) or year > 200:
        return None
    return _valid(year + ROC_OFFSET, month, day)


def _century(year: int) -> int:
    """A two-digit year of birth: 90 is 1990, 05 is 2005 (not later than this year)."""
    return year + (1900 if year > date.today().year % 100 else 2000)


def parse_birth_date(text: str, *, roc: bool = False, month_first: bool = False) -> date | None:
    """Read a date of birth: "1990-01-31", "31/01/1990", "Jan 31 1990", "1990年1月31日" ….

    Past dates are the point here; a future or impossible date gives None. With two
    numbers both up to 12 ("05/04/1990") the day is read first, as most of the world writes.
    A 民國 year ("民國81年11月3日", "081/11/03") is the Taiwan calendar's: 81 is 1992.

    Args:
        text: The debtor's answer.
        roc: The debtor writes Taiwan's way, so a two- or three-digit year without 民國
            ("81年11月3日", "81/11/03") is a 民國 year too; otherwise "90年1月31号" is 1990.
        month_first: The debtor writes the United States' way: with both numbers up to
            12 ("12/02/1979") the month is read first.

    Returns:
        The date, or None when the answer holds no valid date of birth.
    """
    t = fold(text).text
    if m := _ROC_MARKED.search(t):
        return _roc(m)
    if roc and (m := _ROC_BARE.search(t)) and (born := _roc(m)) is not None:
        return born
    if m := _CN_FULL.search(t):
        month, day = small_number(m.group("m")), small_number(m.group("d"))
        if month and day:
            return _valid(_cn_year(m.group("y")), month, day)
    if not roc and (m := _CN_SHORT.search(t)):
        month, day = small_number(m.group("m")), small_number(m.group("d"))
        if month and day:
            return _valid(_century(int(m.group("y"))), month, day)
    for pattern in (_YMD, _COMPACT):
        if m := pattern.search(t):
            return _valid(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    if m := _MDY_WORDS.search(t) or _DMY_WORDS.search(t):
        return _valid(int(m.group("y")), _MONTHS[m.group("mon")], int(m.group("d")))
    if m := _DMY.search(t):
        a, b, year = int(m.group("a")), int(m.group("b")), int(m.group("y"))
        if year < 100:
            year = _century(year)
        day, month = (b, a) if b > 12 >= a or (month_first and a <= 12) else (a, b)
        return _valid(year, month, day)
    return None


def parse_id_last4(text: str) -> str | None:
    """Read the last four characters of an ID number ("1234", "尾号123X", a full ID).

    Args:
        text: The debtor's answer.

    Returns:
        Four characters (digits, or X as the check character), upper case; None if absent.
    """
    runs = [
        r
        for r in _ID_RUN.findall(fold(text).text)
        if len(r) >= 4 and sum(c.isdigit() for c in r) >= 3
    ]
    if not runs:
        return None
    last4: str = runs[-1][-4:]
    if "x" in last4[:-1]:
        return None
    return last4.upper()
