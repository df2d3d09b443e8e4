"""The outbox tables: every write about a reply and its delivery.

Every outbound message is a :class:`~bot.store.models.Message` row plus an
:class:`~bot.store.models.OutboxItem`. A delivery worker claims due items with a
lease (``sending`` until ``next_attempt_at``), so a worker that dies mid-send
leaves the item to be claimed again after the lease: nothing is lost.
``undeliverable`` items are never retried and are shown to agents.

Claims and outcomes are batched: one transaction claims the due items of many
chats (reading whether their debtors blocked the bot in the same statement),
and one transaction records the outcomes of many sends.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    Connection,
    Integer,
    Select,
    Table,
    bindparam,
    exists,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session

from bot.messages import Button, Template
from bot.store.db import Database
from bot.store.models import ContactChannel, Conversation, Identity, Message, OptOut, OutboxItem
from bot.store.replies import (
    FAILED,
    PENDING,
    SENDING,
    SENT,
    UNDELIVERABLE,
    buttons_from_json,
)
from bot.store.reply_order import UNSENT, behind_nobody, earlier_waiting

BLOCKED_SOURCE = "blocked"
BLOCKED_REASON = "the debtor blocked the bot"
UNUSABLE_REASON = "the address failed for good (a bounce, an invalid number or a carrier block)"

_MESSAGES: Table = Message.__table__  # type: ignore[assignment]
_OUTBOX: Table = OutboxItem.__table__  # type: ignore[assignment]

# Decides, inside the claiming transaction, whether a started message may go now;
# it may change the item (held, undeliverable) and audit the decision.
Screen = Callable[[Session, OutboxItem, datetime, str], bool]


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
    in_reply_to_id: int | None = None
    user_id: str = ""
    template: Template | None = None


@dataclass
class Outcomes:
    """What happened to claimed items, recorded together by :meth:`OutboxStore.record`.

    Attributes:
        sent: (item id, platform message id).
        retry: (item id, error, delay in seconds).
        gone: (item id, reason): undeliverable.
        released: (item id, delay): not attempted; pending again, the claim not counted.
    """

    sent: list[tuple[int, str | None]] = field(default_factory=list)
    retry: list[tuple[int, str, float]] = field(default_factory=list)
    gone: list[tuple[int, str]] = field(default_factory=list)
    released: list[tuple[int, float]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.sent or self.retry or self.gone or self.released)

    def take(self) -> Outcomes:
        """Move everything into a new object and leave this one empty."""
        out = Outcomes(self.sent, self.retry, self.gone, self.released)
        self.sent, self.retry, self.gone, self.released = [], [], [], []
        return out


def _unusable(platform_col: Any, user_col: Any) -> Any:
    """Whether the address of a row failed for good (an unusable email address or number)."""
    return exists().where(
        ContactChannel.platform == platform_col,
        ContactChannel.chat_id == user_col,
        ContactChannel.unusable_at.is_not(None),
    )


def _blocked(platform_col: Any, user_col: Any) -> Any:
    """Whether the debtor of a row blocked the bot (an opt-out or an unreachable identity),
    or the address failed for good (an unusable email address or number)."""
    return or_(
        exists().where(
            OptOut.platform == platform_col,
            OptOut.platform_user_id == user_col,
            OptOut.source == BLOCKED_SOURCE,
            OptOut.revoked_at.is_(None),
        ),
        exists().where(
            Identity.platform == platform_col,
            Identity.platform_user_id == user_col,
            Identity.unreachable.is_(True),
        ),
        _unusable(platform_col, user_col),
    )


_SENT = (
    update(_OUTBOX)
    .where(_OUTBOX.c.id == bindparam("item_id"))
    .values(status=SENT, sent_at=bindparam("now"), sent_message_id=bindparam("mid"), error=None)
)
_RETRY = (
    update(_OUTBOX)
    .where(_OUTBOX.c.id == bindparam("item_id"))
    .values(status=FAILED, error=bindparam("error"), next_attempt_at=bindparam("at"))
)
_GONE = (
    update(_OUTBOX)
    .where(_OUTBOX.c.id == bindparam("item_id"))
    .values(status=UNDELIVERABLE, error=bindparam("reason"))
)
# Not attempted: pending again, the claim not counted (only while still this claim's).
_RELEASED = (
    update(_OUTBOX)
    .where(_OUTBOX.c.id == bindparam("item_id"), _OUTBOX.c.status == SENDING)
    .values(status=PENDING, attempts=_OUTBOX.c.attempts - 1, next_attempt_at=bindparam("at"))
)
_CLAIMED = (
    update(_OUTBOX)
    .where(_OUTBOX.c.id.in_(bindparam("ids", expanding=True)))
    .values(status=SENDING, attempts=_OUTBOX.c.attempts + 1, next_attempt_at=bindparam("until"))
)
_GONE_MANY = (
    update(_OUTBOX)
    .where(_OUTBOX.c.id.in_(bindparam("ids", expanding=True)))
    .values(status=UNDELIVERABLE, error=bindparam("reason"))
)


@functools.cache
def _claim_query(*, chat: bool, hold: bool, lock: bool) -> Select[Any]:
    """The claim's SELECT, built once per shape; ``platform``, ``now``, ``limit`` and
    (per shape) ``chat_id`` and ``held_before`` are bound when it runs."""
    conv: Table = Conversation.__table__  # type: ignore[assignment]
    now = bindparam("now", type_=_OUTBOX.c.next_attempt_at.type)
    q = (
        select(
            _OUTBOX.c.id,
            _OUTBOX.c.conversation_id,
            _OUTBOX.c.chat_id,
            _OUTBOX.c.attempts,
            _OUTBOX.c.initiated,
            _MESSAGES.c.text,
            _MESSAGES.c.buttons,
            _MESSAGES.c.sender,
            _MESSAGES.c.in_reply_to_id,
            _MESSAGES.c.template,
            conv.c.user_id,
            _blocked(conv.c.platform, conv.c.user_id).label("blocked"),
            _unusable(conv.c.platform, conv.c.user_id).label("unusable"),
        )
        .join(_MESSAGES, _MESSAGES.c.id == _OUTBOX.c.message_id)
        .join(conv, conv.c.id == _OUTBOX.c.conversation_id)
        .where(
            _OUTBOX.c.platform == bindparam("platform"),
            _OUTBOX.c.status.in_(UNSENT),
            _OUTBOX.c.next_attempt_at <= now,
            ~earlier_waiting(now),
        )
        .order_by(_OUTBOX.c.id)
        .limit(bindparam("limit", type_=Integer))
    )
    if chat:
        q = q.where(_OUTBOX.c.chat_id == bindparam("chat_id"))
    if hold:
        q = q.where(
            or_(
                _MESSAGES.c.in_reply_to_id.is_(None),
                _OUTBOX.c.created_at <= bindparam("held_before", type_=_OUTBOX.c.created_at.type),
            )
        )
    if lock:
        q = q.with_for_update(skip_locked=True, of=_OUTBOX)
    return q


class OutboxStore:
    """Claims due deliveries and records their outcome, in batches."""

    def __init__(self, db: Database, clock: Callable[[], datetime]) -> None:
        self.db = db
        self.clock = clock

    def claim(
        self,
        platform: str,
        limit: int = 50,
        lease_seconds: float = 60,
        hold_replies_seconds: float = 0.0,
        screen: Screen | None = None,
        chat_id: str | None = None,
    ) -> list[Delivery]:
        """Take up to ``limit`` due items of ``platform``, oldest first, in one transaction.

        Items whose debtor blocked the bot become undeliverable in the same
        transaction; started (``initiated``) items pass ``screen`` first.

        Args:
            hold_replies_seconds: leave replies to an inbound message alone for
                this long after they were written, so a platform that answers
                synchronously (a passive WeChat reply) can deliver them first.
            chat_id: only this chat's items (a chat whose reader is waiting).
        """
        now = self.clock()
        postgres = self.db.dialect == "postgresql"
        q = _claim_query(chat=chat_id is not None, hold=hold_replies_seconds > 0, lock=postgres)
        params = {
            "platform": platform, "now": now, "limit": limit, "chat_id": chat_id,
            "held_before": now - timedelta(seconds=hold_replies_seconds),
        }  # fmt: skip
        with self.db.transaction() as conn:
            rows = conn.execute(q, params).all()
            if rows and postgres:
                rows = behind_nobody(conn, rows)
            blocked = [r.id for r in rows if r.blocked and not r.unusable]
            unusable = [r.id for r in rows if r.unusable]
            started = [r for r in rows if r.initiated and not r.blocked]
            allowed = self._screen(conn, started, now, screen) if screen and started else set()
            out = [
                Delivery(
                    id=r.id,
                    conversation_id=r.conversation_id,
                    platform=platform,
                    chat_id=r.chat_id,
                    text=r.text,
                    buttons=buttons_from_json(r.buttons),
                    attempts=r.attempts + 1,
                    sender=r.sender,
                    in_reply_to_id=r.in_reply_to_id,
                    user_id=r.user_id,
                    template=Template.from_json(r.template),
                )
                for r in rows
                if not r.blocked and (not r.initiated or screen is None or r.id in allowed)
            ]
            for ids, reason in ((blocked, BLOCKED_REASON), (unusable, UNUSABLE_REASON)):
                if ids:
                    conn.execute(_GONE_MANY, {"ids": ids, "reason": reason})
            if out:
                conn.execute(
                    _CLAIMED,
                    {"ids": [d.id for d in out], "until": now + timedelta(seconds=lease_seconds)},
                )
            return out

    @staticmethod
    def _screen(conn: Connection, rows: Sequence[Any], now: datetime, screen: Screen) -> set[int]:
        """The started items among ``rows`` that may go now (the others held or dropped).

        Started messages are re-checked: held ones may be released, others may
        have left the contact window or met an opt-out meanwhile. The screen
        works on ORM rows, in a session joined to the claim's transaction.
        """
        allowed = set()
        with Session(bind=conn) as s:
            for r in rows:
                item = s.get(OutboxItem, r.id)
                assert item is not None
                if screen(s, item, now, r.sender):
                    allowed.add(r.id)
                s.flush()
        return allowed

    def record(self, outcomes: Outcomes) -> None:
        """Record many outcomes in one transaction (one statement per kind of outcome)."""
        if not outcomes:
            return
        now = self.clock()
        with self.db.transaction() as conn:
            if outcomes.sent:
                conn.execute(
                    _SENT, [{"item_id": i, "mid": m, "now": now} for i, m in outcomes.sent]
                )
            if outcomes.retry:
                conn.execute(_RETRY, [
                    {"item_id": i, "error": error[:2000], "at": now + timedelta(seconds=delay)}
                    for i, error, delay in outcomes.retry
                ])  # fmt: skip
            if outcomes.gone:
                conn.execute(
                    _GONE, [{"item_id": i, "reason": reason[:2000]} for i, reason in outcomes.gone]
                )
            if outcomes.released:
                conn.execute(_RELEASED, [
                    {"item_id": i, "at": now + timedelta(seconds=delay)}
                    for i, delay in outcomes.released
                ])  # fmt: skip

    def mark_sent(self, item_id: int, sent_message_id: str | None = None) -> None:
        """Record one item as sent."""
        self.record(Outcomes(sent=[(item_id, sent_message_id)]))

    def mark_retry(self, item_id: int, error: str, delay_seconds: float) -> None:
        """A transient failure: try again after ``delay_seconds``."""
        self.record(Outcomes(retry=[(item_id, error, delay_seconds)]))

    def mark_undeliverable(self, item_id: int, reason: str) -> None:
        """A permanent failure: never retried, shown to agents."""
        self.record(Outcomes(gone=[(item_id, reason)]))

    def release(self, item_ids: Sequence[int], delay_seconds: float = 0.0) -> None:
        """Give back claimed items that were not attempted (shutdown, chat on hold)."""
        self.record(Outcomes(released=[(i, delay_seconds) for i in item_ids]))

    def requeue(self, item_ids: Sequence[int]) -> None:
        """Make items given to a passive answer that never went out pending again."""
        if not item_ids:
            return
        now = self.clock()
        with self.db.session() as s:
            s.execute(
                update(_OUTBOX)
                .where(_OUTBOX.c.id.in_(list(item_ids)), _OUTBOX.c.status == SENT)
                .values(status=PENDING, sent_at=None, sent_message_id=None, next_attempt_at=now)
            )


def last_inbound(session: Session, platform: str, chat_id: str) -> datetime | None:
    """When the debtor in ``chat_id`` last wrote on ``platform``."""
    return session.scalar(
        select(func.max(Message.created_at))
        .join(Conversation, Conversation.id == Message.conversation_id)
        .where(
            Conversation.platform == platform,
            Conversation.chat_id == chat_id,
            Message.direction == "in",
        )
    )


def last_inbound_by_chat(
    session: Session, platform: str, chat_ids: set[str]
) -> dict[str, datetime]:
    """When the debtor in each of ``chat_ids`` last wrote on ``platform`` (any conversation)."""
    if not chat_ids:
        return {}
    q = (
        select(Conversation.chat_id, func.max(Message.created_at))
        .join(Conversation, Conversation.id == Message.conversation_id)
        .where(
            Conversation.platform == platform,
            Conversation.chat_id.in_(chat_ids),
            Message.direction == "in",
        )
        .group_by(Conversation.chat_id)
    )
    return {chat_id: last for chat_id, last in session.execute(q) if last is not None}


def sent_since(session: Session, platform: str, chat_id: str, since: datetime, prefix: str) -> int:
    """Items sent to ``chat_id`` after ``since`` whose platform id starts with ``prefix``."""
    return int(
        session.scalar(
            select(func.count(OutboxItem.id)).where(
                OutboxItem.platform == platform,
                OutboxItem.chat_id == chat_id,
                OutboxItem.status == SENT,
                OutboxItem.sent_message_id.like(f"{prefix}%"),
                OutboxItem.sent_at > since,
            )
        )
        or 0
    )
