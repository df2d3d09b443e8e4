"""Which offered option a debtor picked: by number, by ordinal, or by the option's words."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from bot.understanding.entities import extract
from bot.understanding.lexicon import LEXICON, STOPWORDS
from bot.understanding.normalize import fold

_ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "fifth": 5, "5th": 5, "sixth": 6, "6th": 6, "one": 1, "two": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
}  # fmt: skip
_NUM = r"[1-9]|one|two|three|four|five|six"
_ORD = r"first|second|third|fourth|fifth|sixth|last|1st|2nd|3rd|4th|5th|6th"
_ZH = r"[1-9]|[一二两三四五六]"
_PATTERNS = tuple(
    re.compile(p)
    for p in (
        # "2", "option 2 please", "ok 1", "ok 2 sounds good"
        rf"^\W*(?:(?:ok(?:ay)?|yes|yeah|yep|sure|fine|alright|then|so|um+|hmm+|well)\W+)*"
        rf"(?:(?:i(?:'ll|\s+will|\s+would\s+like|\s+want)?\s+)?(?:choose|pick|take|want|go\s+with"
        rf"|select|like)\s+)?(?:the\s+)?(?:option|choice|plan|number|no\.?|#)?\s*(?P<n>{_NUM})"
        r"(?:\s*(?:please|pls|plz|thanks|thx|then|sounds\s+good|is\s+(?:fine|good|ok(?:ay)?)"
        r"|works(?:\s+for\s+me)?))?\W*$",
        rf"(?:\b(?:option|choice|plan|number|no\.)\s*|#\s*)(?P<n>{_NUM})\b",
        rf"\b(?:the\s+)?(?P<n>{_ORD})\s+(?:one|option|choice|plan)\b",
        rf"^\W*(?:(?:i'?ll\s+|i\s+)?(?:take|choose|pick|go\s+with|want)\s+)?(?:the\s+)?(?P<n>{_ORD})"
        r"(?:\s+one)?(?:\s+(?:please|pls))?\W*$",
        rf"第\s*(?P<n>{_ZH})\s*(?:个|种|项|条|套|号)?(?!\s*(?:期|次|天|周|月|年|笔|\d))",
        rf"(?:选|选择|选项|方案)\s*第?\s*(?P<n>{_ZH})(?![\d千百万十块元个期次天周月])",
        rf"^\W*我?(?:选|要)?\s*(?P<n>{_ZH})\s*个?\s*(?:吧|的|啊)?\W*$",
        r"(?P<n>最后一个|最后那个|最后一种)",
        rf"(?<![\d一二两三四五六七八九十])(?P<n>{_ZH})\s*号?\s*(?:方案|选项)",
        # a number closing a message, with please or then ("the second is too much, 3 please")
        rf"[,.;!]\s*(?P<n>{_NUM})\s+(?:please|pls|plz|then)\W*$",
    )
)
# "The last one" asked about or changed, not picked: "what's the last one?", "how much is
# the first one", "can the first one be on the 15th?" (the payments of a plan, not options).
_ORDINAL_ANYWHERE = 2
_ASKED_BEFORE = re.compile(
    r"\b(?:what'?s|whats|what\s+(?:is|was|are)|how\s+(?:much|big)\s+(?:is|was|will)|when'?s"
    r"|when\s+(?:is|was|will|does|do)|is|was|does|will|can|could|would)\s+(?:the\s+)?$"
)
_CHANGED_AFTER = re.compile(
    r"^\s+(?:(?:payment|instal+ment)s?\b|(?:be|start|fall|come|go|move|happen|land|hit)\b"
    r"|(?:is|was|will\s+be|can\s+be|could\s+be)\s+(?:due|on|in|after|before|later|earlier"
    r"|moved|paid|the\s+\d)\b)"
)
_PAY_IN_FULL = re.compile("|".join(f"(?:{p})" for p in LEXICON["pay_in_full"]))
_INSTALMENTS = re.compile(r"\binstal+ments?\b|\bmonthly\b|\bweekly\b|分期|每月|每周|个月")
_TOKEN = re.compile(r"[a-z]{3,}|[\u4e00-\u9fff]{2}")


@dataclass(frozen=True, slots=True)
class ChoiceHit:
    """A picked option (1-based), the span that said so, and how it was recognised."""

    choice: int | None
    start: int = 0
    end: int = 0
    how: str = "number"
    ambiguous: bool = False
    # Options turned down in the same message ("not option 1, the second one"): their
    # numbers are no sums either.
    turned_down: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class _Features:
    full: bool
    count: int | None
    frequency: str | None
    instalments: bool
    tokens: frozenset[str]


def _tokens(text: str) -> frozenset[str]:
    found = set()
    for m in _TOKEN.finditer(text):
        if m.group(0) not in STOPWORDS:
            found.add(m.group(0))
    for chunk in re.findall(r"[\u4e00-\u9fff]+", text):
        found.update(chunk[i : i + 2] for i in range(len(chunk) - 1))
    return frozenset(found)


@lru_cache(maxsize=512)
def _label_features(label: str) -> _Features:
    folded = fold(label)
    entities = extract(folded, date(2000, 1, 1))
    count = entities.count
    if count is None:
        number = re.search(r"\d+", entities.masked)
        count = int(number.group()) if number and int(number.group()) <= 60 else None
    return _Features(
        full=bool(_PAY_IN_FULL.search(folded.text)),
        count=count,
        frequency=entities.frequency,
        instalments=bool(_INSTALMENTS.search(folded.text)) or entities.count is not None,
        tokens=_tokens(folded.text),
    )


def by_words(
    text: str, count: int | None, frequency: str | None, full: bool, choices: Sequence[str]
) -> ChoiceHit | None:
    """Match the message's words against the option labels; None if nothing matches."""
    mine = _tokens(text)
    scores = []
    for label in choices:
        f = _label_features(label)
        score = 0
        if full and f.full:
            score += 3
        if count is not None and f.count == count:
            score += 3
        if frequency is not None and f.frequency == frequency:
            score += 2
        if (count or frequency) and f.instalments and not f.full:
            score += 1
        score += min(2, len(mine & f.tokens))
        scores.append(score)
    best = max(scores, default=0)
    if best < 2:
        return None
    winners = [i for i, s in enumerate(scores) if s == best]
    if len(winners) > 1:
        return ChoiceHit(None, how="words", ambiguous=True)
    return ChoiceHit(winners[0] + 1, how="words")


