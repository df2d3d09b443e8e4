"""A first payment, then the rest in instalments ("I can pay 1000 first and then split the
rest over 3 months", 我现在先还3000，剩下的分3个月还, 我可以先繳一萬，剩下分6期嗎): the first
sum once ("now" is today), then what is left in the number of monthly payments named.
It used to become that sum every month. Payments on days of the debtor's own with no day
for the rest ("I can pay 300 now and 300 on the 25th") keep those days, and the rest goes
monthly at about their size. Yes records the plan as shown, to the cent. Default script,
every language, SQLite and PostgreSQL. The clock is Tuesday 10 March 2026.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bot.understanding.proposals import read_proposal
from tests.dialog.conftest import Chat, Debtor
from tests.dialog.test_engine_after_agreement import _active

D = Decimal
CASES = {
    "en": ("I can pay 1000 first and then split the rest over 3 months", "yes",
           [(date(2026, 3, 17), D("1000.00")), (date(2026, 4, 17), D("581.91")),
            (date(2026, 5, 17), D("581.91")), (date(2026, 6, 17), D("581.93"))]),
    "zh_CN": ("我现在先还3000，剩下的分3个月还", "是",
              [(date(2026, 3, 10), D("3000.00")), (date(2026, 4, 10), D("2900.16")),
               (date(2026, 5, 10), D("2900.16")), (date(2026, 6, 10), D("2900.18"))]),
    "zh_TW": ("我可以先繳一萬，剩下分6期嗎", "是",
              [(date(2026, 3, 17), D("10000"))]
              + [(date(2026, m, 17), D("6500")) for m in range(4, 10)]),
}  # fmt: skip


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_first_payment_then_the_rest_in_the_instalments_named(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    asked, yes, schedule = CASES[locale]
    chat.verify(accounts[locale])
    shown = chat.say(asked)[-1]
    assert [b.label for b in shown.buttons][:1] and len(shown.buttons) == 2  # yes or no
    chat.say(yes)
    (plan,) = _active(chat.app.db)
    assert plan == schedule


def test_payments_on_own_days_then_the_rest_monthly_at_their_pace(
    chat: Chat, accounts: dict[str, Debtor]
) -> None:
    chat.verify(accounts["en"])
    text = chat.say("I can pay 300 now and 300 on the 25th")[-1].text
    assert "$300.00 on Mar 10, 2026, then $300.00 on Mar 25, 2026, then 7 monthly" in text
    chat.say("yes")
    (plan,) = _active(chat.app.db)
    assert plan[:2] == [(date(2026, 3, 10), D("300.00")), (date(2026, 3, 25), D("300.00"))]
    assert all(D("268.21") <= amount <= D("300.00") for _day, amount in plan[2:])
    assert [day.month for day, _amount in plan[2:]] == list(range(4, 12))
    assert sum((amount for _day, amount in plan), D(0)) == D("2745.75")


@pytest.mark.parametrize(
    ("text", "then"),
    [
        ("先还5000，剩下的分6期", True), ("1.2k now and the rest in 4 monthly payments", True),
        ("300 a month, the rest over 3 months", False), ("每月还500，剩下的分3期", False),
        ("I can pay 3000 over 3 months", False),
    ],
)  # fmt: skip
def test_a_sum_per_month_is_no_first_payment(text: str, then: bool) -> None:
    amount = next(i for i, ch in enumerate(text) if ch.isdigit())
    end = amount
    while end < len(text) and (text[end].isdigit() or text[end] in ".k"):
        end += 1
    found = read_proposal(
        text, date(2026, 3, 10), amounts=1, count=3, frequency=None, amount_spans=[(amount, end)]
    )
    assert found.first_then_rest is then


THEN_MONTHLY = {
    "zh_CN": ("先还3000，之后每月还1000", "是",
              [(date(2026, 3, 10), D("3000.00"))]
              + [(date(2026, m, 10), D("1000.00")) for m in range(4, 12)]
              + [(date(2026, 12, 10), D("700.50"))]),
    "zh_TW": ("我先繳10000，之後每個月繳5000", "是",
              [(date(2026, 3, 10), D("10000"))]
              + [(date(2026, m, 10), D("5000")) for m in range(4, 11)]
              + [(date(2026, 11, 10), D("4000"))]),
}  # fmt: skip


@pytest.mark.parametrize("locale", ["zh_CN", "zh_TW"])
def test_a_first_payment_then_a_monthly_sum(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    asked, yes, schedule = THEN_MONTHLY[locale]
    chat.verify(accounts[locale])
    chat.say(asked)
    chat.say(yes)
    (plan,) = _active(chat.app.db)
    assert plan == schedule


def test_a_first_payment_then_a_monthly_sum_too_small_for_the_term_is_countered(
    chat: Chat, accounts: dict[str, Debtor]
) -> None:
    chat.verify(accounts["en"])
    text = chat.say("can i do 500 now and then 200 a month after that")[0].text
    # $200 a month after $500 would take longer than 12 months: the first payment is kept,
    # the monthly ones are the least that fits, and that least is what the reason names.
    assert "the least each payment can be is $228.82" in text
    assert "$500.00 on Mar 10, 2026, then 9 monthly payments of $228.82" in text
