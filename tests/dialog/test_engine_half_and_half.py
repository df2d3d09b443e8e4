"""The balance in halves, the second on its own day ("half right now, the other half at the
end of the month", 一半现在还，另一半月底还, 先繳一半，月底再繳另一半) is a plan of two payments:
half, then the rest on that day (the first half rounded up to the currency's unit). Default
script, every language, SQLite and PostgreSQL. The clock is Tuesday 10 March 2026.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from bot.store.models import Agreement, Instalment
from tests.dialog.conftest import Chat, Debtor

YES = {"en": "yes", "zh_CN": "是", "zh_TW": "對"}
HALVES = {
    "en": "could I do half right now and the other half at the end of the month?",
    "zh_CN": "一半现在还，另一半月底还",
    "zh_TW": "先繳一半，月底再繳另一半",
}
# Now is today; with no day for the first half, the usual first day (a week from today).
PAYMENTS = {
    "en": [("2026-03-10", Decimal("1372.88")), ("2026-03-31", Decimal("1372.87"))],
    "zh_CN": [("2026-03-10", Decimal("5850.25")), ("2026-03-31", Decimal("5850.25"))],
    "zh_TW": [("2026-03-17", Decimal("24500")), ("2026-03-31", Decimal("24500"))],
}


def _instalments(chat: Chat) -> list[tuple[str, Decimal]]:
    with chat.app.db.session() as s:
        agreement = s.scalars(select(Agreement)).one()
        rows = s.scalars(
            select(Instalment)
            .where(Instalment.agreement_id == agreement.id)
            .order_by(Instalment.seq)
        )
        return [(i.due_date.isoformat(), i.amount) for i in rows]


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_half_now_and_half_on_a_day_is_two_payments(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    chat.verify(accounts[locale])
    replies = chat.say(HALVES[locale])
    assert replies[0].text.count("\n") >= 3, replies[0].text  # the plan, two lines, the total
    assert [b.payload for b in replies[-1].buttons] == ["yes", "no"]
    chat.say(YES[locale])
    assert _instalments(chat) == PAYMENTS[locale]
