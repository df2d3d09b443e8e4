"""The anonymous web chat cannot flood the agents' queue."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from bot.app import App
from bot.config import Settings
from bot.store.models import AuditEntry, Escalation
from tests.web.conftest import WebChatter, csrf, login, make_escalated_chat, make_user


@pytest.fixture
def settings(settings: Settings) -> Settings:
    webchat = dataclasses.replace(settings.webchat, messages_per_minute=4, address_chats_per_hour=6)
    return dataclasses.replace(settings, webchat=webchat)


def browser_at(web: FastAPI, address: str) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=web, client=(address, 50000))
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


@pytest.fixture
async def browsers(web: FastAPI) -> AsyncIterator[list[httpx.AsyncClient]]:
    clients = [browser_at(web, "203.0.113.9") for _ in range(8)]
    yield clients
    for c in clients:
        await c.aclose()


async def test_one_session_cannot_send_faster_than_the_limit(
    app: App, client: httpx.AsyncClient
) -> None:
    debtor = WebChatter(client)
    await debtor.open()
    statuses = []
    for i in range(6):
        r = await client.post(
            "/chat/messages",
            json={"message_id": f"burst-{i:04d}-abc", "text": "hello"},
            headers=debtor.headers,
        )
        statuses.append(r.status_code)
    assert statuses[-1] == 429
    assert statuses.count(200) == 3  # the start counted as one of the 4


async def test_one_address_cannot_open_endless_chats(
    app: App, browsers: list[httpx.AsyncClient], web: FastAPI
) -> None:
    opened = [(await b.get("/chat")).status_code for b in browsers]
    assert opened.count(200) == app.settings.webchat.address_chats_per_hour
    assert opened[-1] == 429
    async with browser_at(web, "198.51.100.1") as other:  # another address is not affected
        assert (await other.get("/chat")).status_code == 200


async def test_unverified_chats_wait_in_their_own_lane_capped_per_address(
    app: App, browsers: list[httpx.AsyncClient], client_b: httpx.AsyncClient
) -> None:
    cap = app.settings.webchat.unverified_escalations_per_hour
    for b in browsers[: cap + 2]:
        debtor = WebChatter(b)
        await debtor.open()
        await debtor.say("talk to a person")
    with app.db.session() as s:
        rows = s.scalars(select(Escalation).order_by(Escalation.id)).all()
        assert {e.lane for e in rows} == {"unverified"}
        assert [e.status for e in rows].count("open") == cap
        capped = s.scalars(select(AuditEntry).where(AuditEntry.action == "escalation.capped")).all()
        assert len(capped) == 2
    # a verified debtor's chat is ahead of every unverified one in the queue
    make_escalated_chat(app, priority=2, age_minutes=0)
    make_user(app, "alice")
    await login(client_b, "alice")
    await csrf(client_b)
    rows_html = (await client_b.get("/console/queue/rows")).text
    first_row = rows_html.split("<tr")[1]
    assert "A-1001" in first_row
    assert rows_html.count("lane-unverified") == cap


async def test_a_verified_web_chat_reaches_the_main_lane(
    app: App, client: httpx.AsyncClient
) -> None:
    from tests.factories import make_account

    with app.db.session() as s:
        make_account(s, app.personal, ref="A-1001", dob="1990-01-31", locale="en")
    debtor = WebChatter(client)
    await debtor.open(account="A-1001", lang="en")
    await debtor.say("1990-01-31")
    await debtor.say("talk to a person")
    with app.db.session() as s:
        esc = s.scalars(select(Escalation)).one()
        assert (esc.lane, esc.status) == ("main", "open")
