"""Intents: the listed forms, precedence, choices, languages, and robustness."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.understanding.understand import INTENTS, Understander, Understanding

NOW = datetime(2025, 3, 12, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
OFFERS = ("Pay in full today (5% off)", "3 monthly payments", "6 monthly payments")
U = Understander()
U.warm_up()


def understand(text: str, locale: str = "en", choices: tuple[str, ...] = ()) -> Understanding:
    return U.understand(text, locale=locale, timezone="Asia/Shanghai", now=NOW, choices=choices)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("pay it all", "pay_in_full"), ("一次性还清", "pay_in_full"), ("一次性還清", "pay_in_full"),
        ("3 months instead", "instalments"), ("分6期", "instalments"),
        ("I can only pay 300 a month", "counter_offer"), ("每月五百", "counter_offer"),
        ("下周五先付一千", "counter_offer"), ("can I start on the 15th?", "counter_offer"),
        ("I lost my job", "hardship"), ("失业了", "hardship"), ("生病了没钱", "hardship"),
        ("kill myself", "distress"), ("想死", "distress"), ("活不下去", "distress"),
        ("STOP", "stop"), ("unsubscribe", "stop"), ("don't contact me", "stop"), ("退订", "stop"),
        ("别再发了", "stop"), ("不要再联系我", "stop"), ("取消订阅", "stop"), ("取消訂閱", "stop"),
        ("not my debt", "dispute"), ("金额不对", "dispute"), ("this isn't my debt", "dispute"),
        ("I already paid", "already_paid"), ("wrong person", "wrong_person"),
        ("我不是他", "wrong_person"), ("打错了", "wrong_person"), ("talk to a person", "human"),
        ("转人工", "human"), ("真人", "human"), ("agent", "human"),
        ("why is there interest", "balance_question"), ("what is this fee", "balance_question"),
        ("为什么有利息", "balance_question"), ("fuck you", "abuse"), ("hi", "greeting"),
        ("help", "help"), ("好的", "yes"), ("可以", "yes"), ("行", "yes"), ("对", "yes"),
        ("是的", "yes"), ("嗯", "yes"), ("ok", "yes"), ("sure", "yes"), ("yep", "yes"),
        ("不", "no"), ("不行", "no"), ("不要", "no"), ("nope", "no"), ("asdfgh", "unknown"),
    ],
)  # fmt: skip
def test_listed_intent_forms(text: str, intent: str) -> None:
    assert understand(text).intent == intent


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("I lost my job and I want to kill myself", "distress"),
        ("stop texting me or I'll kill myself", "distress"),
        ("我把银行卡密码都留给家人了，以后不用找我了", "distress"),
        ("i've left my pin and passwords for my son, goodbye", "distress"),
        ("以后不用再联系我了", "stop"),
        ("別再打電話傳訊息給我", "stop"),
        ("晚上十点以后不要发消息，以后都别联系我了", "stop"),
        ("don't call me, text is fine. actually no, stop texting me too", "stop"),
        ("these fees are killing me and i want to kill myself", "distress"),
        # a debtor represented by a lawyer may not be contacted directly (FDCPA 1692c(a)(2))
        ("all communication must go through my attorney", "stop"),
        ("有事請找我的律師", "stop"),
        ("let me check with my lawyer", "think"),
        ("my lawyer says i should pay in instalments", "instalments"),
        ("不要再打电话、发短信给我", "stop"),
        ("把钱转给我妈了，她帮我还", "unknown"),
        ("fuck off and stop texting me", "stop"),
        ("wrong number, stop messaging", "stop"),
        ("not my debt, wrong person", "wrong_person"),
        ("this isn't my debt, let me talk to a human", "dispute"),
        ("I already paid, get me an agent", "already_paid"),
        ("I lost my job, can I pay 50 a month", "hardship"),
        ("can't afford it, 50 a month?", "counter_offer"),
        ("ok 500 next week", "counter_offer"),
        ("no, I can only do 100", "counter_offer"),
        ("I can't pay it all at once", "instalments"),
        ("hi, can I pay in instalments", "instalments"),
    ],
)
def test_precedence(text: str, intent: str) -> None:
    assert understand(text).intent == intent


@pytest.mark.parametrize(
    "text",
    [
        "these late fees are killing me", "my boss will kill me if i'm on my phone",
        "i'm dying to get this paid off", "i'm dead broke till friday", "气死我了，利息怎么这么高",
        "累死了，明天再说", "這利息要人命欸", "don't call me, text is fine",
        "don't text me before 9am please", "不要打给我，发短信就行", "晚上十点以后不要发消息",
        "上班時間不要打給我，傳訊息就好", "stop the auto debit, i'll pay manually", "取消自动扣款",
    ],
)  # fmt: skip
def test_figures_of_speech_and_a_channel_or_hour_asked_for_raise_no_alarm(text: str) -> None:
    assert understand(text).intent not in ("distress", "stop")


def test_result_carries_triggers_and_confidence() -> None:
    result = understand("please stop messaging me")
    assert result.intent == "stop"
    assert result.triggers == ("stop messaging",)
    assert 0.9 <= result.confidence <= 1
    assert understand("zxcv").confidence < 0.5
    assert all(understand(t).intent in INTENTS for t in ("", "   ", "🙂", "?!"))


@pytest.mark.parametrize(
    ("text", "choice"),
    [("2", 2), ("the second one", 2), ("第二个", 2), ("第二個", 2), ("option 3", 3), ("#1", 1),
     ("the last one", 3), ("pay in full", 1), ("6 monthly payments", 3), ("3 months", 2),
     ("一次性", 1), ("２", 2)],
)  # fmt: skip
def test_choices(text: str, choice: int) -> None:
    result = understand(text, choices=OFFERS)
    assert (result.intent, result.choice) == ("choose", choice)


def test_chinese_labels_map_chinese_words() -> None:
    labels = ("一次性还清（减免5%）", "分3个月", "分6个月")
    assert understand("一次性", "zh_CN", labels).choice == 1
    assert understand("6个月那个", "zh_CN", labels).choice == 3


def test_a_vague_pick_is_flagged_for_the_dialog_to_ask() -> None:
    result = understand("the monthly one", choices=OFFERS)
    assert result.choice is None
    assert "choice" in result.ambiguous


def test_an_option_number_out_of_range_is_not_a_choice() -> None:
    result = understand("5", choices=OFFERS)
    assert result.intent != "choose"
    assert "choice" in result.ambiguous


def test_pay_in_full_with_a_date_keeps_the_date_and_the_option() -> None:
    result = understand("pay it all next Friday", choices=OFFERS)
    assert (result.intent, result.choice, result.dates) == ("pay_in_full", 1, (date(2025, 3, 21),))


def test_counter_offer_entities() -> None:
    result = understand("I can manage 120 per month for 6 months")
    assert result.intent == "counter_offer"
    assert (result.amounts[0].value, result.count, result.frequency) == (Decimal(120), 6, "monthly")
    assert understand("每两周还300").frequency == "biweekly"
    assert understand("分6期").count == 6


@pytest.mark.parametrize(
    ("text", "locale", "target"),
    [("English please", "zh_CN", "en"), ("说中文", "en", "zh_CN"), ("說中文", "en", "zh_TW"),
     ("繁體", "zh_CN", "zh_TW"), ("中文", "en", "zh_CN"), ("中文", "zh_TW", "zh_TW"),
     ("简体", "zh_TW", "zh_CN")],
)  # fmt: skip
def test_language_switch(text: str, locale: str, target: str) -> None:
    result = understand(text, locale)
    assert (result.intent, result.language) == ("language", target)


def test_chinese_new_year_is_not_a_language_request() -> None:
    assert understand("I'll pay after chinese new year").intent != "language"


def test_configured_phrases_extend_stop_and_distress() -> None:
    custom = Understander(extra_stop=["go away bot"], extra_distress=["我不想醒来"])
    assert custom.understand("Go away bot!", locale="en", timezone="UTC", now=NOW).intent == "stop"
    assert custom.understand("我不想醒來", locale="zh_TW", timezone="UTC", now=NOW).intent == (
        "distress"
    )


@pytest.mark.parametrize(
    "text",
    ["I am playing the blue whale game", "BLUE WHALE  GAME tonight", "ｂｌｕｅ ｗｈａｌｅ ｇａｍｅ",
     "我在玩藍鯨遊戲", "我在玩蓝鲸游戏"],
)  # fmt: skip
def test_configured_phrases_are_folded_like_messages_and_not_typo_corrected(text: str) -> None:
    # "whale" is one letter from the built-in "whole": typo repair must not hide the phrase.
    custom = Understander(extra_distress=["Blue Whale Game", "藍鯨遊戲"], extra_stop=["LEAVE ME"])
    assert custom.understand(text, locale="en", timezone="UTC", now=NOW).intent == "distress"
    assert custom.understand("leave  me", locale="en", timezone="UTC", now=NOW).intent == "stop"
    assert custom.understand("bluewhale game", locale="en", timezone="UTC", now=NOW).intent != (
        "distress"
    )


@pytest.mark.parametrize(
    ("text", "intent"),
    [("ｓｔｏｐ", "stop"), ("unsubscibe", "stop"), ("instalmants?", "instalments"),
     ("STOP!!! 😡", "stop"), ("ok👍", "yes"), ("OK的", "yes"), ("好的👌", "yes")],
)  # fmt: skip
def test_full_width_typos_and_emoji(text: str, intent: str) -> None:
    assert understand(text).intent == intent


@settings(max_examples=300)
@given(st.text(max_size=80), st.sampled_from(["en", "zh_CN", "zh_TW"]))
def test_random_text_never_raises(text: str, locale: str) -> None:
    result = U.understand(text, locale=locale, timezone="Asia/Taipei", now=NOW, choices=OFFERS)
    assert result.intent in INTENTS
    assert all(day >= date(2025, 3, 12) for day in result.dates)
    assert 0 <= result.confidence <= 1


FRAGMENTS = [*"我还分期万千块号一二十月底天后，$¥k ", "500", "下周五", "stop", "6", "15", "th",
             "on the", "next", "pay", "all"]  # fmt: skip


@settings(max_examples=200)
@given(
    st.lists(
        st.sampled_from(FRAGMENTS),
        max_size=12,
    )
)  # fmt: skip
def test_chat_like_fragments_never_raise(parts: list[str]) -> None:
    result = understand("".join(parts), "zh_CN", OFFERS)
    assert result.intent in INTENTS
    assert all(day >= date(2025, 3, 12) for day in result.dates)
