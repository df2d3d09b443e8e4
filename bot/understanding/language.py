"""A request to switch language: the language word must be (nearly) the whole message."""

from __future__ import annotations

import re

LANGUAGE_WORDS: tuple[tuple[str, str], ...] = (
    (r"english|eng|英文|英语|英語", "en"),
    (r"traditional(?:\s+chinese)?|繁体(?:中文|字)?|正体(?:中文|字)?|台湾(?:话|中文)", "zh_TW"),
    (r"simplified(?:\s+chinese)?|简体(?:中文|字)?|普通话|mandarin|国语|汉语", "zh_CN"),
    (r"chinese|中文|华语|zh", "zh"),
)
_LANGUAGE_FILLER = re.compile(
    r"\b(?:i'?d|we'?d|we'?ll|please|pls|plz|can|could|would|you|u|do|speak|talk|use|using|reply|write|answer|in|to|switch"
    r"|change|i|want|prefer|need|only|language|version|the|a|is|there|ok|okay|let'?s|an|option|text"
    r"|instead|hello|hi|sorry|my|no|not|good|at|all|understand|don'?t|we|us|just|maybe|shall"
    r"|now|from|on|rather|better|like|continue|carry)\b"
    r"|请|用|说|讲|换成|换|切换|改成|改用|回复|我要|我想|看|版|的|吗|可以|能|麻烦|有没有|有|模式|成|到|要"
    r"|我|你|会|不会|懂|看不懂|好|吧|呢|一下|语言|啊|呀|谢谢"
)

_NOT_UNDERSTOOD = re.compile(
    r"(?:看不懂|听不懂|不懂|不会|don'?t\s+(?:understand|read|speak)|can'?t\s+(?:understand|read))\s*"
    r"(?:english|chinese|英文|英语|中文|繁体|简体)"
)


def language_target(text: str) -> str | None:
    """Return the locale family asked for when the message is a language request."""
    text = _NOT_UNDERSTOOD.sub(" ", text)
    for pattern, target in LANGUAGE_WORDS:
        m = re.search(rf"(?:\b|^|(?<=[^a-z]))(?:{pattern})(?:\b|$|(?=[^a-z]))", text)
        if m is None:
            continue
        rest = text[: m.start()] + " " + text[m.end() :]
        rest = _LANGUAGE_FILLER.sub(" ", rest)
        if not re.sub(r"[\W_]+", "", rest):
            return target
    return None
