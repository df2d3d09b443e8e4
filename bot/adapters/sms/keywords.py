"""Carrier keywords: opt out, help and opt back in, in English and Chinese.

Only a message that is nothing but the keyword counts (``STOP``, ``stop.``,
``退订``); "please stop calling me at work" is understood by the dialog engine
like any other text (it, too, opts out).
"""

from __future__ import annotations

import re

STOP = "stop"
HELP = "help"
START = "start"
_WORDS = {
    STOP: {
        *("stop", "stopall", "unsubscribe", "cancel", "end", "quit", "optout"),
        *("退订", "退訂", "td", "t"),
    },
    HELP: {"help", "info", "帮助", "幫助"},
    START: {"start", "unstop", "yes", "订阅", "訂閱", "恢复", "恢復"},
}
_STRIP = re.compile(r"[\s\W_]+", re.UNICODE)


def keyword(text: str, *, opted_out: bool = False) -> str | None:
    """``stop``, ``help`` or ``start`` when ``text`` is only that keyword.

    ``yes`` opts back in only for someone who opted out (otherwise it answers a question).
    """
    word = _STRIP.sub("", text).lower()
    for name, words in _WORDS.items():
        if word in words:
            if name == START and word == "yes" and not opted_out:
                return None
            return name
    return None
