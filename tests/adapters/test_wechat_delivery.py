"""Customer-service delivery: late replies, the 48-hour window and quota, the shared token."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import select

from bot.app import App
from bot.config import Settings
from bot.messages import Button
from bot.outbox import FAILED, PENDING, SENT, UNDELIVERABLE, enqueue
from bot.store.models import Conversation, KeyValue, Message, OutboxItem
from bot.web.app import create_app
from tests.adapters.fake_wechat import (
    Deliverer,
    FakeEngine,
    FakeWechatApi,
    MutableClock,
    WechatPush,
    from_app,
    wechat_settings,
)
from tests.adapters.waiting import eventually

OPENID = "oDebtor-42"


@pytest.fixture
def api() -> Iterator[FakeWechatApi]:
    with FakeWechatApi() as fake:
        yield fake


@pytest.fixture
def clock(now: datetime) -> MutableClock:
    return MutableClock(now)


@pytest.fixture
def app(settings: Settings, api: FakeWechatApi, clock: MutableClock) -> Iterator[App]:
    application = App(wechat_settings(settings, api), clock)
    yield application
    application.stop()


@pytest.fixture
def adapter(app: App) -> Deliverer:
    made = from_app(app)
    assert made is not None
    return made


def conversation(app: App, *, wrote_at: datetime | None) -> int:
    """A WeChat conversation whose debtor last wrote at ``wrote_at`` (None: never)."""
    with app.db.session() as s:
        conv = Conversation(
            platform="wechat",
            chat_id=OPENID,
            user_id=OPENID,
            state="offer",
            context={},
            locale="zh_CN",
            started_at=wrote_at or app.clock(),
            updated_at=app.clock(),
        )
        s.add(conv)
        s.flush()
        if wrote_at is not None:
            s.add(
                Message(
                    conversation_id=conv.id,
                    platform="wechat",
                    platform_message_id=f"m{wrote_at.timestamp()}",
                    direction="in",
                    sender="debtor",
                    text="在吗",
                    created_at=wrote_at,
                )
            )
        return conv.id


def agent_says(app: App, conv_id: int, text: str, buttons: tuple[Button, ...] = ()) -> int:
    with app.db.session() as s:
        conv = s.get(Conversation, conv_id)
        assert conv is not None
        _, item = enqueue(s, conv, text, now=app.clock(), sender="agent", buttons=buttons)
        return item.id


def status(app: App, item_id: int) -> tuple[str, str | None]:
    with app.db.session() as s:
        item = s.get(OutboxItem, item_id)
        assert item is not None
        return item.status, item.error


def test_agent_message_is_sent_as_customer_service_text(
    db: object, app: App, adapter: Deliverer, api: FakeWechatApi
) -> None:
    conv = conversation(app, wrote_at=app.clock() - timedelta(hours=2))
    item = agent_says(app, conv, "您好，我是客服小王。", (Button("好的", "ok"),))
    assert adapter.deliver_due() == 1
    (call,) = api.send_calls()
    assert call.body == {
        "touser": OPENID,
        "msgtype": "text",
        "text": {
            "content": '您好，我是客服小王。\n\n1. <a href="weixin://bizmsgmenu?'
            'msgmenucontent=%E5%A5%BD%E7%9A%84&msgmenuid=ok">好的</a>'
        },
    }
    assert status(app, item) == (SENT, None)
    assert adapter.deliver_due() == 0
    assert len(api.send_calls()) == 1


@pytest.mark.parametrize("code", [45015, 45047])
def test_window_and_quota_errors_mark_undeliverable_without_retrying(
    db: object, app: App, adapter: Deliverer, api: FakeWechatApi, clock: MutableClock, code: int
) -> None:
    conv = conversation(app, wrote_at=clock() - timedelta(hours=1))
    item = agent_says(app, conv, "请回复")
    api.fail_next(code)
    adapter.deliver_due()
    state, reason = status(app, item)
    assert state == UNDELIVERABLE
    assert reason is not None and str(code) in reason
    assert ("window is closed" if code == 45015 else "quota") in reason
    for _ in range(3):
        clock.advance(3600)
        adapter.deliver_due()
    assert len(api.send_calls()) == 1


def test_closed_window_is_known_before_asking_wechat(
    db: object, app: App, adapter: Deliverer, api: FakeWechatApi, clock: MutableClock
) -> None:
    conv = conversation(app, wrote_at=clock() - timedelta(hours=48, minutes=1))
    item = agent_says(app, conv, "还在吗？")
    adapter.deliver_due()
    state, reason = status(app, item)
    assert state == UNDELIVERABLE
    assert reason == (
        "WeChat window closed: the debtor last wrote at 2026-03-08 05:59 UTC, "
        "more than 48 hours ago; wait until they write again"
    )
    assert api.send_calls() == []


def test_quota_is_counted_since_the_debtor_last_wrote(
    db: object, app: App, adapter: Deliverer, api: FakeWechatApi, clock: MutableClock
) -> None:
    conv = conversation(app, wrote_at=clock() - timedelta(minutes=5))
    items = [agent_says(app, conv, f"消息 {i}") for i in range(6)]
    adapter.deliver_due()
    assert [status(app, i)[0] for i in items] == [SENT] * 5 + [UNDELIVERABLE]
    assert "quota used" in (status(app, items[5])[1] or "")
    assert len(api.send_calls()) == 5
    # The debtor writes again: a new window with a fresh quota.
    clock.advance(60)
    with app.db.session() as s:
        s.add(
            Message(
                conversation_id=conv,
                platform="wechat",
                platform_message_id="again",
                direction="in",
                sender="debtor",
                text="好的",
                created_at=clock(),
            )
        )
    clock.advance(1)
    later = agent_says(app, conv, "谢谢")
    adapter.deliver_due()
    assert status(app, later)[0] == SENT


def test_expired_token_is_renewed_once_then_sent(
    db: object, app: App, adapter: Deliverer, api: FakeWechatApi
) -> None:
    conv = conversation(app, wrote_at=app.clock())
    item = agent_says(app, conv, "第一条")
    assert adapter.deliver_due() == 1
    api.fail_next(42001)
    second = agent_says(app, conv, "第二条")
    adapter.deliver_due()
    assert status(app, second)[0] == SENT
    assert len(api.token_calls()) == 2
    tokens = [c.params["access_token"] for c in api.send_calls()]
    assert tokens == ["ACCESS_TOKEN_1", "ACCESS_TOKEN_1", "ACCESS_TOKEN_2"]
    assert status(app, item)[0] == SENT


def test_token_rejected_twice_is_retried_later_not_in_a_loop(
    db: object, app: App, adapter: Deliverer, api: FakeWechatApi, clock: MutableClock
) -> None:
    conv = conversation(app, wrote_at=app.clock())
    item = agent_says(app, conv, "你好")
    api.fail_next(40001, 40001)
    adapter.deliver_due()
    assert status(app, item)[0] == FAILED
    assert len(api.send_calls()) == 2
    adapter.deliver_due()  # not due yet
    assert len(api.send_calls()) == 2
    clock.advance(15)
    adapter.deliver_due()
    assert status(app, item)[0] == SENT


def test_token_is_shared_by_all_workers_through_the_database(
    db: object, settings: Settings, app: App, api: FakeWechatApi, clock: MutableClock
) -> None:
    conv = conversation(app, wrote_at=clock())
    other_worker = App(wechat_settings(settings, api), clock)
    try:
        first, second = from_app(app), from_app(other_worker)
        assert first is not None and second is not None
        agent_says(app, conv, "一")
        first.deliver_due()
        agent_says(app, conv, "二")
        second.deliver_due()
        assert len(api.token_calls()) == 1
        with app.db.session() as s:
            row = s.get(KeyValue, "wechat:access_token")
            assert row is not None
            assert row.value == "ACCESS_TOKEN_1"
            assert row.expires_at == clock() + timedelta(seconds=7200 - 120)
        # Past its expiry by our clock, the next send fetches a new one.
        clock.advance(7200)
        agent_says(app, conv, "三")
        second.deliver_due()
        assert len(api.token_calls()) == 2
        assert api.send_calls()[-1].params["access_token"] == "ACCESS_TOKEN_2"
    finally:
        other_worker.stop()


def test_network_failure_is_retried_with_backoff(
    db: object, settings: Settings, clock: MutableClock
) -> None:
    with FakeWechatApi() as gone:
        pointing_nowhere = wechat_settings(settings, gone)
    app = App(pointing_nowhere, clock)
    try:
        adapter = from_app(app)
        assert adapter is not None
        item = agent_says(app, conversation(app, wrote_at=clock()), "你好")
        adapter.deliver_due()
        state, reason = status(app, item)
        assert state == FAILED
        assert reason is not None and "cannot reach" in reason
    finally:
        app.stop()


def test_fresh_replies_wait_for_the_passive_reply(
    db: object, app: App, adapter: Deliverer, api: FakeWechatApi, clock: MutableClock
) -> None:
    conv = conversation(app, wrote_at=clock())
    with app.db.session() as s:
        inbound = s.scalars(select(Message).where(Message.direction == "in")).one()
        _, reply = enqueue(
            s, s.get(Conversation, conv), "稍等", now=clock(), in_reply_to_id=inbound.id
        )
        reply_id = reply.id
    assert adapter.deliver_due() == 0
    assert status(app, reply_id)[0] == PENDING
    clock.advance(adapter.hold_seconds + 0.1)
    assert adapter.deliver_due() == 1
    assert status(app, reply_id)[0] == SENT


async def test_late_reply_goes_out_by_the_delivery_loop(
    db: object, settings: Settings, api: FakeWechatApi, clock: MutableClock
) -> None:
    app = App(wechat_settings(settings, api, reply_deadline_seconds=0.3), clock)
    engine = FakeEngine(app.db, clock, slow=True)
    app._engine = engine  # type: ignore[assignment]
    web = create_app(app)
    try:
        async with web.router.lifespan_context(web):
            delivery = web.state.deliveries["wechat"]
            delivery.poll_interval = 0.05
            transport = httpx.ASGITransport(app=web)
            async with httpx.AsyncClient(transport=transport, base_url="http://wechat.test") as c:
                push = WechatPush(c, clock, safe=True)
                response = await push.post(push.text(OPENID, "我只能每月还500", 31, push.now()))
                assert push.read(response) is None
                assert not engine.finished.is_set()
            engine.release.set()
            assert await asyncio.to_thread(engine.finished.wait, 30)
            # Too fresh for the delivery loop while a passive reply could still carry it...
            with app.db.session() as s:
                assert s.scalars(select(OutboxItem.status)).one() == PENDING
            # ...then sent as a customer-service message.
            clock.advance(delivery.hold_replies_seconds + 1)
            delivery.notify()
            await eventually(lambda: bool(api.send_calls()))
            await eventually(lambda: statuses(app) == [SENT])
    finally:
        engine.release.set()
        app.stop()
    (call,) = api.send_calls()
    assert call.body == {
        "touser": OPENID,
        "msgtype": "text",
        "text": {"content": "收到：我只能每月还500"},
    }
    with app.db.session() as s:
        assert s.scalars(select(OutboxItem.sent_message_id)).one().startswith("custom")


def statuses(app: App) -> list[str]:
    with app.db.session() as s:
        return list(s.scalars(select(OutboxItem.status)))


def started_template(app: App, conv_id: int) -> int:
    """A started message that goes as a template (a reminder outside the window)."""
    from bot.collection.queueing import Outgoing, enqueue_many
    from bot.config import ComplianceSettings
    from bot.messages import Template

    with app.db.session() as s:
        conv = s.get(Conversation, conv_id)
        assert conv is not None
        template = Template("TPL-1", (("first", "还款提醒"), ("keyword1", "¥3,900.16")))
        (queued,) = enqueue_many(
            s,
            [Outgoing(conv, "还款提醒：¥3,900.16", (), template)],
            app.clock(),
            ComplianceSettings(),
        )
        return queued.outbox_id


def test_a_template_message_goes_outside_the_window(
    db: object, app: App, adapter: Deliverer, api: FakeWechatApi, clock: MutableClock
) -> None:
    clock.now = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)  # 11:00 in New York: contact hours
    conv = conversation(app, wrote_at=clock() - timedelta(days=5))
    item = started_template(app, conv)
    adapter.deliver_due()
    (call,) = api.template_calls()
    assert call.body == {
        "touser": OPENID,
        "template_id": "TPL-1",
        "data": {"first": {"value": "还款提醒"}, "keyword1": {"value": "¥3,900.16"}},
    }
    assert api.send_calls() == []
    assert status(app, item) == (SENT, None)


def test_an_unknown_template_id_is_undeliverable_not_retried(
    db: object, app: App, adapter: Deliverer, api: FakeWechatApi, clock: MutableClock
) -> None:
    clock.now = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)  # 11:00 in New York: contact hours
    conv = conversation(app, wrote_at=clock() - timedelta(days=5))
    item = started_template(app, conv)
    api.fail_next(40037)
    adapter.deliver_due()
    state, reason = status(app, item)
    assert state == UNDELIVERABLE and reason is not None and "40037" in reason
    clock.advance(3600)
    adapter.deliver_due()
    assert len(api.template_calls()) == 1
