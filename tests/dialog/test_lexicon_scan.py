"""The word lists scan each message by script, with the result of one scan of each list."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from bot.understanding.lexicon import (
    LEXICON,
    Lexeme,
    compile_lexicon,
    entries,
    top_level_branches,
)
from bot.understanding.normalize import fold
from bot.understanding.typos import correct_typos

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("pattern", "branches"),
    [
        ("a|b", ["a", "b"]),
        ("(?:a|b)c|d", ["(?:a|b)c", "d"]),
        (r"a\|b|c", [r"a\|b", "c"]),
        ("[|]x|y", ["[|]x", "y"]),
        ("[]|]x|y", ["[]|]x", "y"]),
        ("[^]|]x|y", ["[^]|]x", "y"]),
        ("不要|stop", ["不要", "stop"]),
    ],
)
def test_an_entry_splits_at_its_top_level_bars_only(pattern: str, branches: list[str]) -> None:
    assert top_level_branches(pattern) == branches


def test_a_mixed_entry_is_heard_in_either_script() -> None:
    lexeme = Lexeme([r"\bstop\b|停止", "别再发"])
    assert lexeme.matches("please stop") == ["stop"]
    assert lexeme.matches("停止吧") == ["停止"]
    assert lexeme.matches("stop，别再发了") == ["stop", "别再发"]
    assert lexeme.matches("今天天气好") == []


def test_punctuation_alone_still_reaches_the_ascii_entries() -> None:
    assert Lexeme([r"^\?+$"]).matches("??") == ["??"]


def test_every_list_finds_what_one_scan_of_it_finds_on_the_corpus() -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from understanding import CORPUS, load_corpus

    texts = [correct_typos(fold(c.text).text) for c in load_corpus(CORPUS)[::11]]
    scanned = compile_lexicon()  # distress and stop with their long lists
    for intent in LEXICON:
        whole = re.compile("|".join(f"(?:{p})" for p in entries(intent)))
        for text in texts:
            expected = [m.group(0).strip() for m in whole.finditer(text)]
            assert scanned[intent].matches(text) == expected, (intent, text)
