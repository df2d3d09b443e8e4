"""The Telegram adapter against a local fake Bot API (polling mode, an echo engine)."""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import AsyncIterator, Iterator

import pytest
from sqlalchemy.exc import OperationalError

from bot.adapters.telegram import from_app, render
from bot.adapters.telegram_lookup import fetch_username
from bot.adapters.telegram_pacing import TokenBucket
from bot.adapters.telegram_updates import split_command
from bot.app import App
from bot.channels import Channel
from bot.config import ConfigError, Settings, load_settings
from bot.messages import Button, ChatRef, Incoming, Outbound, Reply
from bot.outbox import Outbox
from bot.store.db import Database
from bot.store.models import Identity, Message, OptOut, OutboxItem
from bot.store.outbox import Outcomes
from tests.adapters.fake_telegram import BOT_USERNAME, FakeBotAPI
from tests.adapters.telegram_support import (
    MENU,
    EchoEngine,
    JumpClock,
    count,
    make_adapter,
    moving_clock,
    outbox_statuses,
    telegram_settings,
    with_telegram,
)
from tests.adapters.waiting import eventually
from tests.factories import make_account

USER = 7001


@pytest.fixture
def fake() -> Iterator[FakeBotAPI]:
    with FakeBotAPI() as api:
        yield api


@pytest.fixture
def engine(db: Database) -> EchoEngine:
    return EchoEngine(db)


@pytest.fixture
async def adapter(fake: FakeBotAPI, db: Database, engine: EchoEngine) -> AsyncIterator[Channel]:
    tg = make_adapter(telegram_settings(fake), db, engine.process)
    await tg.start()
    yield tg
    await tg.stop()


def texts(fake: FakeBotAPI) -> list[str]:
    return [m["text"] for m in fake.sent()]


def all_sent(db: Database, fake: FakeBotAPI) -> bool:
    """Every outbox item is sent, and Telegram received exactly that many messages."""
    statuses = outbox_statuses(db)
    return all(st == "sent" for st in statuses) and len(fake.sent()) == len(statuses)


# ---------------------------------------------------------------- receiving


async def test_text_becomes_incoming_and_the_reply_arrives(
    fake: FakeBotAPI, engine: EchoEngine, adapter: Channel
) -> None:
    update = fake.push(fake.text_update(USER, "hello there", language_code="zh-hans"))

    await eventually(lambda: texts(fake) == ["echo: hello there"])

    (incoming,) = engine.seen
    assert incoming.chat == ChatRef("telegram", str(USER), str(USER))
    assert incoming.message_id == f"u{update['update_id']}"
    assert incoming.text == "hello there"
    assert incoming.locale_hint == "zh-hans"
    assert incoming.timestamp is not None and incoming.timestamp.tzinfo is not None
    assert incoming.command is None
    assert fake.sent()[0]["chat_id"] == str(USER)
    # polling mode removes any webhook first; the username comes from getMe
    assert fake.requests("deleteWebhook")
    assert adapter.adapter.username == BOT_USERNAME


async def test_commands_carry_their_argument(
    fake: FakeBotAPI, engine: EchoEngine, adapter: Channel
) -> None:
    for text in ["/start tok-123", "/help", "/stop", "/agent", f"/language@{BOT_USERNAME} zh_TW"]:
        fake.push(fake.text_update(USER, text))

    await eventually(lambda: len(engine.seen) == 5)

    assert [(i.command, i.command_arg) for i in engine.seen] == [
        ("start", "tok-123"),
        ("help", None),
        ("stop", None),
        ("agent", None),
        ("language", "zh_TW"),
    ]
    # the deep-link token is for binding, never read as words; other arguments are
    assert [i.text for i in engine.seen] == [
        "/start",
        "/help",
        "/stop",
        "/agent",
        f"/language@{BOT_USERNAME} zh_TW",
    ]


def test_split_command() -> None:
    assert split_command("/start abc", "bot") == ("start", "abc")
    assert split_command("/START", "bot") == ("start", "")
    assert split_command("/start@other_bot abc", "bot") is None
    assert split_command("/unknown", "bot") is None
    assert split_command("start", "bot") is None


