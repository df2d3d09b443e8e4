"""The smallest plan the policy allows (its longest term, 12 months by default) is what a
debtor hears of when they ask for the least they can pay ("what's the lowest I can pay
each month?", 每个月最少还多少, 每個月最少繳多少), when they can only pay on payday ("I can
only pay on payday", 我只能发工资那天还, 我只能等領薪水才繳), and when the monthly amount
they name is too small for it ("50 a month", 每月50, 每月300): its payments to the cent, as
the schedule that would be recorded, and the plan itself offered. Default script, every
language, SQLite and PostgreSQL. The clock is Tuesday 10 March 2026.
"""

from __future__ import annotations

import pytest

from tests.dialog.conftest import Chat, Debtor

SMALLEST = {
    "en": ("11 monthly payments of $228.81 and a last of $228.84, first on Mar 17, 2026",
           "Mar 17, 2026: $228.81", "Feb 17, 2027: $228.84"),
    "zh_CN": ("前11期每月还¥975.04，最后一期还¥975.06，首期2026年3月17日",
              "2026年3月17日：¥975.04", "2027年2月17日：¥975.06"),
    "zh_TW": ("前11期每月還NT$4,083，最後一期還NT$4,087，首期2026年3月17日",
              "2026年3月17日：NT$4,083", "2027年2月17日：NT$4,087"),
}  # fmt: skip
ASKED = {
    "en": ["what's the lowest I can pay each month?", "I can only pay on payday"],
    "zh_CN": ["每个月最少还多少", "我只能发工资那天还"],
    "zh_TW": ["每個月最少繳多少", "我只能等領薪水才繳"],
}
TOO_SMALL = {
    "en": ("50 a month", "the least each payment can be is $228.81, with the plan at its "
           "longest (12 months)", "yes"),
    "zh_CN": ("每月50", "每期最少要还¥975.04（还款期限最长12个月）", "好"),
    "zh_TW": ("每月300", "每期最少要繳NT$4,083（還款期限最長12個月）", "好"),
}  # fmt: skip


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_the_least_asked_for_is_the_smallest_plan_allowed(
    new_chat, accounts: dict[str, Debtor], locale: str
) -> None:
    plan, first, last = SMALLEST[locale]
    for n, words in enumerate(ASKED[locale]):
        chat: Chat = new_chat(f"{locale}-{n}")
        chat.verify(accounts[locale])
        replies = chat.say(words)
        lines = replies[0].text.splitlines()
        assert plan in lines[0], words
        assert first in lines and last in lines, words
        assert [b.payload for b in replies[-1].buttons] == ["yes", "no"]


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_too_small_an_amount_hears_the_smallest_allowed_and_is_offered_it(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    plan, first, last = SMALLEST[locale]
    words, least, yes = TOO_SMALL[locale]
    chat.verify(accounts[locale])
    replies = chat.say(words)
    assert least in replies[0].text
    assert plan in replies[0].text
    assert replies[-1].buttons[0].label == plan
    lines = chat.say(yes)[0].text.splitlines()
    assert plan in lines[0] and first in lines and last in lines
