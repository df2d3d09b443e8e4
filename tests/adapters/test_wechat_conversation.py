"""A whole debtor conversation over WeChat, with the real dialog engine, in zh_CN."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta
from decimal import Decimal
from urllib.parse import unquote

import httpx
import pytest
from sqlalchemy import func, select

from bot.app import App
from bot.config import Settings
from bot.links import create_link
from bot.messages import ChatRef, Incoming
from bot.outbox import SENT, UNDELIVERABLE
from bot.store.crypto import PersonalData
from bot.store.models import Agreement, Conversation, Message, OptOut, OutboxItem
from bot.web.app import create_app
from tests.adapters.fake_wechat import (
    FakeWechatApi,
    MutableClock,
    WechatPush,
    from_app,
    wechat_settings,
)
from tests.factories import make_account

OPENID = "oZhangSan-0001"
LINK = re.compile(r'<a href="weixin://bizmsgmenu\?msgmenucontent=([^&]*)&msgmenuid=([^"]*)">')


@pytest.fixture
def api() -> Iterator[FakeWechatApi]:
    with FakeWechatApi() as fake:
        yield fake


@pytest.fixture
def app(
    settings: Settings, api: FakeWechatApi, now: datetime, personal: PersonalData
) -> Iterator[App]:
    application = App(wechat_settings(settings, api), MutableClock(now))
    with application.db.session() as s:
        make_account(s, personal, ref="A-1001", dob="1990-01-31")
    yield application
    application.stop()


@pytest.fixture
async def push(app: App) -> AsyncIterator[WechatPush]:
    transport = httpx.ASGITransport(app=create_app(app))
    async with httpx.AsyncClient(transport=transport, base_url="http://wechat.test") as c:
        yield WechatPush(c, app.clock)


def choices(text: str) -> list[tuple[str, str]]:
    """The tappable choices in a passive reply: (label, payload)."""
    return [(unquote(label), unquote(payload)) for label, payload in LINK.findall(text)]


@pytest.mark.parametrize("safe", [False, True], ids=["plain", "safe"])
async def test_from_subscribe_to_a_recorded_agreement(
    db: object, app: App, push: WechatPush, api: FakeWechatApi, safe: bool
) -> None:
    push.safe = safe
    greeting = await push.say(push.event(OPENID, "subscribe", push.now()))
    assert greeting is not None
    assert greeting.startswith("您好，这里是客户服务中心")
    assert "请告诉我您的账户编号" in greeting

    asked = await push.say(push.text(OPENID, "A-1001", 10001, push.now()))
    assert asked is not None and "请告诉我您的出生日期" in asked

    offer = await push.say(push.text(OPENID, "1990-01-31", 10002, push.now()))
    assert offer is not None
    assert "已确认是您本人" in offer
    assert offer.index("这是一条来自催收方的通知") < offer.index("¥11,700.50")
    options = choices(offer)
    assert options[1] == (
        "前2期每月还¥3,900.16，最后一期还¥3,900.18，首期2026年3月17日",
        "choose:2",
    )
    assert len(offer.encode()) <= 2000

    # Tapping a choice sends its label as text, with the payload as bizmsgmenuid.
    label, payload = options[1]
    tap = push.text(OPENID, label, 10003, push.now(), bizmsgmenuid=payload)
    confirm = await push.say(tap)
    assert confirm is not None
    assert "2026年3月17日：¥3,900.16\n2026年4月17日：¥3,900.16\n2026年5月17日：¥3,900.18" in confirm
    assert [p for _, p in choices(confirm)] == ["yes", "no"]

    done = await push.say(push.text(OPENID, "是", 10004, push.now()))
    assert done is not None and "您的还款计划已登记" in done

    with app.db.session() as s:
        agreement = s.scalars(select(Agreement)).one()
        assert (agreement.currency, agreement.total) == ("CNY", Decimal("11700.50"))
        assert len(agreement.instalments) == 3
        statuses = set(s.scalars(select(OutboxItem.sent_message_id)).all())
        assert statuses == {"passive"}
        assert set(s.scalars(select(OutboxItem.status)).all()) == {SENT}
        inbound = s.scalar(
            select(func.count()).select_from(Message).where(Message.direction == "in")
        )
        assert inbound == 5
    assert api.calls == []


async def test_retried_message_gets_the_same_answer_from_the_engine(
    db: object, app: App, push: WechatPush
) -> None:
    push.safe = True
    subscribe = push.event(OPENID, "subscribe", push.now())
    greetings = [await push.say(subscribe) for _ in range(3)]
    assert greetings[0] is not None and "账户编号" in greetings[0]
    assert greetings == [greetings[0]] * 3
    xml = push.text(OPENID, "A-1001", 20001, push.now())
    answers = [await push.say(xml) for _ in range(3)]
    assert answers[0] is not None and "出生日期" in answers[0]
    assert answers == [answers[0]] * 3
    with app.db.session() as s:
        stored = s.scalar(
            select(func.count()).select_from(Message).where(Message.platform_message_id == "20001")
        )
        assert stored == 1
        inbound = s.scalar(
            select(func.count()).select_from(Message).where(Message.direction == "in")
        )
        assert inbound == 2  # the subscribe event and the text, once each


async def test_unfollowing_opts_out_and_nothing_is_sent(
    db: object, app: App, push: WechatPush, api: FakeWechatApi
) -> None:
    await push.say(push.event(OPENID, "subscribe", push.now()))
    assert await push.say(push.event(OPENID, "unsubscribe", push.now() + 5)) is None
    adapter = from_app(app)
    assert adapter is not None
    app.clock.advance(60)  # type: ignore[attr-defined]
    adapter.deliver_due()
    with app.db.session() as s:
        (opt_out,) = s.scalars(select(OptOut)).all()
        assert (opt_out.platform, opt_out.platform_user_id) == ("wechat", OPENID)
        assert opt_out.revoked_at is None
        assert UNDELIVERABLE in set(s.scalars(select(OutboxItem.status)).all())
    assert api.send_calls() == []


async def test_a_photo_is_answered_in_the_conversations_language(
    db: object, app: App, push: WechatPush
) -> None:
    await push.say(push.event(OPENID, "subscribe", push.now()))
    photo = push.message(OPENID, "image", 30001, push.now(), PicUrl="http://x/1.jpg", MediaId="m")
    assert await push.say(photo) == "抱歉，这里只能识别文字消息。请直接输入您的回答。"
    with app.db.session() as s:
        conv = s.scalars(select(Conversation)).one()
        conv.locale = "en"
    assert await push.say(photo) == (
        "Sorry, I can only read text messages here. Please type your answer."
    )


async def test_scanning_a_deep_link_qr_code_binds_the_account(
    db: object, app: App, push: WechatPush
) -> None:
    with app.db.session() as s:
        _, scene = create_link(
            s,
            account_ref="A-1001",
            channel="wechat",
            secret=app.settings.security.link_secret.reveal(),
            ttl=timedelta(hours=72),
            now=app.clock(),
            wechat_scene=True,
        )
    assert scene.startswith("qrscene_")
    greeting = await push.say(push.event(OPENID, "subscribe", push.now(), key=scene))
    assert greeting is not None
    assert "账户编号" not in greeting
    assert "请告诉我您的出生日期" in greeting
    offer = await push.say(push.text(OPENID, "1990年1月31日", 40001, push.now()))
    assert offer is not None and "¥11,700.50" in offer


def test_a_retry_carries_exactly_what_the_first_answer_carried(db: object, app: App) -> None:
    # The real engine: a message whose first answer came too late (it carried nothing)
    # is not answered with its replies on a retry either; one that carried them
    # gives the same ones again. Each reply reaches the debtor once.
    chat = ChatRef("wechat", OPENID, OPENID)
    take_all = lambda replies: (len(replies), None)  # noqa: E731
    late = Incoming(chat, "9001", text="你好", timestamp=app.clock())
    first = app.engine.process(late, passive=lambda replies: (0, None))
    assert first.replies and not first.passive
    retry = app.engine.process(late, passive=take_all)
    assert retry.duplicate and retry.passive == () and retry.outbox_ids == first.outbox_ids
    in_time = Incoming(chat, "9002", text="我想还款", timestamp=app.clock())
    given = app.engine.process(in_time, passive=take_all)
    assert given.passive
    again = app.engine.process(in_time, passive=take_all)
    assert again.passive == given.passive and again.passive_ids == given.passive_ids
    assert app.engine.stored(in_time) == again
    with app.db.session() as s:
        pending = s.scalars(
            select(OutboxItem.id).where(OutboxItem.status != SENT).order_by(OutboxItem.id)
        ).all()
    assert list(pending) == list(first.outbox_ids)
