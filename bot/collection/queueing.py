"""Put many started messages into the outbox at once, with the outbox's own checks.

The rows are those :func:`bot.outbox.enqueue` writes for a message with
``initiated=True``: a :class:`~bot.store.models.Message`, an
:class:`~bot.store.models.OutboxItem` and the compliance decision (contact
window, caps, opt-out, account status) applied and audited by
:mod:`bot.compliance.outbound`. The rules are read once per batch
(:func:`bot.compliance.outbound_many.decide_outbound_many`) and the rows are
written in bulk. Two messages to one debtor in a batch are decided one after the
other, so the second sees the first against the contact cap.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.compliance.outbound import audit_values, decision_columns
from bot.compliance.outbound_many import decide_outbound_many
from bot.config import ComplianceSettings
from bot.messages import Button, Template
from bot.store import audit, replies
from bot.store.models import Conversation

PENDING = "pending"  # as bot.outbox: the screening may make it held or undeliverable


@dataclass(frozen=True)
class Outgoing:
    """One started message: where it goes, what it says, and how (a platform template)."""

    conversation: Conversation
    text: str
    buttons: tuple[Button, ...] = ()
    template: Template | None = None


@dataclass(frozen=True)
class Queued:
    """The outbox item made for one :class:`Outgoing`, and its status (pending, held, …)."""

    outbox_id: int
    status: str


def enqueue_many(
    session: Session, items: Sequence[Outgoing], now: datetime, compliance: ComplianceSettings
) -> list[Queued]:
    """Store ``items`` in the outbox (screened like ``enqueue(initiated=True)``), in order."""
    if not items:
        return []
    conversations = [item.conversation for item in items]
    decisions = decide_outbound_many(session, conversations, now, compliance, sender="bot")
    conn = session.connection()
    message_ids = replies.insert_messages(
        conn,
        [
            {
                "conversation_id": item.conversation.id,
                "platform": item.conversation.platform,
                "platform_message_id": None,
                "direction": "out",
                "sender": "bot",
                "text": item.text,
                "payload": None,
                "template": None if item.template is None else item.template.to_json(),
                "buttons": [[b.label, b.payload] for b in item.buttons],
                "in_reply_to_id": None,
                "author_user_id": None,
                "created_at": now,
            }
            for item in items
        ],
    )
    rows: list[dict[str, Any]] = []
    for item, decision, message_id in zip(items, decisions, message_ids, strict=True):
        conv = item.conversation
        row: dict[str, Any] = {
            "message_id": message_id,
            "conversation_id": conv.id,
            "platform": conv.platform,
            "chat_id": conv.chat_id,
            "initiated": True,
            "status": PENDING,
            "attempts": 0,
            "next_attempt_at": now,
            "error": None,
            "created_at": now,
        }
        row.update(decision_columns(decision))
        rows.append(row)
    ids = replies.insert_outbox_items(conn, rows)
    audits = []
    out = []
    for item, decision, row, outbox_id in zip(items, decisions, rows, ids, strict=True):
        ids_ = (outbox_id, int(row["message_id"]))
        audits.append(audit_values(item.conversation, ids_, decision, now, sender="bot"))
        out.append(Queued(outbox_id, str(row["status"])))
    audit.insert_entries(conn, audits)
    return out
