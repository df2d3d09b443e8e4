"""An agent's plan: the debtor confirms or declines it while the chat stays with the agent."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from bot.negotiation.plans import Policy, standard_offers
from bot.store.models import Agreement, AuditEntry, Conversation, Escalation, Offer
from tests.dialog.conftest import Chat, Debtor

TOTALS = {"en": (Decimal("2745.75"), "USD"), "zh_CN": (Decimal("11700.50"), "CNY")}
SEES = {
    "en": {
        "confirm": "Shall I record it?",
        "recorded": "your plan is recorded",
        "declined": "The colleague who sent it will follow up with you here.",
    },
    "zh_CN": {
        "confirm": "要为您登记这个计划吗？",
        "recorded": "您的还款计划已登记",
        "declined": "发送方案的同事会在这里继续跟进",
    },
}


def _state(chat: Chat) -> tuple[str, str, list[str]]:
    with chat.app.db.session() as s:
        conv = s.get(Conversation, chat.conversation_id)
        assert conv is not None
        escs = s.scalars(select(Escalation).where(Escalation.conversation_id == conv.id))
        return conv.mode, conv.state, [e.status for e in escs]


def _agent_plan(chat: Chat, debtor: Debtor) -> None:
    """The debtor asks for a person; agent Ann proposes the 6-month plan."""
    chat.verify(debtor)
    chat.say("talk to a person" if debtor.locale == "en" else "转人工")
    total, currency = TOTALS[debtor.locale]
    policy = Policy.from_mapping({"instalments": {"standard_months": [3, 6]}})
    plan = standard_offers(total, currency, policy, chat.clock().date())[-1]
    assert chat.conversation_id is not None
    turn = chat.engine.propose_plan(chat.conversation_id, plan, actor="agent:ann")
    chat.buttons = turn.replies[-1].buttons
    assert SEES[debtor.locale]["confirm"] in turn.replies[-1].text
    assert [b.payload for b in turn.replies[-1].buttons] == ["yes", "no"]


@pytest.mark.parametrize("locale", ["en", "zh_CN"])
def test_agent_plan_keeps_the_chat_with_the_agent_until_the_debtor_says_yes(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    _agent_plan(chat, accounts[locale])
    assert _state(chat) == ("agent", "confirm", ["open"])  # still in the agent's queue
    assert chat.say("can I ask something first?") == []  # for the agent, not the bot
    replies = chat.send("yes" if locale == "en" else "好的", message_id="yes-1")
    assert SEES[locale]["recorded"] in replies[0].text
    again = chat.send("yes" if locale == "en" else "好的", message_id="yes-1")  # redelivered
    assert [r.text for r in again] == [r.text for r in replies]
    assert _state(chat) == ("bot", "plan", ["closed"])  # resolved by the agreement
    with chat.app.db.session() as s:
        agreement = s.scalars(select(Agreement)).one()
        assert agreement.created_by == "agent:ann"
        audit = s.scalars(select(AuditEntry).where(AuditEntry.action == "escalation.close")).one()
        assert audit.details["reason"] == "agreement recorded"


@pytest.mark.parametrize("locale", ["en", "zh_CN"])
def test_debtor_declines_the_agent_plan_and_the_agent_follows_up(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    _agent_plan(chat, accounts[locale])
    replies = chat.press(2)  # no
    assert len(replies) == 1 and SEES[locale]["declined"] in replies[0].text
    mode, _state_name, escalations = _state(chat)
    assert (mode, escalations) == ("agent", ["open"])
    assert chat.say("yes" if locale == "en" else "好的") == []  # nothing pending: for the agent
    with chat.app.db.session() as s:
        assert s.scalars(select(Agreement)).all() == []
        offer = s.scalars(select(Offer).where(Offer.made_by == "agent:ann")).one()
        assert offer.status == "declined"


def test_stop_while_an_agent_plan_waits_is_still_honoured(
    chat: Chat, accounts: dict[str, Debtor]
) -> None:
    _agent_plan(chat, accounts["en"])
    assert "We won't send you any more messages" in chat.say("stop")[0].text
    with chat.app.db.session() as s:
        assert s.scalars(select(Agreement)).all() == []
