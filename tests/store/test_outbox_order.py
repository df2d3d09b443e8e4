"""A chat's replies leave in order even when another worker holds an earlier one.

One delivery loop keeps a chat's replies in order itself (one task per chat, and a
chat whose send failed waits with its later items). Another worker, or the same
one after a restart, knows none of that: it must not take a chat's later reply
while an earlier one is claimed under someone's lease or waits for its retry, or
the debtor reads the answer to their next message first (and, for a worker that
died, the older answer a lease later).
"""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.outbox import Outbox, enqueue
from bot.store.crypto import PersonalData
from bot.store.db import Database
from bot.store.models import Conversation, Message, OutboxItem
from tests.factories import make_account, make_conversation


def _answer(s: Session, conv: Conversation, n: int, now: datetime) -> None:
    inbound = Message(
        conversation_id=conv.id, platform="telegram", platform_message_id=f"u{n}",
        direction="in", sender="debtor", text=f"message {n}", created_at=now,
    )  # fmt: skip
    s.add(inbound)
    s.flush()
    enqueue(s, conv, f"answer {n}", now=now, in_reply_to_id=inbound.id)


@pytest.mark.parametrize("earlier", ["claimed", "waiting for its retry"])
def test_a_chats_later_reply_waits_while_another_worker_holds_an_earlier_one(
    db: Database, personal: PersonalData, now: datetime, earlier: str
) -> None:
    with db.session() as s:
        conv = make_conversation(s, make_account(s, personal), now, chat_id="c1")
        _answer(s, conv, 1, now)
    worker_a, worker_b = Outbox(db, lambda: now), Outbox(db, lambda: now)
    [first] = worker_a.claim_due("telegram")
    if earlier == "waiting for its retry":
        worker_a.mark_retry(first.id, "connection reset", 30)
    with db.session() as s:
        conv = s.get(Conversation, conv.id)
        assert conv is not None
        _answer(s, conv, 2, now)  # the debtor wrote again; another worker answered
    assert worker_b.claim_due("telegram") == []


def test_a_chats_later_reply_waits_while_another_worker_is_still_claiming_the_earlier_one(
    pg_url: str, personal: PersonalData, now: datetime
) -> None:
    """PostgreSQL claims skip rows another worker has locked: the earlier reply is locked by
    a claim not yet committed (still pending to everyone else), so the later one must wait."""
    db = Database(pg_url)
    try:
        with db.session() as s:
            conv = make_conversation(s, make_account(s, personal), now, chat_id="c1")
            _answer(s, conv, 1, now)
            _answer(s, conv, 2, now)
            first, second = s.scalars(
                select(OutboxItem.id).where(OutboxItem.conversation_id == conv.id)
                .order_by(OutboxItem.id)
            ).all()  # fmt: skip
        with db.engine.connect() as worker_a:  # mid-claim: the row locked, nothing committed
            worker_a.execute(select(OutboxItem.id).where(OutboxItem.id == first).with_for_update())
            assert Outbox(db, lambda: now).claim_due("telegram") == []
            worker_a.rollback()
        taken = Outbox(db, lambda: now).claim_due("telegram")
        assert [d.id for d in taken] == [first, second]
    finally:
        db.stop()
