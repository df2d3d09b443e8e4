"""How many SMS segments a text takes, and fitting a reply into a maximum.

A text in the GSM 03.38 alphabet (GSM-7) fits 160 characters in one segment and
153 per segment when split (the rest is the concatenation header); the
extension characters (``^{}\\[~]|€`` and form feed) take two. Anything else
(Chinese, most emoji) is sent as UCS-2: 70 code units in one segment, 67 per
segment when split; characters outside the BMP take two units.
"""

from __future__ import annotations

from dataclasses import dataclass

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")
GSM7_SINGLE, GSM7_PART = 160, 153
UCS2_SINGLE, UCS2_PART = 70, 67
ELLIPSIS = "…"


@dataclass(frozen=True)
class Count:
    """The encoding of a text, its length in that encoding's units and its segments."""

    encoding: str  # "GSM-7" or "UCS-2"
    units: int
    segments: int


def is_gsm7(text: str) -> bool:
    """Whether every character is in the GSM-7 alphabet (basic or extension)."""
    return all(c in GSM7_BASIC or c in GSM7_EXTENSION for c in text)


def count(text: str) -> Count:
    """The segments ``text`` takes."""
    if is_gsm7(text):
        units = sum(2 if c in GSM7_EXTENSION else 1 for c in text)
        single, part, encoding = GSM7_SINGLE, GSM7_PART, "GSM-7"
    else:
        units = len(text.encode("utf-16-le")) // 2
        single, part, encoding = UCS2_SINGLE, UCS2_PART, "UCS-2"
    segments = 1 if units <= single else -(-units // part)
    return Count(encoding, units, segments)


def fit(text: str, footer: str, max_segments: int, link: str) -> tuple[str, bool]:
    """``text`` with ``footer`` in at most ``max_segments``; cut, with ``link``, if longer.

    Returns:
        (the SMS text, whether it was cut). When cut, as much of the text as
        fits is kept, ending in "…" ("..." in GSM-7) and the link, then the footer;
        when not even the link fits, the link and the footer go anyway.
    """
    whole = f"{text}\n{footer}" if footer else text
    if count(whole).segments <= max_segments:
        return whole, False

    # "…" is not in GSM-7: a text that is would become UCS-2 (and lose half its room).
    dots = "..." if is_gsm7(whole + link) else ELLIPSIS

    def build(n: int) -> str:
        head = text[:n].rstrip()
        tail = f"{dots} {link}"
        return f"{head}{tail}\n{footer}" if footer else f"{head}{tail}"

    lo, hi = 0, len(text)
    while lo < hi:  # the longest prefix that still fits
        mid = (lo + hi + 1) // 2
        if count(build(mid)).segments <= max_segments:
            lo = mid
        else:
            hi = mid - 1
    return build(lo), True
