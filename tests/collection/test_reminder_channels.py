"""Which channel a reminder goes on: the debtor's last reply channel while it works, then
``[channels] preferred_order``; an opted-out channel is never used."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.app import App
from bot.config import ChannelsSettings, CollectionSettings, Settings
from bot.store.models import Agreement, Conversation, OptOut, OutboxItem, Reminder
from tests.dialog.conftest import Chat, Clock, Debtor

PAY = {"*": "transfer to Example Bank, account 6222 0000 1111."}


def _conversation(app: App, account_id: int, platform: str, wrote: datetime) -> None:
    with app.db.session() as s:
        s.add(
            Conversation(
                platform=platform, chat_id=f"{platform}-9", user_id=f"{platform}-9",
                account_id=account_id, state="offer", context={}, mode="bot", locale="en",
                is_open=True, started_at=wrote, updated_at=wrote, last_inbound_at=wrote,
            )
        )  # fmt: skip


def _opt_out(app: App, account_id: int, platform: str, user: str, now: datetime) -> None:
    with app.db.session() as s:
        s.add(OptOut(account_id=account_id, platform=platform, platform_user_id=user,
                     source="typed", created_at=now))  # fmt: skip


def _channels(app: App) -> list[str]:
    """The channel of every reminder queued so far."""
    with app.db.session() as s:
        return list(
            s.scalars(
                select(OutboxItem.platform)
                .join(Reminder, Reminder.outbox_id == OutboxItem.id)
                .order_by(Reminder.id)
            )
        )


def test_reminders_follow_the_last_reply_channel_then_the_preferred_order(
    settings: Settings, clock: Clock, accounts: dict[str, Debtor]
) -> None:
    configured = dataclasses.replace(
        settings,
        collection=CollectionSettings(pay_instructions=PAY),
        channels=ChannelsSettings(preferred_order=["wechat", "sms", "email", "telegram"]),
    )
    app = App(configured, clock=clock)
    try:
        chat = Chat(app, clock)  # the debtor agrees a plan on Telegram (their last reply)
        chat.verify(accounts["en"])
        chat.press(2)
        chat.say("yes")
        with app.db.session() as s:
            account_id = s.scalars(select(Agreement.account_id)).one()
        # Earlier, they had written by email (two days ago) and by SMS (five days ago).
        _conversation(app, account_id, "email", clock() - timedelta(days=2))
        _conversation(app, account_id, "sms", clock() - timedelta(days=5))

        clock.now = datetime(2026, 3, 14, 14, 0, tzinfo=UTC)  # 10:00 in New York
        app.reminders.run_once()
        assert _channels(app) == ["telegram"]  # the last reply channel still works

        # Opted out of Telegram: SMS comes first in the preferred order (not the newer email).
        _opt_out(app, account_id, "telegram", "user-u1", clock())
        clock.now = datetime(2026, 3, 17, 14, 0, tzinfo=UTC)
        app.reminders.run_once()
        assert _channels(app) == ["telegram", "sms"]

        # Opted out of SMS too: email, the next usable channel in the order.
        _opt_out(app, account_id, "sms", "sms-9", clock())
        clock.now = datetime(2026, 3, 19, 14, 0, tzinfo=UTC)  # the follow-up of a miss
        app.reminders.run_once()
        assert _channels(app) == ["telegram", "sms", "email"]
    finally:
        app.stop()
