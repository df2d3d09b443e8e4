"""While a settlement waits for a colleague's approval, the debtor may write again: the same
figure ("fine, 2000 then", 好吧就九千) hears that it is with a colleague and the chat stays
with them; a higher figure ("what about 2300?", 四萬呢) is weighed like any offer (here
above the approval line: shown to confirm) and the offer that waited is no longer asked for.
At the confirmation, the plan's own total named again ("ok, 40,000 then") shows the same
plan again for a yes or a no, never a new plan. en, zh_CN, zh_TW; SQLite and PostgreSQL.
Balances: $2,745.75, ¥11,700.50, NT$49,000; approval below 80%, floor 70%.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from bot.store.db import Database
from bot.store.models import Agreement, Conversation, Escalation
from tests.dialog.conftest import Chat, Debtor

OFFER = {
    "en": "could I settle it for 2000?",
    "zh_CN": "一次性还9000可以结清吗",
    "zh_TW": "一次還三萬五可以結清嗎",
}
SAME = {"en": "fine 2000 then", "zh_CN": "好吧就九千", "zh_TW": "好啦就三萬五"}
STILL = {
    "en": "Your offer to settle for $2,000.00 is already with a colleague for approval",
    "zh_CN": "您用¥9,000.00结清的提议已经在同事那里等待审批了",
    "zh_TW": "您以NT$35,000結清的提議已經在同事那邊等待審核了",
}
# Above the approval line (80%): no approval needed, the settlement is shown to confirm.
HIGHER = {"en": ("what about 2300?", "2300.00"), "zh_CN": ("一万呢", "10000.00"),
          "zh_TW": ("四萬呢", "40000")}  # fmt: skip
AGAIN = {"en": "ok 2300 then", "zh_CN": "好吧就一万", "zh_TW": "好吧就四萬"}
YES = {"en": "yes", "zh_CN": "是", "zh_TW": "對"}


def _open(db: Database) -> list[str]:
    with db.session() as s:
        rows = s.scalars(select(Escalation).where(Escalation.closed_at.is_(None)))
        return [e.reason for e in rows]


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_the_same_settlement_again_is_with_a_colleague_already(
    chat: Chat, accounts: dict[str, Debtor], db: Database, locale: str
) -> None:
    chat.verify(accounts[locale])
    chat.say(OFFER[locale])
    assert _open(db) == ["settlement_approval"]
    replies = chat.say(SAME[locale])
    assert [r.text.startswith(STILL[locale]) for r in replies] == [True], chat.text()
    assert _open(db) == ["settlement_approval"]
    with db.session() as s:
        assert s.scalars(select(Conversation)).one().mode == "agent"


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_higher_figure_is_weighed_and_its_total_named_again_is_the_same_plan(
    chat: Chat, accounts: dict[str, Debtor], db: Database, locale: str
) -> None:
    chat.verify(accounts[locale])
    chat.say(OFFER[locale])
    words, amount = HIGHER[locale]
    shown = chat.say(words)[-1]
    assert _open(db) == []  # the offer that waited is no longer asked for
    assert [b.payload for b in shown.buttons] == ["yes", "no"], chat.text()
    again = chat.say(AGAIN[locale])[-1]
    assert again.text == shown.text  # the same plan, not "40,000 a month"
    chat.say(YES[locale])
    with db.session() as s:
        (agreement,) = s.scalars(select(Agreement)).all()
        assert [i.amount for i in agreement.instalments] == [Decimal(amount)]