async def test_button_press_is_a_payload_and_the_keyboard_goes_away(
    fake: FakeBotAPI, engine: EchoEngine, adapter: Channel
) -> None:
    fake.push(fake.text_update(USER, "menu"))
    await eventually(lambda: len(fake.sent()) == 1)
    menu = fake.sent()[0]
    assert menu["reply_markup"] == {
        "inline_keyboard": [
            [{"text": "Pay in full", "callback_data": "plan:full"}],
            [{"text": "3 months", "callback_data": "plan:m3"}],
        ]
    }

    press = fake.push(
        fake.press_update(USER, "plan:m3", menu["result_message_id"], language_code="zh-hant")
    )
    await eventually(
        lambda: len(fake.sent()) == 2 and bool(fake.requests("editMessageReplyMarkup"))
    )

    incoming = engine.seen[-1]
    assert (incoming.payload, incoming.text) == ("plan:m3", "")
    assert incoming.locale_hint == "zh-hant"
    assert incoming.message_id == f"u{press['update_id']}"
    assert texts(fake)[-1] == "echo: plan:m3"
    assert fake.requests("answerCallbackQuery") == [
        {"callback_query_id": press["callback_query"]["id"]}
    ]
    (edit,) = fake.requests("editMessageReplyMarkup")
    assert (str(edit["chat_id"]), edit["message_id"]) == (str(USER), menu["result_message_id"])
    assert "reply_markup" not in edit


async def test_group_chats_are_ignored(
    fake: FakeBotAPI, engine: EchoEngine, adapter: Channel
) -> None:
    group = fake.text_update(USER, "what do I owe?")
    group["message"]["chat"] = {"id": -100200, "type": "group", "title": "family"}
    fake.push(group)
    fake.push(fake.text_update(USER, "private"))

    await eventually(lambda: texts(fake) == ["echo: private"])
    assert [i.text for i in engine.seen] == ["private"]


# ---------------------------------------------------------------- at least once


async def test_offset_moves_only_after_the_engine_committed(
    fake: FakeBotAPI, db: Database, engine: EchoEngine
) -> None:
    first = fake.push(fake.text_update(USER, "one"))
    gate = asyncio.Event()
    loop = asyncio.get_running_loop()

    def slow(incoming: Incoming) -> bool:
        asyncio.run_coroutine_threadsafe(gate.wait(), loop).result(30)
        return engine.process(incoming)

    tg = make_adapter(telegram_settings(fake), db, slow)
    await tg.start()
    try:
        await eventually(lambda: len(fake.offsets) >= 1)
        await asyncio.sleep(0.2)
        assert fake.offsets == [None]  # still processing "one": nothing acknowledged
        gate.set()
        await eventually(lambda: first["update_id"] + 1 in fake.offsets)
        assert count(db, Message, Message.direction == "in") == 1
    finally:
        await tg.stop()


async def test_every_update_delivered_twice_gives_one_reply_each(
    fake: FakeBotAPI, db: Database, engine: EchoEngine, adapter: Channel
) -> None:
    updates = [fake.text_update(USER, f"msg {i}") for i in range(4)]
    for update in updates:
        fake.push(update)
        fake.replay(update)
    await eventually(lambda: len(engine.seen) == 8)
    last = updates[-1]["update_id"]
    await eventually(lambda: fake.pending_updates == 0 and last + 1 in fake.offsets)
    await eventually(lambda: all_sent(db, fake))

    assert texts(fake) == [f"echo: msg {i}" for i in range(4)]
    assert count(db, Message, Message.direction == "in") == 4
    assert count(db, OutboxItem) == 4


class Killed(BaseException):
    """The process dies: nothing after this point runs."""


async def test_killed_after_commit_before_ack_has_no_second_effect(
    fake: FakeBotAPI, db: Database, engine: EchoEngine
) -> None:
    update = fake.push(fake.text_update(USER, "only once"))

    def dies_after_commit(incoming: Incoming) -> bool:
        engine.process(incoming)
        raise Killed

    first = make_adapter(telegram_settings(fake), db, dies_after_commit)
    await first.start()
    await eventually(lambda: len(engine.seen) == 1)
    with pytest.raises(Killed):
        await first.stop()
    assert update["update_id"] + 1 not in fake.offsets  # never acknowledged

    second = make_adapter(telegram_settings(fake), db, engine.process)
    await second.start()
    try:
        await eventually(lambda: len(engine.seen) == 2)  # Telegram delivered it again
        await eventually(lambda: update["update_id"] + 1 in fake.offsets)
        await eventually(lambda: all_sent(db, fake) and len(fake.sent()) > 0)
    finally:
        await second.stop()
    assert texts(fake) == ["echo: only once"]
    assert count(db, Message, Message.direction == "in") == 1
    assert count(db, OutboxItem) == 1


