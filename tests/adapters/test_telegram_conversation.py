"""Whole Telegram conversations through the real dialog engine, polling and webhook.

Every update is delivered twice (in webhook mode: concurrently); the debtor
still gets each reply once and exactly one agreement is recorded.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from datetime import timedelta
from decimal import Decimal
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

import bot.channels as channels_module
from bot.adapters.telegram import TelegramAdapter
from bot.app import App
from bot.config import Settings
from bot.links import create_link
from bot.store.db import Database
from bot.store.models import Account, Agreement, Escalation, Identity, Message, OutboxItem
from bot.web.app import create_app
from tests.adapters.fake_telegram import BOT_USERNAME, FakeBotAPI
from tests.adapters.telegram_support import (
    FAST,
    WEBHOOK_SECRET,
    count,
    moving_clock,
    with_telegram,
)
from tests.adapters.waiting import eventually
from tests.factories import make_account

USER = 8001
HEADERS = {"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}

Deliver = Callable[[dict[str, Any]], Awaitable[None]]


@pytest.fixture
def fake() -> Iterator[FakeBotAPI]:
    with FakeBotAPI() as api:
        yield api


@pytest.fixture
def fast_adapters(monkeypatch: pytest.MonkeyPatch) -> None:
    """The web app builds adapters with tiny pacing and retry delays."""
    monkeypatch.setattr(
        channels_module, "TelegramAdapter", functools.partial(TelegramAdapter, **FAST)
    )


def make_app(settings: Settings, fake: FakeBotAPI, mode: str, db: Database) -> App:
    app = App(with_telegram(settings, fake, mode), clock=moving_clock())
    with app.db.session() as s:
        make_account(
            s,
            app.personal,
            ref="A-2001",
            locale="en",
            currency="USD",
            principal="900.00",
            interest="60.00",
            fees="40.00",
        )
    return app


@asynccontextmanager
async def running(web: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with web.router.lifespan_context(web):
        transport = httpx.ASGITransport(app=web)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            yield client


class Debtor:
    """Drives one debtor through Telegram and reads what the bot sent back."""

    def __init__(self, fake: FakeBotAPI, db: Database, deliver: Deliver) -> None:
        self.fake = fake
        self.db = db
        self.deliver = deliver
        self.inbound = 0

    async def say(self, text: str) -> list[dict[str, Any]]:
        return await self._send(self.fake.text_update(USER, text))

    async def press(self, message: dict[str, Any], payload: str) -> list[dict[str, Any]]:
        buttons = [row[0]["callback_data"] for row in message["reply_markup"]["inline_keyboard"]]
        assert payload in buttons
        return await self._send(self.fake.press_update(USER, payload, message["result_message_id"]))

    async def _send(self, update: dict[str, Any]) -> list[dict[str, Any]]:
        before = len(self.fake.sent())
        await self.deliver(update)
        self.inbound += 1
        await eventually(lambda: self.settled() and len(self.fake.sent()) > before)
        return self.fake.sent()[before:]

    def settled(self) -> bool:
        """Every message so far is stored and every reply written for it was sent once."""
        return settled(self.db, self.fake, self.inbound)


def settled(db: Database, fake: FakeBotAPI, inbound: int) -> bool:
    """``inbound`` messages are stored and every reply in the outbox was sent, once each.

    A turn's replies go out as one Telegram message, so the items of one
    message share its id.
    """
    with db.session() as s:
        stored = s.scalars(select(Message.id).where(Message.direction == "in")).all()
        items = s.execute(select(OutboxItem.status, OutboxItem.sent_message_id)).all()
    return (
        len(stored) == inbound
        and all(st == "sent" for st, _ in items)
        and len(fake.sent()) == len({mid for _, mid in items})
    )


def deep_link(app: App) -> str:
    """What a lender sends the debtor: ``https://t.me/<bot>?start=<token>``."""
    with app.db.session() as s:
        _token, link = create_link(
            s,
            account_ref="A-2001",
            channel="telegram",
            secret=app.keys.link_secret,
            ttl=timedelta(hours=72),
            now=app.clock(),
            bot_username=BOT_USERNAME,
        )
    return link


