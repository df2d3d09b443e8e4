"""The web chat's replies go through the delivery core, like every channel's."""

from __future__ import annotations

import httpx
from sqlalchemy import select

from bot.app import App
from bot.outbox import SENT, UNDELIVERABLE, enqueue
from bot.store.models import Conversation, Message, OptOut, OutboxItem
from tests.factories import make_account
from tests.web.conftest import Clock, WebChatter, texts


def _items(app: App) -> list[tuple[str, str, int, object]]:
    """(text, status, attempts, sent_at) of the web chat's outbox items, in order."""
    with app.db.session() as s:
        rows = s.execute(
            select(Message.text, OutboxItem.status, OutboxItem.attempts, OutboxItem.sent_at)
            .join(Message, Message.id == OutboxItem.message_id)
            .where(OutboxItem.platform == "web")
            .order_by(OutboxItem.id)
        ).all()
    return [tuple(r) for r in rows]


async def test_a_message_gets_one_delivered_reply_recorded_like_other_channels(
    app: App, client: httpx.AsyncClient, clock: Clock
) -> None:
    with app.db.session() as s:
        make_account(s, app.personal, locale="en")
    debtor = WebChatter(client)
    greeting = await debtor.open(account="A-1001", lang="en")
    assert any("date of birth" in t for t in greeting)
    clock.advance(seconds=30)
    replies = await debtor.say("1990-01-31")
    assert "You owe" in texts(replies)
    assert await debtor.poll() == []  # nothing twice
    assert await debtor.poll() == []
    with app.db.session() as s:
        inbound = s.scalars(select(Message).where(Message.direction == "in")).one()
        answer = s.scalars(
            select(OutboxItem)
            .join(Message, Message.id == OutboxItem.message_id)
            .where(Message.in_reply_to_id == inbound.id)
        ).all()
    # every reply to the message was claimed once by the delivery core and recorded sent
    assert len(answer) == len(replies) >= 1
    assert {(i.status, i.attempts, i.sent_at) for i in answer} == {(SENT, 1, clock.now)}
    assert all(status == SENT and attempts == 1 for _s, status, attempts, _at in _items(app))


async def test_a_started_message_is_checked_when_delivered(
    app: App, client: httpx.AsyncClient, clock: Clock
) -> None:
    with app.db.session() as s:
        make_account(s, app.personal, locale="en")
    debtor = WebChatter(client)
    await debtor.open(account="A-1001", lang="en")
    with app.db.session() as s:
        conv = s.scalars(select(Conversation).where(Conversation.platform == "web")).one()
        _msg, item = enqueue(s, conv, "A reminder from us.", now=clock.now, initiated=True,
                             compliance=app.settings.compliance)  # fmt: skip
        assert item.status == "pending"  # allowed when it was written
        # ... and then the debtor opted out on this channel before the page asked
        s.add(OptOut(account_id=conv.account_id, platform="web", platform_user_id=conv.user_id,
                     source="typed", created_at=clock.now))  # fmt: skip
    assert await debtor.poll() == []
    assert _items(app)[-1][:2] == ("A reminder from us.", UNDELIVERABLE)
