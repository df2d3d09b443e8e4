"""Chinese and English number words, both directions, exact (``Decimal``).

``cn_to_decimal("一万二")`` is ``Decimal(12000)``; ``format_amount_zh(Decimal("3500"))`` is
``"三千五百"``. Colloquial shortenings are understood: a digit after a unit implies the
next lower unit (三千五 = 3500, 一万二 = 12000, 一百二 = 120) unless 零 marks a gap
(一千零五 = 1005). Arabic digits mix freely (3千5, 1.5万).
"""

from __future__ import annotations

import re
from decimal import Decimal

CN_DIGITS: dict[str, int] = {
    "零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "两": 2, "贰": 2, "三": 3, "叁": 3, "参": 3,
    "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}  # fmt: skip
CN_SMALL_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
CN_BIG_UNITS: dict[str, int] = {"万": 10_000, "亿": 100_000_000}
CN_NUMERAL_CHARS = "".join([*CN_DIGITS, *CN_SMALL_UNITS, *CN_BIG_UNITS])

_ARABIC = re.compile(r"\d+(?:\.\d+)?")

_Token = tuple[str, Decimal]


def _tokens(text: str) -> list[_Token] | None:
    tokens: list[_Token] = []
    i = 0
    while i < len(text):
        ch = text[i]
        m = _ARABIC.match(text, i)
        if m:
            tokens.append(("n", Decimal(m.group())))
            i = m.end()
            continue
        if ch in CN_DIGITS:
            tokens.append(("z" if CN_DIGITS[ch] == 0 else "n", Decimal(CN_DIGITS[ch])))
        elif ch in CN_SMALL_UNITS:
            tokens.append(("u", Decimal(CN_SMALL_UNITS[ch])))
        elif ch in CN_BIG_UNITS:
            tokens.append(("U", Decimal(CN_BIG_UNITS[ch])))
        elif ch != ",":
            return None
        i += 1
    return tokens


def _integer(text: str) -> Decimal | None:
    tokens = _tokens(text)
    if not tokens:
        return None
    kinds = {k for k, _ in tokens}
    if kinds <= {"n", "z"} and len(tokens) > 1:
        # Digit by digit (一二零零) – only for single CN digits.
        if any(v >= 10 or v != v.to_integral_value() for _, v in tokens):
            return None
        return Decimal("".join(str(int(v)) for _, v in tokens))
    total = Decimal(0)
    section = Decimal(0)
    current: Decimal | None = None
    last_unit: Decimal | None = None
    after_unit = False  # the current digit directly follows a unit (no 零 between)
    for kind, value in tokens:
        if kind == "z":
            current, after_unit = None, False
            continue
        if kind == "n":
            if current is not None:
                return None
            current = value
            continue
        multiplier = current if current is not None else Decimal(1)
        if kind == "u":
            if (
                current is None
                and (section or total)
                and last_unit is not None
                and value >= last_unit
            ):
                return None
            section += multiplier * value
        else:
            if current is None and not section and not total:
                return None
            total = (
                (total + section + (current or 0)) * value
                if value > 10_000
                else (total + (section + (current or 0)) * value)
            )
            section = Decimal(0)
        current, last_unit = None, value
        after_unit = True
    if current is not None:
        if last_unit is not None and after_unit and current < 10 and current == int(current):
            current *= last_unit / 10
        section += current
    return total + section


def cn_to_decimal(text: str) -> Decimal | None:
    """Read a Chinese (or mixed Chinese/Arabic) number; None when it is not one.

    Args:
        text: A run such as ``"两千五百"``, ``"3千5"``, ``"一点五万"`` (Simplified).

    Returns:
        The exact value, or None when the run is not a well-formed number.
    """
    text = text.replace(",", "")
    if not text:
        return None
    if "点" in text or ("." in text and not _ARABIC.fullmatch(text)):
        head, _, tail = text.replace(".", "点").partition("点")
        multiplier = Decimal(1)
        while tail and tail[-1] in "万千百亿":
            unit = CN_SMALL_UNITS.get(tail[-1]) or CN_BIG_UNITS[tail[-1]]
            multiplier *= unit
            tail = tail[:-1]
        whole = _integer(head) if head else Decimal(0)
        digits = "".join(
            str(CN_DIGITS[c]) if c in CN_DIGITS else c if c.isdigit() else "?" for c in tail
        )
        if whole is None or not digits or "?" in digits:
            return None
        return (whole + Decimal("0." + digits)) * multiplier
    return _integer(text)


_DIGIT_NAMES = "零一二三四五六七八九"


def _four(n: int, zero_pending: bool) -> str:
    """Write 1..9999 in Chinese; a leading 零 when a gap precedes it."""
    out = []
    started = False
    pending_zero = zero_pending
    for unit_value, unit_name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // unit_value % 10
        if digit == 0:
            if started:
                pending_zero = True
            continue
        if pending_zero and (started or zero_pending):
            out.append("零")
        pending_zero = False
        out.append(_DIGIT_NAMES[digit] + unit_name)
        started = True
    return "".join(out)


def format_amount_zh(value: Decimal) -> str:
    """Write a non-negative amount in Chinese numerals (``Decimal("3500")`` → ``"三千五百"``).

    Decimals are written after 点 digit by digit (``12.5`` → ``"十二点五"``).

    Args:
        value: A non-negative amount below 10^12.

    Returns:
        The amount in Simplified Chinese numerals.

    Raises:
        ValueError: For negative or too large values.
    """
    if value < 0 or value >= Decimal(10) ** 12:
        raise ValueError(f"cannot write {value} in Chinese numerals")
    whole = int(value)
    fraction = value - whole
    if whole == 0:
        text = "零"
    else:
        parts: list[str] = []
        groups = [(whole // 100_000_000) % 10_000, (whole // 10_000) % 10_000, whole % 10_000]
        names = ["亿", "万", ""]
        gap = False
        for group, name in zip(groups, names, strict=True):
            if group == 0:
                if parts:
                    gap = True
                continue
            parts.append(_four(group, gap or (bool(parts) and group < 1000)) + name)
            gap = False
        text = "".join(parts)
        if text.startswith("一十"):
            text = text[1:]
    if fraction:
        digits = format(fraction.normalize(), "f").split(".")[1]
        text += "点" + "".join(_DIGIT_NAMES[int(d)] for d in digits)
    return text


EN_NUMBER_WORDS: dict[str, int] = {
    "zero": 0, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
EN_SCALES: dict[str, int] = {"hundred": 100, "thousand": 1000, "grand": 1000, "k": 1000}


def en_words_to_int(words: list[str]) -> int | None:
    """Read English number words (``["two", "thousand", "five", "hundred"]`` → 2500)."""
    total = 0
    current = 0
    seen = False
    for word in words:
        if word == "and":
            continue
        if word in EN_NUMBER_WORDS:
            current += EN_NUMBER_WORDS[word]
            seen = True
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word in EN_SCALES:
            total += max(current, 1) * EN_SCALES[word]
            current = 0
        else:
            return None
    return total + current if seen or total else None


_ROUGH = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def small_number(text: str) -> int | None:
    """Read a small count written as digits, Chinese or English words ("6", "六", "six")."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    if text in EN_NUMBER_WORDS:
        return EN_NUMBER_WORDS[text]
    if text in ("couple", "a couple of", "couple of"):
        return 2
    if len(text) == 2 and all(c in _ROUGH for c in text) and _ROUGH[text[1]] == _ROUGH[text[0]] + 1:
        return _ROUGH[text[1]]  # 两三个月, 三四期: about that many, the larger
    value = cn_to_decimal(text)
    if value is None or value != int(value):
        return None
    return int(value)


# Ordinals in words, as days of the month are written ("the fifteenth", "twenty-first").
ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
}  # fmt: skip
ORDINAL_RE = (
    r"(?:twenty[\s-]?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)"
    r"|thirty[\s-]?first|" + "|".join(sorted(ORDINAL_WORDS, key=len, reverse=True)) + ")"
)


def ordinal_day(word: str) -> int:
    """The day an ordinal in words names: "fifteenth" 15, "twenty-first" 21."""
    parts = re.split(r"[\s-]+", word)
    if len(parts) == 1 and word not in ORDINAL_WORDS:
        parts = [word[:6], word[6:]]  # "twentyfirst"
    if len(parts) == 2:
        return (20 if parts[0] == "twenty" else 30) + ORDINAL_WORDS[parts[1]]
    return ORDINAL_WORDS[word]
