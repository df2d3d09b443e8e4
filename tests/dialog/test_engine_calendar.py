"""The calendar asked about ("what day is today?", "is the 14th a monday?", 12月14號是禮拜幾？,
今天几号) is answered with the date and its weekday in the debtor's language (the neutral
``calendar`` topic), not read as an offer to pay on that day; a day named with an offer to
pay ("is the 13th a friday? i can pay 300 then") is still an offer. The clock is Tuesday 10
March 2026. Default script, every language."""

from __future__ import annotations

import pytest

from tests.dialog.conftest import Debtor
from tests.dialog.test_engine_faq import SEES

ASKED = [
    ("en", "what day is today?", "That's Tuesday, March 10, 2026."),
    ("en", "what is the 14th? is that a monday?", "That's Saturday, March 14, 2026."),
    ("zh_CN", "今天几号？", "是2026年3月10日星期二。"),
    ("zh_CN", "3月20号是星期几", "是2026年3月20日星期五。"),
    ("zh_TW", "12月14號是禮拜幾？", "是2026年12月14日 星期一。"),
]


@pytest.mark.parametrize(("locale", "words", "told"), ASKED)
def test_the_calendar_asked_is_answered_not_offered(
    new_chat, accounts: dict[str, Debtor], locale: str, words: str, told: str
) -> None:  # type: ignore[no-untyped-def]
    chat = new_chat(f"calendar-{locale}-{len(words)}")
    chat.verify(accounts[locale])
    offered = [b.label for b in chat.buttons]
    replies = chat.say(words)
    assert replies[0].text == told, [r.text for r in replies]
    assert replies[1].text.startswith(SEES[locale]["again"])
    assert [b.label for b in chat.buttons] == offered  # no plan put up for confirmation


def test_before_verification_the_calendar_is_answered_too(
    new_chat, accounts: dict[str, Debtor]
) -> None:  # type: ignore[no-untyped-def]
    chat = new_chat("calendar-first")
    chat.start(accounts["en"].ref, locale="en")
    assert "That's Tuesday, March 10, 2026." in chat.say("what day is it today?")[0].text


def test_a_day_asked_about_with_an_offer_to_pay_is_an_offer(
    new_chat, accounts: dict[str, Debtor]
) -> None:  # type: ignore[no-untyped-def]
    chat = new_chat("calendar-offer")
    chat.verify(accounts["en"])
    shown = chat.say("is the 13th a friday? i can pay 300 then")[0].text
    assert shown.startswith("Here is the plan: $300.00 on Mar 13, 2026"), shown
