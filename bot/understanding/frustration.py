"""Rude words of frustration, not aimed at anyone ("this is bullshit", "so annoying",
你们烦不烦啊, 煩死了, 有完没完): a debtor fed up with being asked, who is answered calmly
and asked again, not handed to a person nor taken to opt out. Insults and threats aimed
at staff ("fuck you", 你们有病吧) are the ``abuse`` word list's; an explicit opt-out
("stop messaging me", 别烦我) stays one.

Patterns run on folded text (lower case, Simplified Chinese).
"""

from __future__ import annotations

import re

FRUSTRATION = re.compile(
    r"\b(?:bull\s*shit|bs|ridiculous|absurd|annoying|nonsense|rubbish|crap|wtf|ffs|omg"
    r"|what\s+the\s+(?:hell|heck|fuck|f)|for\s+(?:fuck|god|christ)'?s\s+sake"
    r"|(?:sick|tired)\s+of\s+(?:this|it|all\s+this)|fed\s+up|a\s+joke|unbelievable"
    r"|so\s+(?:annoying|stupid|pointless)|pain\s+in\s+the\s+(?:ass|arse|neck)|fucking|freaking)\b"
    r"|烦不烦|烦死|好烦|真烦|太烦|烦人|有完没完|搞什么|什么鬼|扯淡|胡扯|无语|受不了|莫名其妙|卧槽|我靠|靠北|他妈的|妈的|tmd"
)
# Words that make a message an opt-out whatever else it says.
_OPT_OUT = re.compile(
    r"\b(?:stop|unsubscribe|opt\s+out|leave\s+me\s+alone|don'?t\s+(?:contact|message|text|call))\b"
    r"|别|不要|不准|不许|退订|取消|拉黑"
)


def frustrated(folded: str) -> bool:
    """Whether folded ``folded`` voices frustration in rude words."""
    return FRUSTRATION.search(folded) is not None


def opts_out(folded: str) -> bool:
    """Whether folded ``folded`` has words of an opt-out in it."""
    return _OPT_OUT.search(folded) is not None
