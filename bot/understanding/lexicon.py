"""The words debtors use for each intent, in English and Chinese (Simplified after folding).

Patterns run on folded text (see :mod:`bot.understanding.normalize`), so Traditional and
full-width input need no entries of their own. English entries use word boundaries;
common misspellings of the key words are repaired first
(:func:`bot.understanding.typos.correct_typos`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.understanding.crisis_words import DISTRESS
from bot.understanding.optout_words import STOP
from bot.understanding.words_money import MONEY_WORDS
from bot.understanding.words_safety import SAFETY_WORDS
from bot.understanding.words_talk import TALK_WORDS

_MORE = {"distress": DISTRESS, "stop": STOP}

# Every intent's words (the tables are split by what they are about).
LEXICON: dict[str, tuple[str, ...]] = {**SAFETY_WORDS, **MONEY_WORDS, **TALK_WORDS}

STOPWORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "one",
        "i",
        "to",
        "of",
        "in",
        "on",
        "for",
        "it",
        "is",
        "and",
        "or",
        "me",
        "my",
        "please",
        "pls",
        "option",
        "choice",
        "plan",
        "that",
        "this",
        "with",
        "want",
        "take",
        "go",
        "pick",
        "choose",
        "will",
        "would",
        "like",
        "do",
    ]
)


def phrase_patterns(phrases: Iterable[str]) -> list[str]:
    """Regex sources matching configured ``phrases`` literally in folded text.

    Each phrase is folded like a message (NFKC, lower case, Traditional to
    Simplified); runs of spaces match any whitespace; ASCII phrases match whole words.
    """
    from bot.understanding.normalize import fold

    out = []
    for phrase in phrases:
        words = fold(phrase.strip()).text.split()
        if not words:
            continue
        literal = r"\s+".join(re.escape(w) for w in words)
        out.append(rf"\b{literal}\b" if phrase.isascii() else literal)
    return out


def compile_lexicon(extra: dict[str, Iterable[str]] | None = None) -> dict[str, re.Pattern[str]]:
    """Compile one pattern per intent, adding configured extra phrases (matched literally)."""
    compiled: dict[str, re.Pattern[str]] = {}
    for intent, patterns in LEXICON.items():
        parts = (
            list(patterns)
            + list(_MORE.get(intent, ()))
            + phrase_patterns((extra or {}).get(intent, ()))
        )
        compiled[intent] = re.compile("|".join(f"(?:{p})" for p in parts))
    return compiled
