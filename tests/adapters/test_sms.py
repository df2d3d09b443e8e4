"""SMS as a channel: Twilio (a local fake REST API, signed webhooks), carrier keywords,
segments and the link to long replies, delivery failures, and whole negotiations in English
and Simplified Chinese; the China provider's signed template sends."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from bot import channels
from bot.adapters.sms.keywords import keyword
from bot.adapters.sms.segments import count, fit
from bot.app import App
from bot.config import Settings
from bot.dialog import addresses
from bot.links import verify_token
from bot.outbox import UNDELIVERABLE
from bot.store.contacts import chat_key
from bot.store.crypto import PersonalData
from bot.store.models import (
    Account,
    Agreement,
    ContactChannel,
    Conversation,
    Escalation,
    Message,
    OptOut,
    OutboxItem,
)
from bot.web.app import create_app
from bot.web.console.views import transcript
from tests.adapters.fake_sms import (
    TC_CALLBACK_SECRET,
    WEBHOOK_URL,
    FakeTencent,
    FakeTwilio,
    TwilioPush,
    serve,
    tencent_settings,
    twilio_settings,
)
from tests.adapters.fake_wechat import MutableClock
from tests.factories import make_account
from tests.web.conftest import csrf, login, make_user

ZH = "+8613800138000"
EN = "+12025550143"


# -- segments and keywords (no database) -------------------------------------------


def test_gsm7_and_ucs2_segments_are_counted() -> None:
    assert (count("a" * 160).encoding, count("a" * 160).segments) == ("GSM-7", 1)
    assert count("a" * 161).segments == 2
    assert count("a" * 306).segments == 2 and count("a" * 307).segments == 3  # 153 per part
    assert count("{" * 80).units == 160  # extension characters take two septets
    chinese = "您好，这是一条来自客户服务中心的消息"
    assert count(chinese).encoding == "UCS-2"
    assert count("你" * 70).segments == 1 and count("你" * 71).segments == 2
    assert count("你" * 134).segments == 2 and count("你" * 135).segments == 3  # 67 per part
    assert count("Price: 5€").encoding == "GSM-7" and count("Hi 😀").encoding == "UCS-2"


def test_a_cut_english_reply_stays_gsm7() -> None:
    body, cut = fit("word " * 100, "Reply STOP to opt out.", 2, "https://bot.example/m/abc")
    assert cut and "... https://bot.example/m/abc" in body
    assert (count(body).encoding, count(body).segments) == ("GSM-7", 2)


def test_a_long_reply_is_cut_with_a_link_and_keeps_the_opt_out_wording() -> None:
    text = "您的还款计划：" + "每月还款¥3,900.16，" * 20
    body, cut = fit(text, "回复TD退订", 2, "https://bot.example/m/abc")
    assert cut and count(body).segments <= 2
    assert body.endswith("… https://bot.example/m/abc\n回复TD退订")
    short, was_cut = fit("OK", "Reply STOP to opt out.", 1, "https://x")
    assert (short, was_cut) == ("OK\nReply STOP to opt out.", False)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("STOP", "stop"), ("stop.", "stop"), ("退订", "stop"), ("TD", "stop"), ("Unsubscribe", "stop"),
     ("HELP", "help"), ("帮助", "help"), ("START", "start"), ("please stop calling", None),
     ("yes", None)],
)  # fmt: skip
def test_carrier_keywords(text: str, expected: str | None) -> None:
    assert keyword(text) == expected


def test_yes_opts_back_in_only_after_an_opt_out() -> None:
    assert keyword("YES", opted_out=True) == "start"


# -- Twilio, end to end ----------------------------------------------------------


@pytest.fixture
def twilio() -> Iterator[tuple[FakeTwilio, str]]:
    fake = FakeTwilio()
    with serve(fake.handle) as url:
        yield fake, url


def _accounts(app: App, personal: PersonalData) -> None:
    with app.db.session() as s:
        zh = make_account(s, personal, ref="A-1001", dob="1990-01-31")
        zh.phone_enc = personal.encrypt("+86 138 0013 8000")
        en = make_account(
            s, personal, ref="A-2002", dob="1985-07-04", currency="USD", locale="en",
            timezone="America/New_York", principal="1200.00", interest="80.00", fees="25.50",
        )  # fmt: skip
        en.phone_enc = personal.encrypt("(202) 555-0143")


@pytest.fixture
def app(
    settings: Settings, twilio: tuple[FakeTwilio, str], now: datetime, personal: PersonalData
) -> Iterator[App]:
    application = App(twilio_settings(settings, twilio[1]), MutableClock(now))
    _accounts(application, personal)
    yield application
    application.stop()


@pytest.fixture
async def push(app: App) -> AsyncIterator[TwilioPush]:
    transport = httpx.ASGITransport(app=create_app(app))
    async with httpx.AsyncClient(transport=transport, base_url="https://bot.example") as c:
        yield TwilioPush(c)


async def deliver(app: App) -> None:
    channel = channels.sms(app.settings, app.db, app.outbox, app.engine)
    assert channel is not None
    await channel.delivery.deliver_due()
    await channel.adapter.stop()


class Phone:
    """The debtor's phone: text the bot, read what came back."""

    def __init__(self, app: App, push: TwilioPush, fake: FakeTwilio, number: str) -> None:
        self.app, self.push, self.fake, self.number = app, push, fake, number
        self.seen = 0

    async def say(self, text: str) -> list[str]:
        response = await self.push.text(self.number, text)
        assert response.status_code == 200, response.text
        await deliver(self.app)
        return self.inbox()

    def inbox(self) -> list[str]:
        got = self.fake.to(self.number)[self.seen :]
        self.seen += len(got)
        return got


