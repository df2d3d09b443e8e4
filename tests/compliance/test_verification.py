"""Verification security, through the engine: attempt limits, lockout, binding expiry."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.app import App
from bot.config import Settings
from bot.store.crypto import PersonalData
from bot.store.db import Database
from bot.store.models import Escalation, Identity
from tests.compliance.test_guardrails import EN, NOW, ZH, Chat, Clock
from tests.factories import make_account

BINDING_DAYS = 30
# What each locale asks first: the account reference (nobody known) or the date of birth.
ASK_REF = {"en": "account reference", "zh_CN": "账户编号"}
ASK_DOB = {"en": "date of birth", "zh_CN": "出生日期"}
LOCKED = {"en": "can't continue verifying", "zh_CN": "不能在这个对话里继续核实"}


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def app(settings: Settings, clock: Clock, db: Database, personal: PersonalData) -> Iterator[App]:
    with db.session() as s:
        make_account(s, personal, ref="A-1001", dob="1990-01-31", full_name="李伟")
        make_account(
            s,
            personal,
            ref="U-3003",
            dob="1979-12-02",
            full_name="John Smith",
            currency="USD",
            locale="en",
            timezone="America/New_York",
        )
    configured = replace(
        settings, verification=replace(settings.verification, binding_days=BINDING_DAYS)
    )
    application = App(configured, clock=clock)
    yield application
    application.stop()


def debtor(hint: str) -> dict[str, str]:
    return EN if hint == "en" else ZH


@pytest.mark.parametrize("hint", ["en", "zh_CN"])
def test_a_binding_older_than_binding_days_must_verify_again(
    app: App, clock: Clock, hint: str
) -> None:
    who = debtor(hint)
    chat = Chat(app, "b", hint=hint)
    chat.say("hi")
    chat.say(who["ref"])
    chat.say(who["dob"])
    with app.db.session() as s:
        ident = s.scalars(select(Identity)).one()
        assert ident.expires_at == NOW + timedelta(days=BINDING_DAYS)

    def new_conversation_asks(after: timedelta) -> str:
        app.engine.close(chat.conversation().id, actor="test")
        clock.now = NOW + after
        return chat.say("hi")[-1]

    assert ASK_DOB[hint] in new_conversation_asks(timedelta(days=BINDING_DAYS - 1))
    asked = new_conversation_asks(timedelta(days=BINDING_DAYS, minutes=1))
    assert ASK_REF[hint] in asked
    assert ASK_DOB[hint] not in asked


@pytest.mark.parametrize("hint", ["en", "zh_CN"])
def test_failures_count_within_the_window_then_lock_and_escalate(
    app: App, clock: Clock, hint: str
) -> None:
    who = debtor(hint)
    chat = Chat(app, "l", hint=hint)
    chat.start(who["ref"])
    for _ in range(4):
        assert not any(LOCKED[hint] in r for r in chat.say("2000-01-01"))
    clock.now += timedelta(minutes=16)  # the first four fall out of the 15-minute window
    for _ in range(4):
        assert not any(LOCKED[hint] in r for r in chat.say("2000-01-01"))
    assert any(LOCKED[hint] in r for r in chat.say("2000-01-01"))  # the fifth in 15 minutes
    with app.db.session() as s:
        esc = s.scalars(select(Escalation)).one()
        assert (esc.reason, esc.status) == ("verification_locked", "open")
    # locked: even the right answer reveals nothing now
    assert all("2,745" not in r and "11,700" not in r for r in chat.say(who["dob"]))
