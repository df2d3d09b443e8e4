"""Blocking the bot: opted out, unreachable, and the chat leaves the agents' queue."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from bot.dialog.reach import record_blocked
from bot.messages import Blocked
from bot.store.crypto import PersonalData
from bot.store.db import Database
from bot.store.models import AuditEntry, Escalation, Identity, OptOut, OutboxItem
from tests.dialog.conftest import Chat, Debtor
from tests.factories import make_account, make_conversation

NOW = datetime(2026, 3, 10, 6, 0, tzinfo=UTC)


def test_blocking_closes_open_escalations_but_not_a_data_request(
    db: Database, personal: PersonalData
) -> None:
    with db.session() as s:
        acc = make_account(s, personal)
        conv = make_conversation(
            s, acc, NOW, user_id="42", chat_id="42", state="offer", mode="agent"
        )
        for reason, status in [("human_requested", "claimed"), ("data_request", "open")]:
            s.add(
                Escalation(
                    conversation_id=conv.id,
                    account_id=acc.id,
                    reason=reason,
                    priority=2,
                    status=status,
                    created_at=NOW,
                )
            )
    with db.session() as s:
        assert record_blocked(s, "42", "42", NOW) is True
    with db.session() as s:
        statuses = {e.reason: e.status for e in s.scalars(select(Escalation))}
        assert statuses == {"human_requested": "closed", "data_request": "open"}
        assert s.scalars(select(OptOut)).one().source == "blocked"
        closes = s.scalars(select(AuditEntry).where(AuditEntry.action == "escalation.close")).all()
        assert [c.details["reason"] for c in closes] == ["debtor blocked the bot"]
    with db.session() as s:  # a second block report changes nothing
        assert record_blocked(s, "42", "42", NOW) is False


def test_the_engine_records_a_block_and_writing_again_lifts_it_in_the_same_turn(
    chat: Chat, accounts: dict[str, Debtor]
) -> None:
    chat.verify(accounts["en"])
    engine, db = chat.engine, chat.app.db
    assert engine.record(Blocked(chat.ref)) is None
    with db.session() as s:
        assert s.scalars(select(OptOut.source).where(OptOut.revoked_at.is_(None))).all() == [
            "blocked"
        ]
        assert s.scalars(select(Identity.unreachable)).all() == [True]
    replies = chat.say("hello again")
    assert replies  # answered as usual
    with db.session() as s:
        assert s.scalars(select(OptOut).where(OptOut.revoked_at.is_(None))).all() == []
        assert s.scalars(select(Identity.unreachable)).all() == [False]
        # the reply was stored for delivery (not dropped as blocked)
        assert "pending" in s.scalars(select(OutboxItem.status)).all()
