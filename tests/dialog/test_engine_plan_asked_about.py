"""A plan waiting for a yes, asked about ("how many payments is that?", "and when is the
last one?", 一共要还几期？, 最後一期是什麼時候), is answered in short (how many payments,
the first, the last, the total) with the yes-or-no question again, not with "sorry, I
didn't understand"; yes then records that plan. A single payment is said as one.
Default script, every language, SQLite and PostgreSQL. The clock is Tuesday 10 March 2026.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from tests.dialog.conftest import Chat, Debtor
from tests.dialog.test_engine_after_agreement import _active

CASES = {
    "en": (["how many payments is that?", "and when is the last one?", "how much is each payment"],
           "That's 3 payments: the first, $915.25, on Mar 17, 2026 and the last, $915.25, on "
           "May 17, 2026; $2,745.75 in all.", "Shall I record the plan?", "yes",
           "That's a single payment: $2,608.46 on Mar 17, 2026."),
    "zh_CN": (["一共要还几期？", "最后一期是哪天", "要还到什么时候？"],
              "一共3期：第一期2026年3月17日还¥3,900.16，最后一期2026年5月17日还¥3,900.18，"
              "合计¥11,700.50。", "要为您登记这个方案吗？", "是",
              "只有一期：2026年3月17日还¥11,115.47。"),
    "zh_TW": (["總共要繳幾期？", "最後一期是什麼時候", "每期要繳多少"],
              "一共3期：第一期2026年3月17日繳NT$16,333，最後一期2026年5月17日繳NT$16,334，"
              "合計NT$49,000。", "要幫您登記這個方案嗎？", "是",
              "只有一期：2026年3月17日繳NT$46,550。"),
}  # fmt: skip
NOT_UNDERSTOOD = ("Sorry, I didn't understand", "抱歉", "988")


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_the_plan_asked_about_is_answered_in_short_and_yes_records_it(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    questions, short, again, yes, _single = CASES[locale]
    chat.verify(accounts[locale])
    chat.press(2)
    for question in questions:
        replies = chat.say(question)
        assert [r.text for r in replies][:1] == [short], question
        assert replies[-1].text.startswith(again) and len(replies[-1].buttons) == 2, question
        assert not any(w in r.text for r in replies for w in NOT_UNDERSTOOD), question
    chat.say(yes)
    (plan,) = _active(chat.app.db)
    assert len(plan) == 3 and sum((amount for _day, amount in plan), Decimal(0)) > 0


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_single_payment_asked_about_is_one_payment(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    questions, _short, again, _yes, single = CASES[locale]
    labels = [b.label for b in chat.verify(accounts[locale])[-1].buttons]
    chat.press(1)
    replies = chat.say(questions[0])
    assert replies[0].text == single
    amount = re.search(r"(?:\$|¥)[\d,.]+", single)
    assert amount and amount.group(0) in labels[0]  # the amount the option offered
    assert replies[-1].text.startswith(again)
