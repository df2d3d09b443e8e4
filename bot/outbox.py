"""The outbox: replies written in the same transaction as the state, then delivered.

Every outbound message is a :class:`~bot.store.models.Message` row plus an
:class:`~bot.store.models.OutboxItem`. A delivery worker claims due items with a
lease (``sending`` until ``next_attempt_at``), so a worker that dies mid-send
leaves the item to be claimed again after the lease: nothing is lost. Failed
sends are retried with backoff; ``undeliverable`` items are never retried and
are shown to agents.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from bot.compliance.outbound import screen_claimed, screen_enqueued
from bot.config import ComplianceSettings
from bot.messages import Button
from bot.store.db import Database
from bot.store.models import Conversation, Message, OutboxItem

PENDING = "pending"
SENDING = "sending"
SENT = "sent"
FAILED = "failed"
HELD = "held"
UNDELIVERABLE = "undeliverable"


@dataclass(frozen=True, slots=True)
class Delivery:
    """One claimed item for an adapter to send."""

    id: int
    conversation_id: int
    platform: str
    chat_id: str
    text: str
    buttons: tuple[Button, ...]
    attempts: int
    sender: str


def buttons_to_json(buttons: Sequence[Button]) -> list[list[str]]:
    return [[b.label, b.payload] for b in buttons]


def buttons_from_json(data: Sequence[Sequence[str]] | None) -> tuple[Button, ...]:
    return tuple(Button(label=str(x[0]), payload=str(x[1])) for x in (data or ()))


def enqueue(
    session: Session,
    conversation: Conversation,
    text: str,
    *,
    now: datetime,
    buttons: Sequence[Button] = (),
    sender: str = "bot",
    in_reply_to_id: int | None = None,
    initiated: bool = False,
    author_user_id: int | None = None,
    compliance: ComplianceSettings | None = None,
) -> tuple[Message, OutboxItem]:
    """Store an outbound message and its outbox item in ``session``'s transaction.

    Args:
        initiated: True for messages nobody is waiting for (reminders, an agent
            writing after the debtor went quiet); compliance rules (contact
            window, caps, opt-outs) apply to those only: the item may come back
            ``held`` or ``undeliverable``, and the decision is audited.
        compliance: The ``[compliance]`` settings (built-in defaults if omitted).
    """
    msg = Message(
        conversation_id=conversation.id,
        platform=conversation.platform,
        direction="out",
        sender=sender,
        text=text,
        buttons=buttons_to_json(buttons),
        in_reply_to_id=in_reply_to_id,
        author_user_id=author_user_id,
        created_at=now,
    )
    session.add(msg)
    session.flush()
    item = OutboxItem(
        message_id=msg.id,
        conversation_id=conversation.id,
        platform=conversation.platform,
        chat_id=conversation.chat_id,
        initiated=initiated,
        status=PENDING,
        attempts=0,
        next_attempt_at=now,
        created_at=now,
    )
    session.add(item)
    session.flush()
    if initiated:
        screen_enqueued(
            session,
            conversation,
            item,
            now,
            compliance or ComplianceSettings(),
            sender=sender,
            author_user_id=author_user_id,
        )
    return msg, item


class Outbox:
    """Claims due deliveries and records their outcome."""

    def __init__(
        self,
        db: Database,
        clock: Callable[[], datetime],
        compliance: ComplianceSettings | None = None,
    ) -> None:
        self.db = db
        self.clock = clock
        self.compliance = compliance or ComplianceSettings()

    def claim_due(
        self,
        platform: str,
        limit: int = 50,
        lease_seconds: int = 60,
        hold_replies_seconds: float = 0.0,
    ) -> list[Delivery]:
        """Take up to ``limit`` due items of ``platform`` for sending, oldest first.

        Args:
            hold_replies_seconds: leave replies to an inbound message alone for
                this long after they were written, so a platform that answers
                synchronously (a passive WeChat reply) can deliver them first.
        """
        now = self.clock()
        with self.db.session() as s:
            q = (
                select(OutboxItem, Message)
                .join(Message, Message.id == OutboxItem.message_id)
                .where(
                    OutboxItem.platform == platform,
                    OutboxItem.status.in_([PENDING, FAILED, SENDING, HELD]),
                    OutboxItem.next_attempt_at <= now,
                )
                .order_by(OutboxItem.id)
                .limit(limit)
            )
            if hold_replies_seconds > 0:
                q = q.where(
                    or_(
                        Message.in_reply_to_id.is_(None),
                        OutboxItem.created_at <= now - timedelta(seconds=hold_replies_seconds),
                    )
                )
            if self.db.dialect == "postgresql":
                q = q.with_for_update(skip_locked=True, of=OutboxItem)
            rows = s.execute(q).all()
            out = []
            for item, msg in rows:
                # Started messages are re-checked: held ones may be released, others
                # may have left the contact window or met an opt-out meanwhile.
                if (
                    item.initiated
                    and not screen_claimed(s, item, now, self.compliance, sender=msg.sender).allowed
                ):
                    continue
                item.status = SENDING
                item.attempts += 1
                item.next_attempt_at = now + timedelta(seconds=lease_seconds)
                out.append(
                    Delivery(
                        id=item.id,
                        conversation_id=item.conversation_id,
                        platform=item.platform,
                        chat_id=item.chat_id,
                        text=msg.text,
                        buttons=buttons_from_json(msg.buttons),
                        attempts=item.attempts,
                        sender=msg.sender,
                    )
                )
            return out

    def mark_sent(self, item_id: int, sent_message_id: str | None = None) -> None:
        now = self.clock()
        with self.db.session() as s:
            s.execute(
                update(OutboxItem)
                .where(OutboxItem.id == item_id)
                .values(status=SENT, sent_at=now, sent_message_id=sent_message_id, error=None)
            )

    def mark_delivered(self, item_ids: Sequence[int]) -> None:
        """Mark items delivered by other means (a passive WeChat reply, the terminal)."""
        if not item_ids:
            return
        now = self.clock()
        with self.db.session() as s:
            s.execute(
                update(OutboxItem)
                .where(OutboxItem.id.in_(list(item_ids)), OutboxItem.status != SENT)
                .values(status=SENT, sent_at=now, error=None)
            )

    def mark_retry(self, item_id: int, error: str, delay_seconds: float) -> None:
        """A transient failure: try again after ``delay_seconds``."""
        now = self.clock()
        with self.db.session() as s:
            s.execute(
                update(OutboxItem)
                .where(OutboxItem.id == item_id)
                .values(
                    status=FAILED,
                    error=error[:2000],
                    next_attempt_at=now + timedelta(seconds=delay_seconds),
                )
            )

    def mark_undeliverable(self, item_id: int, reason: str) -> None:
        """A permanent failure: never retried, shown to agents."""
        with self.db.session() as s:
            s.execute(
                update(OutboxItem)
                .where(OutboxItem.id == item_id)
                .values(status=UNDELIVERABLE, error=reason[:2000])
            )

    def release(self, item_ids: Sequence[int], delay_seconds: float = 0.0) -> None:
        """Give back claimed items that were not attempted (shutdown, chat on hold).

        They become pending again after ``delay_seconds``; the claim does not
        count as an attempt.
        """
        if not item_ids:
            return
        now = self.clock()
        with self.db.session() as s:
            s.execute(
                update(OutboxItem)
                .where(OutboxItem.id.in_(list(item_ids)), OutboxItem.status == SENDING)
                .values(
                    status=PENDING,
                    attempts=OutboxItem.attempts - 1,
                    next_attempt_at=now + timedelta(seconds=delay_seconds),
                )
            )

    def pending_count(self, platform: str | None = None) -> int:
        with self.db.session() as s:
            q = select(OutboxItem.id).where(
                or_(OutboxItem.status == PENDING, OutboxItem.status == FAILED)
            )
            if platform:
                q = q.where(OutboxItem.platform == platform)
            return len(s.scalars(q).all())


def split_delivered_head(
    session: Session,
    item: OutboxItem,
    message: Message,
    head: str,
    tail: str,
    *,
    now: datetime,
    sent_message_id: str | None = None,
) -> OutboxItem:
    """Record that only the first part of a pending item was delivered by other means.

    ``message`` keeps ``head`` and gets a new outbox item marked sent; the rest
    (with the buttons) becomes a new message that the original ``item`` now
    delivers, so it keeps its place in the queue.

    Returns:
        The sent outbox item of the delivered head.
    """
    rest = Message(
        conversation_id=message.conversation_id,
        platform=message.platform,
        direction="out",
        sender=message.sender,
        text=tail,
        buttons=list(message.buttons or []),
        in_reply_to_id=message.in_reply_to_id,
        author_user_id=message.author_user_id,
        created_at=message.created_at,
    )
    session.add(rest)
    session.flush()
    message.text = head
    message.buttons = []
    item.message_id = rest.id
    session.flush()
    done = OutboxItem(
        message_id=message.id,
        conversation_id=item.conversation_id,
        platform=item.platform,
        chat_id=item.chat_id,
        initiated=item.initiated,
        status=SENT,
        attempts=1,
        next_attempt_at=now,
        sent_message_id=sent_message_id,
        created_at=item.created_at,
        sent_at=now,
    )
    session.add(done)
    session.flush()
    return done
