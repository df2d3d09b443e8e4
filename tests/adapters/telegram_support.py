"""Shared pieces for the Telegram adapter tests: settings, a moving clock, an echo engine."""

from __future__ import annotations

import dataclasses
import inspect
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from bot.adapters.telegram import TelegramAdapter
from bot.channels import TELEGRAM_POLICY, Channel, hand_turns
from bot.config import Secret, Settings, TelegramSettings
from bot.delivery import DeliveryLoop
from bot.delivery_policy import Backoff
from bot.dialog.reach import clear_blocked, record_blocked
from bot.messages import Blocked, Button, Incoming, Unblocked
from bot.outbox import Outbox, enqueue
from bot.store.db import Database
from bot.store.models import Conversation, Message, OutboxItem
from tests.adapters.fake_telegram import TOKEN, FakeBotAPI

WEBHOOK_SECRET = "s3cret-T0ken_for-tests"
MENU = (Button("Pay in full", "plan:full"), Button("3 months", "plan:m3"))


def moving_clock(start: datetime | None = None) -> Callable[[], datetime]:
    """A clock that starts at ``start`` and runs at real speed (outbox delays need time)."""
    base = start or datetime.now(UTC)
    t0 = time.monotonic()
    return lambda: base + timedelta(seconds=time.monotonic() - t0)


class JumpClock:
    """A clock at real speed that a test can also move forward (to expire a lease)."""

    def __init__(self) -> None:
        self._clock = moving_clock()
        self._offset = timedelta()

    def __call__(self) -> datetime:
        return self._clock() + self._offset

    def jump(self, seconds: float) -> None:
        self._offset += timedelta(seconds=seconds)


def telegram_settings(fake: FakeBotAPI, mode: str = "polling") -> TelegramSettings:
    return TelegramSettings(
        token=Secret(TOKEN),
        mode=mode,  # type: ignore[arg-type]
        webhook_url="https://bot.example.test/webhooks/telegram" if mode == "webhook" else "",
        webhook_secret=Secret(WEBHOOK_SECRET),
        base_url=fake.base_url,
    )


def with_telegram(settings: Settings, fake: FakeBotAPI, mode: str = "polling") -> Settings:
    return dataclasses.replace(settings, telegram=telegram_settings(fake, mode))


FAST: dict[str, Any] = {
    "chat_rate": 200.0,
    "chat_burst": 1.0,
    "global_rate": 1000.0,
    "global_burst": 100.0,
    "poll_timeout": 1,
    "backoff_base": 0.05,
}


def make_adapter(
    settings: TelegramSettings,
    db: Database,
    process: Callable[[Incoming], object],
    clock: Callable[[], datetime] | None = None,
    **overrides: Any,
) -> Channel:
    """The adapter and its delivery loop, with tiny pacing and retry delays.

    As in ``repaybot serve``, the engine's replies are claimed in the turn's
    transaction and handed to the loop (a stand-in ``process`` leaves them to it).
    """
    clock = clock or moving_clock()
    options = {**FAST, **overrides}
    delivery: DeliveryLoop
    run = process
    if "lease_seconds" in inspect.signature(process).parameters:

        def run(incoming: Incoming) -> object:
            return process(incoming, lease_seconds=delivery.lease_seconds)  # type: ignore[call-arg]

    adapter = TelegramAdapter(
        settings, process=run, record=reach_recorder(db, clock), run=db.run, **options
    )
    backoff = Backoff(float(options["backoff_base"]), 300.0)
    delivery = DeliveryLoop(
        adapter,
        Outbox(db, clock),
        policy=dataclasses.replace(TELEGRAM_POLICY, network=backoff, server=backoff),
        run_db=db.run,
        on_blocked=lambda chat: reach_recorder(db, clock)(Blocked(chat)),
        poll_interval=0.05,
    )
    adapter.on_processed = hand_turns(delivery)
    return Channel(adapter, delivery)


def reach_recorder(
    db: Database, clock: Callable[[], datetime]
) -> Callable[[Blocked | Unblocked], None]:
    """Records blocks the way the engine does (for tests with a stand-in engine)."""

    def record(event: Blocked | Unblocked) -> None:
        chat = event.chat
        with db.session() as s:
            if isinstance(event, Blocked):
                record_blocked(s, chat.user_id, chat.chat_id, clock(), chat.platform)
            else:
                clear_blocked(s, chat.user_id, clock(), chat.platform)

    return record


class EchoEngine:
    """Stands in for the dialog engine: dedupes, stores, replies ``echo: <text>``.

    ``menu`` gets a reply with two buttons. Every Incoming it sees is kept.
    """

    def __init__(self, db: Database, clock: Callable[[], datetime] | None = None) -> None:
        self.db = db
        self.clock = clock or moving_clock()
        self.seen: list[Incoming] = []

    def process(self, incoming: Incoming) -> bool:
        """Returns False for a duplicate."""
        self.seen.append(incoming)
        now = self.clock()
        with self.db.session() as s:
            dup = s.scalar(
                select(Message.id).where(
                    Message.platform == incoming.chat.platform,
                    Message.platform_message_id == incoming.message_id,
                )
            )
            if dup is not None:
                return False
            conv = s.scalar(
                select(Conversation).where(
                    Conversation.platform == incoming.chat.platform,
                    Conversation.chat_id == incoming.chat.chat_id,
                    Conversation.is_open.is_(True),
                )
            )
            if conv is None:
                conv = Conversation(
                    platform=incoming.chat.platform,
                    chat_id=incoming.chat.chat_id,
                    user_id=incoming.chat.user_id,
                    state="start",
                    context={},
                    locale="en",
                    started_at=now,
                    updated_at=now,
                )
                s.add(conv)
                s.flush()
            inbound = Message(
                conversation_id=conv.id,
                platform=incoming.chat.platform,
                platform_message_id=incoming.message_id,
                direction="in",
                sender="debtor",
                text=incoming.text,
                payload=incoming.payload,
                buttons=[],
                created_at=now,
            )
            s.add(inbound)
            s.flush()
            said = incoming.payload or incoming.text
            if said == "long":
                text = "\n".join(f"line {i:04d} " + "x" * 40 for i in range(200))
            else:
                text = f"echo: {said}"
            buttons = MENU if said in ("menu", "long") else ()
            enqueue(s, conv, text, now=now, buttons=buttons, in_reply_to_id=inbound.id)
        return True


def count(db: Database, model: type[Any], *where: Any) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def outbox_statuses(db: Database) -> list[str]:
    with db.session() as s:
        return list(s.scalars(select(OutboxItem.status).order_by(OutboxItem.id)))
