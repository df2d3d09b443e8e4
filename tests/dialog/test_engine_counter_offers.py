"""Counter-offers: no near-duplicate plans, and reasons joined the way each language writes."""

from __future__ import annotations

from tests.dialog.conftest import Chat, Debtor


def test_counter_offer_is_not_listed_next_to_a_near_duplicate_en(
    chat: Chat, accounts: dict[str, Debtor]
) -> None:
    chat.verify(accounts["en"])
    replies = chat.say("I can pay 460 a month starting in 30 days")
    assert "the first payment can be on Mar 24, 2026 at the latest" in replies[0].text
    assert [b.label for b in replies[-1].buttons] == [
        "5 monthly payments of $460.00 and a last of $445.75, first on Mar 24, 2026",
        "Pay $2,608.46 in full by Mar 17, 2026 (you save $137.29)",
        "3 monthly payments of $915.25, first on Mar 17, 2026",
    ]  # not also "6 monthly payments of $457.62"
    assert chat.press(1)[-1].text.startswith(
        "Here is the plan: 5 monthly payments of $460.00 and a last of $445.75, "
        "first on Mar 24, 2026.\nMar 24, 2026: $460.00"
    )


def test_counter_offer_is_not_listed_next_to_a_near_duplicate_zh_cn(
    chat: Chat, accounts: dict[str, Debtor]
) -> None:
    chat.verify(accounts["zh_CN"])
    replies = chat.say("每月1951，两个月后开始")
    labels = [b.label for b in replies[-1].buttons]
    assert labels[0] == "前5期每月还¥1,951.00，最后一期还¥1,945.50，首期2026年3月24日"
    assert not any("共6期" in label for label in labels[1:])
    assert len(labels) == 3


def test_chinese_reasons_are_joined_with_chinese_punctuation(
    chat: Chat, accounts: dict[str, Debtor], new_chat
) -> None:  # type: ignore[no-untyped-def]
    chat.verify(accounts["zh_CN"])
    text = chat.say("每月20，两个月后开始")[0].text
    assert text.startswith(
        "这个方案我无法同意：每期最少要还¥975.04（还款期限最长12个月）；"
        "首期还款最晚可以在2026年3月24日（14天内）。"
    )
    assert "; " not in text
    taiwan: Chat = new_chat("tw")
    taiwan.verify(accounts["zh_TW"])
    text = taiwan.say("每月20，兩個月後開始")[0].text
    assert "；" in text and "; " not in text
    english: Chat = new_chat("en")
    english.verify(accounts["en"])
    text = english.say("I can pay 5 a month starting in 30 days")[0].text
    assert (
        "the least each payment can be is $228.81, with the plan at its longest (12 months); "
        "the first payment can be on Mar 24, 2026 at the latest" in text
    )
