"""Negotiation transcripts: every counter-offer form, hardship, rounds, confirm."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from bot.messages import Reply
from bot.store.models import Agreement, Escalation, Offer
from tests.dialog.conftest import Chat, Debtor


def _schedule(replies: list[Reply]) -> list[str]:
    """The schedule lines of the confirmation (between the heading and the total)."""
    return replies[-1].text.splitlines()[1:-1]


def test_amount_per_month_inside_policy_is_accepted(
    chat: Chat, accounts: dict[str, Debtor]
) -> None:
    chat.verify(accounts["en"])
    replies = chat.say("I can only pay 300 a month")
    rows = _schedule(replies)
    assert rows[0] == "Mar 17, 2026: $300.00" and len(rows) == 10
    assert rows[-1] == "Dec 17, 2026: $45.75"  # the last instalment is the rest
    assert "Total: $2,745.75" in replies[-1].text
    chat.say("yes")
    with chat.app.db.session() as s:
        agreement = s.scalars(select(Agreement)).one()
        offer = s.get(Offer, agreement.offer_id)
        assert offer is not None and offer.made_by == "debtor"
        assert len(agreement.instalments) == 10


@pytest.mark.parametrize(
    ("locale", "words", "reason", "plan"),
    [
        ("zh_CN", "每月五百", "每期最少要还¥975.04（还款期限最长12个月）", "前11期每月还¥975.04，最后一期还¥975.06，首期2026年3月17日"),  # noqa: E501
        ("zh_TW", "每月三千", "每期最少要繳NT$4,083（還款期限最長12個月）", "前11期每月還NT$4,083，最後一期還NT$4,087，首期2026年3月17日"),  # noqa: E501
        ("en", "I can pay 10 a month",
         "the least each payment can be is $228.81, with the plan at its longest (12 months)",
         "11 monthly payments of $228.81 and a last of $228.84, first on Mar 17, 2026"),
    ],
)  # fmt: skip
def test_outside_policy_gets_the_nearest_plan_and_why(
    chat: Chat, accounts: dict[str, Debtor], locale: str, words: str, reason: str, plan: str
) -> None:
    chat.verify(accounts[locale])
    replies = chat.say(words)
    assert reason in replies[0].text and plan in replies[0].text
    assert replies[-1].buttons[0].label == plan
    confirm = chat.press(1)
    assert len(_schedule(confirm)) == 12


def test_start_on_the_15th(chat: Chat, accounts: dict[str, Debtor]) -> None:
    chat.verify(accounts["en"])
    rows = _schedule(chat.say("can I start on the 15th?"))
    assert rows[0].startswith("Mar 15, 2026: ")


def test_pay_it_all_next_friday(chat: Chat, accounts: dict[str, Debtor]) -> None:
    chat.verify(accounts["en"])
    assert _schedule(chat.say("pay it all next Friday")) == ["Mar 20, 2026: $2,608.46"]


def test_three_months_instead(chat: Chat, accounts: dict[str, Debtor]) -> None:
    chat.verify(accounts["en"])
    rows = _schedule(chat.say("3 months instead"))
    assert len(rows) == 3 and rows[0].endswith("$915.25")


@pytest.mark.parametrize(
    ("locale", "words", "first"),
    [("zh_CN", "下周五先付一千", "2026年3月20日：¥1,000.00"),
     ("zh_TW", "下週五先付一萬", "2026年3月20日：NT$10,000")],
)  # fmt: skip
def test_a_first_payment_next_friday_then_the_rest(
    chat: Chat, accounts: dict[str, Debtor], locale: str, words: str, first: str
) -> None:
    chat.verify(accounts[locale])
    replies = chat.say(words)
    rows = _schedule(replies)
    assert rows[0] == first and len(rows) >= 2


@pytest.mark.parametrize(("locale", "words"), [("en", "I lost my job"), ("zh_CN", "失业了")])
def test_hardship_offers_smaller_payments(
    chat: Chat, accounts: dict[str, Debtor], locale: str, words: str
) -> None:
    chat.verify(accounts[locale])
    replies = chat.say(words)
    labels = [b.label for b in replies[-1].buttons]
    assert len(labels) == 2 and ("23" in labels[1])  # 24 payments: 23 alike, then the last
    chat.press(2)
    chat.press(1)  # yes
    with chat.app.db.session() as s:
        agreement = s.scalars(select(Agreement)).one()
        assert len(agreement.instalments) == 24


def test_too_many_rounds_offer_a_human(chat: Chat, accounts: dict[str, Debtor]) -> None:
    chat.verify(accounts["en"])
    assert "I can't agree to that" in chat.say("I can pay 10 a month")[0].text
    for _ in range(2):  # the same best plan again: the best allowed, and what else there is
        assert "I really can't go further" in chat.say("I can pay 10 a month")[0].text
    replies = chat.say("I can pay 10 a month")
    assert "we need a person" in replies[0].text
    assert "I've asked a colleague" in replies[-1].text
    with chat.app.db.session() as s:
        esc = s.scalars(select(Escalation)).one()
        assert esc.reason == "negotiation_stalled"


def test_counter_offer_while_confirming(chat: Chat, accounts: dict[str, Debtor]) -> None:
    chat.verify(accounts["en"])
    chat.press(2)
    rows = _schedule(chat.say("I can only pay 300 a month"))
    assert rows[0] == "Mar 17, 2026: $300.00"


def test_agent_proposes_a_plan_and_the_debtor_confirms(
    chat: Chat, accounts: dict[str, Debtor]
) -> None:
    from bot.negotiation.plans import Policy, standard_offers

    chat.verify(accounts["en"])
    chat.say("talk to a person")
    policy = Policy.from_mapping({"instalments": {"standard_months": [3, 6]}})
    plan = standard_offers(Decimal("2745.75"), "USD", policy, chat.clock().date())[-1]
    assert chat.conversation_id is not None
    turn = chat.engine.propose_plan(chat.conversation_id, plan, actor="agent:ann")
    assert "Here is the plan" in turn.replies[-1].text
    assert [b.payload for b in turn.replies[-1].buttons] == ["yes", "no"]
    chat.buttons = turn.replies[-1].buttons
    assert "your plan is recorded" in chat.press(1)[0].text
    with chat.app.db.session() as s:
        agreement = s.scalars(select(Agreement)).one()
        assert agreement.created_by == "agent:ann"
        assert agreement.total == plan.total
