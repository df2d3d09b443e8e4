"""Reminders with a fake clock: before due, on the due date, after a miss (pay now,
move it to the end, a person), broken after two misses; contact hours, opt-outs and
two schedulers at once (SQLite and PostgreSQL)."""

from __future__ import annotations

import dataclasses
import threading
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from bot.app import App
from bot.collection.notices import RunResult
from bot.collection.payments import import_text
from bot.config import CollectionSettings, Settings
from bot.store.models import (
    Agreement,
    AuditEntry,
    Escalation,
    Instalment,
    Message,
    OptOut,
    OutboxItem,
    Reminder,
)
from tests.dialog.conftest import Chat, Clock, Debtor

# U-3003 lives in New York: 10:00 there is 14:00 UTC in March (EDT from Mar 8).
PAY = {"*": "transfer to Example Bank, account 6222 0000 1111."}


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return dataclasses.replace(settings, collection=CollectionSettings(pay_instructions=PAY))


@pytest.fixture
def planned(chat: Chat, accounts: dict[str, Debtor]) -> Chat:
    """The en debtor agreed 3 monthly payments of $915.25 from Mar 17, 2026 (on Mar 10)."""
    chat.verify(accounts["en"])
    chat.press(2)
    chat.say("yes")
    return chat


def _at(clock: Clock, iso: str) -> None:
    clock.now = datetime.fromisoformat(iso).astimezone(UTC)


def _sent(app: App) -> list[tuple[str, str, list[str]]]:
    """(text, outbox status, button payloads) of every reminder queued so far."""
    with app.db.session() as s:
        rows = s.execute(
            select(Message.text, OutboxItem.status, Message.buttons)
            .join(OutboxItem, OutboxItem.message_id == Message.id)
            .join(Reminder, Reminder.outbox_id == OutboxItem.id)
            .order_by(Reminder.id)
        ).all()
    return [(t, st, [b[1] for b in buttons]) for t, st, buttons in rows]


def _run(app: App) -> RunResult:
    return app.reminders.run_once()


def test_before_due_then_due_each_once_with_date_amount_and_how_to_pay(
    app: App, clock: Clock, planned: Chat
) -> None:
    _at(clock, "2026-03-14T09:59:00-04:00")
    assert _run(app).queued == 0  # not yet 10:00 in New York
    _at(clock, "2026-03-14T10:00:00-04:00")
    assert _run(app).queued == 1
    assert _run(app).queued == 0  # exactly once
    _at(clock, "2026-03-17T10:30:00-04:00")
    _run(app)

    sent = _sent(app)
    assert [s[0].split("\n")[0] for s in sent] == [
        "A reminder about your plan with Example Bank: $915.25 is due on Mar 17, 2026.",
        "Your payment of $915.25 to Example Bank is due today, Mar 17, 2026.",
    ]
    assert all("How to pay: transfer to Example Bank" in s[0] and "U-3003" in s[0] for s in sent)
    assert [s[1] for s in sent] == ["pending", "pending"]


def test_a_paid_instalment_gets_no_reminder(app: App, clock: Clock, planned: Chat) -> None:
    csv = "external_id,account_ref,amount,currency,paid_at\np1,U-3003,915.25,USD,2026-03-12\n"
    import_text(app.db, csv, clock())
    _at(clock, "2026-03-19T10:00:00-04:00")
    result = _run(app)
    assert (result.queued, _sent(app)) == (0, [])


def test_a_missed_instalment_is_followed_up_and_can_move_to_the_end(
    app: App, clock: Clock, planned: Chat
) -> None:
    _at(clock, "2026-03-19T10:00:00-04:00")  # two days after Mar 17, nothing paid
    _run(app)
    text, _status, buttons = _sent(app)[-1]
    assert text.startswith("We haven't received your payment of $915.25 that was due on Mar 17")
    assert buttons == ["collect:pay", "collect:move", "collect:human"]

    replies = planned.send(payload="collect:move")

    assert "moved to the end of your plan, on Jun 17, 2026" in replies[0].text
    with app.db.session() as s:
        agreement = s.scalars(select(Agreement)).one()
        assert (agreement.status, agreement.moves_used) == ("active", 1)
        rows = [(i.seq, i.due_date.isoformat(), i.amount, i.status, i.closed_at is not None)
                for i in agreement.instalments]  # fmt: skip
    assert rows[0] == (1, "2026-03-17", Decimal("915.25"), "missed", True)
    assert rows[-1] == (4, "2026-06-17", Decimal("915.25"), "open", False)
    again = planned.send(payload="collect:move")
    assert "I can't move this payment" in again[0].text  # once per plan


def test_pay_now_answers_with_how_to_pay(app: App, clock: Clock, planned: Chat) -> None:
    _at(clock, "2026-03-19T10:00:00-04:00")
    _run(app)
    replies = planned.send(payload="collect:pay")
    assert "How to pay: transfer to Example Bank" in replies[0].text


def test_two_misses_in_a_row_break_the_plan_and_escalate(
    app: App, clock: Clock, planned: Chat
) -> None:
    _at(clock, "2026-03-19T10:00:00-04:00")
    _run(app)
    _at(clock, "2026-04-19T10:00:00-04:00")
    result = _run(app)

    assert result.broken == 1
    assert "your plan has ended" in _sent(app)[-1][0]
    with app.db.session() as s:
        assert s.scalars(select(Agreement.status)).one() == "broken"
        assert s.scalars(select(Escalation.reason)).all() == ["broken_promise"]
        assert "agreement.broken" in s.scalars(select(AuditEntry.action)).all()
    _at(clock, "2026-05-19T10:00:00-04:00")
    assert _run(app).queued == 0  # nothing more for a broken plan


