"""Store a turn's replies in the outbox with two statements instead of two per reply.

The rows are exactly those :func:`bot.outbox.enqueue` writes for a reply that
answers a debtor (``initiated=False``, so no compliance screening applies);
bot-initiated messages go through :func:`bot.outbox.enqueue` itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

from bot.messages import Reply
from bot.outbox import PENDING, buttons_to_json
from bot.store.models import Conversation, Message, OutboxItem

# Core tables: the ORM's bulk machinery costs more than the inserts themselves here.
_MESSAGES: Table = Message.__table__  # type: ignore[assignment]
_OUTBOX: Table = OutboxItem.__table__  # type: ignore[assignment]


def enqueue_replies(
    session: Session,
    conversation: Conversation,
    replies: Sequence[Reply],
    *,
    now: datetime,
    in_reply_to_id: int | None,
) -> list[int]:
    """Insert the replies' messages and outbox items; return the outbox ids in order."""
    if not replies:
        return []
    message_ids = list(
        session.scalars(
            insert(_MESSAGES).returning(_MESSAGES.c.id, sort_by_parameter_order=True),
            [
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
            ],
        )
    )
    return list(
        session.scalars(
            insert(_OUTBOX).returning(_OUTBOX.c.id, sort_by_parameter_order=True),
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
    )
