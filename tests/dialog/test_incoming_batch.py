"""The sixteenth batch (tests/dialog/incoming/), read by the word lists grown from its
concepts and a classifier that was never trained on it: every crisis and opt-out is read,
and no everyday message, legal question or look-alike raises an alarm.

First sight, before the word lists grew: crisis 120/123, opt-out 92/97, 34 of 263
alarmed, 20 of them frightened questions about legal steps ("will the police come to my
house??", 你们会上门吗？我家里有老人) that the classifier read as a crisis."""

from __future__ import annotations

from typing import Any

from bot.understanding.understand import Understander
from tests.dialog.test_understanding_corpus import BENCH

INCOMING = BENCH.CORPUS.parent / "incoming"


def test_the_incoming_batch_is_read_safely_without_training_on_it(
    understander: Understander,
) -> None:
    cases = BENCH.load_corpus(INCOMING)
    for locale in ("en", "zh_CN", "zh_TW"):
        mine = [c for c in cases if c.locale == locale]
        assert sum(c.intent == "distress" for c in mine) >= 35
        assert sum(c.intent == "stop" for c in mine) >= 25
    assert misread(understander, cases) == ([], [])


def misread(understander: Understander, cases: list[Any]) -> tuple[list[str], list[str]]:
    """The crises and opt-outs of ``cases`` not read as such, and the other messages read
    as a crisis or an opt-out."""
    read = [(c, BENCH.run(understander, c).intent) for c in cases]
    missed = [c.text for c, got in read if c.intent in ("distress", "stop") and got != c.intent]
    alarms = [c.text for c, got in read if c.intent not in ("distress", "stop")
              and got in ("distress", "stop")]  # fmt: skip
    return missed, alarms


def test_legal_questions_said_with_a_crisis_are_still_a_crisis(understander: Understander) -> None:
    """The classifier's crisis reading is not taken on a question about legal steps, unless
    words of life and death, or a place or a means, come with it."""
    read = [(c, BENCH.run(understander, c).intent) for c in BENCH.load_corpus(INCOMING, "*-m.yaml")]
    crises = [c.text for c, _ in read if c.intent == "distress"]
    assert len(crises) == 30
    assert [c.text for c, got in read if c.intent == "distress" and got != "distress"] == []
    assert [c.text for c, got in read if c.intent == "unknown" and got == "distress"] == []
