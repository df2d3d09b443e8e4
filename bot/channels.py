"""Each configured platform's adapter wired to its own delivery loop.

:func:`configured` builds, for an :class:`~bot.app.App`, the adapters whose
platform is configured, each with a :class:`~bot.delivery.DeliveryLoop` and
the platform's retry policy. :class:`Channel` starts and stops the pair.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.adapters.telegram import TelegramAdapter
from bot.adapters.wechat import WechatAdapter
from bot.config import Settings, TelegramSettings, WechatSettings
from bot.delivery import DeliveryLoop
from bot.delivery_policy import Backoff, RetryPolicy
from bot.messages import Blocked
from bot.outbox import Outbox
from bot.store.db import Database
from bot.store.kv import SharedValues
from bot.store.outbox import Delivery, last_inbound, sent_since

if TYPE_CHECKING:
    from bot.dialog.engine import DialogEngine

TELEGRAM_POLICY = RetryPolicy(
    network=Backoff(2.0, 300.0), server=Backoff(2.0, 300.0), max_attempts=10
)
WECHAT_POLICY = RetryPolicy(
    network=Backoff(10.0, 3600.0), server=Backoff(10.0, 3600.0), max_attempts=8
)
Adapter = TelegramAdapter | WechatAdapter


@dataclass
class Channel:
    """An adapter and the delivery loop that sends through it."""

    adapter: Adapter
    delivery: DeliveryLoop

    @property
    def platform(self) -> str:
        """The platform's name."""
        return self.adapter.platform

    async def start(self) -> None:
        """Connect the adapter, then start delivering."""
        await self.adapter.start()
        await self.delivery.start()

    async def stop(self) -> None:
        """Stop taking updates, finish the sends under way, disconnect."""
        try:
            await self.adapter.stop()
        finally:
            await self.delivery.stop()


def telegram(
    settings: TelegramSettings, db: Database, outbox: Outbox, engine: DialogEngine
) -> Channel | None:
    """Telegram's channel, or None when no token is configured."""
    if not settings.token:
        return None
    adapter = TelegramAdapter(settings, process=engine.process, record=engine.record, run=db.run)
    delivery = DeliveryLoop(
        adapter,
        outbox,
        policy=TELEGRAM_POLICY,
        run_db=db.run,
        on_blocked=lambda chat: engine.record(Blocked(chat)),
    )
    adapter.on_processed = delivery.notify
    return Channel(adapter, delivery)


def wechat(settings: WechatSettings, db: Database, outbox: Outbox) -> Channel | None:
    """WeChat's channel, or None when no AppID/AppSecret is configured."""
    s = settings
    if not s.app_id or not s.app_secret:
        return None
    adapter = WechatAdapter(s, tokens=SharedValues(db, outbox.clock))
    delivery = DeliveryLoop(
        adapter,
        outbox,
        policy=WECHAT_POLICY,
        run_db=db.run,
        check=window_check(db, outbox.clock, s),
        # Replies younger than this may still go out as a passive reply.
        hold_replies_seconds=s.reply_deadline_seconds + 2.0,
    )
    return Channel(adapter, delivery)


def configured(
    settings: Settings, db: Database, outbox: Outbox, engine: DialogEngine
) -> list[Channel]:
    """The channels of every configured platform."""
    found = (
        wechat(settings.wechat, db, outbox),
        telegram(settings.telegram, db, outbox, engine),
    )
    return [c for c in found if c is not None]


def window_check(
    db: Database, clock: Callable[[], datetime], settings: WechatSettings
) -> Callable[[Delivery], str | None]:
    """WeChat's customer-service rules: why a message cannot go now, before WeChat is asked.

    Messages may only be sent within ``service_window_hours`` of the debtor's
    last message, and only ``service_window_quota`` of them per such window.
    """
    hours, quota = settings.service_window_hours, settings.service_window_quota

    def check(item: Delivery) -> str | None:
        now = clock()
        with db.session() as s:
            last = last_inbound(s, "wechat", item.chat_id)
            if last is None:
                return (
                    "WeChat window closed: the debtor has not written to the Official Account, "
                    "so customer-service messages are not allowed"
                )
            if now - last > timedelta(hours=hours):
                return (
                    f"WeChat window closed: the debtor last wrote at {last:%Y-%m-%d %H:%M} UTC, "
                    f"more than {hours} hours ago; wait until they write again"
                )
            if sent_since(s, "wechat", item.chat_id, last, "custom") >= quota:
                return (
                    f"WeChat quota used: {quota} customer-service messages were already sent "
                    f"since the debtor last wrote at {last:%Y-%m-%d %H:%M} UTC; "
                    "wait until they write again"
                )
        return None

    return check