async def test_stop_does_not_acknowledge_an_update_waiting_for_the_database(
    fake: FakeBotAPI, db: Database, engine: EchoEngine
) -> None:
    update = fake.push(fake.text_update(USER, "later"))
    tries: list[Incoming] = []

    def database_down(incoming: Incoming) -> bool:
        tries.append(incoming)
        raise OperationalError("INSERT INTO messages", {}, Exception("connection refused"))

    first = make_adapter(telegram_settings(fake), db, database_down)
    await first.start()
    await eventually(lambda: len(tries) >= 2)  # retried, not skipped
    await first.stop()
    assert update["update_id"] + 1 not in fake.offsets

    second = make_adapter(telegram_settings(fake), db, engine.process)
    await second.start()
    try:
        await eventually(lambda: texts(fake) == ["echo: later"])
        await eventually(lambda: update["update_id"] + 1 in fake.offsets)
    finally:
        await second.stop()


@pytest.mark.parametrize("refused", [0, 2], ids=["first-try", "after-two-failed-tries"])
async def test_stop_acknowledges_what_was_processed(
    fake: FakeBotAPI, db: Database, engine: EchoEngine, refused: int
) -> None:
    update = fake.push(fake.text_update(USER, "bye"))
    tg = make_adapter(telegram_settings(fake), db, engine.process, poll_timeout=0)
    await tg.start()
    # processed and committed: the adapter has moved its offset past the update
    await eventually(lambda: tg.adapter._offset == update["update_id"] + 1)
    fake.refuse_acknowledgements(refused)  # a proxy's hiccups while acknowledging
    await tg.stop()
    assert update["update_id"] + 1 in fake.offsets
    assert fake.pending_updates == 0


# ---------------------------------------------------------------- sending


async def test_long_replies_are_split_on_lines_with_buttons_on_the_last_part(
    fake: FakeBotAPI, adapter: Channel
) -> None:
    fake.push(fake.text_update(USER, "long"))
    await eventually(lambda: len(fake.sent()) == 3)

    parts = fake.sent()
    assert all(len(p["text"]) <= 4096 for p in parts)
    assert "\n".join(p["text"] for p in parts).count("line ") == 200
    assert all(p["text"].startswith("line ") for p in parts)
    assert ["reply_markup" in p for p in parts] == [False, False, True]


def test_payloads_longer_than_64_bytes_fall_back_to_numbered_text() -> None:
    reply = Reply("Choose:", (Button("A", "a" * 65), Button("B", "b")))
    parts, markup = render(reply)
    assert markup is None
    assert parts == ["Choose:\n\n1. A\n2. B"]
    parts, markup = render(Reply("Choose:", MENU))
    assert parts == ["Choose:"] and markup is not None


async def test_429_is_retried_after_retry_after_and_delivered_once(
    fake: FakeBotAPI, db: Database, adapter: Channel
) -> None:
    fake.fail_next_send(429, "Too Many Requests: retry after 1", retry_after=1)
    fake.push(fake.text_update(USER, "hello"))

    await eventually(lambda: outbox_statuses(db) == ["sent"])

    attempts = [c for c in fake.calls if c.method == "sendMessage"]
    assert len(attempts) == 2
    assert attempts[1].at - attempts[0].at >= 0.95
    assert texts(fake) == ["echo: hello"]
    with db.session() as s:
        item = s.query(OutboxItem).one()
        assert (item.status, item.sent_message_id) == (
            "sent",
            str(attempts[1].params["result_message_id"]),
        )


async def test_network_errors_are_retried_with_backoff(
    fake: FakeBotAPI, db: Database, engine: EchoEngine
) -> None:
    tg = make_adapter(telegram_settings(fake), db, engine.process, backoff_base=0.5)
    await tg.start()
    try:
        fake.fail_next_send(502, "Bad Gateway")
        fake.push(fake.text_update(USER, "hello"))
        await eventually(lambda: outbox_statuses(db) == ["sent"])
    finally:
        await tg.stop()
    attempts = [c for c in fake.calls if c.method == "sendMessage"]
    assert len(attempts) == 2
    assert attempts[1].at - attempts[0].at >= 0.45  # the first backoff step
    assert texts(fake) == ["echo: hello"]


