"""The labelled corpus: intent accuracy per language and exact entities."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from bot.understanding.normalize import fold
from bot.understanding.understand import INTENTS, Understander


def _bench() -> ModuleType:
    path = Path(__file__).resolve().parents[2] / "bench" / "understanding.py"
    spec = importlib.util.spec_from_file_location("bench_understanding", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


BENCH = _bench()
CASES = BENCH.load_corpus()


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_corpus_has_at_least_300_messages_per_language_over_all_intents(locale: str) -> None:
    cases = [c for c in CASES if c.locale == locale]
    assert len(cases) >= 300
    assert {c.intent for c in cases} == set(INTENTS)


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_intent_accuracy_is_at_least_95_percent(understander: Understander, locale: str) -> None:
    """Over the corpus's own files and the ninth batch. The eleventh to fourteenth batches
    are mostly crisis, opt-out and near misses, labelled by their writers (who read none of
    the corpus): each has its own floor below, all crises and opt-outs read, none alarming."""
    later = {c.text for p in (BENCH.ELEVENTH, BENCH.TWELFTH, BENCH.THIRTEENTH, BENCH.FOURTEENTH)
             for c in BENCH.load_corpus(BENCH.CORPUS, p)}  # fmt: skip
    cases = [c for c in CASES if c.locale == locale and c.text not in later]
    misses = [
        (c.text, c.intent, got.intent)
        for c in cases
        if (got := BENCH.run(understander, c)).intent != c.intent
    ]
    accuracy = 1 - len(misses) / len(cases)
    assert accuracy >= 0.95, misses


def test_every_labelled_entity_is_read_exactly(understander: Understander) -> None:
    wrong = []
    for case in CASES:
        if case.expect:
            mismatches = BENCH.entity_mismatches(case, BENCH.run(understander, case))
            if mismatches:
                wrong.append((case.text, mismatches))
    assert wrong == []


def test_safety_intents_have_no_misses(understander: Understander) -> None:
    safety = {"distress", "stop", "wrong_person", "dispute"}
    misses = [
        (c.text, c.intent, BENCH.run(understander, c).intent)
        for c in CASES
        if c.intent in safety and BENCH.run(understander, c).intent != c.intent
    ]
    assert misses == []


def test_the_ninth_batch_is_read_as_labelled_and_its_near_misses_raise_no_alarm(
    understander: Understander,
) -> None:
    """Written without reading the code (80 crisis, 50 opt-out, 80 near misses a language):
    trained and tuned on, so every crisis and opt-out is read and no near miss alarms."""
    cases = BENCH.load_corpus(BENCH.CORPUS, BENCH.NINTH)
    for locale in ("en", "zh_CN", "zh_TW"):
        mine = [c for c in cases if c.locale == locale]
        assert sum(c.intent == "distress" for c in mine) == 80
        assert sum(c.intent == "stop" for c in mine) == 50
        assert sum(c.intent not in ("distress", "stop") for c in mine) == 80
    read = [(c, BENCH.run(understander, c).intent) for c in cases]
    alarms = [c.text for c, got in read if c.intent not in ("distress", "stop")
              and got in ("distress", "stop")]  # fmt: skip
    assert alarms == []
    assert sum(got == c.intent for c, got in read) / len(read) >= 0.98


# The writer batches, each written without reading the code (lines a held-out or blind set
# also held were left out), scored once at first sight, then trained and tuned on:
# (files, least crises and opt-outs per language, most alarms, least exact accuracy).
WRITER_BATCHES = [
    # first sight: crisis 326/360, opt-out 224/240, 31 of 420 near misses alarmed. One near
    # miss still alarms ("……好绝望啊", despair said of money: a kind word and a person's
    # look cost less than a miss). 滚 alone was relabelled abuse, as the corpus reads it.
    pytest.param(BENCH.ELEVENTH, 120, 70, 1, 0.90, id="eleventh"),
    # longer messages and very short ones; first sight: crisis 305/334, opt-out 185/197,
    # 15 of 388 near misses alarmed
    pytest.param(BENCH.TWELFTH, 100, 55, 0, 0.85, id="twelfth"),
    # formal, elderly, non-native, indirect and voice-to-text; first sight: crisis 304/326,
    # opt-out 279/294, 21 of 403 near misses alarmed
    pytest.param(BENCH.THIRTEENTH, 100, 90, 0, 0.85, id="thirteenth"),
    # in debtors' own situations, and replies to the bot's questions; first sight: crisis
    # 325/359, opt-out 247/255, 13 of 413 near misses alarmed
    pytest.param(BENCH.FOURTEENTH, 110, 80, 0, 0.85, id="fourteenth"),
]


@pytest.mark.parametrize(("pattern", "crises", "opt_outs", "most_alarms", "exact"), WRITER_BATCHES)
def test_a_writer_batch_is_read_as_labelled_and_raises_no_alarm(
    understander: Understander,
    pattern: str,
    crises: int,
    opt_outs: int,
    most_alarms: int,
    exact: float,
) -> None:
    """Every crisis and opt-out of the batch is read. Everyday near misses are read safe,
    though not always as their writer's exact intent (a day named in passing still reads
    as a day offered now and then); lines read as the corpus's own think or pause were
    relabelled, with a comment."""
    cases = BENCH.load_corpus(BENCH.CORPUS, pattern)
    for locale in ("en", "zh_CN", "zh_TW"):
        mine = [c for c in cases if c.locale == locale]
        assert sum(c.intent == "distress" for c in mine) >= crises
        assert sum(c.intent == "stop" for c in mine) >= opt_outs
    read = [(c, BENCH.run(understander, c).intent) for c in cases]
    missed = [c.text for c, got in read if c.intent in ("distress", "stop") and got != c.intent]
    alarms = [c.text for c, got in read if c.intent not in ("distress", "stop")
              and got in ("distress", "stop")]  # fmt: skip
    assert missed == []
    assert len(alarms) <= most_alarms
    assert sum(got == c.intent for c, got in read) / len(read) >= exact


def test_held_out_crisis_opt_out_and_confirmation_phrasings_are_recognised(
    understander: Understander,
) -> None:
    scores = BENCH.heldout_report(understander)
    cases = BENCH.load_corpus(BENCH.HELDOUT)
    for title, intent in BENCH.HELDOUT_SETS:
        assert {c.locale for c in cases if c.intent == intent} == {"en", "zh_CN", "zh_TW"}
        assert sum(c.intent == intent for c in cases) >= 30
        assert scores[title] >= 0.95, title


def test_the_fifth_held_out_set_scores_what_the_bench_reports(understander: Understander) -> None:
    """A random third of one batch written by warning-sign category, never trained on. It
    is seen now (its first misses, crisis 107 of 115, opt-out 62 of 69, 6 of 58 near misses
    raising an alarm, were fixed by general patterns): every line is read right and no near
    miss raises an alarm. A ratchet against regressions, no longer a measure of reach."""
    cases = BENCH.load_corpus(BENCH.HELDOUT5)
    for intent, least in (("distress", 35), ("stop", 20), ("other", 18)):
        for locale in ("en", "zh_CN", "zh_TW"):
            assert sum(c.intent == intent and c.locale == locale for c in cases) >= least
    seen = {fold(c.text).text.strip() for c in CASES}
    assert [c.text for c in cases if fold(c.text).text.strip() in seen] == []
    scores = BENCH.heldout_report(
        understander, directory=BENCH.HELDOUT5, sets=BENCH.BLIND_SETS, label="fifth held-out"
    )
    # 115 before the classifier had to hold its crisis guess without the commonest words,
    # 112 after, 115 again since the means and the moment are heard without the word "die".
    assert scores["crisis"] >= 115 / 115
    assert scores["opt-out"] >= 69 / 69
    alarms = BENCH.hard_negatives_report(
        understander, directory=BENCH.HELDOUT5, label="fifth held-out"
    )
    assert len(alarms) == 0
