"""Whether what a message names is offered: a day told, not offered ("so tired today"), the
calendar asked about (12月14号是星期几), instalments turned down ("no instalments", 不分期), a
payment in full said in the negative ("I can't pay it all at once").

Patterns run on folded text (lower case, Simplified Chinese).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from bot.understanding.normalize import HAN

# Instalment words that name no instalments of their own: a change of plan ("instead"),
# any plan ("a plan"). Next to a payment in full they give way to it.
_ANY_PLAN = re.compile(r"instead|(?:(?:a|the)\s+)?plan")
# Instalments turned down just before they are named: "no instalments", "不分期", "不用分期".
_NO_PLAN = re.compile(
    r"(?:\b(?:don'?t|do\s+not|won'?t)\s+(?:want|need)\s+(?:an?\s+|any\s+|the\s+)?|\bno\s+(?:more\s+)?"
    r"|不要|不想|不用|不需要|别|不)$"
)
# Words of paying: a day named beside them stays an offer even in "talk tomorrow" talk.
PAY_WORD = re.compile(r"\b(?:pay|paying|paid|send|transfer)\b|还|付|缴|转账|汇")


# The calendar asked about: what day or date it is, which weekday a day is.
CALENDAR = re.compile(
    r"\bwhat\s+(?:day|date)\s+(?:of\s+the\s+week\s+)?(?:is|was|will\s+be)\b|\bwhat(?:'s|\s+is)\s+(?:today'?s\s+date|the\s+date)\b"
    r"|\bis\s+(?:that|it|the\s+\d{1,2}(?:st|nd|rd|th)?|\w+\s+\d{1,2}(?:st|nd|rd|th)?)\s+a\s+(?:mon|tues|wednes|thurs|fri|satur|sun)day\b"
    r"|(?:星期|礼拜|周)几|几月几号|今天(?:是)?几号"
)
_LATIN_WORDS = re.compile(r"[a-z]+")


def just_today(
    lex: str, days: Sequence[date], today: date, amounts: Sequence[Any], found: dict[str, list[str]]
) -> bool:
    """Today named in a longer message with nothing about paying: no offer to pay today."""
    if amounts or not days or any(d != today for d in days) or PAY_WORD.search(lex):
        return False
    if found["counter_offer"] or found["instalments"] or found["pay_in_full"]:
        return False
    return len(_LATIN_WORDS.findall(lex)) >= 5 or len(HAN.findall(lex)) >= 8


def instalments_wanted(text: str, words: Sequence[str]) -> bool:
    """Whether instalment ``words`` ask for instalments: not only "instead" or "a plan",
    and not turned down ("no instalments", "不分期")."""
    for word in words:
        if _ANY_PLAN.fullmatch(word):
            continue
        at = text.find(word)
        if at >= 0 and _NO_PLAN.search(text[max(0, at - 25) : at]):
            continue
        return True
    return False


def negated(text: str, phrases: Sequence[str]) -> bool:
    """Whether one of ``phrases`` (a payment in full) is said in the negative, in its own clause
    ("I can't pay it all at once", 一次还清我做不到, 我没钱一次还清)."""
    for phrase in phrases:
        at = text.find(phrase)
        # Within the phrase's own clause: "I don't want a plan, I'll pay it all".
        window = re.split(r"[,.;!?，。；！？]", text[max(0, at - 30) : at])[-1]
        if re.search(
            r"\b(?:can'?t|cannot|can\s+not|unable|not\s+able|don'?t|won'?t|no\s+way|impossible"
            r"|instead\s+of|rather\s+than)\b"
            r"|没法|不能|无法|没办法|不可能|做不到|不了|不够|没能力|付不了|没有能力|没(?:有)?(?:钱|那么多钱)",
            window,
        ):
            return True
        if re.search(r"不了|不起|不上", text[at + len(phrase) : at + len(phrase) + 3]):
            return True
    return False
