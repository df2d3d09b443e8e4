"""After the plans are offered, "I'll pay everything next Friday instead" (算了不分期了，下周五
我一次全还; 還是不要分期好了，下週五全部繳清) is one payment in full on that day, not a request
for instalments: "instead", "a plan" and instalments turned down ("不分期") name no
instalments. Default script, every language, SQLite and PostgreSQL. The clock is Tuesday
10 March 2026; "next Friday" is 20 March.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from bot.store.models import Agreement, Instalment
from tests.dialog.conftest import Chat, Debtor

YES = {"en": "yes", "zh_CN": "是", "zh_TW": "對"}
INSTEAD = {
    "en": ["Scratch that, I'll pay everything next Friday instead",
           "I don't want instalments, the whole amount next friday"],
    "zh_CN": ["算了不分期了，下周五我一次全还", "不用分期，下周五都还上"],
    "zh_TW": ["還是不要分期好了，下週五全部繳清", "不分期了，下週五一次繳清"],
}  # fmt: skip
# Paid in full within 14 days: 5% off, one payment on Friday 20 March.
ONE_PAYMENT = {
    "en": ("Here is the plan: Pay $2,608.46 in full by Mar 20, 2026", Decimal("2608.46")),
    "zh_CN": ("还款计划：在2026年3月20日前一次性还清¥11,115.47", Decimal("11115.47")),
    "zh_TW": ("還款計畫：在2026年3月20日前一次還清NT$46,550", Decimal("46550")),
}


def _instalments(chat: Chat) -> list[tuple[str, Decimal]]:
    with chat.app.db.session() as s:
        agreement = s.scalars(select(Agreement)).one()
        rows = s.scalars(select(Instalment).where(Instalment.agreement_id == agreement.id))
        return [(i.due_date.isoformat(), i.amount) for i in rows]


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_paying_it_all_on_a_day_instead_is_one_payment_in_full(
    app, clock, accounts: dict[str, Debtor], locale: str
) -> None:  # type: ignore[no-untyped-def]
    start, amount = ONE_PAYMENT[locale]
    for i, words in enumerate(INSTEAD[locale]):
        chat = Chat(app, clock, who=f"{locale}-{i}")
        chat.verify(accounts[locale])
        assert len(chat.buttons) == 3  # the plans are on offer
        replies = chat.say(words)
        assert replies[0].text.startswith(start), (words, replies[0].text)
        assert [b.payload for b in replies[-1].buttons] == ["yes", "no"]
    chat.say(YES[locale])
    assert _instalments(chat)[-1:] == [("2026-03-20", amount)]
