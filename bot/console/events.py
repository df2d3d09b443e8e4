"""What changed in the inbox, for agents' screens (the live-update stream reads it).

Three sources, each read by id so every worker sees the same thing and nothing
needs a message bus: new escalations (``conversation.created``), new messages
(``message.created``), and the ``inbox_events`` rows console actions append
(``conversation.status_changed``, ``assignee.changed``). Delivery of outbound
messages shows as ``message.updated`` (read by the time it was sent).

Each event carries what deciding who may see it needs: the conversation's
current escalation status and who claimed it. An agent is only told about
open escalations, their own, and transfers to or from them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.store import events as event_rows
from bot.store.models import Escalation, InboxEvent, Message, OutboxItem

STATUS_CHANGED = "conversation.status_changed"
ASSIGNEE_CHANGED = "assignee.changed"
CREATED = "conversation.created"
MESSAGE_CREATED = "message.created"
MESSAGE_UPDATED = "message.updated"


@dataclass(frozen=True, slots=True)
class LiveEvent:
    """One change, small enough to send to a browser."""

    kind: str
    conversation_id: int
    status: str | None = None  # the conversation's escalation status now
    claimed_by: int | None = None
    priority: int | None = None
    data: dict[str, Any] = field(default_factory=dict)

    def visible_to(self, user_id: int, is_admin: bool) -> bool:
        """Whether this user may hear of it."""
        if is_admin or self.status == "open" or self.claimed_by == user_id:
            return True
        if self.data.get("was_open"):  # it left everyone's queue (who took it is not said)
            return True
        return user_id in (self.data.get("from_user_id"), self.data.get("to_user_id"))

    def to_json(self) -> dict[str, Any]:
        """The event's payload as sent to the browser."""
        out: dict[str, Any] = {"conversation_id": self.conversation_id, "status": self.status}
        if self.priority is not None:
            out["priority"] = self.priority
        for key in ("from", "to", "direction", "delivery"):
            if key in self.data:
                out[key] = self.data[key]
        return out


@dataclass
class Cursor:
    """How far a feed has read each source."""

    event_id: int = 0
    message_id: int = 0
    escalation_id: int = 0
    sent_at: datetime | None = None


def publish(session: Session, kind: str, conversation_id: int, now: datetime, **data: Any) -> None:
    """Record a change made by a console action, in the action's transaction."""
    event_rows.add_inbox_event(session, kind, conversation_id, data, now)


def start(session: Session, now: datetime) -> Cursor:
    """A cursor at the newest row of every source (a new screen needs no history)."""
    return Cursor(
        event_id=session.scalar(select(func.max(InboxEvent.id))) or 0,
        message_id=session.scalar(select(func.max(Message.id))) or 0,
        escalation_id=session.scalar(select(func.max(Escalation.id))) or 0,
        sent_at=now,
    )


def _current(session: Session, conversation_ids: set[int]) -> dict[int, Escalation]:
    if not conversation_ids:
        return {}
    newest = (
        select(func.max(Escalation.id))
        .where(Escalation.conversation_id.in_(conversation_ids))
        .group_by(Escalation.conversation_id)
    )
    rows = session.scalars(select(Escalation).where(Escalation.id.in_(newest))).all()
    return {e.conversation_id: e for e in rows}


def read(session: Session, cursor: Cursor, limit: int = 500) -> list[LiveEvent]:
    """Events after ``cursor`` (which moves past them), oldest first."""
    raw: list[tuple[str, int, dict[str, Any]]] = []
    for ev in session.scalars(
        select(InboxEvent)
        .where(InboxEvent.id > cursor.event_id)
        .order_by(InboxEvent.id)
        .limit(limit)
    ):
        cursor.event_id = ev.id
        if ev.conversation_id is not None:
            raw.append((ev.kind, ev.conversation_id, dict(ev.data or {})))
    for esc_id, conv_id in session.execute(
        select(Escalation.id, Escalation.conversation_id)
        .where(Escalation.id > cursor.escalation_id)
        .order_by(Escalation.id)
        .limit(limit)
    ):
        cursor.escalation_id = esc_id
        raw.append((CREATED, conv_id, {}))
    for msg_id, conv_id, direction in session.execute(
        select(Message.id, Message.conversation_id, Message.direction)
        .where(Message.id > cursor.message_id)
        .order_by(Message.id)
        .limit(limit)
    ):
        cursor.message_id = msg_id
        raw.append((MESSAGE_CREATED, conv_id, {"direction": direction}))
    since = cursor.sent_at
    if since is not None:
        for sent_at, conv_id, status in session.execute(
            select(OutboxItem.sent_at, OutboxItem.conversation_id, OutboxItem.status)
            .where(OutboxItem.sent_at > since)
            .order_by(OutboxItem.sent_at)
            .limit(limit)
        ):
            if sent_at is not None and sent_at > since:
                cursor.sent_at = since = sent_at
            raw.append((MESSAGE_UPDATED, conv_id, {"delivery": status}))
    current = _current(session, {conv_id for _k, conv_id, _d in raw})
    out = []
    for kind, conv_id, data in raw:
        esc = current.get(conv_id)
        if esc is None:
            continue  # a chat nobody escalated is none of the console's business
        out.append(LiveEvent(kind, conv_id, esc.status, esc.claimed_by, esc.priority, data))
    return out
