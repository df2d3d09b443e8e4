"""Store a turn's replies in the outbox with two statements instead of two per reply.

The rows are exactly those :func:`bot.outbox.enqueue` writes for a reply that
answers a debtor (``initiated=False``, so no compliance screening applies);
bot-initiated messages go through :func:`bot.outbox.enqueue` itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, bindparam, false, insert, literal, select

from bot.dialog.fastpath import HotStatement
from bot.messages import Reply
from bot.outbox import PENDING, buttons_to_json
from bot.store.models import Conversation, Message, OutboxItem

# Core tables: the ORM's bulk machinery costs more than the inserts themselves here.
_MESSAGES: Table = Message.__table__  # type: ignore[assignment]
_OUTBOX: Table = OutboxItem.__table__  # type: ignore[assignment]
_RETURNING: dict[tuple[str, bool], Any] = {}
_INSERT_MESSAGES = HotStatement(insert(_MESSAGES))
# The outbox items of the replies to one inbound message, in message order.
_OUTBOX_FOR_REPLIES = HotStatement(
    insert(_OUTBOX)
    .from_select(
        ["message_id", "conversation_id", "platform", "chat_id", "initiated", "status",
         "attempts", "next_attempt_at", "created_at"],
        select(
            _MESSAGES.c.id, _MESSAGES.c.conversation_id, _MESSAGES.c.platform,
            bindparam("chat_id", type_=_OUTBOX.c.chat_id.type), false(), literal(PENDING),
            literal(0), bindparam("now", type_=_OUTBOX.c.next_attempt_at.type),
            bindparam("now", type_=_OUTBOX.c.created_at.type),
        )
        .where(_MESSAGES.c.in_reply_to_id == bindparam("inbound"))
        .order_by(_MESSAGES.c.id),
    )
    .returning(_OUTBOX.c.id)
)  # fmt: skip


def insert_ids(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> list[int]:
    """Insert ``rows`` into ``table`` with one statement; their new ids, in order.

    SQLAlchemy keeps RETURNING in parameter order on PostgreSQL with one
    statement, but on SQLite only row by row. SQLite gives the rows of one
    multi-row INSERT ascending rowids in VALUES order (the transaction holds
    the write lock from BEGIN IMMEDIATE), so there the sorted ids are in order.
    """
    if not rows:
        return []
    sqlite = conn.dialect.name == "sqlite"
    stmt = _RETURNING.get((table.name, sqlite))
    if stmt is None:
        stmt = insert(table).returning(table.c.id, sort_by_parameter_order=not sqlite)
        _RETURNING[(table.name, sqlite)] = stmt
    ids = [int(i) for i in conn.scalars(stmt, rows)]
    return sorted(ids) if sqlite else ids


def enqueue_replies(
    conn: Connection,
    conversation: Conversation,
    replies: Sequence[Reply],
    *,
    now: datetime,
    in_reply_to_id: int | None,
) -> list[int]:
    """Insert the replies' messages and outbox items; return the outbox ids in order."""
    if not replies:
        return []
    rows = [
        {
            "conversation_id": conversation.id,
            "platform": conversation.platform,
            "direction": "out",
            "sender": "bot",
            "text": r.text,
            "buttons": buttons_to_json(r.buttons),
            "in_reply_to_id": in_reply_to_id,
            "created_at": now,
        }
        for r in replies
    ]
    if in_reply_to_id is not None and conn.dialect.name == "sqlite":
        # Two plain statements: the messages (no RETURNING), then their outbox
        # items from a SELECT. Rows are inserted in order, so their rowids ascend.
        _INSERT_MESSAGES.run(conn, rows)
        params = {"inbound": in_reply_to_id, "chat_id": conversation.chat_id, "now": now}
        return sorted(int(i) for (i,) in _OUTBOX_FOR_REPLIES.fetch(conn, params))
    message_ids = insert_ids(conn, _MESSAGES, rows)
    return insert_ids(
        conn,
        _OUTBOX,
        [
            {
                "message_id": mid,
                "conversation_id": conversation.id,
                "platform": conversation.platform,
                "chat_id": conversation.chat_id,
                "initiated": False,
                "status": PENDING,
                "attempts": 0,
                "next_attempt_at": now,
                "created_at": now,
            }
            for mid in message_ids
        ],
    )
