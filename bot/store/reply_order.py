"""The order of a chat's replies across delivery workers.

A chat's replies leave in the order they were written. One delivery loop keeps
that order itself; another worker does not know what the first one holds, so a
claim checks the outbox: a reply waits while an earlier reply of its chat is
under someone's lease, waiting for its retry, or locked by a claim not yet
committed. Started messages (reminders) never make a reply wait.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import BindParameter, Connection, Table, exists, func, select

from bot.store.models import OutboxItem
from bot.store.replies import FAILED, HELD, PENDING, SENDING

_OUTBOX: Table = OutboxItem.__table__  # type: ignore[assignment]

EARLIER = _OUTBOX.alias("earlier")


def earlier_waiting(now: datetime | BindParameter[datetime]) -> Any:
    """Whether an earlier reply of the row's conversation is not due yet: claimed under a
    lease (another worker is sending it) or waiting for its retry. The row waits too, so
    a chat's replies leave in order across workers. Started messages (reminders, held
    for the contact window) never make a reply wait."""
    return exists().where(
        EARLIER.c.conversation_id == OutboxItem.conversation_id,
        EARLIER.c.id < OutboxItem.id,
        EARLIER.c.initiated.is_(False),
        EARLIER.c.status.in_([PENDING, FAILED, SENDING]),
        EARLIER.c.next_attempt_at > now,
    )


UNSENT = (PENDING, FAILED, SENDING, HELD)


def behind_nobody(conn: Connection, rows: Sequence[Any]) -> list[Any]:
    """The claimed rows that no other claim holds an earlier reply of their chat ahead of.

    ``SKIP LOCKED`` passes over a row another worker's claim has locked but not
    committed: to everyone else it still looks due and pending, so the chat's later
    reply would look free to go first. Read again (a fresh snapshot under READ
    COMMITTED), any unsent earlier reply that is not in this claim holds its chat's
    later rows back; the next claim takes them in order. The locks taken on the rows
    left out are let go at commit.
    """
    ids = [r.id for r in rows]
    held = conn.execute(
        select(OutboxItem.conversation_id, func.min(EARLIER.c.id))
        .join(EARLIER, EARLIER.c.conversation_id == OutboxItem.conversation_id)
        .where(
            OutboxItem.id.in_(ids),
            EARLIER.c.id < OutboxItem.id,
            EARLIER.c.id.not_in(ids),
            EARLIER.c.initiated.is_(False),
            EARLIER.c.status.in_(UNSENT),
        )
        .group_by(OutboxItem.conversation_id)
    ).all()
    if not held:
        return list(rows)
    first_held: dict[int, int] = {conv: first for conv, first in held}
    return [
        r
        for r in rows
        if r.conversation_id not in first_held or r.id < first_held[r.conversation_id]
    ]
