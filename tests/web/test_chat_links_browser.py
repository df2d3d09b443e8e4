"""The web chat in Chromium: a signed link, the unverified lane and the message limit."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Browser, expect
from sqlalchemy import select

from bot.app import App
from bot.config import Settings
from bot.store.db import Database
from bot.store.models import Account, Conversation, Escalation
from bot.web.app import create_app
from tests.web.live import live_server
from tests.web.test_browser import WAIT, prepare, say, sign_in
from tests.web.test_chat_links import web_link

pytestmark = pytest.mark.browser


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return dataclasses.replace(
        settings, webchat=dataclasses.replace(settings.webchat, messages_per_minute=3)
    )


@pytest.fixture
def live(settings: Settings, db: Database) -> Iterator[tuple[App, str]]:
    """The live server, on a clock that moves a hundred times slower than the wall: the
    message limit counts per minute, and a slow machine must not carry the test's
    messages into the next minute."""
    start, t0 = datetime(2026, 3, 10, 6, 0, tzinfo=UTC), time.monotonic()
    app = App(settings, clock=lambda: start + timedelta(seconds=(time.monotonic() - t0) / 100))
    prepare(app)
    with live_server(create_app(app)) as url:
        yield app, url
    app.stop()


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)
def test_a_debtor_chats_through_a_signed_link(live: tuple[App, str], browser: Browser) -> None:
    app, url = live
    path = web_link(app)  # for A-1001, the live server's sample account
    debtor = browser.new_context().new_page()
    debtor.goto(f"{url}{path}")
    expect(debtor.locator("#log")).to_contain_text("date of birth", timeout=WAIT)
    # not verified yet, but the signed link puts the chat in the agents' main lane
    say(debtor, "I want to talk to a person")
    expect(debtor.locator("#log")).to_contain_text("colleague", timeout=WAIT)
    with app.db.session() as s:
        conv = s.scalars(select(Conversation)).one()
        assert s.get(Account, conv.account_id).account_ref == "A-1001"  # type: ignore[union-attr]
        assert [e.lane for e in s.scalars(select(Escalation))] == ["main"]  # not verified yet
    # an anonymous chat asking for a person waits behind it, marked unverified
    anonymous = browser.new_context().new_page()
    anonymous.goto(f"{url}/chat?lang=en")
    expect(anonymous.locator("#log")).to_contain_text("account reference", timeout=WAIT)
    say(anonymous, "I want to talk to a person")
    expect(anonymous.locator("#log")).to_contain_text("colleague", timeout=WAIT)
    agent = sign_in(browser, url, "alice")
    rows = agent.locator("#queue-rows tr[data-escalation]")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("A-1001")
    expect(rows.first.locator(".lane-unverified")).to_have_count(0)
    expect(rows.last.locator(".lane-unverified")).to_be_visible()
    # typing too fast: the debtor is told to wait, in the chat
    say(debtor, "hello?")
    say(debtor, "anyone there?")
    too_fast = "You are sending messages too fast: please wait a minute and send it again."
    expect(debtor.locator("#chat-status")).to_have_text(too_fast, timeout=WAIT)
    # the notice stays: neither the next polls nor the answer to "hello?" take it away
    debtor.wait_for_timeout(3 * app.settings.console.queue_poll_seconds * 1000)
    expect(debtor.locator("#chat-status")).to_have_text(too_fast, timeout=0)
    # the link was used: another browser gets a page saying so, not a chat
    other = browser.new_context().new_page()
    response = other.goto(f"{url}{path}")
    assert response is not None and response.status == 410
    expect(other.locator("h1")).to_have_text("This chat link has already been used")
