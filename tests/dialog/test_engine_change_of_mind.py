"""A debtor whose own plan was accepted and who then picks one of the plans shown
before ("actually the second plan", 还是第三个方案吧, 第二個方案好了) gets that plan to
confirm, not the whole menu again. Default script, every language, SQLite and PostgreSQL.
"""

from __future__ import annotations

import pytest

from tests.dialog.conftest import Chat, Debtor

CASES = {
    "en": ("I can do 1.2k a month", "actually the second plan",
           "Here is the plan: 3 monthly payments of $915.25, first on Mar 17, 2026.", "yes",
           "First payment: $915.25 on Mar 17, 2026"),
    "zh_CN": ("每月两千五", "还是第三个方案吧",
              "还款计划：前5期每月还¥1,950.08，最后一期还¥1,950.10，首期2026年3月17日。", "是",
              "第一期在2026年3月17日，金额¥1,950.08"),
    "zh_TW": ("那每月NT$2萬5", "第二個方案好了",
              "還款計畫：前2期每月還NT$16,333，最後一期還NT$16,334，首期2026年3月17日。", "是",
              "第一期在2026年3月17日，金額NT$16,333"),
}  # fmt: skip


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_plan_shown_before_can_be_chosen_at_the_confirmation_of_ones_own(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    own, earlier, confirm, yes, recorded = CASES[locale]
    chat.verify(accounts[locale])
    assert [b.payload for b in chat.say(own)[-1].buttons] == ["yes", "no"]
    replies = chat.say(earlier)
    assert replies[0].text.startswith(confirm)
    assert [b.payload for b in replies[-1].buttons] == ["yes", "no"]
    assert recorded in chat.say(yes)[0].text


def test_a_bare_2_at_that_confirmation_is_still_the_no_button(
    chat: Chat, accounts: dict[str, Debtor]
) -> None:
    chat.verify(accounts["en"])
    chat.say("I can do 1.2k a month")
    replies = chat.say("2")
    assert replies[0].text.startswith("How would you like to pay?")
    assert len(replies[-1].buttons) == 3
