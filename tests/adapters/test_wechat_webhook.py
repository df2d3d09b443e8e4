"""The WeChat webhook: authentication, hostile XML, message types, passive replies."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from urllib.parse import urlencode

import httpx
import pytest
from sqlalchemy import func, select

from bot.adapters.wechat_protocol import signature
from bot.app import App
from bot.config import Secret, Settings
from bot.messages import Button, Reply
from bot.outbox import PENDING, SENT, UNDELIVERABLE
from bot.store.models import Base, Message, OutboxItem
from bot.web.app import create_app
from tests.adapters.fake_wechat import (
    OFFICIAL_ACCOUNT,
    OLD_AES_KEY,
    OTHER_AES_KEY,
    TOKEN,
    FakeEngine,
    FakeWechatApi,
    MutableClock,
    WechatPush,
    from_app,
    wechat_settings,
)

OPENID = "oUser-1234567890"


@pytest.fixture
def api() -> Iterator[FakeWechatApi]:
    with FakeWechatApi() as fake:
        yield fake


@pytest.fixture
def clock(now: datetime) -> MutableClock:
    return MutableClock(now)


@pytest.fixture
def app(settings: Settings, api: FakeWechatApi, clock: MutableClock) -> Iterator[App]:
    application = App(
        wechat_settings(settings, api, previous_encoding_aes_key=Secret(OLD_AES_KEY)), clock
    )
    application._engine = FakeEngine(application.db, clock)  # type: ignore[assignment]
    yield application
    application.stop()


@pytest.fixture
async def client(app: App) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=create_app(app))
    async with httpx.AsyncClient(transport=transport, base_url="http://wechat.test") as c:
        yield c


@pytest.fixture
def push(client: httpx.AsyncClient, clock: MutableClock) -> WechatPush:
    return WechatPush(client, clock)


def stored(app: App) -> dict[str, int]:
    """Row counts of every table that a message could leave traces in."""
    with app.db.session() as s:
        return {
            t.name: s.scalar(select(func.count()).select_from(t)) or 0
            for t in Base.metadata.sorted_tables
        }


def all_text(app: App) -> str:
    with app.db.session() as s:
        return " ".join(s.scalars(select(Message.text)).all())


# -- server verification ------------------------------------------------------------


async def test_server_verification_echoes_when_signed_with_the_token(
    db: object, client: httpx.AsyncClient, clock: MutableClock
) -> None:
    stamp = str(int(clock().timestamp()))
    query = {"signature": signature(TOKEN, stamp, "42"), "timestamp": stamp, "nonce": "42"}
    good = await client.get("/webhooks/wechat?" + urlencode({**query, "echostr": "hello-7"}))
    assert (good.status_code, good.text) == (200, "hello-7")
    query["signature"] = signature("another token", stamp, "42")
    bad = await client.get("/webhooks/wechat?" + urlencode({**query, "echostr": "hello-7"}))
    assert bad.status_code == 403
    assert "hello-7" not in bad.text


# -- plain and safe mode ---------------------------------------------------------------


@pytest.mark.parametrize("safe", [False, True], ids=["plain", "safe"])
async def test_text_message_gets_a_passive_reply(
    db: object, app: App, push: WechatPush, safe: bool
) -> None:
    push.safe = safe
    response = await push.post(push.text(OPENID, "你好", 9001, push.now()))
    fields = push.read(response)
    assert fields is not None
    assert fields["Content"] == "收到：你好"
    assert (fields["ToUserName"], fields["FromUserName"]) == (OPENID, OFFICIAL_ACCOUNT)
    assert fields["MsgType"] == "text"
    with app.db.session() as s:
        item = s.scalars(select(OutboxItem)).one()
        assert (item.status, item.sent_message_id) == (SENT, "passive")


async def test_previous_aes_key_is_still_accepted_and_answered_with_it(
    db: object, app: App, push: WechatPush
) -> None:
    push.safe = True
    push.aes_key = OLD_AES_KEY
    assert await push.say(push.text(OPENID, "还在吗", 9002, push.now())) == "收到：还在吗"


async def test_same_msgid_three_times_gets_the_same_reply_and_is_stored_once(
    db: object, app: App, push: WechatPush
) -> None:
    push.safe = True
    xml = push.text(OPENID, "我想还款", 9003, push.now())
    answers = [await push.say(xml) for _ in range(3)]
    assert answers == ["收到：我想还款"] * 3
    counts = stored(app)
    assert (counts["messages"], counts["outbox"]) == (2, 1)


# -- refused requests leave nothing behind ------------------------------------------


async def assert_refused(app: App, response: httpx.Response, status: int) -> None:
    assert response.status_code == status
    assert "收到" not in response.text
    assert all(n == 0 for n in stored(app).values()), stored(app)
    assert app.engine.seen == []  # type: ignore[attr-defined]


async def test_bad_signature_is_refused(db: object, app: App, push: WechatPush) -> None:
    push.token = "not-our-token"
    response = await push.post(push.text(OPENID, "hi", 1, push.now()))
    await assert_refused(app, response, 403)


async def test_bad_msg_signature_is_refused(db: object, app: App, push: WechatPush) -> None:
    push.safe = True
    response = await push.post(
        push.text(OPENID, "hi", 1, push.now()), params={"msg_signature": "0" * 40}
    )
    await assert_refused(app, response, 403)


@pytest.mark.parametrize("offset", [-301, 301, -86400])
async def test_stale_timestamp_is_refused(
    db: object, app: App, push: WechatPush, offset: int
) -> None:
    stamp = push.now() + offset
    response = await push.post(push.text(OPENID, "hi", 1, stamp), timestamp=stamp)
    await assert_refused(app, response, 403)


async def test_timestamp_within_tolerance_is_accepted(
    db: object, app: App, push: WechatPush
) -> None:
    stamp = push.now() - 290
    response = await push.post(push.text(OPENID, "hi", 1, stamp), timestamp=stamp)
    assert push.read(response) is not None


async def test_unknown_aes_key_is_refused(db: object, app: App, push: WechatPush) -> None:
    push.safe = True
    response = await push.post(push.text(OPENID, "hi", 1, push.now()), aes_key=OTHER_AES_KEY)
    await assert_refused(app, response, 403)


async def test_missing_parameters_are_refused(
    db: object, app: App, client: httpx.AsyncClient
) -> None:
    response = await client.post("/webhooks/wechat", content=b"<xml></xml>")
    await assert_refused(app, response, 400)


async def test_oversized_body_is_refused(db: object, app: App, push: WechatPush) -> None:
    response = await push.post(push.text(OPENID, "还" * 30000, 1, push.now()))
    await assert_refused(app, response, 413)


XXE = (
    '<?xml version="1.0"?>\n'
    '<!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    "<xml><ToUserName>gh_x</ToUserName><FromUserName>{openid}</FromUserName>"
    "<CreateTime>{now}</CreateTime><MsgType>text</MsgType><Content>&xxe;</Content>"
    "<MsgId>66</MsgId></xml>"
)
LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    )
    + "]>\n<xml><ToUserName>gh_x</ToUserName><FromUserName>{openid}</FromUserName>"
    "<CreateTime>{now}</CreateTime><MsgType>text</MsgType><Content>&lol9;</Content>"
    "<MsgId>67</MsgId></xml>"
)


@pytest.mark.parametrize("payload", [XXE, LAUGHS], ids=["xxe", "billion-laughs"])
@pytest.mark.parametrize("safe", [False, True], ids=["plain", "safe"])
async def test_entity_declarations_are_refused(
    db: object, app: App, push: WechatPush, payload: str, safe: bool
) -> None:
    push.safe = safe
    started = time.monotonic()
    response = await push.post(payload.format(openid=OPENID, now=push.now()))
    await assert_refused(app, response, 400)
    # Expanding the entities would take far longer (and gigabytes); a busy machine won't.
    assert time.monotonic() - started < 10
    assert "root:" not in response.text
    assert "root:" not in all_text(app)


# -- message types ---------------------------------------------------------------------


async def test_subscribe_with_scene_starts_with_the_deep_link_token(
    db: object, app: App, push: WechatPush
) -> None:
    await push.post(push.event(OPENID, "subscribe", push.now(), key="qrscene_TOKEN123"))
    await push.post(push.event(OPENID, "SCAN", push.now() + 1, key="TOKEN456"))
    await push.post(push.event("oOther", "subscribe", push.now()))
    seen = app.engine.seen  # type: ignore[attr-defined]
    assert [(m.command, m.command_arg) for m in seen] == [
        ("start", "TOKEN123"),
        ("start", "TOKEN456"),
        ("start", None),
    ]
    assert seen[0].message_id == f"{OPENID}:{push.now()}:subscribe"
    assert seen[0].locale_hint == "zh_CN"


async def test_unsubscribe_stops_and_leaves_nothing_to_send(
    db: object, app: App, push: WechatPush
) -> None:
    response = await push.post(push.event(OPENID, "unsubscribe", push.now()))
    assert push.read(response) is None
    assert app.engine.seen[0].command == "stop"  # type: ignore[attr-defined]
    with app.db.session() as s:
        item = s.scalars(select(OutboxItem)).one()
        assert item.status == UNDELIVERABLE
        assert "unfollowed" in (item.error or "")


async def test_menu_click_and_voice_recognition(db: object, app: App, push: WechatPush) -> None:
    assert await push.say(push.event(OPENID, "CLICK", push.now(), key="talk_to_agent")) == (
        "收到：talk_to_agent"
    )
    voice = push.message(OPENID, "voice", 77, push.now(), MediaId="m1", Recognition="我要分期")
    assert await push.say(voice) == "收到：我要分期"
    seen = app.engine.seen  # type: ignore[attr-defined]
    assert (seen[0].payload, seen[1].text) == ("talk_to_agent", "我要分期")


@pytest.mark.parametrize(
    ("msg_type", "extra"),
    [
        ("image", {"PicUrl": "http://x/y.jpg", "MediaId": "m"}),
        ("location", {"Location_X": "23.1", "Location_Y": "113.3", "Label": "广州"}),
        ("voice", {"MediaId": "m", "Recognition": ""}),
        ("video", {"MediaId": "m", "ThumbMediaId": "t"}),
    ],
)
async def test_other_messages_get_a_polite_request_to_type(
    db: object, app: App, push: WechatPush, msg_type: str, extra: dict[str, str]
) -> None:
    answer = await push.say(push.message(OPENID, msg_type, 88, push.now(), **extra))
    assert answer == "抱歉，这里只能识别文字消息。请直接输入您的回答。"
    assert app.engine.seen == []  # type: ignore[attr-defined]


async def test_unknown_events_are_acknowledged(db: object, app: App, push: WechatPush) -> None:
    response = await push.post(push.event(OPENID, "VIEW", push.now(), key="https://x"))
    assert push.read(response) is None
    assert app.engine.seen == []  # type: ignore[attr-defined]


async def test_choices_are_tappable_links_and_a_tap_comes_back_as_payload(
    db: object, app: App, push: WechatPush
) -> None:
    menu = (Button("一次还清", "plan:full"), Button("分3期", "plan:m3"))
    app.engine.answer = lambda m: [  # type: ignore[attr-defined]
        Reply("您想怎么还款？", menu) if not m.payload else Reply(f"已选择 {m.payload}")
    ]
    answer = await push.say(push.text(OPENID, "还款", 501, push.now()))
    assert answer == (
        "您想怎么还款？\n\n"
        '1. <a href="weixin://bizmsgmenu?msgmenucontent=%E4%B8%80%E6%AC%A1%E8%BF%98%E6%B8%85'
        '&msgmenuid=plan%3Afull">一次还清</a>\n'
        '2. <a href="weixin://bizmsgmenu?msgmenucontent=%E5%88%863%E6%9C%9F'
        '&msgmenuid=plan%3Am3">分3期</a>'
    )
    tap = push.text(OPENID, "分3期", 502, push.now(), bizmsgmenuid="plan:m3")
    assert await push.say(tap) == "已选择 plan:m3"


async def test_several_replies_are_combined_in_one_passive_reply(
    db: object, app: App, push: WechatPush
) -> None:
    app.engine.answer = lambda m: [Reply("第一条"), Reply("第二条")]  # type: ignore[attr-defined]
    assert await push.say(push.text(OPENID, "hi", 601, push.now())) == "第一条\n\n第二条"
    with app.db.session() as s:
        assert set(s.scalars(select(OutboxItem.status)).all()) == {SENT}


async def test_long_reply_is_cut_at_a_line_and_the_rest_goes_by_service_message(
    db: object, app: App, push: WechatPush, api: FakeWechatApi, clock: MutableClock
) -> None:
    lines = [f"第{i:03d}期：还款 ¥1,000.00，到期日 2026-{i % 12 + 1:02d}-15" for i in range(60)]
    text = "\n".join(lines)
    app.engine.answer = lambda m: [Reply(text), Reply("确认吗？")]  # type: ignore[attr-defined]
    answer = await push.say(push.text(OPENID, "计划", 701, push.now()))
    assert answer is not None
    assert len(answer.encode()) <= 2000
    assert text.startswith(answer + "\n")
    with app.db.session() as s:
        rows = s.execute(
            select(OutboxItem.status, Message.text)
            .join(Message, Message.id == OutboxItem.message_id)
            .order_by(OutboxItem.id)
        ).all()
    queued = [t for status, t in rows if status == PENDING]
    assert answer + "\n" + queued[0] == text
    assert queued[1] == "确认吗？"
    # A retry of the same message repeats exactly what was given.
    assert await push.say(push.text(OPENID, "计划", 701, push.now())) == answer
    # The rest goes by customer-service message once a passive reply can no longer carry it.
    adapter = from_app(app)
    assert adapter is not None
    assert adapter.deliver_due() == 0
    clock.advance(adapter.hold_seconds + 1)
    assert adapter.deliver_due() == 2
    assert [c.body["text"]["content"] for c in api.send_calls() if c.body] == queued
    with app.db.session() as s:
        assert set(s.scalars(select(OutboxItem.status)).all()) == {SENT}


@contextlib.asynccontextmanager
async def _engine_app(
    settings: Settings, api: FakeWechatApi, clock: MutableClock, deadline: float, *, slow: bool
) -> AsyncIterator[tuple[App, FakeEngine, WechatPush]]:
    """An app answering WeChat with a scripted engine (``slow``: held until released)
    and a ``deadline`` in seconds; the engine is released and the app stopped at the end."""
    app = App(wechat_settings(settings, api, reply_deadline_seconds=deadline), clock)
    engine = FakeEngine(app.db, clock, slow=slow)
    app._engine = engine  # type: ignore[assignment]
    try:
        transport = httpx.ASGITransport(app=create_app(app))
        async with httpx.AsyncClient(transport=transport, base_url="http://wechat.test") as c:
            yield app, engine, WechatPush(c, clock)
    finally:
        engine.release.set()
        app.stop()


async def test_slow_engine_answers_success_within_the_deadline(
    db: object, settings: Settings, api: FakeWechatApi, clock: MutableClock
) -> None:
    async with _engine_app(settings, api, clock, 0.3, slow=True) as (app, engine, push):
        started = time.monotonic()
        response = await push.post(push.text(OPENID, "慢一点", 801, push.now()))
        waited = time.monotonic() - started
        # The engine is still working on it: the answer came from the deadline.
        assert engine.started.is_set() and not engine.finished.is_set()
        assert push.read(response) is None  # "success": WeChat neither waits nor retries
        assert waited < 5.0  # WeChat gives up after 5 s
        engine.release.set()
        assert await asyncio.to_thread(engine.finished.wait, 30)
        # The engine committed after the answer; its reply waits for a customer-service message.
        with app.db.session() as s:
            item = s.scalars(select(OutboxItem)).one()
            assert (item.status, item.sent_message_id) == (PENDING, None)
            inbound = s.scalars(select(Message.text).where(Message.direction == "in")).one()
            assert inbound == "慢一点"


async def test_a_retry_answered_while_the_worker_is_busy_repeats_the_first_answer(
    db: object, settings: Settings, api: FakeWechatApi, clock: MutableClock
) -> None:
    # The first delivery was answered in time; WeChat delivers the message again (or
    # it reached two workers at once) while the engine is busy past the deadline.
    async with _engine_app(settings, api, clock, 1.5, slow=False) as (app, engine, push):
        first = await push.say(push.text(OPENID, "我想分期", 811, push.now()))
        assert first == "收到：我想分期"
        engine.release.clear()
        again = await push.say(push.text(OPENID, "我想分期", 811, push.now()))
        # Whichever answer WeChat takes, the reply reaches the debtor once.
        assert again == first
        engine.release.set()
        assert await asyncio.to_thread(engine.finished.wait, 30)
        await asyncio.sleep(0.2)  # the late turn's callbacks
        adapter = from_app(app)
        assert adapter is not None
        clock.advance(adapter.hold_seconds + 1)
        assert adapter.deliver_due() == 0
        assert api.send_calls() == []
        with app.db.session() as s:
            rows = s.execute(select(OutboxItem.status, OutboxItem.sent_message_id)).all()
        assert [tuple(r) for r in rows] == [(SENT, "passive")]


async def test_a_retry_of_a_message_answered_late_is_answered_late_too(
    db: object, settings: Settings, api: FakeWechatApi, clock: MutableClock
) -> None:
    # The first answer was "success" (the engine was slow); its reply goes by
    # customer-service message, and a retry does not also carry it.
    async with _engine_app(settings, api, clock, 0.3, slow=True) as (app, engine, push):
        assert await push.say(push.text(OPENID, "慢一点", 821, push.now())) is None
        engine.release.set()
        assert await asyncio.to_thread(engine.finished.wait, 30)
        assert await push.say(push.text(OPENID, "慢一点", 821, push.now())) is None
        adapter = from_app(app)
        assert adapter is not None
        clock.advance(adapter.hold_seconds + 1)
        assert adapter.deliver_due() == 1
        assert [c.body["text"]["content"] for c in api.send_calls() if c.body] == ["收到：慢一点"]
