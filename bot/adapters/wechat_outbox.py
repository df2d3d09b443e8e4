"""WeChat's two delivery paths over the outbox: the passive reply and the service window.

A passive reply (the HTTP answer to WeChat's request) can carry the replies the
engine just wrote, at most ~2,000 bytes. :func:`take_passive` claims them in one
transaction, so the delivery loop never sends them a second time; what does not
fit stays queued for a customer-service message. Those may only be sent within
48 hours of the debtor's last message and only a few times per such window:
:func:`window_problem` says why a message cannot go, before WeChat is asked.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.adapters.wechat_messages import PLATFORM, cut, join, render, size
from bot.outbox import PENDING, SENT, buttons_from_json, split_delivered_head
from bot.store.db import Database
from bot.store.models import Conversation, Message, OutboxItem

PASSIVE = "passive"
CUSTOM = "custom"


def take_passive(db: Database, now: datetime, item_ids: Sequence[int], budget: int) -> str:
    """Claim the replies ``item_ids`` for a passive answer; return its text ('' for none).

    Pending replies are taken in order while they fit in ``budget`` bytes; if
    the first one alone is too long it is cut at a line boundary and its rest
    stays queued. If some were already given in an earlier passive answer
    (WeChat retried the request), exactly those are given again; replies the
    delivery loop has claimed or sent are left to it.
    """
    if not item_ids:
        return ""
    with db.session() as s:
        q = (
            select(OutboxItem, Message)
            .join(Message, Message.id == OutboxItem.message_id)
            .where(OutboxItem.id.in_(list(item_ids)))
            .order_by(OutboxItem.id)
        )
        if db.dialect == "postgresql":
            q = q.with_for_update(of=OutboxItem)
        rows = s.execute(q).all()
        given = [(m.id, m) for i, m in rows if i.status == SENT and i.sent_message_id == PASSIVE]
        if given:
            # WeChat retried the request: repeat exactly what the first answer gave.
            return join([render(m.text, buttons_from_json(m.buttons)) for _, m in sorted(given)])
        parts: list[str] = []
        full = False
        for item, msg in rows:
            if item.status != PENDING or full:
                full = full or item.status == PENDING
                continue
            rendered = render(msg.text, buttons_from_json(msg.buttons))
            if size(join([*parts, rendered])) <= budget:
                item.status = SENT
                item.sent_at = now
                item.sent_message_id = PASSIVE
                item.attempts += 1
                parts.append(rendered)
                continue
            full = True
            if not parts:
                # Cut the text only; the buttons go whole with the queued rest.
                head, tail = cut(msg.text, budget)
                split_delivered_head(s, item, msg, head, tail, now=now, sent_message_id=PASSIVE)
                parts.append(head)
        return join(parts)


def last_inbound(session: Session, chat_id: str) -> datetime | None:
    """When the debtor in ``chat_id`` last wrote to the Official Account."""
    return session.scalar(
        select(func.max(Message.created_at))
        .join(Conversation, Conversation.id == Message.conversation_id)
        .where(
            Conversation.platform == PLATFORM,
            Conversation.chat_id == chat_id,
            Message.direction == "in",
        )
    )


def sent_since(session: Session, chat_id: str, since: datetime) -> int:
    """Customer-service messages sent to ``chat_id`` after ``since``."""
    return int(
        session.scalar(
            select(func.count(OutboxItem.id)).where(
                OutboxItem.platform == PLATFORM,
                OutboxItem.chat_id == chat_id,
                OutboxItem.status == SENT,
                OutboxItem.sent_message_id.like(f"{CUSTOM}%"),
                OutboxItem.sent_at > since,
            )
        )
        or 0
    )


def window_problem(
    session: Session, chat_id: str, now: datetime, *, hours: int, quota: int
) -> str | None:
    """Why WeChat would refuse a customer-service message to ``chat_id`` now, or None."""
    last = last_inbound(session, chat_id)
    if last is None:
        return (
            "WeChat window closed: the debtor has not written to the Official Account, "
            "so customer-service messages are not allowed"
        )
    if now - last > timedelta(hours=hours):
        return (
            f"WeChat window closed: the debtor last wrote at {last:%Y-%m-%d %H:%M} UTC, "
            f"more than {hours} hours ago; wait until they write again"
        )
    if sent_since(session, chat_id, last) >= quota:
        return (
            f"WeChat quota used: {quota} customer-service messages were already sent since "
            f"the debtor last wrote at {last:%Y-%m-%d %H:%M} UTC; wait until they write again"
        )
    return None
