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
_RETURNING: dict[str, Any] = {}
_HOT_INSERTS: dict[str, HotStatement] = {}
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
    """Insert ``rows`` into ``table``; their new ids, in order.

    PostgreSQL: one statement (SQLAlchemy keeps RETURNING in parameter order).
    SQLite: one small statement per row on the driver, each row's id from
    ``lastrowid`` (cheaper there than one RETURNING statement through SQLAlchemy).
    """
    if not rows:
        return []
    if conn.dialect.name == "sqlite":
        hot = _HOT_INSERTS.get(table.name)
        if hot is None:
            hot = _HOT_INSERTS[table.name] = HotStatement(insert(table))
        return [hot.insert_id(conn, row) for row in rows]
    stmt = _RETURNING.get(table.name)
    if stmt is None:
        stmt = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        _RETURNING[table.name] = stmt
    return [int(i) for i in conn.scalars(stmt, rows)]


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
