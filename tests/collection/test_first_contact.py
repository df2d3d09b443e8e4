"""A reminder for a debtor the bot never spoke to: a neutral first message by email (a real
SMTP server) or SMS (the fake Twilio API), once; nothing to an opted-out address; the
debtor's reply continues that conversation with the verification questions."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from bot import channels
from bot.app import App
from bot.config import CollectionSettings, Settings
from bot.links import verify_token
from bot.store.contacts import chat_key
from bot.store.crypto import PersonalData
from bot.store.models import Account, Conversation, OptOut, Reminder
from tests.adapters.email_support import Mailbox, email_settings
from tests.adapters.fake_sms import FakeTwilio, TwilioPush, serve, twilio_settings
from tests.adapters.fake_smtp import FakeSmtp
from tests.adapters.fake_wechat import MutableClock
from tests.conftest import TEST_KEYS
from tests.factories import make_account, make_agreement, make_conversation

PAY = {"*": "transfer to Example Bank, account 6222 0000 1111."}
EMAIL = "sam.lee@debtor.example"
PHONE = "+8613800138000"
# 10:00 in New York on Mar 14 (the before-due reminder of a Mar 17 instalment).
NY_REMINDER = datetime(2026, 3, 14, 14, 0, tzinfo=UTC)
# 10:00 in Shanghai on Mar 14.
SH_REMINDER = datetime(2026, 3, 14, 2, 0, tzinfo=UTC)


def _with_plan(
    app: App, personal: PersonalData, now: datetime, *, email: str | None, phone: str | None,
    zh: bool = False,
) -> int:  # fmt: skip
    """An account with only an email address or a phone number, and a plan recorded
    outside any chat of the debtor's (an agent's terminal)."""
    with app.db.session() as s:
        if zh:
            account = make_account(s, personal, ref="A-1001", dob="1990-01-31")
        else:
            account = make_account(
                s, personal, ref="A-2002", dob="1985-07-04", currency="USD", locale="en",
                timezone="America/New_York", principal="1200.00", interest="80.00", fees="25.50",
            )  # fmt: skip
        account.email_enc = personal.encrypt(email) if email else None
        account.phone_enc = personal.encrypt(phone) if phone else None
        desk = make_conversation(s, None, now, platform="terminal", user_id="agent-1")
        make_agreement(
            s, account, desk.id, currency=account.currency, created_at=now,
            schedule=[(date(2026, 3, 17), "435.17"), (date(2026, 4, 17), "435.17")],
        )  # fmt: skip
        return account.id


def _configured(settings: Settings) -> Settings:
    return dataclasses.replace(settings, collection=CollectionSettings(pay_instructions=PAY))


def _neutral(text: str) -> None:
    """Nothing about the debt: no amount, currency, creditor, reference or debt words."""
    lowered = text.lower()
    for word in ("435", "$", "¥", "example bank", "a-2002", "a-1001", "debt", "payment",
                 "欠", "还款", "債", "金额"):  # fmt: skip
        assert word not in lowered, (word, text)


def _link_account(app: App, text: str) -> int:
    match = re.search(r"https://bot\.example/chat\?link=([A-Za-z0-9_-]+)", text)
    assert match is not None, text
    account_id, _ = verify_token(
        match.group(1), channel="web", secret=TEST_KEYS.link_secret, now=app.clock()
    )
    return account_id


# -- email ------------------------------------------------------------------------


@pytest.fixture
def smtp(tmp_path: Path) -> Iterator[FakeSmtp]:
    with FakeSmtp(tmp_path) as server:
        yield server


@pytest.fixture
def mail_app(settings: Settings, smtp: FakeSmtp, now: datetime) -> Iterator[App]:
    application = App(email_settings(_configured(settings), smtp), MutableClock(now))
    yield application
    application.stop()


@pytest.fixture
async def client(mail_app: App) -> AsyncIterator[httpx.AsyncClient]:
    from bot.web.app import create_app

    transport = httpx.ASGITransport(app=create_app(mail_app))
    async with httpx.AsyncClient(transport=transport, base_url="https://bot.example") as c:
        yield c


async def test_an_account_with_only_an_email_gets_a_neutral_first_mail_once_then_verifies(
    db: object, mail_app: App, client: httpx.AsyncClient, smtp: FakeSmtp,
    personal: PersonalData, now: datetime,
) -> None:  # fmt: skip
    app = mail_app
    account_id = _with_plan(app, personal, now, email="Sam.Lee@Debtor.example", phone=None)
    assert isinstance(app.clock, MutableClock)
    app.clock.now = NY_REMINDER
    result = app.reminders.run_once()
    assert (result.queued, result.skipped) == (1, 0), result.notes
    box = Mailbox(app, client, smtp, EMAIL)
    (mail,) = await box.deliver()
    subject = str(mail.message["Subject"])
    assert subject == "A message from Customer Care"
    _neutral(subject)
    body = mail.text().split("\n--\n")[0]
    _neutral(body)
    _neutral(mail.html().split("<hr")[0])
    assert "Customer Care" in body and "reply" in body.lower()
    assert _link_account(app, body) == account_id
    assert mail.message["List-Unsubscribe"]  # the channel's opt-out is there

    again = app.reminders.run_once()  # a second run sends nothing more
    assert again.queued == 0
    assert await box.deliver() == []

    (answer,) = await box.write("Hello, who is this?")
    assert "date of birth" in answer.text()
    with app.db.session() as s:
        convs = s.scalars(select(Conversation).where(Conversation.platform == "email")).all()
        assert len(convs) == 1 and convs[0].account_id == account_id
        assert s.scalar(select(func.count()).select_from(Reminder)) >= 1


async def test_an_opted_out_email_address_gets_nothing(
    db: object, mail_app: App, client: httpx.AsyncClient, smtp: FakeSmtp,
    personal: PersonalData, now: datetime,
) -> None:  # fmt: skip
    app = mail_app
    account_id = _with_plan(app, personal, now, email=EMAIL, phone=None)
    with app.db.session() as s:
        key = chat_key(personal, "email", EMAIL)
        s.add(OptOut(account_id=account_id, platform="email", platform_user_id=key,
                     source="unsubscribe", created_at=now))  # fmt: skip
    assert isinstance(app.clock, MutableClock)
    app.clock.now = NY_REMINDER
    result = app.reminders.run_once()
    assert (result.queued, result.skipped) == (0, 1)
    assert await Mailbox(app, client, smtp, EMAIL).deliver() == []
    with app.db.session() as s:
        assert s.scalar(select(func.count()).select_from(Conversation).where(
            Conversation.platform == "email")) == 0  # fmt: skip


# -- SMS ----------------------------------------------------------------------------


@pytest.fixture
def twilio() -> Iterator[tuple[FakeTwilio, str]]:
    fake = FakeTwilio()
    with serve(fake.handle) as url:
        yield fake, url


@pytest.fixture
def sms_app(settings: Settings, twilio: tuple[FakeTwilio, str], now: datetime) -> Iterator[App]:
    application = App(twilio_settings(_configured(settings), twilio[1]), MutableClock(now))
    yield application
    application.stop()


async def _deliver(app: App) -> None:
    channel = channels.sms(app.settings, app.db, app.outbox, app.engine)
    assert channel is not None
    await channel.delivery.deliver_due()
    await channel.adapter.stop()


async def test_an_account_with_only_a_phone_gets_a_neutral_text_in_its_language(
    db: object, sms_app: App, twilio: tuple[FakeTwilio, str], personal: PersonalData,
    now: datetime,
) -> None:  # fmt: skip
    app, fake = sms_app, twilio[0]
    account_id = _with_plan(app, personal, now, email=None, phone="+86 138 0013 8000", zh=True)
    assert isinstance(app.clock, MutableClock)
    app.clock.now = SH_REMINDER
    assert app.reminders.run_once().queued == 1
    await _deliver(app)
    (text,) = fake.to(PHONE)
    _neutral(text)
    assert text.startswith("您好，这里是客户服务中心")
    assert text.endswith("\n回复TD退订")  # the channel's opt-out wording
    assert _link_account(app, text) == account_id

    assert app.reminders.run_once().queued == 0
    await _deliver(app)
    assert len(fake.to(PHONE)) == 1

    from bot.web.app import create_app

    transport = httpx.ASGITransport(app=create_app(app))
    async with httpx.AsyncClient(transport=transport, base_url="https://bot.example") as c:
        response = await TwilioPush(c).text(PHONE, "你好，请问是哪位？")
    assert response.status_code == 200
    await _deliver(app)
    answer = fake.to(PHONE)[1]
    assert "出生日期" in answer
    with app.db.session() as s:
        convs = s.scalars(select(Conversation).where(Conversation.platform == "sms")).all()
        assert [c.account_id for c in convs] == [account_id]
        assert s.get(Account, account_id) is not None
