"""Reminders to WeChat followers: a normal message while the debtor wrote within 48 hours,
a template message (``message/template/send``) outside that window, or skipped and audited
when no template is configured. Delivered through the real adapter to the local fake API."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select

from bot.app import App
from bot.config import CollectionSettings, Settings
from bot.store.models import AuditEntry, Message, OutboxItem, Reminder
from tests.adapters.fake_wechat import FakeWechatApi, from_app, wechat_settings
from tests.dialog.conftest import Chat, Clock, Debtor

PAY = {"*": "transfer to Example Bank, account 6222 0000 1111."}
FIELDS = {"first": "{creditor}", "keyword1": "{amount}", "keyword2": "{due_date}",
          "remark": "Reference {account_ref}"}  # fmt: skip


@pytest.fixture
def api() -> Iterator[FakeWechatApi]:
    with FakeWechatApi() as fake:
        yield fake


def _app(settings: Settings, api: FakeWechatApi, clock: Clock, **collection: Any) -> App:
    configured = dataclasses.replace(
        wechat_settings(settings, api),
        collection=CollectionSettings(pay_instructions=PAY, **collection),
    )
    return App(configured, clock=clock)


def _agree(app: App, clock: Clock, debtor: Debtor) -> Chat:
    """The en debtor agrees 3 monthly payments of $915.25 from Mar 17, 2026, on WeChat
    (the bot's answers delivered as customer-service messages a minute later)."""
    chat = Chat(app, clock, platform="wechat", who="wx")
    chat.verify(debtor)
    chat.press(2)
    chat.say("yes")
    clock.advance(minutes=1)
    _deliver(app)
    return chat


def _at(clock: Clock, iso: str) -> None:
    clock.now = datetime.fromisoformat(iso).astimezone(UTC)


def _deliver(app: App) -> None:
    deliverer = from_app(app)
    assert deliverer is not None
    deliverer.deliver_due()


def _reminder_items(app: App) -> list[tuple[str, str | None]]:
    with app.db.session() as s:
        rows = s.execute(
            select(OutboxItem.status, OutboxItem.sent_message_id)
            .join(Reminder, Reminder.outbox_id == OutboxItem.id)
            .order_by(Reminder.id)
        ).all()
    return [(status, sent) for status, sent in rows]


def test_outside_the_window_a_reminder_goes_as_the_configured_template_message(
    settings: Settings, api: FakeWechatApi, clock: Clock, accounts: dict[str, Debtor]
) -> None:
    app = _app(
        settings, api, clock,
        wechat_template_id="TPL-GENERIC", wechat_template_ids={"due": "TPL-DUE"},
        wechat_template_fields=FIELDS,
    )  # fmt: skip
    try:
        _agree(app, clock, accounts["en"])
        answers = len(api.send_calls())
        _at(clock, "2026-03-14T10:00:00-04:00")  # four days after the debtor last wrote
        assert app.reminders.run_once().queued == 1
        _at(clock, "2026-03-17T10:00:00-04:00")
        assert app.reminders.run_once().queued == 1
        _deliver(app)

        bodies = [c.body for c in api.template_calls()]
        assert bodies == [
            {
                "touser": "chat-wx",
                "template_id": "TPL-GENERIC",
                "data": {
                    "first": {"value": "Example Bank"},
                    "keyword1": {"value": "$915.25"},
                    "keyword2": {"value": "Mar 17, 2026"},
                    "remark": {"value": "Reference U-3003"},
                },
            },
            {
                "touser": "chat-wx",
                "template_id": "TPL-DUE",  # the due-date reminder's own template
                "data": {
                    "first": {"value": "Example Bank"},
                    "keyword1": {"value": "$915.25"},
                    "keyword2": {"value": "Mar 17, 2026"},
                    "remark": {"value": "Reference U-3003"},
                },
            },
        ]
        assert all(
            c.params["access_token"].startswith("ACCESS_TOKEN") for c in api.template_calls()
        )
        # no customer-service message: the window is closed for those
        assert len(api.send_calls()) == answers
        items = _reminder_items(app)
        assert [status for status, _ in items] == ["sent", "sent"]
        assert all((sent or "").startswith("template:") for _, sent in items)
        with app.db.session() as s:
            text = s.scalars(
                select(Message.text).join(OutboxItem, OutboxItem.message_id == Message.id)
                .join(Reminder, Reminder.outbox_id == OutboxItem.id).order_by(Reminder.id)
            ).first()  # fmt: skip
        # agents still see the whole reminder in the transcript
        assert text is not None and text.startswith("A reminder about your plan with Example Bank")
    finally:
        app.stop()


def test_within_the_window_a_reminder_goes_as_a_normal_message(
    settings: Settings, api: FakeWechatApi, clock: Clock, accounts: dict[str, Debtor]
) -> None:
    app = _app(settings, api, clock, wechat_template_id="TPL-GENERIC")
    try:
        chat = _agree(app, clock, accounts["en"])
        _at(clock, "2026-03-13T20:00:00-04:00")
        chat.say("how do I pay?")  # the debtor writes: a new 48-hour window
        clock.advance(minutes=1)
        _deliver(app)
        answers = len(api.send_calls())
        _at(clock, "2026-03-14T10:00:00-04:00")
        assert app.reminders.run_once().queued == 1
        _deliver(app)

        assert api.template_calls() == []
        (call,) = api.send_calls()[answers:]
        assert call.body is not None
        assert call.body["text"]["content"].startswith(
            "A reminder about your plan with Example Bank: $915.25 is due on Mar 17, 2026."
        )
        assert _reminder_items(app)[0][0] == "sent"
    finally:
        app.stop()


def test_default_template_fields_carry_the_reminder_text_amount_and_date(
    settings: Settings, api: FakeWechatApi, clock: Clock, accounts: dict[str, Debtor]
) -> None:
    app = _app(settings, api, clock, wechat_template_id="TPL-GENERIC")
    try:
        _agree(app, clock, accounts["en"])
        _at(clock, "2026-03-14T10:00:00-04:00")
        app.reminders.run_once()
        _deliver(app)
        ((call),) = api.template_calls()
        assert call.body is not None
        data = call.body["data"]
        assert set(data) == {"first", "keyword1", "keyword2"}
        assert data["first"]["value"].startswith("A reminder about your plan with Example Bank")
        assert "How to pay: transfer to Example Bank" in data["first"]["value"]
        assert (data["keyword1"], data["keyword2"]) == (
            {"value": "$915.25"},
            {"value": "Mar 17, 2026"},
        )
    finally:
        app.stop()


def test_outside_the_window_without_a_template_the_reminder_is_skipped_and_audited(
    settings: Settings, api: FakeWechatApi, clock: Clock, accounts: dict[str, Debtor]
) -> None:
    app = _app(settings, api, clock)
    try:
        _agree(app, clock, accounts["en"])
        _at(clock, "2026-03-14T10:00:00-04:00")
        result = app.reminders.run_once()
        _deliver(app)

        assert (result.queued, result.skipped) == (0, 1)
        assert api.template_calls() == []
        with app.db.session() as s:
            reminder = s.scalars(select(Reminder).where(Reminder.status == "skipped")).one()
            assert reminder.note == "WeChat window closed and no template message configured"
            audit = s.scalars(
                select(AuditEntry.details).where(AuditEntry.action == "reminder.skipped")
            ).one()
            assert audit["reason"] == reminder.note
    finally:
        app.stop()
