"""The statements of the per-message write path (one transaction per inbound message).

The dialog engine reads the open conversation, its account, whether this
message was seen and whether the debtor blocked the bot in one SELECT
(:func:`load`), then writes the inbound message, events, replies and outbox
items with Core statements, and the conversation snapshot through the ORM
(its ``version_id_col`` turns a concurrent change into an error).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, bindparam, exists, insert, or_, select
from sqlalchemy.orm import Session

from bot.messages import Button, Reply
from bot.store.models import Account, Conversation, Event, Identity, Message, OptOut, OutboxItem
from bot.store.outbox import BLOCKED_SOURCE, Delivery
from bot.store.replies import FAILED, PENDING, SENDING, SENT, UNDELIVERABLE, buttons_from_json
from bot.store.statements import Statement

PASSIVE = "passive"
_OUTBOX: Table = OutboxItem.__table__  # type: ignore[assignment]
ReplyRow = tuple[str, Sequence[Button], str, str | None]

INSERT_EVENT = Statement(insert(Event.__table__))  # type: ignore[arg-type]
_INSERT_INBOUND = Statement(insert(Message.__table__))  # type: ignore[arg-type]
_SEEN = select(Message.id).where(
    Message.platform == bindparam("platform"),
    Message.platform_message_id == bindparam("message_id"),
)
_BLOCKED = or_(
    exists().where(
        OptOut.platform == bindparam("platform"),
        OptOut.platform_user_id == bindparam("user_id"),
        OptOut.source == BLOCKED_SOURCE,
        OptOut.revoked_at.is_(None),
    ),
    exists().where(
        Identity.platform == bindparam("platform"),
        Identity.platform_user_id == bindparam("user_id"),
        Identity.unreachable.is_(True),
    ),
)
# Replies of the conversation not delivered yet (due, being sent or waiting for a
# retry): a new turn's replies queue behind them. Started messages (reminders) do not
# hold replies back.
_WAITING = exists().where(
    _OUTBOX.c.conversation_id == Conversation.id,
    _OUTBOX.c.initiated.is_(False),
    _OUTBOX.c.status.in_([PENDING, SENDING, FAILED]),
)
_LOAD = (
    select(Conversation, Account, _SEEN.scalar_subquery(), _BLOCKED, _WAITING)
    .outerjoin(Account, Account.id == Conversation.account_id)
    .where(
        Conversation.platform == bindparam("platform"),
        Conversation.chat_id == bindparam("chat_id"),
        Conversation.is_open.is_(True),
    )
)
_LOAD_FOR_UPDATE = _LOAD.with_for_update(of=Conversation)


@dataclass(frozen=True, slots=True)
class Loaded:
    """What :func:`load` finds for an inbound message.

    Attributes:
        conversation: the chat's open conversation (locked on PostgreSQL), if any.
        account: its account, if identified.
        seen: the id of this message, if it was stored before.
        blocked: whether the debtor blocked the bot.
        waiting: whether earlier replies of the conversation are not delivered yet.
    """

    conversation: Conversation | None = None
    account: Account | None = None
    seen: int | None = None
    blocked: bool = False
    waiting: bool = False


def load(
    s: Session, *, platform: str, chat_id: str, message_id: str | None, user_id: str
) -> Loaded:
    """The open conversation of the chat with its account, and what the message
    path needs to know about it, in one SELECT."""
    postgres = s.get_bind().dialect.name == "postgresql"
    params = {
        "platform": platform, "chat_id": chat_id, "message_id": message_id, "user_id": user_id,
    }  # fmt: skip
    row = s.execute(_LOAD_FOR_UPDATE if postgres else _LOAD, params).first()
    if row is None:
        return Loaded()
    conv, account, seen, blocked, waiting = row
    return Loaded(conv, account, seen, bool(blocked), bool(waiting))


def is_blocked(s: Session, platform: str, user_id: str) -> bool:
    """Whether the platform user blocked the bot."""
    return bool(s.scalar(select(_BLOCKED), {"platform": platform, "user_id": user_id}))


def seen(s: Session, platform: str, message_id: str) -> int | None:
    """The stored inbound message with this platform id, if any."""
    return s.scalar(_SEEN, {"platform": platform, "message_id": message_id})


@dataclass(frozen=True, slots=True)
class StoredReply:
    """A reply stored for an inbound message, with its outbox item."""

    reply: Reply
    item_id: int | None
    status: str | None
    passive: bool


def stored_replies(s: Session, inbound_id: int) -> tuple[int | None, list[StoredReply]]:
    """The conversation of message ``inbound_id`` and the replies stored for it, in order."""
    conversation_id = s.scalar(select(Message.conversation_id).where(Message.id == inbound_id))
    rows = s.execute(
        select(
            Message.text,
            Message.buttons,
            OutboxItem.id,
            OutboxItem.status,
            OutboxItem.sent_message_id,
        )
        .join(OutboxItem, OutboxItem.message_id == Message.id, isouter=True)
        .where(Message.in_reply_to_id == inbound_id)
        .order_by(Message.id)
    ).all()
    return conversation_id, [
        StoredReply(Reply(text, buttons_from_json(buttons)), item, status, sent == PASSIVE)
        for text, buttons, item, status, sent in rows
    ]


def leased(
    conv: Conversation, rows: Sequence[ReplyRow], item_ids: Sequence[int], inbound_id: int | None
) -> tuple[Delivery, ...]:
    """The deliveries of a turn's replies that :func:`add_replies` claimed (the pending rows)."""
    return tuple(
        Delivery(
            id=item_id,
            conversation_id=conv.id,
            platform=conv.platform,
            chat_id=conv.chat_id,
            text=text,
            buttons=tuple(buttons),
            attempts=1,
            sender="bot",
            in_reply_to_id=inbound_id,
            user_id=conv.user_id,
        )
        for item_id, (text, buttons, status, _sent) in zip(item_ids, rows, strict=True)
        if status == PENDING
    )


