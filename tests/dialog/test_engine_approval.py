"""A colleague's decision on a settlement the policy leaves to a person: approved, it is
recorded as the debtor offered it; declined, the usual plans are offered. The debtor is
told in their language and the bot has the chat again (en, zh_CN, zh_TW; SQLite and
PostgreSQL). Balances: $2,745.75, ¥11,700.50, NT$49,000; approval below 80%.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from bot.app import App
from bot.dialog.results import EngineError
from bot.store.db import Database
from bot.store.models import Agreement, Conversation, Escalation, Offer
from tests.dialog.conftest import Chat, Debtor

OFFERS = {
    "en": ("I can pay 2000 to settle it next week", "2000.00"),
    "zh_CN": ("一次性还9000结清", "9000.00"),
    "zh_TW": ("一次還35000結清", "35000.00"),
}
APPROVED = {
    "en": [
        "Good news: your offer to settle the account for $2,000.00 has been approved.",
        "Done, your plan is recorded: one payment of $2,000.00 on Mar 16, 2026. Thank you.",
    ],
    "zh_CN": [
        "好消息：您提出用¥9,000.00结清欠款，已经审批通过了。",
        "好的，已为您登记：请于2026年3月17日前还款¥9,000.00。谢谢您！",
    ],
    "zh_TW": [
        "好消息：您提出以NT$35,000結清欠款，已經審核通過了。",
        "好的，已為您登記：請於2026年3月17日前繳款NT$35,000。謝謝您！",
    ],
}
DECLINED = {
    "en": "I'm sorry, settling the account for $2,000.00 couldn't be approved.",
    "zh_CN": "很抱歉，用¥9,000.00结清欠款的方案没能通过审批。",
    "zh_TW": "很抱歉，以NT$35,000結清欠款的方案沒有通過審核。",
}


def _escalated(chat: Chat, debtor: Debtor, db: Database) -> int:
    chat.verify(debtor)
    chat.say(OFFERS[debtor.locale][0])
    assert chat.conversation_id is not None
    with db.session() as s:
        (esc,) = s.scalars(select(Escalation)).all()
        assert (esc.reason, esc.closed_at) == ("settlement_approval", None)
    return chat.conversation_id


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_an_approved_settlement_is_recorded_and_the_debtor_told(
    chat: Chat, app: App, accounts: dict[str, Debtor], db: Database, locale: str
) -> None:
    conv_id = _escalated(chat, accounts[locale], db)
    turn = app.engine.decide_settlement(conv_id, approve=True, actor="alice")
    texts = [r.text for r in turn.replies]
    assert texts[:2] == APPROVED[locale]
    amount = Decimal(OFFERS[locale][1])
    with db.session() as s:
        (agreement,) = s.scalars(select(Agreement)).all()
        assert (agreement.total, agreement.status) == (amount, "active")
        assert [i.amount for i in agreement.instalments] == [amount]
        assert s.scalars(select(Escalation)).one().closed_at is not None
        conv = s.get(Conversation, conv_id)
        assert conv is not None and conv.mode == "bot"
    # The bot has the chat again: the debtor is answered.
    assert chat.say({"en": "how do I pay?", "zh_CN": "怎么还款？", "zh_TW": "怎麼繳款？"}[locale])
    # Decided once: a second decision finds nothing to decide.
    with pytest.raises(EngineError):
        app.engine.decide_settlement(conv_id, approve=True, actor="alice")


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_declined_settlement_offers_the_usual_plans(
    chat: Chat, app: App, accounts: dict[str, Debtor], db: Database, locale: str
) -> None:
    conv_id = _escalated(chat, accounts[locale], db)
    turn = app.engine.decide_settlement(conv_id, approve=False, actor="alice")
    assert turn.replies[0].text == DECLINED[locale]
    plans = [b for r in turn.replies for b in r.buttons]
    assert len(plans) == 3  # the standard plans, to choose from
    with db.session() as s:
        offer = s.scalars(select(Offer).where(Offer.made_by == "debtor")).one()
        assert offer.status == "declined"
        assert s.scalars(select(Escalation)).one().closed_at is not None
        assert s.scalars(select(Agreement)).all() == []
    chat.buttons = tuple(plans)
    chat.press(2)
    chat.press(1)  # the debtor picks a plan and records it with the bot
    with db.session() as s:
        assert len(s.scalars(select(Agreement)).all()) == 1


def test_nothing_to_decide_without_a_waiting_offer(
    chat: Chat, app: App, accounts: dict[str, Debtor]
) -> None:
    chat.verify(accounts["en"])
    assert chat.conversation_id is not None
    with pytest.raises(EngineError):
        app.engine.decide_settlement(chat.conversation_id, approve=True, actor="alice")
