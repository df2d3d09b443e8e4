"""When an instalment's reminders go, and moving them with a payment moved to another day."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.collection.notices import BEFORE_DUE, DUE, FOLLOW_UP, local_moment
from bot.config import CollectionSettings
from bot.store.models import Instalment, Reminder

# A reminder row's status until it is sent or skipped.
PENDING = "pending"


def moments(settings: CollectionSettings, due: date, tz: str) -> list[tuple[str, datetime]]:
    """When each reminder of an instalment due on ``due`` goes, by kind (time zone ``tz``)."""
    hh, mm = settings.remind_at.split(":")
    at = time(int(hh), int(mm))
    before = due - timedelta(days=settings.remind_days_before)
    after = due + timedelta(days=settings.missed_after_days)
    out = [(DUE, local_moment(due, at, tz)), (FOLLOW_UP, local_moment(after, at, tz))]
    if settings.remind_days_before > 0:
        out.insert(0, (BEFORE_DUE, local_moment(before, at, tz)))
    return out


def reschedule(s: Session, settings: CollectionSettings, inst: Instalment, tz: str) -> int:
    """Move the pending reminders of ``inst`` to its (new) due date; how many moved.

    Those already sent stay as they were; one not yet planned is planned as usual.
    """
    when = dict(moments(settings, inst.due_date, tz))
    pending = s.scalars(
        select(Reminder).where(Reminder.instalment_id == inst.id, Reminder.status == PENDING)
    )
    moved = 0
    for reminder in pending:
        if reminder.kind in when:
            reminder.due_at = when[reminder.kind]
            moved += 1
    return moved
