"""Signed, expiring links that open the web chat bound to one account."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlsplit

import httpx
from click.testing import CliRunner
from fastapi import FastAPI
from sqlalchemy import select

from bot.app import App
from bot.commands import cli
from bot.links import create_link
from bot.store.models import Account, Conversation, Escalation
from tests.factories import make_account
from tests.web.conftest import Clock
from tests.web.test_commands import cli_env  # noqa: F401  (fixture)


def web_link(app: App, ref: str = "A-1001", hours: float = 72) -> str:
    """``/chat?link=...`` for the account ``ref`` (made as ``links create`` makes it)."""
    with app.db.session() as s:
        if s.scalar(select(Account.id).where(Account.account_ref == ref)) is None:
            make_account(s, app.personal, ref=ref, locale="en")
        _token, url = create_link(
            s,
            account_ref=ref,
            channel="web",
            secret=app.keys.link_secret,
            ttl=timedelta(hours=hours),
            now=app.clock(),
            web_base="http://testserver",
        )
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


async def start(client: httpx.AsyncClient, path: str, **body: object) -> httpx.Response:
    """Open the chat page at ``path`` and start the chat as its script does."""
    page = await client.get(path)
    assert page.status_code == 200, page.text
    csrf = re.search(r'name="csrf-token" content="([^"]+)"', page.text)
    link = re.search(r'data-link="([^"]*)"', page.text)
    assert csrf and link
    return await client.post(
        "/chat/start",
        json={"link": link.group(1) or None, **body},
        headers={"X-CSRF-Token": csrf.group(1)},
    )


async def test_a_link_binds_the_chat_to_its_account_and_the_main_lane(
    app: App, client: httpx.AsyncClient
) -> None:
    path = web_link(app)
    with app.db.session() as s:
        make_account(s, app.personal, ref="OTHER-1", locale="en")
    # the account named in the request cannot override the link's
    r = await start(client, path, account="OTHER-1")
    assert r.status_code == 200, r.text
    with app.db.session() as s:
        conv = s.scalars(select(Conversation)).one()
        acc = s.get(Account, conv.account_id)
        assert acc is not None and acc.account_ref == "A-1001"
    # verification is still asked, and nothing about the debt is said before it
    greeting = "\n".join(m["text"] for m in r.json()["messages"])
    assert "date of birth" in greeting and "11,700.50" not in greeting
    # the same browser may open its link again and keeps its chat
    again = await start(client, path)
    assert again.status_code == 200
    assert [m["id"] for m in again.json()["messages"]] == [m["id"] for m in r.json()["messages"]]
    # asking for a person lands in the agents' main lane, not the unverified one
    csrf = re.search(r'name="csrf-token" content="([^"]+)"', (await client.get(path)).text)
    assert csrf
    said = await client.post(
        "/chat/messages",
        json={"message_id": "link-0001-abcdef", "text": "talk to a person"},
        headers={"X-CSRF-Token": csrf.group(1)},
    )
    assert said.status_code == 200
    with app.db.session() as s:
        assert [(e.lane, e.status) for e in s.scalars(select(Escalation))] == [("main", "open")]


async def test_a_used_link_does_not_open_in_another_browser(
    app: App, client: httpx.AsyncClient, client_b: httpx.AsyncClient
) -> None:
    path = web_link(app)
    assert (await start(client, path)).status_code == 200
    page = await client_b.get(path)
    assert page.status_code == 410
    assert "This chat link has already been used" in page.text
    assert 'name="csrf-token"' not in page.text


async def test_a_tampered_or_expired_link_gets_a_page_saying_so(
    app: App, client: httpx.AsyncClient, client_b: httpx.AsyncClient, clock: Clock
) -> None:
    path = web_link(app, hours=1)
    token = path.split("link=")[1]
    flipped = token[:3] + ("A" if token[3] != "A" else "B") + token[4:]
    for bad in (f"/chat?link={flipped}", "/chat?link=nonsense", f"/chat?link={token}x"):
        page = await client.get(bad)
        assert page.status_code == 400, bad
        assert "This chat link is not valid" in page.text
    # a page opened before the expiry cannot start the chat after it
    opened = await client_b.get(path)
    assert opened.status_code == 200
    csrf = re.search(r'name="csrf-token" content="([^"]+)"', opened.text)
    assert csrf
    clock.advance(hours=1)
    page = await client.get(path)
    assert page.status_code == 410
    assert "This chat link has expired" in page.text
    late = await client_b.post(
        "/chat/start", json={"link": token}, headers={"X-CSRF-Token": csrf.group(1)}
    )
    assert late.status_code == 410
    assert late.json()["detail"] == "the link has expired"
    with app.db.session() as s:
        assert s.scalars(select(Conversation)).all() == []


async def test_link_errors_in_the_debtors_language(app: App, client: httpx.AsyncClient) -> None:
    page = await client.get("/chat?link=nonsense&lang=zh_CN")
    assert page.status_code == 400
    assert "This chat link is not valid" not in page.text
    assert 'lang="zh-CN"' in page.text


async def test_a_telegram_link_does_not_open_the_web_chat(
    app: App, client: httpx.AsyncClient
) -> None:
    with app.db.session() as s:
        make_account(s, app.personal, ref="A-1001", locale="en")
        token, _url = create_link(
            s,
            account_ref="A-1001",
            channel="telegram",
            secret=app.keys.link_secret,
            ttl=timedelta(hours=1),
            now=app.clock(),
            bot_username="repay_bot",
        )
    assert (await client.get(f"/chat?link={token}")).status_code == 400


def test_links_create_prints_a_web_chat_link(cli_env: None, app: App, web: FastAPI) -> None:  # noqa: F811
    with app.db.session() as s:
        make_account(s, app.personal, ref="A-1001")
    made = CliRunner().invoke(cli, ["links", "create", "--account", "A-1001", "--channel", "web"])
    assert made.exit_code == 0, made.output
    url = made.stdout.strip()
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/chat\?link=[A-Za-z0-9_-]+", url), url
    assert "single use, valid until" in made.stderr