async def test_the_hook_checks_twilios_signature(db: object, app: App, push: TwilioPush) -> None:
    form = {"MessageSid": "SM1", "From": EN, "To": "+15005550006", "Body": "hi"}
    forged = await push.post("/webhooks/sms/twilio", WEBHOOK_URL, form, token="not-the-token")
    assert forged.status_code == 403
    unsigned = await push.client.post("/webhooks/sms/twilio", data=form)
    assert unsigned.status_code == 403
    with app.db.session() as s:
        assert s.scalar(select(func.count()).select_from(Message)) == 0


async def test_every_text_carries_the_opt_out_wording_and_redelivery_is_harmless(
    db: object, app: App, push: TwilioPush, twilio: tuple[FakeTwilio, str]
) -> None:
    fake = twilio[0]
    for _ in range(2):  # Twilio retried the same message
        assert (await push.text(EN, "Hi", sid="SMsame")).status_code == 200
    await deliver(app)
    (greeting,) = fake.to(EN)
    assert "date of birth" in greeting
    assert greeting.endswith("\nReply STOP to opt out.")
    assert fake.texts[0].status_callback == "https://bot.example/webhooks/sms/twilio/status"
    zh = Phone(app, push, fake, ZH)
    (reply,) = await zh.say("你好")
    assert "出生日期" in reply and reply.endswith("\n回复TD退订")


@pytest.mark.parametrize("word", ["STOP", "退订", "TD"])
async def test_stop_is_confirmed_once_and_start_opts_back_in(
    db: object, app: App, push: TwilioPush, twilio: tuple[FakeTwilio, str], word: str,
    personal: PersonalData,
) -> None:  # fmt: skip
    phone = Phone(app, push, twilio[0], ZH)
    await phone.say("你好")
    (confirmation,) = await phone.say(word)
    assert "不会再" in confirmation
    assert await phone.say(word) == []  # confirmed once
    assert await phone.say("我想还款") == []  # nothing read until START
    with app.db.session() as s:
        (opt_out,) = s.scalars(select(OptOut)).all()
        assert (opt_out.platform, opt_out.revoked_at) == ("sms", None)
        contact = s.scalars(
            select(ContactChannel).where(ContactChannel.chat_id == chat_key(personal, "sms", ZH))
        ).one()
        assert contact.consent == "revoked"
    (greeting,) = await phone.say("START")
    assert "出生日期" in greeting
    with app.db.session() as s:
        assert s.scalars(select(OptOut)).one().revoked_at is not None
        consent = select(ContactChannel.consent).where(
            ContactChannel.chat_id == chat_key(personal, "sms", ZH)
        )
        assert s.scalars(consent).one() == "granted"


