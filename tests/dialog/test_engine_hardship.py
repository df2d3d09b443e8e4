"""Hardship beyond what the policy allows goes to a person, escalated as "hardship"."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.app import App
from bot.store.crypto import PersonalData
from bot.store.models import Conversation, Escalation
from tests.dialog.conftest import Chat, Debtor
from tests.factories import make_account

HANDOFF = {"en": "I've asked a colleague to help", "zh_CN": "我已请同事协助"}
BEYOND = {
    "en": "I can't agree to that myself: each payment must be at least $10.00",
    "zh_CN": "这个方案我这边没法直接答应：每期至少需要还¥50.00",
}
LONG = {
    "en": "I can't agree to that myself: the plan can last at most 24 months",
    "zh_CN": "这个方案我这边没法直接答应：还款期限最长为24个月",
}
NO_PLAN = {
    "en": "I can't offer smaller payments on this balance myself",
    "zh_CN": "这笔欠款的每期金额我这边没法再调低",
}
LOST_JOB = {"en": "I lost my job", "zh_CN": "失业了"}


def _escalations(chat: Chat) -> list[tuple[str, int, str]]:
    with chat.app.db.session() as s:
        return [(e.reason, e.priority, e.status) for e in s.scalars(select(Escalation))]


def _mode(chat: Chat) -> str:
    with chat.app.db.session() as s:
        conv = s.get(Conversation, chat.conversation_id)
        assert conv is not None
        return conv.mode


@pytest.mark.parametrize(("locale", "ask"), [("en", "I can pay 5 a month"), ("zh_CN", "每月20")])
def test_less_than_the_hardship_minimum_goes_to_a_person(
    chat: Chat, accounts: dict[str, Debtor], locale: str, ask: str
) -> None:
    chat.verify(accounts[locale])
    chat.say(LOST_JOB[locale])  # hardship plans are offered
    replies = chat.say(ask)
    assert BEYOND[locale] in replies[0].text
    assert HANDOFF[locale] in replies[-1].text
    assert not any(r.buttons for r in replies)  # no counter-offer: a person decides
    assert _escalations(chat) == [("hardship", 2, "open")]
    assert _mode(chat) == "agent"
    assert chat.say("hello?") == []


@pytest.mark.parametrize(("locale", "ask"), [("en", "36 months"), ("zh_CN", "分36期")])
def test_longer_than_the_hardship_maximum_goes_to_a_person(
    chat: Chat, accounts: dict[str, Debtor], locale: str, ask: str
) -> None:
    chat.verify(accounts[locale])
    chat.say(LOST_JOB[locale])
    replies = chat.say(ask)
    assert LONG[locale] in replies[0].text
    assert _escalations(chat) == [("hardship", 2, "open")]


def test_a_request_inside_hardship_terms_is_still_accepted(
    chat: Chat, accounts: dict[str, Debtor]
) -> None:
    chat.verify(accounts["en"])
    chat.say("I lost my job")
    replies = chat.say("I can pay 150 a month")
    assert "Shall I record it?" in replies[-1].text
    assert _escalations(chat) == []


@pytest.mark.parametrize("locale", ["en", "zh_CN"])
def test_hardship_with_no_possible_plan_escalates_as_hardship_once(
    app: App,
    personal: PersonalData,
    new_chat,
    locale: str,  # type: ignore[no-untyped-def]
) -> None:
    currency = "USD" if locale == "en" else "CNY"
    with app.db.session() as s:  # too small to split even on hardship terms
        make_account(s, personal, ref="S-1", currency=currency, principal="15.00", interest="0",
                     fees="0", locale=locale)  # fmt: skip
    chat: Chat = new_chat("small")
    chat.start("S-1")
    chat.say("1990-01-31")
    replies = chat.say(LOST_JOB[locale])
    assert NO_PLAN[locale] in replies[0].text
    assert HANDOFF[locale] in replies[-1].text
    assert _escalations(chat) == [("hardship", 2, "open")]
    with app.db.session() as s:
        conv = s.get(Conversation, chat.conversation_id)
        assert conv is not None and "escalation_reason" not in conv.context
