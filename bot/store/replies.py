"""Writing outbound messages: a message row and its outbox item, one reply or a turn's.

The rows a delivery core then claims (:mod:`bot.store.outbox`). Replies to a
debtor who is writing now are written with two statements for the whole turn
(``insertmanyvalues`` batches the INSERT … RETURNING).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, insert
from sqlalchemy.orm import Session

from bot.messages import Button
from bot.store.models import Conversation, Message, OutboxItem

PENDING = "pending"
SENT = "sent"
# Claimed by a delivery worker, leased until ``next_attempt_at``.
SENDING = "sending"
UNDELIVERABLE = "undeliverable"
FAILED = "failed"
HELD = "held"

_MESSAGES: Table = Message.__table__  # type: ignore[assignment]
_OUTBOX: Table = OutboxItem.__table__  # type: ignore[assignment]


def buttons_to_json(buttons: Sequence[Button]) -> list[list[str]]:
    """Buttons as stored in ``messages.buttons``."""
    return [[b.label, b.payload] for b in buttons]


def buttons_from_json(data: Sequence[Sequence[str]] | None) -> tuple[Button, ...]:
    """Buttons from ``messages.buttons``."""
    return tuple(Button(label=str(x[0]), payload=str(x[1])) for x in (data or ()))


def add_message(
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
) -> tuple[Message, OutboxItem]:
    """Store one outbound message and its pending outbox item in ``session``'s transaction.

    No compliance rule is applied here (see :func:`bot.outbox.enqueue`).
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
    return msg, item


_INSERT_MESSAGES = insert(_MESSAGES).returning(_MESSAGES.c.id, sort_by_parameter_order=True)
_INSERT_ITEMS = insert(_OUTBOX).returning(_OUTBOX.c.id, sort_by_parameter_order=True)
_INSERT_MESSAGES_BATCH = insert(_MESSAGES).returning(_MESSAGES.c.id)
_INSERT_ITEMS_BATCH = insert(_OUTBOX).returning(_OUTBOX.c.id)


def _inserted_ids(
    conn: Connection, ordered: Any, batch: Any, rows: list[dict[str, Any]]
) -> list[int]:
    """Insert ``rows`` in one statement; their ids, in the order of ``rows``.

    SQLAlchemy cannot tie SQLite's RETURNING rows to the parameters, so it would
    insert one row per statement. SQLite numbers the rows of one multi-row INSERT
    one after the other, in the order given (each new rowid is the largest so far
    plus one, under the write lock this transaction holds): sorted, the returned
    ids are in the order of ``rows``. Other databases keep their own ordered batch.
    """
    if len(rows) > 1 and conn.dialect.name == "sqlite":
        return sorted(int(i) for i in conn.scalars(batch, rows))
    return [int(i) for i in conn.scalars(ordered, rows)]


def add_replies(
    session: Session,
    conversation: Conversation,
    replies: Sequence[tuple[str, Sequence[Button], str, str | None]],
    *,
    now: datetime,
    in_reply_to_id: int | None,
    lease_until: datetime | None = None,
) -> list[int]:
    """Store a turn's replies with one INSERT for the messages and one for the items.

    Args:
        replies: (text, buttons, status, sent_message_id) per reply, in order:
            ``pending`` for the delivery core, ``sent`` for a reply the platform
            already carried (a passive answer), ``undeliverable`` for one that
            cannot be delivered at all.
        lease_until: the pending ones are claimed at once by this worker (``sending``,
            leased until then), as a claim would: the caller delivers them, and if it
            dies another worker claims them when the lease runs out.

    Returns:
        The outbox item ids, in order.
    """
    if not replies:
        return []
    conn = session.connection()
    rows: list[dict[str, Any]] = [
        {
            "conversation_id": conversation.id,
            "platform": conversation.platform,
            "platform_message_id": None,
            "direction": "out",
            "sender": "bot",
            "text": text,
            "buttons": buttons_to_json(buttons),
            "in_reply_to_id": in_reply_to_id,
            "author_user_id": None,
            "created_at": now,
        }
        for text, buttons, _status, _sent in replies
    ]
    message_ids = _inserted_ids(conn, _INSERT_MESSAGES, _INSERT_MESSAGES_BATCH, rows)
    items = [
        {
            "message_id": mid,
            "conversation_id": conversation.id,
            "platform": conversation.platform,
            "chat_id": conversation.chat_id,
            "initiated": False,
            "status": status,
            "attempts": 1 if status == SENT else 0,
            "next_attempt_at": now,
            "sent_message_id": sent,
            "error": None if status != UNDELIVERABLE else sent,
            "created_at": now,
            "sent_at": now if status == SENT else None,
        }
        for mid, (_text, _buttons, status, sent) in zip(message_ids, replies, strict=True)
    ]
    if lease_until is not None:
        for item in items:
            if item["status"] == PENDING:
                item.update(status=SENDING, attempts=1, next_attempt_at=lease_until)
    return _inserted_ids(conn, _INSERT_ITEMS, _INSERT_ITEMS_BATCH, items)


def insert_messages(conn: Connection, rows: list[dict[str, Any]]) -> list[int]:
    """Insert message rows (all with the same keys) in one statement; their ids, in order."""
    return _inserted_ids(conn, _INSERT_MESSAGES, _INSERT_MESSAGES_BATCH, rows)


def insert_outbox_items(conn: Connection, rows: list[dict[str, Any]]) -> list[int]:
    """Insert outbox item rows (all with the same keys) in one statement; their ids, in order."""
    return _inserted_ids(conn, _INSERT_ITEMS, _INSERT_ITEMS_BATCH, rows)


def delete_item(session: Session, item: OutboxItem, message: Message | None) -> None:
    """Delete an outbox item, then (after a flush, as the item refers to it) its message."""
    session.delete(item)
    session.flush()
    if message is not None:
        session.delete(message)
