"""Hardship and vulnerability a debtor states: job loss, illness, a death in the family ….

Read from folded text (lower case, Simplified Chinese). Only the kind is kept; a
message may name several ("I lost my job and my mother died").

Only what the debtor states as their own is kept: words that are negated in their clause
("I'm not unemployed", "我没有失业"), hypothetical ("if I get laid off", "万一住院"),
about someone outside the household ("my friend lost his job", "同事被裁了") or taken
back later in the message ("I lost my job but found a new one") state nothing.
"""

from __future__ import annotations

import re

KINDS = (
    "job_loss",
    "income_loss",
    "illness",
    "bereavement",
    "divorce",
    "accident",
    "pregnancy",
    "disability",
)
_ILL = r"(?:sick(?!\s+(?:of|and\s+tired))|ill|unwell|in\s+(?:the\s+)?hospital|hospitali[sz]ed)"
_WHO = (
    r"(?:wife|husband|mother|father|mom|mum|dad|son|daughter|kid|child|baby|partner|brother"
    r"|sister|grand(?:ma|pa|mother|father)|nan|nana|nanna|granny|gran|uncle|aunt|auntie|parent)"
)
# Kin whose going (走了) is a death: parents, grandparents (阿公, 阿嬷 as Taiwan says), a
# spouse, a child, a sibling (folded: Simplified).
_ZH_KIN = (
    r"(?:爸|妈|父亲|母亲|家人|老公|老婆|老伴|先生|太太|爷爷|奶奶|外公|外婆|姥姥|姥爷|阿公|阿嬷|阿妈"
    r"|儿子|女儿|孩子|小孩|宝宝|哥哥|姐姐|弟弟|妹妹)"
)
_PATTERNS: dict[str, re.Pattern[str]] = {
    "job_loss": re.compile(
        r"\blos[te]\s+(?:my|his|her|our|the)?\s*(?:job|work)\b|\blaid\s+off\b|\b(?:got|been|was)\s+fired\b"
        r"|\bmade\s+redundant\b|\bredundan|\bunemployed\b|\bout\s+of\s+work\b|\bjobless\b"
        r"|\bno\s+(?:job|work)\b|\blet\s+(?:me|him|her|us|them)\s+go\b|\blet\s+go\s+from\b"
        r"|\b(?:don'?t|do\s+not|doesn'?t)\s+have\s+(?:a\s+|any\s+)?(?:job|work)\b"
        r"|失业|没(?:了|有)?工作|丢了工作|工作(?:丢了|没了)|裁员|下岗|找不到工作|资遣"
        r"|被[^，,。.!！?？]{0,6}(?:裁|开除|辞退|解雇|炒)"
    ),
    "income_loss": re.compile(
        r"\b(?:no|lost\s+(?:my|our)?\s*)income\b|\bhaven'?t\s+been\s+paid\b"
        r"|\bsalary\s+(?:delayed|late|not\s+paid)\b|\bbusiness\s+(?:failed|closed|went\s+under)\b"
        r"|\bbankrupt|没(?:有)?收入|(?:工资|薪水|薪资)(?:还)?没(?:发|领|给)|欠薪|破产|倒闭|无薪假"
        r"|(?:公司|店|生意|工厂)(?:倒了|关了|垮了|没了)"
    ),
    "illness": re.compile(
        rf"\b(?:i'?m|i\s+am|im|been|was|got|fell|have\s+been|is|are)\s+(?:very\s+|really\s+|so\s+"
        rf"|seriously\s+|badly\s+)?{_ILL}\b|\b(?:in|at|from)\s+(?:the\s+)?hospital\b"
        rf"|\b{_WHO}\s+(?:is\s+|was\s+|got\s+)?(?:sick|ill|in\s+hospital)\b|\bsurgery\b|\bcancer\b"
        r"|\bchemo|\bmedical\s+(?:bills|treatment|emergency|issues)\b|\bstroke\b|\bheart\s+attack\b"
        r"|生病|病了|住院|手术|开刀|癌|医药费|看病|化疗|病倒|重病|大病|治病"
    ),
    "bereavement": re.compile(
        rf"\bpassed\s+away\b|\bfuneral\b|\b{_WHO}\s+(?:just\s+|recently\s+)?(?:died|passed(?!\s+(?:the|a|an|his|her|my|me|it|by)\b))\b"
        r"|\bdeath\s+in\s+(?:the|my)\s+family\b"
        r"|\bbereave|\blost\s+my\s+(?:wife|husband|mother|father|mom|mum|dad|son|daughter|child|baby"
        r"|partner|brother|sister)\b"
        r"|去世|过世|离世|病逝|丧事|葬礼|办后事|(?:处理|忙|张罗|料理|操办)[^。，,]{0,6}后事|走了(?=.{0,4}(?:爸|妈|父|母|家人))"
        rf"|{_ZH_KIN}(?:他|她)?(?:刚|刚刚|上个月|上周|上礼拜|上星期|前天|昨天|昨晚|今天|去年"
        r"|前几天|这几天|前阵子|突然|已经)?(?:就)?走了"
    ),
    "divorce": re.compile(r"\bdivorc|\bseparated\b|离婚"),
    "accident": re.compile(r"\baccident\b|\bcar\s+crash\b|车祸|出了意外|意外受伤|工伤"),
    "pregnancy": re.compile(
        r"\bpregnan|\bmaternity\s+leave\b|\bnew\s*born\b|怀孕|坐月子|产假|刚生"
    ),
    "disability": re.compile(r"\bdisab(?:led|ility)\b|\bhandicap|残疾|残障|失能"),
}


