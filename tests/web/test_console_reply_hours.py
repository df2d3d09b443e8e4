"""An agent's reply reaches a debtor only at hours we may contact them, in their own time.

The test clock is 06:00 UTC on a Tuesday: 2:00 AM in New York (outside Reg F's
8 AM to 9 PM) and 2:00 PM in Shanghai.
"""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy import select

from bot.app import App
from bot.store.models import Message, OutboxItem
from tests.web.conftest import csrf, login, make_escalated_chat, make_user

NEW_YORK = {
    "account_ref": "U-3003",
    "currency": "USD",
    "locale": "en",
    "timezone": "America/New_York",
}


async def _reply(app: App, client: httpx.AsyncClient, conv_id: int, esc_id: int) -> str:
    make_user(app, "alice")
    await login(client, "alice")
    token = await csrf(client)
    await client.post(f"/console/escalations/{esc_id}/claim", data={"csrf_token": token})
    sent = await client.post(
        f"/console/c/{conv_id}/reply",
        data={"csrf_token": token, "text": "Hi, this is Alice. I can help with the plan."},
        follow_redirects=True,
    )
    assert sent.status_code == 200
    return sent.text


def _item(app: App) -> OutboxItem:
    with app.db.session() as s:
        msg = s.scalars(select(Message).where(Message.sender == "agent")).one()
        item = s.scalars(select(OutboxItem).where(OutboxItem.message_id == msg.id)).one()
        s.expunge(item)
        return item


async def test_a_reply_at_night_for_the_debtor_waits_for_their_morning(
    app: App, client: httpx.AsyncClient
) -> None:
    conv_id, esc_id = make_escalated_chat(app, age_minutes=40, **NEW_YORK)
    page = await _reply(app, client, conv_id, esc_id)
    assert 'id="reply-held"' in page and "outside the hours we may contact" in page
    item = _item(app)
    assert item.status == "held"
    # 8:00 AM in New York (EDT) is 12:00 UTC
    assert item.next_attempt_at is not None
    assert item.next_attempt_at.astimezone(UTC) == datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
    # nothing goes out before then; at 8 AM it does
    assert app.outbox.claim_due("telegram", limit=10) == []
    app.clock.advance(hours=6)  # type: ignore[attr-defined]
    assert [d.id for d in app.outbox.claim_due("telegram", limit=10)] == [item.id]


@pytest.mark.parametrize(
    ("account", "age"),
    [(NEW_YORK, 5),  # the debtor wrote 5 minutes ago: they are answered now
     ({}, 40)],  # 2:00 PM in Shanghai: inside the hours
)  # fmt: skip
async def test_a_reply_to_a_debtor_writing_now_or_in_their_daytime_goes_now(
    app: App, client: httpx.AsyncClient, account: dict[str, str], age: int
) -> None:
    conv_id, esc_id = make_escalated_chat(app, age_minutes=age, **account)
    page = await _reply(app, client, conv_id, esc_id)
    assert 'id="reply-held"' not in page and 'id="reply-sent-on"' in page
    assert _item(app).status == "pending"
