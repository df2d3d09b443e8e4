"""Fixtures for the web app: an App on the test database, an ASGI client, users, chats."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from bot.app import App
from bot.config import Settings
from bot.store.db import Database
from bot.store.models import Conversation, Escalation, Message
from bot.users import add_user
from bot.web.app import create_app
from tests.factories import make_account

PASSWORD = "correct horse battery"


class Clock:
    """A clock tests can move."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock(now: datetime) -> Clock:
    return Clock(now)


@pytest.fixture
def app(settings: Settings, clock: Clock, db: Database) -> Iterator[App]:
    application = App(settings, clock=clock)
    yield application
    application.stop()


@pytest.fixture
def web(app: App) -> FastAPI:
    return create_app(app)


@pytest.fixture
async def client(web: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=web), base_url="http://testserver"
    ) as c:
        yield c


@pytest.fixture
async def client_b(web: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """A second browser (another agent)."""
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=web), base_url="http://testserver"
    ) as c:
        yield c


def make_user(app: App, name: str, role: str = "agent", password: str = PASSWORD) -> int:
    with app.db.session() as s:
        return add_user(s, name, role, password, now=app.clock()).id


CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, "no csrf_token field in the page"
    return found.group(1)


async def login(client: httpx.AsyncClient, name: str, password: str = PASSWORD) -> httpx.Response:
    page = await client.get("/console/login")
    return await client.post(
        "/console/login",
        data={"name": name, "password": password, "csrf_token": csrf_of(page.text)},
    )


async def csrf(client: httpx.AsyncClient) -> str:
    """The CSRF token of the signed-in session (from the queue page)."""
    page = await client.get("/console")
    assert page.status_code == 200, page.text
    return csrf_of(page.text)


def make_escalated_chat(
    app: App,
    *,
    chat_id: str = "tg-100",
    platform: str = "telegram",
    reason: str = "human_requested",
    priority: int = 2,
    age_minutes: float = 5,
    text: str = "I want to talk to a person",
    account_ref: str | None = "A-1001",
    **account: Any,
) -> tuple[int, int]:
    """A conversation in agent mode with one inbound message and an open escalation.

    Returns:
        (conversation id, escalation id)
    """
    now = app.clock()
    at = now - timedelta(minutes=age_minutes)
    with app.db.session() as s:
        account_id = None
        if account_ref is not None:
            account_id = make_account(s, app.personal, ref=account_ref, **account).id
        conv = Conversation(
            platform=platform,
            chat_id=chat_id,
            user_id=chat_id,
            account_id=account_id,
            state="offer",
            context={"verified": account_ref is not None},
            mode="agent",
            locale="en",
            is_open=True,
            started_at=at,
            updated_at=at,
            last_inbound_at=at,
        )
        s.add(conv)
        s.flush()
        s.add(
            Message(
                conversation_id=conv.id,
                platform=platform,
                platform_message_id=f"{chat_id}-1",
                direction="in",
                sender="debtor",
                text=text,
                created_at=at,
            )
        )
        esc = Escalation(
            conversation_id=conv.id,
            account_id=account_id,
            reason=reason,
            priority=priority,
            status="open",
            created_at=at,
        )
        s.add(esc)
        s.flush()
        return conv.id, esc.id


class WebChatter:
    """A debtor in the web chat, driven through the JSON endpoints."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client
        self.token = ""
        self.last = 0
        self.seen: list[dict[str, Any]] = []
        self._n = 0

    def _take(self, data: dict[str, Any]) -> list[dict[str, Any]]:
        new = [m for m in data["messages"] if m["id"] > self.last]
        self.seen += new
        if new:
            self.last = max(m["id"] for m in new)
        return new

    async def open(self, account: str | None = None, lang: str | None = None) -> list[str]:
        query = f"?account={account}" if account else ""
        page = await self.client.get(f"/chat{query}")
        found = re.search(r'name="csrf-token" content="([^"]+)"', page.text)
        assert found
        self.token = found.group(1)
        r = await self.client.post(
            "/chat/start", json={"account": account, "lang": lang}, headers=self.headers
        )
        assert r.status_code == 200, r.text
        return [m["text"] for m in self._take(r.json()) if m["direction"] == "out"]

    @property
    def headers(self) -> dict[str, str]:
        return {"X-CSRF-Token": self.token}

    async def say(
        self, text: str = "", payload: str | None = None, message_id: str | None = None
    ) -> list[dict[str, Any]]:
        self._n += 1
        mid = message_id or f"msg-{self._n:04d}-abcdef"
        r = await self.client.post(
            f"/chat/messages?after={self.last}",
            json={"message_id": mid, "text": text, "payload": payload},
            headers=self.headers,
        )
        assert r.status_code == 200, r.text
        return [m for m in self._take(r.json()) if m["direction"] == "out"]

    async def poll(self) -> list[dict[str, Any]]:
        r = await self.client.get(f"/chat/messages?after={self.last}")
        return [m for m in self._take(r.json()) if m["direction"] == "out"]


def texts(messages: list[dict[str, Any]]) -> str:
    return "\n".join(m["text"] for m in messages)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """Remember each phase's report on the test item (for screenshots on failure)."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    setattr(item, f"rep_{report.when}", report)


BROWSER_TIMEOUT_MS = 30_000


@pytest.fixture(scope="module")
def _chromium() -> Iterator[Any]:
    """One headless Chromium for a module's browser tests (per test worker).

    Not longer-lived: Playwright's sync API must be stopped before an asyncio test
    runs in the same worker, and browser modules hold no asyncio tests.
    """
    from playwright.sync_api import sync_playwright

    from tests.web.live import CHROMIUM, CHROMIUM_ARGS

    pw = sync_playwright().start()
    chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    try:
        yield chromium
    finally:
        chromium.close()
        pw.stop()


@pytest.fixture
def browser(request: pytest.FixtureRequest, _chromium: Any) -> Iterator[Any]:
    """The worker's Chromium; each test's pages (``browser.new_context().new_page()``) are
    closed after it, and screenshotted into tests/artifacts/ if the test fails."""
    from playwright.sync_api import expect

    from tests.web.live import ARTIFACTS

    # CI shares two cores between test workers: give pages time, not fixed sleeps.
    expect.set_options(timeout=BROWSER_TIMEOUT_MS)
    try:
        yield _chromium
    finally:
        report = getattr(request.node, "rep_call", None)
        if report is not None and report.failed:
            ARTIFACTS.mkdir(exist_ok=True)
            name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
            for i, context in enumerate(_chromium.contexts):
                for j, page in enumerate(context.pages):
                    page.screenshot(path=str(ARTIFACTS / f"{name}-{i}-{j}.png"), full_page=True)
        for context in list(_chromium.contexts):
            context.close()