async def test_help_says_who_we_are_and_how_to_reach_a_person(db: object, push: TwilioPush) -> None:
    answer = await push.text(EN, "HELP")
    assert answer.headers["content-type"].startswith("text/xml")
    assert "<Message>Customer Care: reply to this number to talk to us; reply AGENT" in answer.text
    zh = await push.text(ZH, "帮助")
    assert "客户服务中心：直接回复本号码即可联系我们" in zh.text


async def test_help_and_its_answer_are_in_the_transcript_agents_read(
    db: object, app: App, push: TwilioPush, twilio: tuple[FakeTwilio, str]
) -> None:
    phone = Phone(app, push, twilio[0], EN)
    await phone.say("Hi")
    answered = await push.text(EN, "HELP", sid="SMhelp0000000000000000000000001")
    again = await push.text(EN, "HELP", sid="SMhelp0000000000000000000000001")  # redelivered
    assert "Customer Care: reply to this number" in answered.text and again.text == answered.text
    (offer,) = await phone.say("1985-07-04")  # the dialog goes on where it was
    assert "$1,305.50" in offer or "https://bot.example/m/" in offer
    with app.db.session() as s:
        conv_id = s.scalars(select(Conversation.id).where(Conversation.platform == "sms")).one()
        lines = transcript(s, conv_id)
    said = [(line.sender, line.text.split(":")[0], line.delivery) for line in lines]
    at = said.index(("debtor", "HELP", None))
    assert said[at : at + 3] == [
        ("debtor", "HELP", None),
        ("bot", "Customer Care", "sent"),  # carried by Twilio's answer, not sent again
        ("debtor", "1985-07-04", None),
    ]
    assert len(twilio[0].to(EN)) == 2  # the greeting and the offer; HELP went back in TwiML


async def test_help_as_the_first_text_starts_the_conversation_agents_see(
    db: object, app: App, push: TwilioPush
) -> None:
    await push.text(ZH, "帮助")
    with app.db.session() as s:
        conv_id = s.scalars(select(Conversation.id).where(Conversation.platform == "sms")).one()
        said = [(line.sender, line.text[:6]) for line in transcript(s, conv_id)]
    assert said == [("debtor", "帮助"), ("bot", "客户服务中心")]


async def test_a_failed_delivery_report_marks_the_number_unusable(
    db: object, app: App, push: TwilioPush, twilio: tuple[FakeTwilio, str], personal: PersonalData
) -> None:
    phone = Phone(app, push, twilio[0], EN)
    await phone.say("Hi")
    assert (await push.status(EN, "delivered")).status_code == 204
    assert (await push.status(EN, "undelivered", "30005")).status_code == 204
    with app.db.session() as s:
        contact = s.scalars(
            select(ContactChannel).where(ContactChannel.chat_id == chat_key(personal, "sms", EN))
        ).one()
        assert contact.unusable_at is not None and "30005" in (contact.unusable_reason or "")


async def test_an_invalid_number_refused_by_twilio_is_unusable_and_nothing_more_is_tried(
    db: object, app: App, push: TwilioPush, twilio: tuple[FakeTwilio, str], personal: PersonalData
) -> None:
    fake = twilio[0]
    fake.errors.append((400, 21614))  # 'To' number is not a valid mobile number
    phone = Phone(app, push, fake, EN)
    assert await phone.say("Hi") == []
    with app.db.session() as s:
        contact = s.scalars(select(ContactChannel).where(
            ContactChannel.chat_id == chat_key(personal, "sms", EN))).one()  # fmt: skip
        assert contact.unusable_at is not None and "21614" in (contact.unusable_reason or "")
    assert len(await phone.say("1985-07-04")) == 1  # writing proves the number works again ...
    with app.db.session() as s:
        statuses = s.scalars(select(OutboxItem.status).order_by(OutboxItem.id)).all()
    assert statuses[0] == UNDELIVERABLE and statuses[-1] == "sent"  # ... so the next reply goes


