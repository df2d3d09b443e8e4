"""A monthly amount from the debtor's payday keeps both: "three hundred dollars every month
from the twentieth" starts on the 20th (a day of the month in words), and "下个月20号发薪水，
每个月能还一千二" — a first payment later than the policy allows — is countered with the same
amount on this month's 20th, not a week from now. Default script, every language, SQLite
and PostgreSQL. The clock is Tuesday 10 March 2026 (the first payment within 14 days).
"""

from __future__ import annotations

import pytest

from tests.dialog.conftest import Chat, Debtor

ACCEPTED = (
    "three hundred dollars every month from the twentieth, that's when I get paid",
    "Here is the plan: 9 monthly payments of $300.00 and a last of $45.75, first on Mar 20, 2026.",
    "Apr 20, 2026: $300.00",
)
COUNTERED = {
    "zh_CN": (
        "下个月20号发薪水，以后每个月能还一千二",
        "首期还款最晚可以在2026年3月24日",
        "前9期每月还¥1,200.00，最后一期还¥900.50，首期2026年3月20日",
        "2026年4月20日：¥1,200.00",
    ),
    "zh_TW": (
        "下個月二十號領薪水，每月可以繳五千",
        "首期還款最晚可以在2026年3月24日",
        "前9期每月還NT$5,000，最後一期還NT$4,000，首期2026年3月20日",
        "2026年4月20日：NT$5,000",
    ),
}


def test_a_day_of_the_month_in_words_starts_the_plan(
    chat: Chat, accounts: dict[str, Debtor]
) -> None:
    words, confirm, second = ACCEPTED
    chat.verify(accounts["en"])
    replies = chat.say(words)
    assert replies[0].text.startswith(confirm), chat.text()
    assert second in replies[0].text
    assert [b.payload for b in replies[-1].buttons] == ["yes", "no"]


@pytest.mark.parametrize("locale", ["zh_CN", "zh_TW"])
def test_a_payday_too_far_off_keeps_its_day_and_the_amount(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    words, reason, plan, second = COUNTERED[locale]
    chat.verify(accounts[locale])
    replies = chat.say(words)
    assert reason in replies[0].text, chat.text()
    assert plan in replies[0].text
    assert replies[-1].buttons[0].label == plan
    replies = chat.press(1)
    assert second in replies[0].text, chat.text()
