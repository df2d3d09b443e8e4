"""Payments on days of the debtor's own: several amounts, each with its day, perhaps then
"the rest" on its own day ("1k today, another 1k a week from now and the remainder in
April", "这周五还五千，4月28号还6700.5"), are kept as asked, and what the bot says of a plan
always matches the schedule it shows ("$1,200.00 on Mar 13, then $772.87 on Apr 13, then
…", not "3 monthly payments of $1,200.00"). Default script, every language, SQLite and
PostgreSQL. The clock is Tuesday 10 March 2026; a single payment may wait until 30 April.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from bot.store.db import Database
from bot.store.models import Agreement, Instalment
from tests.dialog.conftest import Chat, Debtor

YES = {"en": "yes", "zh_CN": "是", "zh_TW": "對"}
THREE = {
    "en": (
        "I could do 1k today, another 1k a week from now and the remainder in april",
        "Here is the plan: $1,000.00 on Mar 10, 2026, then $1,000.00 on Mar 17, 2026, "
        "then $745.75 on Apr 1, 2026.",
        [("2026-03-10", "1000.00"), ("2026-03-17", "1000.00"), ("2026-04-01", "745.75")],
    ),
    "zh_CN": (
        "今天先还三千，下周二再还三千，剩下的四月份还清",
        "还款计划：2026年3月10日先还¥3,000.00，之后2026年3月17日还¥3,000.00，"
        "之后2026年4月1日还¥5,700.50。",
        [("2026-03-10", "3000.00"), ("2026-03-17", "3000.00"), ("2026-04-01", "5700.50")],
    ),
    "zh_TW": (
        "今天先繳一萬，兩週後再繳一萬，其餘的四月份繳清",
        "還款計畫：2026年3月10日先還NT$10,000，之後2026年3月24日還NT$10,000，"
        "之後2026年4月1日還NT$29,000。",
        [("2026-03-10", "10000"), ("2026-03-24", "10000"), ("2026-04-01", "29000")],
    ),
}
TWO = {
    "en": (
        "fine, 1,500 this friday and 1245.75 on april 28",
        "Here is the plan: $1,500.00 on Mar 13, 2026, then $1,245.75 on Apr 28, 2026.",
        [("2026-03-13", "1500.00"), ("2026-04-28", "1245.75")],
    ),
    "zh_CN": (
        "这周五还五千，4月28号还6700.5",
        "还款计划：2026年3月13日先还¥5,000.00，之后2026年4月28日还¥6,700.50。",
        [("2026-03-13", "5000.00"), ("2026-04-28", "6700.50")],
    ),
    "zh_TW": (
        "週五繳20000，4月28日繳29000",
        "還款計畫：2026年3月13日先還NT$20,000，之後2026年4月28日還NT$29,000。",
        [("2026-03-13", "20000"), ("2026-04-28", "29000")],
    ),
}
# One payment named with its day, the rest in the usual instalments: its words name
# every payment as the schedule has it.
LUMP = {
    "en": (
        "I can pay 1200 on friday",
        "Here is the plan: $1,200.00 on Mar 13, 2026, then $772.87 on Apr 13, 2026, "
        "then $772.88 on May 13, 2026.",
    ),
    "zh_CN": (
        "周五能还3000",
        "还款计划：2026年3月13日先还¥3,000.00，之后每月还¥4,350.25，共2期，首期2026年4月13日。",
    ),
    "zh_TW": (
        "週五可以繳一萬",
        "還款計畫：2026年3月13日先還NT$10,000，之後每月還NT$19,500，共2期，首期2026年4月13日。",
    ),
}


def _recorded(db: Database) -> list[tuple[str, Decimal]]:
    with db.session() as s:
        agreement = s.scalars(select(Agreement).where(Agreement.status == "active")).one()
        rows = s.scalars(
            select(Instalment)
            .where(Instalment.agreement_id == agreement.id)
            .order_by(Instalment.seq)
        )
        return [(i.due_date.isoformat(), i.amount) for i in rows]


def _schedule(text: str, rows: list[tuple[str, str]]) -> None:
    """The schedule shown has one line per payment of ``rows``."""
    lines = text.splitlines()[1:-1]
    assert len(lines) == len(rows), text


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
@pytest.mark.parametrize(
    "asked",
    [
        pytest.param(THREE, id="three payments on their own days"),
        pytest.param(TWO, id="two amounts with their dates"),
    ],
)
def test_payments_on_their_own_days_are_kept_as_asked(
    chat: Chat,
    accounts: dict[str, Debtor],
    db: Database,
    locale: str,
    asked: dict[str, tuple[str, str, list[tuple[str, str]]]],
) -> None:
    words, confirm, rows = asked[locale]
    chat.verify(accounts[locale])
    replies = chat.say(words)
    assert replies[0].text.startswith(confirm), chat.text()
    _schedule(replies[0].text, rows)
    chat.say(YES[locale])
    assert _recorded(db) == [(day, Decimal(amount)) for day, amount in rows]


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_the_words_for_a_first_payment_then_instalments_match_the_schedule(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    words, confirm = LUMP[locale]
    chat.verify(accounts[locale])
    replies = chat.say(words)
    assert replies[0].text.startswith(confirm), chat.text()


def test_a_day_past_the_horizon_is_countered_with_the_latest_allowed(
    chat: Chat, accounts: dict[str, Debtor]
) -> None:
    chat.verify(accounts["en"])
    replies = chat.say("1k today, 1k next week and the rest in june")
    text = chat.text()
    assert "the rest can wait until Apr 30, 2026 at the latest" in text, text
    assert replies[-1].buttons[0].label == (
        "$1,000.00 on Mar 10, 2026, then $1,000.00 on Mar 16, 2026, then $745.75 on Apr 30, 2026"
    )
