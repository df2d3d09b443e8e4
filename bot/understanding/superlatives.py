"""Options picked by what sets them apart: "the one with the smallest payments", "the
cheapest", "the quickest", 每期最少的那个, 最便宜的, 最快還完的.

Patterns run on folded text (lower case, Simplified Chinese). Which option that is
depends on the plans themselves, so the caller compares them.
"""

from __future__ import annotations

import re
from typing import Literal

Superlative = Literal["smallest_payments", "cheapest", "quickest"]

_SMALLEST = re.compile(
    r"\b(?:smallest|lowest|least|cheapest|smaller|lower|littlest|tiniest)\s+(?:monthly\s+|weekly\s+|each\s+)?"
    r"(?:payments?|instal+ments?|amounts?|per\s+month|a\s+month|each\s+month|monthly)\b"
    r"|\blongest\b|\bmost\s+(?:payments|instal+ments|months|time)\b|\bspread\s+(?:it\s+)?(?:out\s+)?the\s+most\b"
    # "what is the smallest I can pay a month?", "the least I could pay each month"
    r"|\bthe\s+(?:smallest|lowest|least|minimum)\b(?:\s+(?:amount|sum|payment))?\s+(?:that\s+)?i(?:\s+(?:can|could|may|have\s+to|would|will|need\s+to)|'d|'ll)\s+pay\b"
    r"|(?:每期|每月|每个月|每周|每次|月供)[^，,。.!！?？]{0,4}(?:最少|最低|最小|最便宜|最轻)"
    r"|(?:最少|最低|最小|最轻)的?(?:每期|每月|月供|那期)|期数最多|最多期|时间最长|最长|分得?最久|最久"
    # "最少一个月要缴多少", "一个月最低还多少": the least a month, asked
    r"|(?:最少|最低)(?:一个月|一期|每个月)[^，,。.!！?？]{0,4}(?:多少|几)|(?:一个月|一期)(?:最少|最低)[^，,。.!！?？]{0,4}(?:多少|几)"
)
_CHEAPEST = re.compile(
    r"\b(?:cheapest|least\s+(?:in\s+total|overall|money)|save\s+the\s+most|biggest\s+(?:discount|saving))\b"
    r"|最便宜|最省钱|最划算|总共最少|总额最少|优惠最多|减免最多|省最多"
)
_QUICKEST = re.compile(
    r"\b(?:quickest|fastest|shortest|soonest)\b|最快|最短|最早还完|最早还清|期数最少|最少期"
)


def superlative(text: str) -> Superlative | None:
    """What the debtor wants most of the options, from folded ``text``; None if nothing."""
    if _SMALLEST.search(text):
        return "smallest_payments"
    if _CHEAPEST.search(text):
        return "cheapest"
    if _QUICKEST.search(text):
        return "quickest"
    return None
