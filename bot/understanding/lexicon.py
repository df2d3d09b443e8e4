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


_ASCII_VISIBLE = re.compile(r"[!-~]")
_NOT_ASCII = re.compile(r"[^\x00-\x7f]")


class Lexeme:
    """One intent's entries, compiled as two alternations: the branches written in
    ASCII and those with Chinese (an entry with both kinds of branch is split).

    A message is scanned only by the alternation its script can match: a Chinese
    message without a Latin letter, digit or sign never runs the hundreds of
    English entries, nor an English one the Chinese. Matches come back in the order
    of the text, without overlaps, as one scan of the whole alternation gives them.
    """

    def __init__(self, parts: Iterable[str]) -> None:
        branches = [branch for part in parts for branch in top_level_branches(part)]
        self.latin = _alternation([b for b in branches if b.isascii()])
        self.other = _alternation([b for b in branches if not b.isascii()])

    def matches(self, text: str) -> list[str]:
        """The matched words, in order (stripped; may be empty for a zero-width entry)."""
        spans: list[tuple[int, int, str]] = []
        if self.latin is not None and _ASCII_VISIBLE.search(text):
            spans += [(m.start(), m.end(), m.group(0)) for m in self.latin.finditer(text)]
        if self.other is not None and _NOT_ASCII.search(text):
            spans += [(m.start(), m.end(), m.group(0)) for m in self.other.finditer(text)]
        if len(spans) > 1:
            spans.sort(key=lambda span: (span[0], -span[1]))
            kept, end = [], -1
            for span in spans:
                if span[0] >= end or span[0] == span[1]:
                    kept.append(span)
                    end = max(end, span[1])
            spans = kept
        return [word.strip() for _start, _end, word in spans]


def top_level_branches(pattern: str) -> list[str]:
    """``pattern`` split at its top-level ``|`` (outside groups, classes and escapes)."""
    branches: list[str] = []
    depth, start, i, in_class = 0, 0, 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if pattern[i + 1 : i + 2] == "^":
                i += 1
            if pattern[i + 1 : i + 2] == "]":
                i += 1  # "[]...]" and "[^]...]": the first ] is a member
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            branches.append(pattern[start:i])
            start = i + 1
        i += 1
    branches.append(pattern[start:])
    return branches


def _alternation(parts: list[str]) -> re.Pattern[str] | None:
    return re.compile("|".join(f"(?:{p})" for p in parts)) if parts else None


def compile_lexicon(extra: dict[str, Iterable[str]] | None = None) -> dict[str, Lexeme]:
    """Compile each intent's entries, adding configured extra phrases (matched literally)."""
    return {
        intent: Lexeme(entries(intent) + phrase_patterns((extra or {}).get(intent, ())))
        for intent in LEXICON
    }


def entries(intent: str) -> list[str]:
    """Every built-in entry of ``intent``, in the order they are tried."""
    return list(LEXICON[intent]) + list(_MORE.get(intent, ()))