async def conversation(debtor: Debtor, app: App, fake: FakeBotAPI, db: Database) -> None:
    link = deep_link(app)
    assert link.startswith(f"https://t.me/{BOT_USERNAME}?start=")
    # opening the link makes the Telegram app send "/start <token>"
    replies = await debtor.say("/start " + link.split("?start=", 1)[1])
    assert "Hello" in replies[0]["text"]
    assert "date of birth" in replies[-1]["text"]  # the link binds, it does not verify
    with db.session() as s:
        identity = s.scalars(select(Identity)).one()
        assert identity.platform_user_id == str(USER) and identity.verified_at is None
    replies = await debtor.say("1990-01-01")
    assert "don't match" in replies[0]["text"]
    assert "date of birth" in replies[-1]["text"]
    replies = await debtor.say("1990-01-31")
    offers = replies[-1]
    assert "How would you like to pay?" in offers["text"]
    assert "$1,000.00" in " ".join(r["text"] for r in replies)

    replies = await debtor.press(offers, "choose:2")
    first_confirm = replies[-1]
    assert "Shall I record it?" in first_confirm["text"]
    await eventually(
        lambda: any(
            e["message_id"] == offers["result_message_id"]
            for e in fake.requests("editMessageReplyMarkup")
        )
    )
    replies = await debtor.press(first_confirm, "no")
    offers = replies[-1]
    assert offers["reply_markup"]["inline_keyboard"]

    replies = await debtor.say("I can pay 300 a month")
    confirm = replies[-1]
    assert "$300.00" in confirm["text"] and "Shall I record it?" in confirm["text"]
    replies = await debtor.press(confirm, "yes")
    assert "your plan is recorded" in replies[0]["text"]

    # a second tap on an old keyboard does not record anything again
    await debtor.deliver(fake.press_update(USER, "yes", first_confirm["result_message_id"]))
    debtor.inbound += 1
    await eventually(debtor.settled)

    with db.session() as s:
        (agreement,) = s.scalars(select(Agreement)).all()
        assert agreement.total == Decimal("1000.00")
        account = s.scalars(select(Account).where(Account.account_ref == "A-2001")).one()
        assert agreement.account_id == account.id
        assert [i.amount for i in agreement.instalments] == [Decimal("300.00")] * 3 + [
            Decimal("100.00")
        ]
        assert s.scalars(select(Identity)).one().verified_at is not None
        outbound = s.scalars(
            select(Message.text).where(Message.direction == "out").order_by(Message.id)
        ).all()
    # each reply the engine wrote reached the debtor exactly once, in order
    # (a turn's replies joined in one message)
    assert "\n\n".join(m["text"] for m in fake.sent()) == "\n\n".join(outbound)


async def test_whole_conversation_polling(
    settings: Settings, db: Database, fake: FakeBotAPI, fast_adapters: None
) -> None:
    app = make_app(settings, fake, "polling", db)

    async def deliver_twice(update: dict[str, Any]) -> None:
        fake.push(update)
        fake.replay(update)

    try:
        async with running(create_app(app)):
            await conversation(Debtor(fake, db, deliver_twice), app, fake, db)
            await eventually(lambda: fake.pending_updates == 0)
    finally:
        app.stop()
    assert fake.requests("deleteWebhook")


async def test_whole_conversation_webhook(
    settings: Settings, db: Database, fake: FakeBotAPI, fast_adapters: None
) -> None:
    app = make_app(settings, fake, "webhook", db)
    try:
        async with running(create_app(app)) as client:

            async def deliver_twice_concurrently(update: dict[str, Any]) -> None:
                answers = await asyncio.gather(
                    client.post("/webhooks/telegram", json=update, headers=HEADERS),
                    client.post("/webhooks/telegram", json=update, headers=HEADERS),
                )
                assert [a.status_code for a in answers] == [200, 200]

            await conversation(Debtor(fake, db, deliver_twice_concurrently), app, fake, db)
    finally:
        app.stop()
    (hook,) = fake.requests("setWebhook")
    assert hook["secret_token"] == WEBHOOK_SECRET
    assert fake.requests("getUpdates") == []