async def test_a_reply_over_the_segment_limit_links_to_the_whole_text(
    db: object, settings: Settings, twilio: tuple[FakeTwilio, str], now: datetime,
    personal: PersonalData,
) -> None:  # fmt: skip
    application = App(twilio_settings(settings, twilio[1], max_segments=2), MutableClock(now))
    _accounts(application, personal)
    try:
        transport = httpx.ASGITransport(app=create_app(application))
        async with httpx.AsyncClient(transport=transport, base_url="https://bot.example") as c:
            phone = Phone(application, TwilioPush(c), twilio[0], ZH)
            await phone.say("你好")
            (offer,) = await phone.say("1990-01-31")
            assert count(offer).segments == 2
            link = offer.split("… ")[1].split("\n")[0]
            assert link.startswith("https://bot.example/m/") and offer.endswith("回复TD退订")
            page = await c.get(link.removeprefix("https://bot.example"))
            assert page.status_code == 200 and "¥11,700.50" in page.text
            chat_link = page.text.split('href="')[1].split('"')[0]
            assert chat_link.startswith("/chat?link=")  # the web chat, bound to the account
            token = chat_link.removeprefix("/chat?link=")
            assert verify_token(token, channel="web", secret=application.keys.link_secret,
                                now=now)[0] > 0  # fmt: skip
            assert (await c.get("/m/forged-token")).status_code == 404
    finally:
        application.stop()


async def test_a_negotiation_over_sms_in_simplified_chinese(
    db: object, app: App, push: TwilioPush, twilio: tuple[FakeTwilio, str]
) -> None:
    phone = Phone(app, push, twilio[0], ZH)
    (greeting,) = await phone.say("你好")
    assert "出生日期" in greeting
    (offer,) = await phone.say("1990年1月31日")
    assert "已确认是您本人" in offer and count(offer).segments <= 3
    (confirm,) = await phone.say("2")
    assert "2026年3月17日" in confirm or "https://bot.example/m/" in confirm
    (done,) = await phone.say("是")
    assert "您的还款计划已登记" in done
    with app.db.session() as s:
        agreement = s.scalars(select(Agreement)).one()
        assert (agreement.currency, agreement.total) == ("CNY", Decimal("11700.50"))
        assert len(agreement.instalments) == 3


async def test_a_negotiation_over_sms_in_english(
    db: object, app: App, push: TwilioPush, twilio: tuple[FakeTwilio, str]
) -> None:
    phone = Phone(app, push, twilio[0], EN)
    (greeting,) = await phone.say("Hi")
    assert "date of birth" in greeting
    (offer,) = await phone.say("1985-07-04")
    assert "$1,305.50" in offer or "https://bot.example/m/" in offer
    (confirm,) = await phone.say("1")
    assert confirm.endswith("Reply STOP to opt out.")
    (done,) = await phone.say("yes")
    assert "plan is recorded" in done
    with app.db.session() as s:
        assert s.scalars(select(Agreement.currency)).one() == "USD"


# -- the China provider ----------------------------------------------------------


