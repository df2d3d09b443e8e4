"""The statistical second opinion: when it speaks, what it may overrule, and what it ships."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.understanding.classifier import Classifier, features, shipped
from bot.understanding.normalize import fold
from bot.understanding.understand import Understander
from tests.dialog import classifier_training
from tests.dialog.test_understanding_corpus import BENCH

NOW = datetime(2025, 3, 12, 14, 0, tzinfo=UTC)

# Everyday messages the corpus does not hold: none may raise a crisis or an opt-out.
BENIGN = {
    "en": [
        "can you send me the statement as a pdf", "my wife handles the bills, can she call you",
        "is this the right number for the bank", "i moved house last month",
        "what time do you close on fridays", "the app keeps crashing when i log in",
        "thanks for being patient with me", "i'll be travelling next week",
        "my phone was broken, sorry for the late reply", "can i change my email address",
        "who am i speaking with", "i got a letter from you yesterday", "sorry i was at work",
        "good evening", "do you accept paypal",
    ],
    "zh_CN": [
        "你们几点下班", "我换了新手机号", "昨天收到你们的信了", "我在上班，晚点回复",
        "可以发个电子账单给我吗", "我老婆管账，她可以跟你们说吗", "这个号码是银行的吗",
        "我上个月搬家了", "谢谢你的耐心", "我下周出差",
    ],
    "zh_TW": [
        "你們幾點下班", "我換了新的手機號碼", "昨天有收到你們的信", "我在上班，晚點回",
        "可以寄電子帳單給我嗎", "這是銀行的電話嗎", "謝謝你的耐心", "我下禮拜要出差",
        "請問你是誰", "我剛剛在開會",
    ],
}  # fmt: skip


def _toy(weights: dict[str, dict[str, float]]) -> Understander:
    return Understander(classifier=Classifier(["distress", "stop", "yes", "unknown"], [0.0] * 4,
                                              weights))  # fmt: skip


def test_the_model_speaks_only_where_the_grammar_heard_nothing() -> None:
    u = _toy({"w:zebra": {"distress": 9.0}, "w:ok": {"distress": 1.0}})
    said = u.understand("zebra", locale="en", timezone="UTC", now=NOW)
    assert (said.intent, said.triggers) == ("distress", ("zebra",))
    # "ok" is a yes to the grammar; a weak crisis reading does not overrule it.
    assert u.understand("ok", locale="en", timezone="UTC", now=NOW).intent == "yes"


def test_a_confident_crisis_or_opt_out_reading_overrules_the_grammar() -> None:
    u = _toy({"w:ok": {"stop": 9.0}})
    assert u.understand("ok", locale="en", timezone="UTC", now=NOW).intent == "stop"


def test_letter_fragments_alone_do_not_overrule_the_grammar() -> None:
    # "good evening" is a greeting, whatever the trigrams of "evening" lean towards.
    u = _toy({"c: ok": {"stop": 9.0}, "c:ok ": {"distress": 9.0}})
    assert u.understand("ok", locale="en", timezone="UTC", now=NOW).intent == "yes"


def test_below_its_threshold_the_message_stays_unknown_and_the_bot_asks() -> None:
    # Four intents equally likely: 25% each, under every threshold.
    u = _toy({})
    said = u.understand("zebra crossing", locale="en", timezone="UTC", now=NOW)
    assert said.intent == "unknown"


@pytest.mark.parametrize("locale", sorted(BENIGN))
def test_everyday_messages_raise_no_crisis_and_no_opt_out(
    understander: Understander, locale: str
) -> None:
    alarms = [
        (text, said.intent)
        for text in BENIGN[locale]
        if (said := understander.understand(text, locale=locale, timezone="UTC", now=NOW)).intent
        in ("distress", "stop")
    ]
    assert alarms == []


def test_the_blind_crisis_and_opt_out_sets_are_recognised(understander: Understander) -> None:
    cases = BENCH.load_corpus(BENCH.BLIND)
    for _, intent in BENCH.BLIND_SETS:
        picked = [c for c in cases if c.intent == intent]
        assert {c.locale for c in picked} == {"en", "zh_CN", "zh_TW"}
        assert len(picked) >= 30
    scores = BENCH.heldout_report(
        understander, directory=BENCH.BLIND, sets=BENCH.BLIND_SETS, label="blind"
    )
    assert scores["crisis"] >= 0.95
    assert scores["opt-out"] >= 0.95


def test_the_second_blind_set_scores_what_the_bench_reports(understander: Understander) -> None:
    """Once unseen (21 of 30 crisis at first); its misses have since been read, so it now
    guards the warning signs they taught (a knife in hand, a last word to a mother)."""
    scores = BENCH.heldout_report(
        understander, directory=BENCH.BLIND2, sets=BENCH.BLIND_SETS, label="second blind"
    )
    assert scores["opt-out"] >= 0.95
    assert scores["crisis"] >= 0.95


def test_the_third_blind_set_scores_what_the_bench_reports(understander: Understander) -> None:
    """Written after the second was scored (17 of 30 crisis at first); its misses have since
    been read: giving things away, a sorry to a mother, a car running in a closed garage,
    walking into the water."""
    scores = BENCH.heldout_report(
        understander, directory=BENCH.BLIND3, sets=BENCH.BLIND_SETS, label="third blind"
    )
    assert scores["opt-out"] >= 30 / 30
    assert scores["crisis"] >= 30 / 30


def _assert_sizes(directory: Path) -> None:
    """18 crisis, 18 opt-out and 15 everyday messages, at least, in each language (lines a
    set shared with the corpus were taken out of it)."""
    cases = BENCH.load_corpus(directory)
    for intent, least in (("distress", 18), ("stop", 18), ("other", 15)):
        for locale in ("en", "zh_CN", "zh_TW"):
            assert sum(c.intent == intent and c.locale == locale for c in cases) >= least


def test_the_fourth_blind_set_scores_what_the_bench_reports(understander: Understander) -> None:
    """Written without reading the corpus or the word lists; first scored 39/60 crisis and
    50/60 opt-out. Its themes were read since: a floor at what it scores, not the goal."""
    _assert_sizes(BENCH.BLIND4)
    scores = BENCH.heldout_report(
        understander, directory=BENCH.BLIND4, sets=BENCH.BLIND_SETS, label="fourth blind"
    )
    assert scores["opt-out"] >= 60 / 60
    assert scores["crisis"] >= 60 / 60
    assert len(BENCH.hard_negatives_report(understander)) == 0


def test_the_blind_sets_share_no_message_with_what_was_tuned_or_trained() -> None:
    tuned = (*BENCH.load_corpus(), *BENCH.load_corpus(BENCH.CORPUS.parent / "incoming"))
    seen = {fold(c.text).text.strip() for c in tuned}
    blind = [
        c.text
        for d in (
            BENCH.BLIND,
            BENCH.BLIND2,
            BENCH.BLIND3,
            BENCH.BLIND4,
            BENCH.BLIND6,
            BENCH.BLIND7,
            BENCH.BLIND8,
            BENCH.BLIND9,
            BENCH.BLIND10,
            BENCH.BLIND11,
            BENCH.BLIND12,
            BENCH.BLIND13,
            BENCH.BLIND14,
            BENCH.BLIND15,
        )
        for c in BENCH.load_corpus(d)
    ]
    assert [t for t in blind if fold(t).text.strip() in seen] == []


def test_features_fold_traditional_and_simplified_alike() -> None:
    assert features(fold("不要再聯絡我").text) == features(fold("不要再联络我").text)
    assert features("") == {}


def test_the_shipped_weights_are_what_the_corpus_trains() -> None:
    assert classifier_training.main(["--check"]) == 0
    assert set(shipped().classes) == {c.intent for c in BENCH.load_corpus()}


def test_the_sixth_blind_set_scores_what_the_bench_reports(understander: Understander) -> None:
    """Written without reading what was tuned; a floor at its first score, not the goal."""
    _assert_sizes(BENCH.BLIND6)
    scores = BENCH.heldout_report(
        understander, directory=BENCH.BLIND6, sets=BENCH.BLIND_SETS, label="sixth blind"
    )
    assert scores["opt-out"] >= 60 / 60
    # 51 at first, 49 once the classifier had to hold its guess without the commonest
    # words; its misses were then read, and a crisis in one clause of a longer message
    # counts (53): since then this set is seen, not blind. 60 since the means and the
    # moment are heard without the word "die".
    assert scores["crisis"] >= 60 / 60
    misread = BENCH.hard_negatives_report(understander, directory=BENCH.BLIND6, label="sixth blind")
    assert misread == []


def test_the_seventh_blind_set_scores_what_the_bench_reports(understander: Understander) -> None:
    """Written without reading what was tuned; a floor at its first score, not the goal."""
    _assert_sizes(BENCH.BLIND7)
    scores = BENCH.heldout_report(
        understander, directory=BENCH.BLIND7, sets=BENCH.BLIND_SETS, label="seventh blind"
    )
    assert scores["opt-out"] >= 60 / 60
    # 47 when it was scored blind; 57 since a crisis said in payment talk counts (seen since);
    # 60 since the means and the moment are heard without the word "die".
    assert scores["crisis"] >= 60 / 60
    misread = BENCH.hard_negatives_report(
        understander, directory=BENCH.BLIND7, label="seventh blind"
    )
    assert misread == []


def test_the_eighth_blind_set_scores_what_the_bench_reports(understander: Understander) -> None:
    """Written without reading what was tuned. Scored once blind (crisis 71/75, opt-out 63/65,
    6 of 60 everyday messages misread); its misses have since been read, so it is seen."""
    _assert_sizes(BENCH.BLIND8)
    scores = BENCH.heldout_report(
        understander, directory=BENCH.BLIND8, sets=BENCH.BLIND_SETS, label="eighth blind"
    )
    assert scores["crisis"] >= 75 / 75
    assert scores["opt-out"] >= 65 / 65
    misread = BENCH.hard_negatives_report(
        understander, directory=BENCH.BLIND8, label="eighth blind"
    )
    assert misread == []


UNREAD = ((BENCH.BLIND9, "ninth blind"), (BENCH.BLIND10, "tenth blind"),
          (BENCH.BLIND11, "eleventh blind"), (BENCH.BLIND12, "twelfth blind"),
          (BENCH.BLIND13, "thirteenth blind"), (BENCH.BLIND14, "fourteenth blind"),
          (BENCH.BLIND15, "fifteenth blind"))  # fmt: skip


def test_the_unread_blind_sets_together_score_at_least_their_first_readings(
    understander: Understander,
) -> None:
    """The ninth to fifteenth sets, written without reading the code or the data and
    scored without printing their lines: nobody tuning has read them. Each retraining moves
    a set by a line or two either way, so the floor holds their sum, at what the code
    before the eleventh training batch read for the ninth to twelfth (crisis 68 + 61 + 65 +
    65 of 294, opt-out 65 + 65 + 54 + 50 of 246, 6 + 13 + 3 + 5 of 233 everyday messages
    alarmed) and at the thirteenth's first reading, before the thirteenth batch (crisis
    69/75, opt-out 70/75, 3 of 60), the fourteenth's before the fifteenth batch (75/75, 60/60,
    3 of 60) and the fifteenth's at first sight (73/75, 74/75, 3 of 60): a floor, not the
    goal (95%). Keep them unread."""
    crisis = opt_out = alarms = 0
    for directory, label in UNREAD:
        _assert_sizes(directory)
        cases = BENCH.load_corpus(directory)
        scores = BENCH.heldout_report(understander, directory=directory,
                                      sets=BENCH.BLIND_SETS, label=label)  # fmt: skip
        crisis += round(scores["crisis"] * sum(c.intent == "distress" for c in cases))
        opt_out += round(scores["opt-out"] * sum(c.intent == "stop" for c in cases))
        alarms += len(BENCH.hard_negatives_report(understander, directory=directory, label=label))
    assert crisis >= 68 + 61 + 65 + 65 + 69 + 75 + 73
    assert opt_out >= 65 + 65 + 54 + 50 + 70 + 60 + 74
    assert alarms <= 6 + 13 + 3 + 5 + 3 + 3 + 3


def test_the_freshness_check_forgives_rounding_but_not_a_changed_weight() -> None:
    shipped = {
        "classes": ["distress", "stop"],
        "intercept": [0.5, -0.5],
        "weights": {"w:die": {"distress": 2.31}, "w:stop": {"stop": 1.8, "distress": 0.11}},
    }
    rounding = {
        "classes": ["distress", "stop"],
        "intercept": [0.51, -0.5],
        "weights": {"w:die": {"distress": 2.32}, "w:stop": {"stop": 1.8}},
    }
    assert classifier_training.differ(shipped, rounding) == []
    changed = {**rounding, "weights": {"w:die": {"distress": 2.4}, "w:stop": {"stop": 1.8}}}
    assert classifier_training.differ(shipped, changed) == ["w:die distress: 2.31 != 2.4"]
    new_feature = {**rounding, "weights": {**rounding["weights"], "w:quit": {"stop": 0.9}}}
    assert classifier_training.differ(shipped, new_feature) == ["w:quit stop: None != 0.9"]
    other_classes = {**rounding, "classes": ["distress", "think"]}
    assert classifier_training.differ(shipped, other_classes)