# Where a clause starts: punctuation, or a word that joins two statements.
_CLAUSE = re.compile(
    r"[,.;:!?，。；：！？、\n]|\b(?:but|and|because|cause|since|as|so|though|although|then|or)\b"
    r"|但是?|可是|不过|因为|所以|而且|然后|只是|或者"
)
# A negation just before the words (at most two words between: "not really unemployed").
_NEGATED_EN = re.compile(
    r"\b(?:not|never|didn'?t|did\s+not|don'?t|doesn'?t|haven'?t|hasn'?t|have\s+not|has\s+not"
    r"|wasn'?t|weren'?t|isn'?t|aren'?t|ain'?t|no\s+longer|nobody|no\s+one)\b(?:\s+[\w']+){0,2}\s*$"
)
_NEGATED_ZH = re.compile(
    r"(?:没有?|并没有?|并不是?|不是|不曾|未曾?|从未|从没有?|不再|不会|不)"
    r"(?:真的|真|再|曾经?|被|在|是|有|算)?\s*$"
)
# Something that may happen, not something that did.
_HYPOTHETICAL = re.compile(
    r"\b(?:if|in\s+case|worried|scared|might|could|would|unless|whether)\b"
    r"|如果|要是|万一|假如|假设|怕|担心|会不会|可能会|以免"
)
# Someone outside the household: their hardship is not the debtor's.
_OTHERS = re.compile(
    r"\b(?:friends?|colleagues?|co-?workers?|neighbou?rs?|roommates?|flatmates?|classmates?"
    r"|boss|someone|somebody|cousins?)\b|朋友|同事|邻居|室友|同学|老板|别人|熟人"
)
_FIRST_PERSON = re.compile(r"\b(?:i|me|i'?m|i'?ve|i'?d|we|us)\b|我")
# Said later in the message, these take the statement back.
_TAKEN_BACK = {
    "job_loss": re.compile(
        r"\b(?:found|landed|started|got)\s+(?:a\s+)?(?:new\s+)?(?:job|work)\b"
        r"|\b(?:found|got)\s+a\s+new\s+one\b|\bback\s+(?:at|to)\s+work\b|\bworking\s+again\b"
        r"|\bre-?employed\b|找到(?:了)?(?:新)?(?:的)?工作|(?:重新|又|已经)上班|复工|有工作了"
    ),
    "illness": re.compile(
        r"\brecovered\b|\b(?:all|much|feeling)\s+better\b|\bbetter\s+now\b|病好了|康复|痊愈|好多了"
    ),
}
# "…but not anymore" ends its clause ("no longer pay" says something else).
_ANY_MORE = re.compile(r"\bnot\s+any\s*more\b(?=\s*(?:[,.;:!?，。；！？]|$))|现在不是了|已经不是了")
_TAKEN_BACK_ANY = re.compile("|".join(p.pattern for p in (*_TAKEN_BACK.values(), _ANY_MORE)))


def _clause_before(text: str, start: int) -> str:
    """The words of the clause ``text[start:]`` begins in, before ``start``."""
    head = text[:start]
    cut = 0
    for m in _CLAUSE.finditer(head):
        cut = m.end()
    return head[cut:]


def disowned(text: str, start: int, end: int, kind: str | None = None) -> bool:
    """Whether the words ``text[start:end]`` state nothing about the debtor's own life.

    They are negated in their clause, hypothetical, about someone outside the household,
    or taken back later in the message (for ``kind``; any kind when ``None``).
    """
    before = _clause_before(text, start)
    if _negated(before) or _HYPOTHETICAL.search(before):
        return True
    others = list(_OTHERS.finditer(before))
    if others and not _FIRST_PERSON.search(before[others[-1].end() :]):
        return True
    back = _TAKEN_BACK_ANY if kind is None else _TAKEN_BACK.get(kind)
    for pattern in (_ANY_MORE, back):
        for m in pattern.finditer(text, end) if pattern is not None else ():
            if not _negated(_clause_before(text, m.start())):  # "haven't found work since"
                return True
    return False


def _negated(before: str) -> bool:
    return bool(_NEGATED_EN.search(before) or _NEGATED_ZH.search(before))


def stated(text: str, phrase: str) -> bool:
    """Whether ``phrase`` occurs in ``text`` at least once as the debtor's own statement."""
    at = text.find(phrase)
    while at >= 0:
        if not disowned(text, at, at + len(phrase)):
            return True
        at = text.find(phrase, at + 1)
    return False


def circumstances(text: str) -> tuple[str, ...]:
    """The kinds of circumstance ``text`` states as the debtor's own, in :data:`KINDS` order."""
    return tuple(
        kind
        for kind, pattern in _PATTERNS.items()
        if any(not disowned(text, m.start(), m.end(), kind) for m in pattern.finditer(text))
    )