async def test_tencent_sends_the_approved_template_with_a_signed_request(
    db: object, settings: Settings, now: datetime, personal: PersonalData
) -> None:
    fake = FakeTencent()
    with serve(fake.handle) as url:
        application = App(tencent_settings(settings, url), MutableClock(now))
        try:
            _accounts(application, personal)
            arrival = addresses.Arrival("sms", ZH, "tc-in-1", "你好")
            turn: Any = await application.db.run(addresses.receive, application.engine, arrival)
            assert turn.replies
            await deliver(application)
            assert fake.refused == 0
            (sent,) = fake.sends
            assert sent["PhoneNumberSet"] == [ZH] and sent["TemplateId"] == "2000001"
            assert sent["SignName"] == "示例科技"
            sender, link = sent["TemplateParamSet"]
            assert sender == "客户服务中心" and link.startswith("https://bot.example/m/")
            # The number was blacklisted after 退订: unusable from now on.
            fake.codes.append("FailedOperation.PhoneNumberInBlacklist")
            arrival = addresses.Arrival("sms", ZH, "tc-in-2", "1990-01-31")
            await application.db.run(addresses.receive, application.engine, arrival)
            await deliver(application)
            with application.db.session() as s:
                unusable = s.scalars(select(ContactChannel.unusable_reason)).all()
            assert any(r and "Blacklist" in r for r in unusable)
        finally:
            application.stop()


async def test_tencent_replies_and_delivery_reports_come_in_with_the_callback_secret(
    db: object, settings: Settings, now: datetime, personal: PersonalData
) -> None:
    fake = FakeTencent()
    with serve(fake.handle) as url:
        application = App(tencent_settings(settings, url), MutableClock(now))
        try:
            _accounts(application, personal)
            transport = httpx.ASGITransport(app=create_app(application))
            async with httpx.AsyncClient(transport=transport, base_url="https://bot.example") as c:
                reply = {"mobile": "13800138000", "nationcode": "86", "text": "你好",
                         "sign": "示例科技", "time": 1773122400, "extend": ""}  # fmt: skip
                path = "/webhooks/sms/tencent/reply"
                assert (await c.post(path + "?secret=wrong", json=reply)).status_code == 403
                ok = await c.post(f"{path}?secret={TC_CALLBACK_SECRET}", json=reply)
                assert ok.json() == {"result": 0, "errmsg": "OK"}
                await c.post(f"{path}?secret={TC_CALLBACK_SECRET}", json=reply)  # pushed twice
                await deliver(application)
                assert len(fake.sends) == 1  # one greeting, as a template with its link
                # HELP is answered like Twilio's, as the approved template with its link.
                asked = {**reply, "text": "帮助", "time": 1773122430}
                await c.post(f"{path}?secret={TC_CALLBACK_SECRET}", json=asked)
                await deliver(application)
                assert len(fake.sends) == 2
                sender, link = fake.sends[1]["TemplateParamSet"]
                assert sender == "客户服务中心" and link.startswith("https://bot.example/m/")
                page = await c.get(link.removeprefix("https://bot.example"))
                assert page.status_code == 200
                assert "客户服务中心" in page.text and "人工" in page.text  # who, a person
                assert "TD退订" in page.text  # how to opt out
                await c.post(f"{path}?secret={TC_CALLBACK_SECRET}", json=asked)  # pushed twice
                await deliver(application)
                assert len(fake.sends) == 2  # answered once
                with application.db.session() as s:
                    said = s.execute(
                        select(Message.sender, Message.text).order_by(Message.id.desc()).limit(2)
                    ).all()
                assert said[1] == ("debtor", "帮助")  # agents see the question and the answer
                assert said[0][0] == "bot" and "回复TD退订" in said[0][1]
                stop = {**reply, "text": "退订", "time": 1773122460}
                await c.post(f"{path}?secret={TC_CALLBACK_SECRET}", json=stop)
                with application.db.session() as s:
                    assert s.scalars(select(OptOut.platform)).all() == ["sms"]
                report = [{"mobile": "13800138000", "nationcode": "86", "report_status": "FAIL",
                           "errmsg": "MK:0012", "sid": "2433:1"}]  # fmt: skip
                status = f"/webhooks/sms/tencent/status?secret={TC_CALLBACK_SECRET}"
                assert (await c.post(status, json=report)).status_code == 200
            with application.db.session() as s:
                reasons = s.scalars(select(ContactChannel.unusable_reason)).all()
            assert any(r and "MK:0012" in r for r in reasons)
        finally:
            application.stop()


# -- an agent's reply follows the debtor to SMS -------------------------------------


