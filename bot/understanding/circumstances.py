"""Hardship and vulnerability a debtor states: job loss, illness, a death in the family ….

Read from folded text (lower case, Simplified Chinese). Only the kind is kept; a
message may name several ("I lost my job and my mother died").
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
    r"|sister|grand(?:ma|pa|mother|father)|parent)"
)
_PATTERNS: dict[str, re.Pattern[str]] = {
    "job_loss": re.compile(
        r"\blost\s+(?:my|his|her|our|the)?\s*(?:job|work)\b|\blaid\s+off\b|\b(?:got|been|was)\s+fired\b"
        r"|\bmade\s+redundant\b|\bredundan|\bunemployed\b|\bout\s+of\s+work\b|\bjobless\b"
        r"|\bno\s+(?:job|work)\b|\blet\s+(?:me|him|her|us|them)\s+go\b|\blet\s+go\s+from\b"
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
        rf"\bpassed\s+away\b|\bfuneral\b|\b{_WHO}\s+(?:just\s+)?died\b|\bdeath\s+in\s+(?:the|my)\s+family\b"
        r"|\bbereave|\blost\s+my\s+(?:wife|husband|mother|father|mom|mum|dad|son|daughter|child|baby"
        r"|partner|brother|sister)\b"
        r"|去世|过世|离世|病逝|丧事|葬礼|办后事|走了(?=.{0,4}(?:爸|妈|父|母|家人))|(?:爸|妈|父亲|母亲|家人|老公|老婆)(?:刚)?走了"
    ),
    "divorce": re.compile(r"\bdivorc|\bseparated\b|离婚"),
    "accident": re.compile(r"\baccident\b|\bcar\s+crash\b|车祸|出了意外|意外受伤|工伤"),
    "pregnancy": re.compile(
        r"\bpregnan|\bmaternity\s+leave\b|\bnew\s*born\b|怀孕|坐月子|产假|刚生"
    ),
    "disability": re.compile(r"\bdisab(?:led|ility)\b|\bhandicap|残疾|残障|失能"),
}


def circumstances(text: str) -> tuple[str, ...]:
    """The kinds of circumstance ``text`` states, in :data:`KINDS` order."""
    return tuple(kind for kind, pattern in _PATTERNS.items() if pattern.search(text))
