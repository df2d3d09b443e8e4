"""The anonymous web chat cannot flood the agents' queue."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from typing import Any

import anyio
import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from bot.app import App
from bot.config import Settings
from bot.console import lanes
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


ASK_FOR_A_PERSON = {"en": "talk to a person", "zh_CN": "转人工", "zh_TW": "我要找真人客服"}
PROMISE = {"en": "colleague", "zh_CN": "同事协助", "zh_TW": "同事協助"}
REFUSED = {
    "en": "once I know I'm talking to the right person",
    "zh_CN": "确认是您本人之后，我才能把对话转给同事",
    "zh_TW": "確認是您本人之後，我才能把對話轉給同事",
}


@pytest.mark.parametrize("lang", ["en", "zh_CN", "zh_TW"])
async def test_a_capped_hand_over_tells_the_debtor_a_colleague_needs_them_verified_first(
    app: App, browsers: list[httpx.AsyncClient], lang: str
) -> None:
    cap = app.settings.webchat.unverified_escalations_per_hour
    for b in browsers[:cap]:  # within the cap: passed to a colleague, and told so
        debtor = WebChatter(b)
        await debtor.open(lang=lang)
        told = [m["text"] for m in await debtor.say(ASK_FOR_A_PERSON[lang])]
        assert any(PROMISE[lang] in t for t in told), told
    debtor = WebChatter(browsers[cap])
    await debtor.open(lang=lang)
    told = [m["text"] for m in await debtor.say(ASK_FOR_A_PERSON[lang])]
    assert len(told) == 1 and REFUSED[lang] in told[0], told
    # the chat stays with the bot: no "a colleague will reply" now or later
    later = await debtor.client.get("/chat/messages?after=0")
    assert later.json()["mode"] == "bot"
    await debtor.say("?")
    everything = (await debtor.client.get("/chat/messages?after=0")).json()["messages"]
    said = [m["text"] for m in everything if m["direction"] == "out"]
    assert not any(PROMISE[lang] in t for t in said if REFUSED[lang] not in t), said
    with app.db.session() as s:
        statuses = s.scalars(select(Escalation.status).order_by(Escalation.id)).all()
    assert statuses == ["open"] * cap + ["closed"]


async def test_the_page_polling_mid_turn_never_shows_a_capped_promise(
    app: App, browsers: list[httpx.AsyncClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page polls while its message is being answered: the promise of a colleague
    must not be delivered before the hand-over is found to be over the cap."""
    cap = app.settings.webchat.unverified_escalations_per_hour
    for b in browsers[:cap]:
        await (debtor := WebChatter(b)).open(lang="en")
        await debtor.say("talk to a person")
    await (debtor := WebChatter(browsers[cap])).open(lang="en")
    polled: list[str] = []
    settle = lanes.settle_web_chat

    def poll_then_settle(*args: Any, **kwargs: Any) -> set[int]:
        # the turn is committed, its escalation not yet in its lane: the page polls now
        seen = anyio.from_thread.run(debtor.client.get, "/chat/messages?after=0")
        polled.extend(m["text"] for m in seen.json()["messages"] if m["direction"] == "out")
        return settle(*args, **kwargs)

    monkeypatch.setattr(lanes, "settle_web_chat", poll_then_settle)
    told = [m["text"] for m in await debtor.say("talk to a person")]
    assert polled and not any(PROMISE["en"] in t for t in polled), polled
    assert len(told) == 1 and REFUSED["en"] in told[0], told
    with app.db.session() as s:
        rows = s.execute(select(Escalation.lane, Escalation.status).order_by(Escalation.id)).all()
    assert rows[-1] == ("unverified", "closed")


async def test_a_capped_dispute_takes_back_both_promises_of_a_colleague(
    app: App, browsers: list[httpx.AsyncClient]
) -> None:
    cap = app.settings.webchat.unverified_escalations_per_hour
    for b in browsers[:cap]:
        await (debtor := WebChatter(b)).open(lang="en")
        await debtor.say("talk to a person")
    await (debtor := WebChatter(browsers[cap])).open(lang="en")
    told = [m["text"] for m in await debtor.say("I already paid this")]
    assert len(told) == 1 and REFUSED["en"] in told[0], told


async def test_distress_and_data_requests_reach_a_person_past_the_cap(
    app: App, browsers: list[httpx.AsyncClient]
) -> None:
    cap = app.settings.webchat.unverified_escalations_per_hour
    for b in browsers[:cap]:
        await (debtor := WebChatter(b)).open(lang="en")
        await debtor.say("talk to a person")
    await (debtor := WebChatter(browsers[cap])).open(lang="en")
    told = [m["text"] for m in await debtor.say("everyone would be better off without me")]
    assert any("A person from our team will contact you" in t for t in told), told
    await (debtor := WebChatter(browsers[cap + 1])).open(lang="en")
    await debtor.say("delete my data")
    with app.db.session() as s:
        rows = s.execute(select(Escalation.reason, Escalation.status, Escalation.lane)).all()
    assert ("distress", "open", "unverified") in rows
    assert ("data_request", "open", "unverified") in rows