# Said just before an option to turn it down (folded text).
_TURNED_DOWN = re.compile(
    r"(?:\b(?:not|no|never|without)|\bdon'?t\s+(?:want|like|need|choose|pick|take)|\bdo\s+not\s+(?:want"
    r"|like|need|choose|pick|take)|\bwon'?t\s+(?:take|choose|pick|do)|不要|不想要|不选|不用|别选?|不是|不考虑|(?<!要)不)"
    r"\s*(?:the\s+|that\s+|this\s+|with\s+)?$"
)


# Said just after an option to turn it down ("the second one is too much", 第二个不要).
_TURNED_DOWN_AFTER = re.compile(
    r"^\s*(?:(?:is|'s|are|would\s+be)\s+)?(?:also\s+|too\s+|still\s+)?(?:too\s+(?:much|high|expensive|short|long|big)"
    r"|not\s+(?:ok|okay|possible|good|for\s+me|an\s+option)|no\s+good|won'?t\s+work|doesn'?t\s+work)"
    r"|^\s*(?:的)?(?:也|还是|都)?(?:太多|太贵|太高|太紧|不行|不要|不好|不可以|算了|不考虑|不适合)"
)


def _turned_down(text: str, start: int, end: int) -> bool:
    before = _TURNED_DOWN.search(text[max(0, start - 24) : start]) is not None
    return before or _TURNED_DOWN_AFTER.search(text[end : end + 24]) is not None


def by_number(text: str, choices: Sequence[str]) -> ChoiceHit | None:
    """Find an option picked by number or ordinal ("2", "option 2", "the second one", "第二个")."""
    down: list[tuple[int, int]] = []
    for i, pattern in enumerate(_PATTERNS):
        # An option turned down ("i dont want option 2", 不要第一個 選第三個) is not picked;
        # its number is no sum either (the hit claims its span).
        m = None
        for found in pattern.finditer(text):
            if not _turned_down(text, found.start(), found.end()):
                m = found
                break
            if not any(s < found.end() and found.start() < e for s, e in down):
                down.append(found.span())
        if m is None:
            continue
        if i == _ORDINAL_ANYWHERE and (
            _ASKED_BEFORE.search(text[: m.start()]) or _CHANGED_AFTER.match(text[m.end() :])
        ):
            continue
        word = m.group("n")
        n = len(choices) if word in ("last", "最后一个", "最后那个", "最后一种") else None
        if n is None:
            n = int(word) if word.isdigit() else _ORDINALS.get(word)
        if not n:
            continue
        if choices and n > len(choices):
            return ChoiceHit(None, m.start(), m.end(), ambiguous=True, turned_down=tuple(down))
        return ChoiceHit(n, m.start(), m.end(), turned_down=tuple(down))
    if down:
        return ChoiceHit(None, *down[0], how="refused", turned_down=tuple(down[1:]))
    return None