def test_a_moved_miss_does_not_count_towards_a_broken_plan(
    app: App, clock: Clock, planned: Chat
) -> None:
    _at(clock, "2026-03-19T10:00:00-04:00")
    _run(app)
    planned.send(payload="collect:move")
    _at(clock, "2026-04-19T10:00:00-04:00")
    assert _run(app).broken == 0
    with app.db.session() as s:
        assert s.scalars(select(Agreement.status)).one() == "active"


def test_outside_contact_hours_a_reminder_is_held_not_dropped(
    settings: Settings, clock: Clock, accounts: dict[str, Debtor]
) -> None:
    late = dataclasses.replace(
        settings, collection=CollectionSettings(pay_instructions=PAY, remind_at="22:30")
    )
    app = App(late, clock=clock)
    try:
        chat = Chat(app, clock)
        chat.verify(accounts["en"])
        chat.press(2)
        chat.say("yes")
        _at(clock, "2026-03-14T22:30:00-04:00")
        result = _run(app)
        assert (result.queued, result.held) == (1, 1)
        with app.db.session() as s:
            item = s.scalars(select(OutboxItem).where(OutboxItem.initiated.is_(True))).one()
            assert item.status == "held"
            # the next morning's contact window in New York (08:00 EDT)
            assert item.next_attempt_at == datetime(2026, 3, 15, 12, 0, tzinfo=UTC)
    finally:
        app.stop()


def test_an_opted_out_debtor_gets_no_reminder(app: App, clock: Clock, planned: Chat) -> None:
    with app.db.session() as s:
        agreement = s.scalars(select(Agreement)).one()
        s.add(
            OptOut(
                account_id=agreement.account_id,
                platform="telegram",
                platform_user_id="user-u1",
                source="typed",
                created_at=clock(),
            )
        )
    _at(clock, "2026-03-14T10:00:00-04:00")
    _run(app)
    assert [s[1] for s in _sent(app)] == ["undeliverable"]


def test_two_schedulers_at_once_queue_each_reminder_once(
    app: App, clock: Clock, planned: Chat, accounts: dict[str, Debtor]
) -> None:
    with app.db.session() as s:
        instalment_ids = s.scalars(select(Instalment.id)).all()
    _at(clock, "2026-03-17T10:00:00-04:00")  # before-due and due reminders of the first
    schedulers = [app.reminders, app.reminders]
    results: list[RunResult] = []
    barrier = threading.Barrier(2)

    def run(index: int) -> None:
        barrier.wait()
        results.append(schedulers[index].run_once(batch=1))

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sum(r.queued + r.skipped for r in results) == 2
    with app.db.session() as s:
        keys = s.scalars(select(Reminder.key).order_by(Reminder.key)).all()
        assert keys == sorted(f"{instalment_ids[0]}:{k}" for k in ("before_due", "due", "missed"))
        queued = s.scalars(select(Reminder.outbox_id).where(Reminder.outbox_id.is_not(None)))
        assert len(list(queued)) == sum(r.queued for r in results)


def test_two_workers_with_their_own_connections_handle_each_reminder_once(
    settings: Settings, clock: Clock, accounts: dict[str, Debtor]
) -> None:
    """Two `serve` workers (two apps, two connection pools) on one database, at once."""
    workers = [App(settings, clock=clock) for _ in range(2)]
    try:
        agree = (("a", "en", "yes"), ("b", "zh_CN", "是"), ("c", "zh_TW", "好"))
        for who, locale, yes in agree:
            chat = Chat(workers[0], clock, who=who)
            chat.verify(accounts[locale])
            chat.press(2)
            chat.say(yes)
        # Mar 17 10:30 in New York: every plan's before-due and due reminders are due
        _at(clock, "2026-03-17T10:30:00-04:00")
        results: list[RunResult] = []
        barrier = threading.Barrier(2)

        def run(worker: App) -> None:
            barrier.wait()
            results.append(worker.reminders.run_once(batch=1))

        threads = [threading.Thread(target=run, args=(w,)) for w in workers]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

        with workers[0].db.session() as s:
            due = s.scalars(select(Reminder).where(Reminder.due_at <= clock())).all()
            started = s.scalars(select(OutboxItem.id).where(OutboxItem.initiated.is_(True))).all()
        assert len(results) == 2
        assert len(due) == 6  # before-due and due, for three plans
        assert all(r.status in ("queued", "skipped") for r in due)  # none left, none lost
        assert sum(r.queued + r.skipped for r in results) == len(due)  # each handled once
        queued = [r.outbox_id for r in due if r.status == "queued"]
        assert len(queued) == sum(r.queued for r in results) > 0
        assert sorted(started) == sorted(queued)  # one outbox message per queued reminder
    finally:
        for worker in workers:
            worker.stop()


def test_a_debtor_who_told_us_of_hardship_is_reminded_gently(
    app: App, clock: Clock, planned: Chat
) -> None:
    planned.say("I lost my job last week")  # recorded on the account
    _at(clock, "2026-03-14T10:00:00-04:00")
    _run(app)
    _at(clock, "2026-03-19T10:00:00-04:00")  # two days after Mar 17, nothing paid
    _run(app)
    first, missed = (s[0].split("\n")[0] for s in _sent(app))
    assert first == (
        "Just a gentle reminder: $915.25 of your plan with Example Bank is due on "
        "Mar 17, 2026. If things have changed for you, tell me and we'll find a way."
    )
    assert missed.startswith(
        "We know things have been hard for you. The payment of $915.25 due on Mar 17, 2026 "
        "hasn't reached us yet."
    )
    assert _sent(app)[-1][2] == ["collect:pay", "collect:move", "collect:human"]