def add_conversation(s: Session, conv: Conversation) -> Conversation:
    """Add a new conversation to ``s`` and flush, so it has its id."""
    s.add(conv)
    s.flush()
    return conv


def insert_inbound(conn: Connection, row: dict[str, Any]) -> int:
    """Insert the debtor's message row; its id (a redelivery violates the unique key)."""
    return _INSERT_INBOUND.insert_id(conn, row)


def add_events(s: Session, events: list[dict[str, Any]]) -> None:
    """Insert a turn's events (one executemany)."""
    INSERT_EVENT.run(s.connection(), events)


def reply_rows(
    replies: Sequence[Reply],
    taken: int = 0,
    cut: tuple[str, str] | None = None,
    gone: str | None = None,
) -> tuple[list[ReplyRow], tuple[Reply, ...]]:
    """The rows for a turn's replies, and the replies a synchronous answer carries.

    Args:
        taken: how many leading replies the synchronous answer carries (stored sent).
        cut: when none fits whole, the first reply's (head, tail): the head is
            carried now, the tail (with the buttons) stays queued as a message of its own.
        gone: nothing can be delivered (the reason): every row is undeliverable.
    """
    if gone is not None:
        return [(r.text, r.buttons, UNDELIVERABLE, gone) for r in replies], ()
    rows: list[ReplyRow] = [(r.text, r.buttons, PENDING, None) for r in replies]
    if taken:
        for i in range(taken):
            rows[i] = (replies[i].text, replies[i].buttons, SENT, PASSIVE)
        return rows, tuple(replies[:taken])
    if cut is None or not replies:
        return rows, ()
    head, tail = cut
    rows[0:1] = [(head, (), SENT, PASSIVE), (tail, replies[0].buttons, PENDING, None)]
    return rows, (Reply(head),)
