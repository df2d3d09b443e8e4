"""Questions about a plan on the screen: how many payments, when the first or the last is,
how much each one is, how long it runs ("how many payments is that?", "and when is the
last one?", 一共要还几期？, 最後一期是哪天). The plan waiting for a yes answers them all, so
the dialog shows it again rather than saying it did not understand.

Patterns run on folded text (lower case, Simplified Chinese).
"""

from __future__ import annotations

import re

_PAYMENT = r"(?:payments?|instal+ments?|months?|weeks?|one|amount)"
PLAN_QUESTION = re.compile(
    r"\bhow\s+many\s+(?:payments|instal+ments|months|weeks|times|of\s+them)\b"
    r"|\bhow\s+long\s+(?:will|would|is|does|do)\b[^.!?]{0,24}\b(?:take|last|run|go\s+on|plan|be\s+paying)\b"
    r"|\b(?:when|what\s+day|what\s+date|how\s+much|what)(?:'s|s|\s+is|\s+are|\s+will|\s+would|\s+do|\s+does|\s+was)?"
    rf"\b[^.!?]{{0,20}}\b(?:(?:the\s+)?(?:last|first|final|next|each|every|monthly)\s+{_PAYMENT}"
    r"|(?:it|the\s+plan|this|that)\s+(?:end|finish|over|done|start|begin)\w*)\b"
    r"|\b(?:in\s+total|altogether|all\s+together|total\s+(?:amount|cost))\s*\?"
    r"|(?:一共|总共|共|要|还要|得|分)(?:要|得)?(?:还|缴|付|交)?(?:几|多少)期|(?:几|多少)期(?:啊|呀)?(?:\?|？|吗|呢)"
    r"|还(?:几|多少)次(?:\?|？|吗|呢)|(?:最后|第一|首|下)一?期[^。？?]{0,6}(?:哪|什么时候|几号|多少|何时|啥时候)"
    r"|每(?:期|个?月|次)(?:要|得|需要)?(?:还|缴|付|交)?多少|(?:要|得)?(?:还|缴|付)(?:到|多久|几个月)"
    r"(?:什么时候|哪|多久|为止)?[^。]{0,2}(?:\?|？|吗|呢|$)"
)


def asks_about_the_plan(folded: str) -> bool:
    """Whether folded ``folded`` asks how many payments a plan has, when its first or last
    one is, how much each is or how long it runs."""
    return PLAN_QUESTION.search(folded) is not None