_AGENT_ITEM = (
    select(OutboxItem)
    .join(Message, Message.id == OutboxItem.message_id)
    .where(Message.sender == "agent")
)


def _escalated_telegram_chat(app: App, ref: str) -> tuple[int, int]:
    """An older Telegram conversation of the account, waiting for an agent."""
    now = app.clock()
    at = now - timedelta(hours=2)
    with app.db.session() as s:
        account = s.scalars(select(Account).where(Account.account_ref == ref)).one()
        conv = Conversation(
            platform="telegram", chat_id="tg-7", user_id="tg-7", account_id=account.id,
            state="offer", context={"verified": True}, mode="agent", locale="en", is_open=True,
            started_at=at, updated_at=at, last_inbound_at=at,
        )  # fmt: skip
        s.add(conv)
        s.flush()
        s.add(Message(
            conversation_id=conv.id, platform="telegram", platform_message_id="tg-7-1",
            direction="in", sender="debtor", text="I need a person", created_at=at,
        ))  # fmt: skip
        esc = Escalation(
            conversation_id=conv.id, account_id=account.id, reason="human_requested",
            priority=2, status="open", created_at=at,
        )  # fmt: skip
        s.add(esc)
        s.flush()
        return conv.id, esc.id


async def _agent_replies(app: App, client: httpx.AsyncClient, conv_id: int, esc_id: int) -> str:
    make_user(app, "alice")
    await login(client, "alice")
    token = await csrf(client)
    claimed = await client.post(f"/console/escalations/{esc_id}/claim", data={"csrf_token": token})
    assert claimed.status_code == 303
    page = await client.get(f"/console/c/{conv_id}")
    hint = page.text.split('id="reply-channel">', 1)[1].split("</span>", 1)[0]
    sent = await client.post(
        f"/console/c/{conv_id}/reply",
        data={"csrf_token": token, "text": "Alice here: I can move your due date."},
    )
    assert sent.status_code == 303, sent.text
    told = await client.get(sent.headers["location"])
    notice = next(
        (
            told.text.split(f'id="{key}">', 1)[1].split("</p>", 1)[0]
            for key in ("reply-sent-on", "reply-held")
            if f'id="{key}"' in told.text
        ),
        "",
    )
    return hint + "|" + notice


async def test_an_agents_reply_goes_by_sms_when_the_debtor_last_texted(
    db: object, app: App, push: TwilioPush, twilio: tuple[FakeTwilio, str]
) -> None:
    conv_id, esc_id = _escalated_telegram_chat(app, "A-2002")
    phone = Phone(app, push, twilio[0], EN)
    await phone.say("Hi")
    await phone.say("1985-07-04")
    told = await _agent_replies(app, push.client, conv_id, esc_id)
    assert "Goes to the debtor on sms: they have written there since" in told
    assert "Your reply went out on sms, the channel the debtor last used." in told
    await deliver(app)
    (text,) = phone.inbox()
    assert text.startswith("Alice here: I can move your due date.")
    with app.db.session() as s:
        item = s.scalars(_AGENT_ITEM).one()
        assert item.platform == "sms"
        assert item.conversation_id != conv_id


async def test_an_agents_reply_stays_on_telegram_when_the_debtor_opted_out_of_sms(
    db: object, app: App, push: TwilioPush, twilio: tuple[FakeTwilio, str]
) -> None:
    conv_id, esc_id = _escalated_telegram_chat(app, "A-2002")
    phone = Phone(app, push, twilio[0], EN)
    await phone.say("Hi")
    await phone.say("1985-07-04")
    await phone.say("STOP")
    told = await _agent_replies(app, push.client, conv_id, esc_id)
    assert "Goes to the debtor on telegram." in told
    # the debtor last wrote on Telegram two hours ago, at 2 AM their time: it waits
    assert "Your reply waits until" in told
    await deliver(app)
    assert phone.inbox() == []
    with app.db.session() as s:
        item = s.scalars(_AGENT_ITEM).one()
        assert (item.platform, item.conversation_id) == ("telegram", conv_id)