async def test_a_429_on_a_later_part_resends_only_that_part(
    fake: FakeBotAPI, db: Database, adapter: Channel
) -> None:
    fake.fail_next_send(429, "Too Many Requests: retry after 1", retry_after=1, after=1)
    fake.push(fake.text_update(USER, "long"))

    await eventually(lambda: outbox_statuses(db) == ["sent"])

    attempts = [c for c in fake.calls if c.method == "sendMessage"]
    assert len(attempts) == 4  # part 1, part 2 refused, part 2 again, part 3
    assert attempts[2].at - attempts[1].at >= 0.95
    parts = texts(fake)
    assert len(parts) == 3 and len(set(parts)) == 3  # nothing arrived twice
    assert "\n".join(parts).count("line ") == 200
    with db.session() as s:
        item = s.query(OutboxItem).one()
        assert item.sent_message_id == str(fake.sent()[-1]["result_message_id"])


async def test_a_reply_sent_but_not_recorded_is_not_lost(
    fake: FakeBotAPI, db: Database, engine: EchoEngine
) -> None:
    clock = JumpClock()
    tg = make_adapter(telegram_settings(fake), db, engine.process, clock=clock)
    record = tg.delivery.outbox.record
    tries: list[Outcomes] = []

    def database_gone(outcomes: Outcomes) -> None:
        tries.append(outcomes)
        raise OperationalError("UPDATE outbox", {}, Exception("server closed the connection"))

    tg.delivery.outbox.record = database_gone  # type: ignore[method-assign]
    await tg.start()
    try:
        fake.push(fake.text_update(USER, "hello"))
        # Sent, but recording it failed (a few tries, then the worker moves on)...
        await eventually(lambda: len(tries) == 3)
        assert len(fake.sent()) == 1
        # ...so the item stays leased ("sending")...
        assert outbox_statuses(db) == ["sending"]
        assert Outbox(db, clock).claim_due("telegram") == []  # ...to nobody else, for now
        tg.delivery.outbox.record = record  # type: ignore[method-assign]
        # When the lease runs out, the reply goes again rather than being lost.
        clock.jump(tg.delivery.lease_seconds + 1)
        tg.delivery.notify()
        await eventually(lambda: outbox_statuses(db) == ["sent"])
    finally:
        await tg.stop()
    assert texts(fake) == ["echo: hello", "echo: hello"]
    with db.session() as s:
        item = s.query(OutboxItem).one()
        assert item.sent_message_id == str(fake.sent()[-1]["result_message_id"])


async def test_blocked_by_the_user_marks_identity_and_stops_sending(
    fake: FakeBotAPI, db: Database, personal: object, adapter: Channel
) -> None:
    now = moving_clock()()
    with db.session() as s:
        account = make_account(s, personal)  # type: ignore[arg-type]
        s.add(
            Identity(
                account_id=account.id,
                platform="telegram",
                platform_user_id=str(USER),
                chat_id=str(USER),
                bound_at=now,
            )
        )
        account_id = account.id
    fake.fail_next_send(403, "Forbidden: bot was blocked by the user")
    fake.push(fake.text_update(USER, "first"))
    await eventually(lambda: outbox_statuses(db) == ["undeliverable"])

    with db.session() as s:
        assert s.query(Identity).one().unreachable is True
        opt_out = s.query(OptOut).one()
        assert (opt_out.account_id, opt_out.source, opt_out.platform) == (
            account_id,
            "blocked",
            "telegram",
        )
        assert opt_out.platform_user_id == str(USER)

    # a reply queued for the chat later (an agent writing, a reminder) is not sent
    with db.session() as s:
        from bot.outbox import enqueue
        from bot.store.models import Conversation

        conv = s.query(Conversation).one()
        enqueue(s, conv, "are you there?", now=now)
    adapter.delivery.notify()
    await eventually(lambda: outbox_statuses(db) == ["undeliverable", "undeliverable"])
    assert len(fake.requests("sendMessage")) == 1
    assert fake.sent() == []


