"""Amounts the debtor says are beyond them: "I can't pay 2200", "where am I supposed to
find 2000", "500 a month is way too much", 五千我拿不出来, 一万多我上哪弄去, 我哪有两千块.

Such an amount is no offer. Read as one, the bot answered a debtor who had just said
they could not find 2,200 with a plan that starts with 2,200. :func:`refused` tells
which amounts of a message are refused this way, from the words just before and just
after each (within its clause); the understanding drops them, and a message whose every
amount is refused is read as hardship (the dialog offers smaller payments).

"I can't pay more than 500" stays an offer of 500 (only words of not having or not
paying may stand between the refusal and the amount), and so does "I can't pay 2200,
but 1000 is fine" for its 1000.

Patterns run on folded text (lower case, Simplified Chinese).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from bot.understanding.entities import Entities

_NOT = (
    r"(?:can['’]?t|cannot|can\s+not|couldn['’]?t|could\s+not|won['’]?t|will\s+not|don['’]?t"
    r"|do\s+not|didn['’]?t|never|unable\s+to|no\s+way\s+(?:i['’]?ll|i\s+(?:can|could|will))"
    r"|not\s+able\s+to|impossible\s+(?:for\s+me\s+)?to)"
)
_VERB = (
    r"(?:pay|afford|have|find|get|raise|manage|come\s+up\s+with|scrape(?:\s+together)?|do|make"
    r"|give|spare|cover|put\s+(?:up|down))"
)
_FILLER = r"(?:(?:even|possibly|really|just|ever|actually|realistically|honestly)\s+)?"
_ARTICLE = r"(?:(?:you|u)\s+)?(?:(?:the|that|this|those|a|an|like|even|another|all|full)\s+)*"
# Ends where the amount starts: "i can't pay ", "where am i supposed to find the ".
_BEFORE = re.compile(
    rf"(?:\b{_NOT}\s+{_FILLER}{_VERB}\s+{_ARTICLE}"
    r"|\bwhere\b[^.?!,;:]{0,40}?\b(?:find|get|come\s+up\s+with|pull|dig\s+up|magic|conjure"
    r"|produce|raise|borrow)\s+"
    + _ARTICLE
    + r"|\bhow\s+(?:am\s+i|are\s+we|is\s+one|the\s+hell\s+(?:am|do|would|can)\s+i"
    r"|on\s+earth\s+(?:am|do|would|can)\s+i"
    r"|(?:would|could|can|do)\s+i\s+(?:ever|possibly))\s+(?:supposed\s+to\s+|meant\s+to\s+|going\s+to\s+|gonna\s+)?"
    rf"{_VERB}\s+{_ARTICLE}"
    r"|(?:没有|没|哪有|哪来的?|拿不出|凑不出|凑不齐|凑不到|付不起|付不出|还不起|还不上|交不起|出不起|给不起"
    r"|(?:上|去|从)?哪(?:里|儿)?(?:去)?(?:弄|找|借|拿|搞|生|变|凑)(?:得?(?:到|来|出|出来))?"
    r"|怎么(?:可能)?(?:拿得?出|凑得?出|还得?起|付得?起|还得?上))"
    r"(?:这么多|那么多|这|那)?的?)$"
)
# Starts where the amount ends: " is way too much", "? are you kidding", 我拿不出来, 多我上哪弄去.
_AFTER = re.compile(
    r"^(?:\s*(?:a|per|each|every)\s+(?:month|week|fortnight)|\s*(?:monthly|weekly)|\s*by\s+\w+)?"
    r"\s*(?:(?:is|are|would\s+be|will\s+be|['’]s)\s+)?(?:(?:way|far|much|just|simply|a\s+lot|completely"
    r"|totally|really|still)\s+)?"
    r"(?:too\s+(?:much|high|many|steep|expensive|big)|impossible|not\s+possible|out\s+of\s+(?:the\s+question"
    r"|reach|my\s+reach)|more\s+than\s+i\s+(?:have|make|earn|can)|beyond\s+(?:me|my))"
    r"|^\s*[?!]+\s*(?:no\s+way|are\s+(?:you|u)\s+(?:kidding|joking|serious|crazy|insane|mad)|(?:you['’]?re|ur)\s+"
    r"(?:kidding|joking|crazy|insane|mad)|lol|lmao|haha|you\s+must\s+be)"
    r"|^(?:块钱|元钱|块|元|多块|多)?(?:一个月|每个?月|一个礼拜|每周|每期)?的?(?:我|俺|咱)?(?:这(?:个)?(?:礼拜|星期|周|月)"
    r"|今天|明天|现在|目前|短期内|一下子|一次性?|马上)?(?:真的|实在|根本|确实|是|也|都|哪)*"
    r"(?:拿不出|凑不出|凑不齐|凑不到|付不起|付不出|还不起|还不上|交不起|出不起|给不起|没有(?!问题|关系)|哪有|哪来|太多|太高|太贵"
    r"|做不到|不可能|办不到|负担不起|负担不了|承担不起|吃不消|(?:上|去|从)哪)"
)
_CLAUSE = re.compile(r"[.?!;。？！；\n]")
_WINDOW = 60


def refused(folded: str, spans: Sequence[tuple[int, int]]) -> dict[int, str]:
    """The amounts at ``spans`` of folded ``folded`` the debtor says they cannot pay or do
    not have: index → the words that say so."""
    out = {}
    for i, (start, end) in enumerate(spans):
        before = folded[max(0, start - _WINDOW) : start]
        cut = max((m.end() for m in _CLAUSE.finditer(before)), default=0)
        said = _BEFORE.search(before[cut:]) or _AFTER.search(folded[end : end + _WINDOW])
        if said:
            out[i] = said.group(0).strip(" ?!")
    return out


def drop_refused(folded: str, ents: Entities) -> tuple[Entities, tuple[str, ...]]:
    """``ents`` without the amounts refused in ``folded`` (and, when every amount is,
    without the days: "I won't have 2200 by Friday" offers no Friday), and the words
    that refused them."""
    beyond = refused(folded, ents.amount_spans) if ents.amounts else {}
    if not beyond:
        return ents, ()
    kept = [i for i in range(len(ents.amounts)) if i not in beyond]
    gone = {ents.amounts[i].text.lower() for i in beyond}
    return replace(
        ents,
        amounts=tuple(ents.amounts[i] for i in kept),
        amount_spans=tuple(ents.amount_spans[i] for i in kept),
        dates=ents.dates if kept else (),
        ambiguous=ents.ambiguous if kept else (),
        words=tuple(w for w in ents.words if w not in gone) if kept else (),
    ), tuple(beyond.values())