async def test_a_deep_link_token_is_never_read_as_words(
    settings: Settings, db: Database, fake: FakeBotAPI, fast_adapters: None
) -> None:
    app = make_app(settings, fake, "webhook", db)
    # A random token sometimes spells something (about one in thirty holds "sb", an
    # insult in Chinese chat slang): take one that the understanding would misread.
    understander = app.engine.understander
    tokens = (deep_link(app).split("?start=", 1)[1] for _ in range(3000))
    token = next(
        t
        for t in tokens
        if understander.understand(
            f"/start {t}", locale="en", timezone="UTC", now=app.clock(), choices=[]
        ).intent
        != "unknown"
    )
    try:
        async with running(create_app(app)) as client:

            async def deliver(update: dict[str, Any]) -> None:
                answer = await client.post("/webhooks/telegram", json=update, headers=HEADERS)
                assert answer.status_code == 200

            replies = await Debtor(fake, db, deliver).say(f"/start {token}")
    finally:
        app.stop()
    assert "Hello" in replies[0]["text"]
    assert "date of birth" in replies[-1]["text"]
    assert count(db, Escalation) == 0
    assert count(db, Identity) == 1  # the link bound the account


@pytest.mark.parametrize(
    "headers",
    [{}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}, {"X-Telegram-Bot-Api-Secret-Token": ""}],
)
async def test_webhook_without_the_secret_is_refused(
    settings: Settings, db: Database, fake: FakeBotAPI, fast_adapters: None, headers: dict[str, str]
) -> None:
    app = make_app(settings, fake, "webhook", db)
    try:
        async with running(create_app(app)) as client:
            answer = await client.post(
                "/webhooks/telegram", json=fake.text_update(USER, "/start"), headers=headers
            )
    finally:
        app.stop()
    assert answer.status_code == 403
    assert count(db, Message) == 0


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"[1, 2]",
        b'{"message": {"text": "hi"}}',
        b'{"update_id": "7"}',
        b'{"update_id": 7, "message": "hello"}',
        b"\xff\xfe",
    ],
)
async def test_webhook_with_a_malformed_body_is_refused(
    settings: Settings, db: Database, fake: FakeBotAPI, fast_adapters: None, body: bytes
) -> None:
    app = make_app(settings, fake, "webhook", db)
    try:
        async with running(create_app(app)) as client:
            answer = await client.post("/webhooks/telegram", content=body, headers=HEADERS)
    finally:
        app.stop()
    assert answer.status_code == 400
    assert count(db, Message) == 0


async def test_webhook_failure_after_commit_is_redelivered_without_second_effect(
    settings: Settings, db: Database, fake: FakeBotAPI, fast_adapters: None
) -> None:
    app = make_app(settings, fake, "webhook", db)
    update = fake.text_update(USER, "/start")
    try:
        web = create_app(app)
        async with running(web) as client:
            adapter = web.state.adapters["telegram"]
            # The turn's replies are claimed as they are committed; a worker that
            # dies before sending them leaves them to the lease, as after a claim.
            web.state.deliveries["telegram"].lease_seconds = 1
            real = adapter.process

            def dies_after_commit(incoming: Any) -> Any:
                real(incoming)
                raise RuntimeError("process killed before answering Telegram")

            adapter.process = dies_after_commit
            first = await client.post("/webhooks/telegram", json=update, headers=HEADERS)
            assert first.status_code == 500  # Telegram will deliver it again
            adapter.process = real
            again = await client.post("/webhooks/telegram", json=update, headers=HEADERS)
            assert again.status_code == 200
            await eventually(lambda: settled(db, fake, inbound=1) and len(fake.sent()) > 0)
    finally:
        app.stop()
    assert count(db, Message, Message.direction == "in") == 1
    assert [m["text"] for m in fake.sent()][-1].split("\n\n")[-1].startswith("To get started")
    assert len(fake.sent()) == 1  # the turn's two replies in one message