async def test_blocking_and_unblocking_via_my_chat_member(
    fake: FakeBotAPI, db: Database, adapter: Channel
) -> None:
    fake.push(fake.member_update(USER, "kicked"))
    await eventually(lambda: count(db, OptOut) == 1)
    fake.replay(fake.member_update(USER, "kicked"))  # redelivered: still one opt-out
    fake.push(fake.member_update(USER, "member"))
    await eventually(lambda: count(db, OptOut, OptOut.revoked_at.is_not(None)) == 1)
    assert count(db, OptOut) == 1


# ---------------------------------------------------------------- pacing


async def test_pacing_per_chat(fake: FakeBotAPI, db: Database, engine: EchoEngine) -> None:
    tg = make_adapter(telegram_settings(fake), db, engine.process, chat_rate=4.0, chat_burst=1.0)
    await tg.start()

    async def three_to_one_chat() -> None:
        for i in range(3):
            await tg.adapter.send(Outbound(str(USER), f"m{i}"))

    start = time.monotonic()
    try:
        await asyncio.gather(three_to_one_chat(), tg.adapter.send(Outbound("7002", "other chat")))
    finally:
        await tg.stop()
    calls = [c for c in fake.calls if c.method == "sendMessage"]
    times = [c.at for c in calls if c.params["chat_id"] == str(USER)]
    assert times[2] - start >= 0.49  # three messages at 4/s: the third waits 0.5 s
    # another chat does not wait behind this one (its message goes before the 0.25 s wait)
    assert [c.params["text"] for c in calls].index("other chat") < 2


async def test_pacing_overall(fake: FakeBotAPI, db: Database, engine: EchoEngine) -> None:
    tg = make_adapter(
        telegram_settings(fake), db, engine.process, global_rate=10.0, global_burst=1.0
    )
    await tg.start()
    start = time.monotonic()
    try:
        await asyncio.gather(*(tg.adapter.send(Outbound(str(8000 + i), f"m{i}")) for i in range(3)))
    finally:
        await tg.stop()
    times = sorted(c.at for c in fake.calls if c.method == "sendMessage")
    assert len(times) == 3
    assert times[2] - start >= 0.19  # three chats, 10/s overall: the third waits 0.2 s


def test_token_bucket() -> None:
    clock = [0.0]
    bucket = TokenBucket(rate=2.0, burst=2.0, monotonic=lambda: clock[0])
    assert [bucket.reserve(), bucket.reserve()] == [0.0, 0.0]
    assert bucket.reserve() == pytest.approx(0.5)
    assert bucket.reserve() == pytest.approx(1.0)
    clock[0] = 10.0
    assert bucket.idle and bucket.reserve() == 0.0


# ---------------------------------------------------------------- wiring


def test_from_app_needs_a_token(settings: Settings, fake: FakeBotAPI) -> None:
    app = App(settings)
    try:
        assert from_app(app) is None
    finally:
        app.stop()
    assert isinstance(with_telegram(settings, fake).telegram.token.reveal(), str)


def test_webhook_mode_without_a_secret_is_a_config_error() -> None:
    environ = {"REPAYBOT_TELEGRAM__TOKEN": "123:abc", "REPAYBOT_TELEGRAM__MODE": "webhook"}
    with pytest.raises(ConfigError, match=r"telegram\.webhook_secret is required"):
        load_settings(None, environ=environ)
    secret = {**environ, "REPAYBOT_TELEGRAM__WEBHOOK_SECRET": "s3cret"}
    assert load_settings(None, environ=secret).telegram.mode == "webhook"


def test_fetch_username_asks_getme_when_not_configured(fake: FakeBotAPI) -> None:
    tg = telegram_settings(fake)
    assert fetch_username(tg) == BOT_USERNAME
    assert len(fake.requests("getMe")) == 1
    assert fetch_username(dataclasses.replace(tg, bot_username="@ConfiguredBot")) == "ConfiguredBot"
    assert len(fake.requests("getMe")) == 1


async def test_webhook_mode_sets_the_webhook_with_secret(
    fake: FakeBotAPI, db: Database, engine: EchoEngine
) -> None:
    tg = make_adapter(telegram_settings(fake, "webhook"), db, engine.process)
    await tg.start()
    await tg.stop()
    (hook,) = fake.requests("setWebhook")
    assert hook["url"] == "https://bot.example.test/webhooks/telegram"
    assert hook["secret_token"] == "s3cret-T0ken_for-tests"
    assert hook["allowed_updates"] == ["message", "callback_query", "my_chat_member"]
    assert fake.requests("getUpdates") == []
