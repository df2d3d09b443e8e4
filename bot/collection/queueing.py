"""Put many started messages into the outbox at once, with the outbox's own checks.

The rows are those :func:`bot.outbox.enqueue` writes for a message with
``initiated=True``: a :class:`~bot.store.models.Message`, an
:class:`~bot.store.models.OutboxItem` and the compliance decision (contact
window, caps, opt-out, account status) applied and audited by
:mod:`bot.compliance.outbound`. Only the writing is batched. Two messages to
one debtor in a batch are decided one after the other, so the second sees the
first against the contact cap.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, insert
from sqlalchemy.orm import Session

from bot.compliance.outbound import Decision, apply_decision, audit_decision, decide_outbound
from bot.config import ComplianceSettings
from bot.messages import Button
from bot.store.models import Conversation, Message, OutboxItem

PENDING = "pending"  # as bot.outbox: the screening may make it held or undeliverable
_MESSAGES: Table = Message.__table__  # type: ignore[assignment]
_OUTBOX: Table = OutboxItem.__table__  # type: ignore[assignment]


@dataclass(frozen=True)
class Outgoing:
    """One started message: where it goes, what it says, and an optional payload marker."""

    conversation: Conversation
    text: str
    buttons: tuple[Button, ...] = ()
    payload: str | None = None


@dataclass(frozen=True)
class Queued:
    """The outbox item made for one :class:`Outgoing`, and its status (pending, held, …)."""

    outbox_id: int
    status: str


def enqueue_many(
    session: Session, items: Sequence[Outgoing], now: datetime, compliance: ComplianceSettings
) -> list[Queued]:
    """Store ``items`` in the outbox (screened like ``enqueue(initiated=True)``), in order."""
    out: list[Queued] = []
    chunk: list[tuple[Outgoing, Decision]] = []
    debtors: set[object] = set()
    for item in items:
        conv = item.conversation
        debtor = conv.account_id if conv.account_id is not None else ("user", conv.user_id)
        if debtor in debtors:  # let the cap count the earlier message first
            out += _write(session, chunk, now)
            chunk, debtors = [], set()
        debtors.add(debtor)
        chunk.append((item, decide_outbound(session, conv, now, compliance, sender="bot")))
    out += _write(session, chunk, now)
    return out


def _write(session: Session, chunk: list[tuple[Outgoing, Decision]], now: datetime) -> list[Queued]:
    if not chunk:
        return []
    conn = session.connection()
    message_ids = _insert_ids(
        conn,
        _MESSAGES,
        [
            {
                "conversation_id": item.conversation.id,
                "platform": item.conversation.platform,
                "platform_message_id": None,
                "direction": "out",
                "sender": "bot",
                "text": item.text,
                "payload": item.payload,
                "buttons": [[b.label, b.payload] for b in item.buttons],
                "in_reply_to_id": None,
                "author_user_id": None,
                "created_at": now,
            }
            for item, _ in chunk
        ],
    )
    screened: list[OutboxItem] = []
    for (item, decision), message_id in zip(chunk, message_ids, strict=True):
        conv = item.conversation
        row = OutboxItem(
            message_id=message_id,
            conversation_id=conv.id,
            platform=conv.platform,
            chat_id=conv.chat_id,
            initiated=True,
            status=PENDING,
            attempts=0,
            next_attempt_at=now,
            error=None,
            created_at=now,
        )
        apply_decision(row, decision)
        screened.append(row)
    columns = ("message_id", "conversation_id", "platform", "chat_id", "initiated", "status",
               "attempts", "next_attempt_at", "error", "created_at")  # fmt: skip
    ids = _insert_ids(conn, _OUTBOX, [{c: getattr(r, c) for c in columns} for r in screened])
    out = []
    for (item, decision), row, outbox_id in zip(chunk, screened, ids, strict=True):
        row.id = outbox_id
        audit_decision(session, item.conversation, row, decision, now, sender="bot")
        out.append(Queued(outbox_id, row.status))
    return out


def _insert_ids(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> list[int]:
    """Insert ``rows``; their new ids, in order."""
    if conn.dialect.name == "postgresql":
        returning = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        return [int(r[0]) for r in conn.execute(returning, rows)]
    plain = insert(table)
    ids = []
    for row in rows:
        key = conn.execute(plain, row).inserted_primary_key
        assert key is not None
        ids.append(int(key[0]))
    return ids
