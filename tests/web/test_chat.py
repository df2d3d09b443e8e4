"""The debtor's web chat: the same engine as every platform, buttons, retries, agent replies."""

from __future__ import annotations

import httpx
from sqlalchemy import func, select

from bot.app import App
from bot.store.models import Conversation, Escalation, Message, OutboxItem
from tests.factories import make_account
from tests.web.conftest import WebChatter, csrf, login, make_user, texts


def add_account(app: App, **kw: object) -> None:
    with app.db.session() as s:
        make_account(s, app.personal, locale="en", **kw)  # type: ignore[arg-type]


async def test_bot_speaks_first_verifies_and_offers_plans_as_buttons(
    app: App, client: httpx.AsyncClient
) -> None:
    add_account(app)
    debtor = WebChatter(client)
    greeting = await debtor.open(account="A-1001", lang="en")
    assert any("date of birth" in t for t in greeting)
    replies = await debtor.say("1990-01-31")
    assert "You owe" in texts(replies)
    buttons = [b for m in replies for b in m["buttons"]]
    assert buttons and buttons[0]["payload"].startswith("choose:")
    confirm = await debtor.say(buttons[0]["label"], payload=buttons[0]["payload"])
    assert "Shall I record it?" in texts(confirm)


async def test_a_retried_post_is_processed_once(app: App, client: httpx.AsyncClient) -> None:
    add_account(app)
    debtor = WebChatter(client)
    await debtor.open(account="A-1001")
    first = await debtor.say("1990-01-31", message_id="retry-0001-abcdef")
    again = await debtor.say("1990-01-31", message_id="retry-0001-abcdef")
    assert first and again == []
    with app.db.session() as s:
        inbound = s.scalar(select(func.count(Message.id)).where(Message.direction == "in"))
    assert inbound == 1


async def test_posts_need_the_chat_cookie_and_csrf_token(
    app: App, client: httpx.AsyncClient
) -> None:
    no_cookie = await client.post("/chat/messages", json={"message_id": "abcdefgh1", "text": "hi"})
    assert no_cookie.status_code == 403
    debtor = WebChatter(client)
    await debtor.open()
    forged = await client.post(
        "/chat/messages",
        json={"message_id": "abcdefgh2", "text": "hi"},
        headers={"X-CSRF-Token": "forged"},
    )
    assert forged.status_code == 403
    missing = await client.post("/chat/messages", json={"message_id": "abcdefgh3", "text": "hi"})
    assert missing.status_code == 403


async def test_asking_for_a_human_queues_it_and_the_agent_reply_reaches_the_page(
    app: App, client: httpx.AsyncClient, client_b: httpx.AsyncClient
) -> None:
    add_account(app)
    make_user(app, "alice")
    debtor = WebChatter(client)
    await debtor.open(account="A-1001")
    await debtor.say("1990-01-31")
    notice = await debtor.say("I want to talk to a person")
    assert "colleague" in texts(notice)
    assert await debtor.say("hello?") == []  # the bot stays quiet in agent mode
    with app.db.session() as s:
        esc = s.scalars(select(Escalation)).one()
        conv = s.get(Conversation, esc.conversation_id)
        assert conv is not None
        assert (esc.reason, esc.status, conv.mode, conv.platform) == (
            "human_requested",
            "open",
            "agent",
            "web",
        )
    await login(client_b, "alice")
    queue = (await client_b.get("/console/queue/rows")).text
    assert "Asked for a person" in queue and "hello?" in queue
    token = await csrf(client_b)
    await client_b.post(f"/console/escalations/{esc.id}/claim", data={"csrf_token": token})
    await client_b.post(
        f"/console/c/{conv.id}/reply", data={"csrf_token": token, "text": "Hi, Alice here."}
    )
    reply = await debtor.poll()
    assert [(m["sender"], m["text"]) for m in reply] == [("agent", "Hi, Alice here.")]
    with app.db.session() as s:
        item = s.scalars(select(OutboxItem).order_by(OutboxItem.id.desc())).first()
        assert item is not None and item.status == "sent"
    page = (await client_b.get(f"/console/c/{conv.id}")).text
    assert "Hi, Alice here." in page and ">sent<" in page
