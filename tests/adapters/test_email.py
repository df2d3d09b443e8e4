"""Email as a channel: SMTP out (a real aiosmtpd server), signed inbound hook, threading,
unsubscribe, bounces, and whole negotiations in English and Simplified Chinese."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from bot.accounts.overview import account_overview, render_text
from bot.adapters.email.unsubscribe import read_token
from bot.app import App
from bot.config import Secret, Settings
from bot.messages import ChatRef
from bot.outbox import UNDELIVERABLE
from bot.store.contacts import chat_key
from bot.store.crypto import PersonalData
from bot.store.models import Account, Agreement, ContactChannel, Message, OptOut, OutboxItem
from bot.store.outbox import UNUSABLE_REASON
from bot.web.app import create_app
from bot.web.email import imap_service
from tests.adapters.email_support import (
    FROM,
    REPLY_TO,
    Mailbox,
    email_settings,
    post_mail,
    raw_mail,
)
from tests.adapters.fake_imap import PASSWORD as IMAP_PASSWORD
from tests.adapters.fake_imap import USER as IMAP_USER
from tests.adapters.fake_imap import FakeImap
from tests.adapters.fake_smtp import FakeSmtp
from tests.adapters.fake_wechat import MutableClock
from tests.factories import make_account

DEBTOR = "li.wei@debtor.example"
EN_DEBTOR = "sam.lee@debtor.example"


@pytest.fixture
def smtp(tmp_path: Path) -> Iterator[FakeSmtp]:
    with FakeSmtp(tmp_path) as server:
        yield server


@pytest.fixture
def app(settings: Settings, smtp: FakeSmtp, now: datetime, personal: PersonalData) -> Iterator[App]:
    application = App(email_settings(settings, smtp), MutableClock(now))
    with application.db.session() as s:
        zh = make_account(s, personal, ref="A-1001", dob="1990-01-31")
        zh.email_enc = personal.encrypt("Li.Wei@Debtor.example")
        en = make_account(
            s, personal, ref="A-2002", dob="1985-07-04", currency="USD", locale="en",
            timezone="America/New_York", principal="1200.00", interest="80.00", fees="25.50",
        )  # fmt: skip
        en.email_enc = personal.encrypt(EN_DEBTOR)
    yield application
    application.stop()


@pytest.fixture
async def client(app: App) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=create_app(app))
    async with httpx.AsyncClient(transport=transport, base_url="https://bot.example") as c:
        yield c


@pytest.fixture
def mailbox(app: App, client: httpx.AsyncClient, smtp: FakeSmtp) -> Mailbox:
    return Mailbox(app, client, smtp, DEBTOR)


async def test_a_reply_is_multipart_threaded_and_carries_the_unsubscribe_headers(
    db: object, mailbox: Mailbox, smtp: FakeSmtp
) -> None:
    first = await mailbox.write("你好", quote=False)
    assert len(first) == 1
    mail = first[0]
    msg = mail.message
    assert smtp.logins  # the adapter signed in with the configured credentials
    assert mail.recipients == [DEBTOR]
    assert msg["From"] == f"客户服务中心 <{FROM}>"
    assert msg["Reply-To"] == REPLY_TO
    assert msg["Subject"] == "Re: 来自客户服务中心的消息"  # nothing about the debt
    assert msg["Message-ID"].endswith("@bank.example>")
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    https, mailto = (p.strip(" <>") for p in msg["List-Unsubscribe"].split(","))
    assert https.startswith("https://bot.example/email/unsubscribe/")
    assert mailto == f"mailto:{REPLY_TO}?subject=unsubscribe"
    assert msg.get_content_type() == "multipart/alternative"
    assert (
        "请告诉我您的账户编号" not in mail.text()
    )  # the address is the account's: no reference asked
    assert "出生日期" in mail.text()
    # The first line (what a locked phone previews) says nothing about the debt.
    assert mail.text().split("\n")[0] == "您有一条来自客户服务中心的新消息。"
    assert "display:none" in mail.html() and "您有一条来自客户服务中心的新消息。" in mail.html()
    assert "如不希望再收到此类邮件，请回复“退订”" in mail.text()
    assert https in mail.text() and https in mail.html()
    assert '<html lang="zh-CN">' in mail.html()

    # The debtor's reply threads on it; the answer threads on the debtor's reply.
    await mailbox.write("1990-01-31")
    sent_id = msg["Message-ID"].strip("<>")
    with mailbox.app.db.session() as s:
        their_id = s.scalars(
            select(Message.platform_message_id)
            .where(Message.direction == "in")
            .order_by(Message.id)
        ).all()[-1]
    answer = mailbox.last
    assert answer is not None
    assert answer.message["In-Reply-To"] == f"<{their_id}>"
    refs = answer.message["References"].split()
    assert f"<{sent_id}>" in refs and refs[-1] == f"<{their_id}>"
    # Choices are numbered options in both parts.
    assert "1. " in answer.text() and "请回复您选择的序号。" in answer.text()
    assert "¥11,700.50" in answer.text()  # after verification the body has the balance ...
    assert answer.text().split("\n")[0] == "您有一条来自客户服务中心的新消息。"  # ... not line 1
    assert "<ol><li>" in answer.html()


async def test_the_hook_refuses_unsigned_mail_and_dedupes_by_message_id(
    db: object, app: App, client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    raw = raw_mail(DEBTOR, "hello", message_id="<same-id-1@debtor.example>")
    assert (await post_mail(client, raw, secret="wrong")).status_code == 403
    unsigned = await client.post("/webhooks/email", content=raw)
    assert unsigned.status_code == 403
    with app.db.session() as s:
        assert s.scalar(select(func.count()).select_from(Message)) == 0
    for _ in range(3):
        response = await post_mail(client, raw)
        assert response.status_code == 200
    assert response.json() == {"ok": True, "duplicate": True}
    assert len(await mailbox.deliver()) == 1  # one greeting, not three
    with app.db.session() as s:
        ids = s.scalars(select(Message.platform_message_id).where(Message.direction == "in")).all()
        assert ids == ["same-id-1@debtor.example"]


async def test_one_click_unsubscribe_opts_out_of_email_at_once(
    db: object, app: App, client: httpx.AsyncClient, mailbox: Mailbox, smtp: FakeSmtp
) -> None:
    (mail,) = await mailbox.write("hello", quote=False)
    url = mail.message["List-Unsubscribe"].split(",")[0].strip(" <>")
    path = url.removeprefix("https://bot.example")
    page = await client.get(path)
    assert page.status_code == 200 and 'method="post"' in page.text  # GET changes nothing
    with app.db.session() as s:
        assert s.scalar(select(func.count()).select_from(OptOut)) == 0
    # What a mail client sends for List-Unsubscribe-Post (RFC 8058).
    done = await client.post(path, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    with app.db.session() as s:
        (opt_out,) = s.scalars(select(OptOut)).all()
        assert opt_out.platform == "email" and opt_out.revoked_at is None
        account = s.scalars(select(Account).where(Account.account_ref == "A-1001")).one()
        assert opt_out.account_id == account.id
    assert await mailbox.deliver() == []  # no confirmation mail: the click was the answer
    assert (await client.post(path + "x")).status_code == 404
    assert read_token("other-secret", path.rsplit("/", 1)[1]) is None


@pytest.mark.parametrize("word", ["unsubscribe", "退订"])
async def test_an_unsubscribe_reply_opts_out(
    db: object, app: App, mailbox: Mailbox, word: str
) -> None:
    await mailbox.write("hello", quote=False)
    confirmation = await mailbox.say(word)
    assert "不会再" in confirmation or "won't send" in confirmation
    with app.db.session() as s:
        (opt_out,) = s.scalars(select(OptOut)).all()
        assert (opt_out.platform, opt_out.revoked_at) == ("email", None)


async def test_a_mailto_unsubscribe_with_only_a_subject_opts_out(
    db: object, app: App, client: httpx.AsyncClient
) -> None:
    raw = raw_mail(DEBTOR, "", subject="unsubscribe")
    assert (await post_mail(client, raw)).status_code == 200
    with app.db.session() as s:
        assert s.scalars(select(OptOut.platform)).all() == ["email"]


async def test_a_refused_address_is_marked_unusable_and_nothing_more_is_sent(
    db: object, app: App, mailbox: Mailbox, smtp: FakeSmtp, personal: PersonalData
) -> None:
    smtp.refuse.add(DEBTOR)
    assert await mailbox.write("hello", quote=False) == []
    key = chat_key(personal, "email", DEBTOR)
    with app.db.session() as s:
        contact = s.scalars(select(ContactChannel).where(ContactChannel.chat_id == key)).one()
        assert contact.unusable_at is not None
        assert "550" in (contact.unusable_reason or "")
        assert set(s.scalars(select(OutboxItem.status)).all()) == {UNDELIVERABLE}


async def test_a_bounce_report_marks_the_address_unusable(
    db: object, app: App, client: httpx.AsyncClient, mailbox: Mailbox, personal: PersonalData
) -> None:
    await mailbox.write("hello", quote=False)
    dsn = (
        "From: MAILER-DAEMON@mx.debtor.example\r\nTo: replies@bank.example\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\nMessage-ID: <dsn-1@mx.debtor.example>\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n\r\n'
        "--B\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n"
        "--B\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.debtor.example\r\n\r\n"
        f"Final-Recipient: rfc822; {DEBTOR}\r\nAction: failed\r\nStatus: 5.1.1\r\n"
        "Diagnostic-Code: smtp; 550 5.1.1 mailbox unavailable\r\n\r\n--B--\r\n"
    ).encode()
    response = await post_mail(client, dsn)
    assert response.json() == {"ok": True, "bounced": 1}
    with app.db.session() as s:
        contact = s.scalars(
            select(ContactChannel).where(
                ContactChannel.chat_id == chat_key(personal, "email", DEBTOR)
            )
        ).one()
        assert contact.unusable_at is not None and "mailbox unavailable" in (
            contact.unusable_reason or ""
        )
        # The bounce is not a message from the debtor.
        assert s.scalar(select(func.count()).select_from(Message).where(
            Message.direction == "in")) == 1  # fmt: skip
    # Whatever is written to the address now is never sent; agents see why.
    key = chat_key(personal, "email", DEBTOR)
    turn = app.engine.greet(ChatRef("email", key, key))
    assert await mailbox.deliver() == []
    with app.db.session() as s:
        errors = {s.get(OutboxItem, i).error for i in turn.outbox_ids}  # type: ignore[union-attr]
    assert errors == {UNUSABLE_REASON}


async def test_a_negotiation_over_email_in_simplified_chinese(
    db: object, app: App, mailbox: Mailbox
) -> None:
    greeting = await mailbox.write("你好", quote=False)
    assert "请告诉我您的出生日期" in greeting[0].text()
    offer = await mailbox.say("1990年1月31日")
    assert "已确认是您本人" in offer
    assert offer.index("这是一条来自催收方的通知") < offer.index("¥11,700.50")
    assert "2. 前2期每月还¥3,900.16，最后一期还¥3,900.18，首期2026年3月17日" in offer
    confirm = await mailbox.say("2")
    assert "2026年3月17日：¥3,900.16" in confirm
    done = await mailbox.say("是")
    assert "您的还款计划已登记" in done
    with app.db.session() as s:
        agreement = s.scalars(select(Agreement)).one()
        assert (agreement.currency, agreement.total) == ("CNY", Decimal("11700.50"))
        assert len(agreement.instalments) == 3
        texts = s.scalars(
            select(Message.text).where(Message.direction == "in").order_by(Message.id)
        ).all()
    assert texts == ["你好", "1990年1月31日", "2", "是"]  # quoted history never stored


async def test_a_negotiation_over_email_in_english(
    db: object, app: App, client: httpx.AsyncClient, smtp: FakeSmtp
) -> None:
    box = Mailbox(app, client, smtp, EN_DEBTOR)
    greeting = await box.write("Hi", quote=False)
    assert "date of birth" in greeting[0].text()
    assert greeting[0].message["Subject"] == "Re: A message from Customer Care"
    offer = await box.say("1985-07-04")
    assert "$1,305.50" in offer
    confirm = await box.say("1")
    assert "Shall I record it?" in confirm or "record" in confirm
    done = await box.say("yes")
    assert "plan is recorded" in done
    with app.db.session() as s:
        agreement = s.scalars(select(Agreement)).one()
        assert agreement.currency == "USD"


async def test_accounts_show_tells_which_channels_work_and_which_are_opted_out(
    db: object, app: App, mailbox: Mailbox, smtp: FakeSmtp, personal: PersonalData
) -> None:
    smtp.refuse.add(DEBTOR)
    await mailbox.write("hello", quote=False)
    with app.db.session() as s:
        account = s.scalars(select(Account).where(Account.account_ref == "A-1001")).one()
        doc = account_overview(s, personal, account, app.clock(), app.settings)
    email = next(c for c in doc["channels"] if c["channel"] == "email")
    assert (email["usable"], email["opted_out"], email["consent"]) == (False, False, "unknown")
    assert "550" in email["unusable_reason"]
    assert "  email: UNUSABLE since" in render_text(doc)


async def test_replies_are_read_from_an_imap_mailbox_once(
    db: object, app: App, mailbox: Mailbox, personal: PersonalData
) -> None:
    with FakeImap() as imap:
        cfg = dataclasses.replace(
            app.settings.email,
            imap_host="127.0.0.1",
            imap_port=imap.port,
            imap_tls="none",
            imap_username=IMAP_USER,
            imap_password=Secret(IMAP_PASSWORD),
        )
        app.settings = dataclasses.replace(app.settings, email=cfg)
        imap.add(raw_mail(DEBTOR, "你好", message_id="<imap-1@debtor.example>"))
        imap.add(b"this is not a mail message")
        poller = imap_service(app)
        assert poller is not None
        assert await poller.poll_once() == 2
        assert [m.seen for m in imap.messages] == [True, True]
        assert await poller.poll_once() == 0  # seen messages are not read again
        assert imap.logins == 2
    (greeting,) = await mailbox.deliver()
    assert "出生日期" in greeting.text()
    with app.db.session() as s:
        ids = s.scalars(select(Message.platform_message_id).where(Message.direction == "in")).all()
    assert ids == ["imap-1@debtor.example"]


async def test_from_and_reply_to_follow_the_accounts_creditor(
    settings: Settings, smtp: FakeSmtp, now: datetime, personal: PersonalData
) -> None:
    configured = email_settings(
        settings, smtp,
        from_by_creditor={"Example Bank": "collections@bank.example"},
        reply_to_by_creditor={"Example Bank": "bank-replies@bank.example"},
    )  # fmt: skip
    application = App(configured, MutableClock(now))
    try:
        with application.db.session() as s:
            bank = make_account(s, personal, ref="A-1001", dob="1990-01-31")
            bank.email_enc = personal.encrypt(DEBTOR)
            other = make_account(s, personal, ref="A-2002", dob="1985-07-04", locale="en",
                                 creditor="Other Lender")  # fmt: skip
            other.email_enc = personal.encrypt(EN_DEBTOR)
        transport = httpx.ASGITransport(app=create_app(application))
        async with httpx.AsyncClient(transport=transport, base_url="https://bot.example") as c:
            (to_bank,) = await Mailbox(application, c, smtp, DEBTOR).write("你好", quote=False)
            (to_other,) = await Mailbox(application, c, smtp, EN_DEBTOR).write("Hi", quote=False)
    finally:
        application.stop()
    assert to_bank.message["From"] == "客户服务中心 <collections@bank.example>"
    assert to_bank.message["Reply-To"] == "bank-replies@bank.example"
    assert (
        "<mailto:bank-replies@bank.example?subject=unsubscribe>"
        in to_bank.message["List-Unsubscribe"]
    )
    # A creditor without its own addresses: the configured defaults.
    assert to_other.message["From"] == f"Customer Care <{FROM}>"
    assert to_other.message["Reply-To"] == REPLY_TO
