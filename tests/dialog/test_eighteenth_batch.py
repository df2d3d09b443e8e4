"""The eighteenth batch (tests/dialog/eighteenth/), read by word lists grown from its
concepts and a classifier never trained on it: every crisis and opt-out is read, and no
everyday message raises an alarm.

First sight, before the word lists grew: crisis 218/240, opt-out 74/75, 30 of 180 everyday
messages alarmed."""

from __future__ import annotations

from bot.understanding.understand import Understander
from tests.dialog.test_incoming_batch import misread
from tests.dialog.test_understanding_corpus import BENCH

EIGHTEENTH = BENCH.CORPUS.parent / "eighteenth"


def test_the_eighteenth_batch_is_read_safely_without_training_on_it(
    understander: Understander,
) -> None:
    cases = BENCH.load_corpus(EIGHTEENTH)
    for locale in ("en", "zh_CN", "zh_TW"):
        mine = [c for c in cases if c.locale == locale]
        assert sum(c.intent == "distress" for c in mine) == 80
        assert sum(c.intent == "stop" for c in mine) >= 25
    assert misread(understander, cases) == ([], [])
