"""Mask personal data that debtors type: bank cards, Chinese ID numbers, phones.

Transcripts, logs and console views show the last four characters only, e.g.
``**** **** **** 1234``. Detection is conservative where a false positive would
hide an amount: card numbers must pass the Luhn check, Chinese ID numbers must
carry a plausible birth date, US phone numbers a valid area code.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["luhn_valid", "mask_personal_data", "mask_value"]

_CN_ID = re.compile(
    r"(?<![0-9A-Za-z])"
    r"[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]"
    r"(?![0-9A-Za-z])",
    re.ASCII,
)
# 13-19 digits, single spaces or dashes allowed between digits.
_CARD = re.compile(r"(?<![\d+-])\d(?:[ -]?\d){12,18}(?![\d])", re.ASCII)
_CN_MOBILE = re.compile(
    r"(?<![\d+])(?P<cc>(?:\+|00)?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?!\d)", re.ASCII
)
_US_PHONE = re.compile(
    r"(?<![\d+])(?P<cc>\+?1[ .-]?)?"
    r"(?:\(\s*[2-9]\d{2}\s*\)\s*|[2-9]\d{2}[ .-]?)\d{3}[ .-]?\d{4}(?!\d)",
    re.ASCII,
)
# Chinese input methods in full-width mode type ０-９, full-width spaces, ＋ and －;
# read them as their ASCII forms (one character for one, so positions stay).
_HALF_WIDTH = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        "\u3000": " ",
        "＋": "+",
        "－": "-",
        "Ｘ": "X",
        "ｘ": "x",
    }
)


def luhn_valid(digits: str) -> bool:
    """Return True if ``digits`` (only 0-9) passes the Luhn checksum."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def mask_value(value: str, keep: int = 4) -> str:
    """Mask every letter and digit of a stored value except the last ``keep``.

    Separators stay, so ``138-1234-5678`` becomes ``***-****-5678``.

    Args:
        value: The personal value, e.g. a phone number or an ID number.
        keep: How many trailing letters/digits stay visible.

    Returns:
        The masked value; values of ``keep`` characters or fewer are fully masked.
    """
    alnum = [i for i, ch in enumerate(value) if ch.isalnum()]
    visible = set(alnum[-keep:]) if len(alnum) > keep and keep > 0 else set()
    return "".join("*" if ch.isalnum() and i not in visible else ch for i, ch in enumerate(value))


def _mask_card(digits: str) -> str:
    groups = -(-(len(digits) - 4) // 4)
    return " ".join(["****"] * groups + [digits[-4:]])


def _mask_phone(match: re.Match[str]) -> str:
    cc = match.group("cc") or ""
    return cc + mask_value(match.group(0)[len(cc) :])


def _card_spans(text: str) -> list[tuple[int, int, str]]:
    spans: list[tuple[int, int, str]] = []
    for m in _CARD.finditer(text):
        chunk = m.group(0)
        # Greedy matching may swallow a trailing group ("card 4111 ... 1111 2024");
        # try the whole run, then shorter runs ending at a separator.
        ends = [len(chunk)] + [i for i in range(len(chunk) - 1, 0, -1) if chunk[i] in " -"]
        for end in ends:
            digits = re.sub(r"\D", "", chunk[:end])
            if 13 <= len(digits) <= 19 and luhn_valid(digits):
                spans.append((m.start(), m.start() + end, _mask_card(digits)))
                break
    return spans


def _regex_spans(
    pattern: re.Pattern[str], text: str, render: Callable[[re.Match[str]], str]
) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), render(m)) for m in pattern.finditer(text)]


def mask_personal_data(text: str) -> str:
    """Mask card numbers, Chinese ID numbers and phone numbers in free text.

    Args:
        text: What a debtor typed (or any text about to be stored or logged).

    Returns:
        The text with each detected number replaced by a mask that keeps the
        last four characters. Text without personal numbers is returned unchanged;
        masking is idempotent.
    """
    if not text or sum(ch.isdigit() for ch in text) < 10:
        return text
    original, text = text, text.translate(_HALF_WIDTH)
    candidates = (
        _regex_spans(_CN_ID, text, lambda m: mask_value(m.group(0)))
        + _card_spans(text)
        + _regex_spans(_CN_MOBILE, text, _mask_phone)
        + _regex_spans(_US_PHONE, text, _mask_phone)
    )
    chosen: list[tuple[int, int, str]] = []
    for start, end, repl in candidates:  # earlier kinds win on overlap
        if all(end <= s or start >= e for s, e, _ in chosen):
            chosen.append((start, end, repl))
    if not chosen:
        return original
    out: list[str] = []
    pos = 0
    for start, end, repl in sorted(chosen):
        out.append(text[pos:start])
        out.append(repl)
        pos = end
    out.append(text[pos:])
    return "".join(out)
