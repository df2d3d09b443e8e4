"""Hardening in Chromium: what a page can send, who may add notes, the anonymous chat limits.

Two flows on one database (the storage is covered over HTTP on both, in
test_hardening.py and test_chat_limits.py). An agent's signed-in page posts
oversized, deeply nested and broken bodies with its own cookies and CSRF token
and nothing is stored; notes need the claim, and the page says so. Anonymous web
chats from one address hit the per-address limit on new chats and the cap on
unverified escalations, which wait in their own lane.
"""

from __future__ import annotations

import dataclasses

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from bot.app import App
from bot.config import Settings
from bot.store.models import Conversation, Escalation, Event, Message
from tests.web.conftest import make_escalated_chat
from tests.web.test_browser import WAIT, claim_first, live, say, sign_in  # noqa: F401

pytestmark = pytest.mark.browser

CHATS_PER_HOUR = 3
UNVERIFIED_PER_HOUR = 2

# POST a body the page builds itself ("big": one byte over the limit, "deep": nested
# far too deep, "broken": cut short), with the page's cookies and CSRF token.
SEND = """async ([url, kind, type, limit, csrfFrom]) => {
  const token = csrfFrom === "meta"
    ? document.querySelector('meta[name="csrf-token"]').content
    : document.querySelector('input[name="csrf_token"]').value;
  let body;
  if (kind === "big") {
    body = type === "application/json"
      ? JSON.stringify({ text: "x".repeat(limit) })
      : "csrf_token=" + token + "&text=" + "x".repeat(limit);
  } else if (kind === "deep") {
    body = "[".repeat(100000) + "]".repeat(100000);
  } else if (kind === "broken") {
    body = '{"text": ';
  } else {
    body = JSON.stringify({ text: kind, message_id: "m-" + Date.now() + "-abcdef" });
  }
  const r = await fetch(url, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": type, "X-CSRF-Token": token },
    body: body,
  });
  return [r.status, await r.text()];
}"""
JSON = "application/json"
FORM = "application/x-www-form-urlencoded"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    webchat = dataclasses.replace(
        settings.webchat,
        address_chats_per_hour=CHATS_PER_HOUR,
        unverified_escalations_per_hour=UNVERIFIED_PER_HOUR,
    )
    return dataclasses.replace(settings, webchat=webchat)


def send(page: Page, path: str, kind: str, type: str = JSON, csrf_from: str = "form") -> int:
    base = page.url.split("/", 3)[:3]
    limit = 1 << 20
    status, _body = page.evaluate(SEND, ["/".join(base) + path, kind, type, limit, csrf_from])
    return int(status)


def notes(app: App, conv_id: int) -> list[str]:
    with app.db.session() as s:
        rows = s.scalars(
            select(Event).where(Event.conversation_id == conv_id, Event.kind == "note")
        ).all()
        return [e.data["text"] for e in rows]


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)
def test_an_agents_page_cannot_store_bad_bodies_and_notes_need_the_claim(
    live: tuple[App, str],  # noqa: F811
    browser: Browser,
) -> None:
    app, url = live
    conv_id, _esc = make_escalated_chat(app, chat_id="tg-7", account_ref="H-7")
    page = f"{url}/console/c/{conv_id}"

    # bob has not claimed it: no note form, the page says why, and the API refuses him
    bob = sign_in(browser, url, "bob")
    bob.goto(page)
    expect(bob.locator("#note-form")).to_have_count(0)
    expect(bob.locator("#note-needs-claim")).to_have_text(
        "Only the agent who has claimed this conversation can add notes."
    )
    assert send(bob, f"/api/conversations/{conv_id}/notes", "looks fine") == 409

    alice = sign_in(browser, url, "alice")
    claim_first(alice)
    expect(alice.locator("#note-form")).to_be_visible()
    expect(alice.locator("#note-needs-claim")).to_have_count(0)
    # too big (as JSON and as a form), nested too deep, cut short: refused, nothing stored
    api = f"/api/conversations/{conv_id}/notes"
    assert send(alice, api, "big") == 413
    assert send(alice, f"/console/c/{conv_id}/note", "big", FORM) == 413
    assert send(alice, api, "deep") == 400
    assert send(alice, api, "broken") == 400
    assert send(alice, f"/api/conversations/{conv_id}/reply", "deep") == 400
    assert notes(app, conv_id) == []
    with app.db.session() as s:
        sent = s.scalars(select(Message).where(Message.conversation_id == conv_id)).all()
        assert [m.sender for m in sent] == ["debtor"]

    # alice returns the chat to the queue from another tab; the note from this page is refused
    other = alice.context.new_page()
    other.goto(page)
    other.locator("button", has_text="Return to queue").click()
    expect(other.locator("h1")).to_contain_text("Conversations waiting", timeout=WAIT)
    alice.fill("#note-form textarea", "promised to pay on Friday")
    alice.locator("#note-form button[type=submit]").click()
    expect(alice.locator("#action-error")).to_have_text("Claim this conversation first.")
    expect(alice.locator("#note-needs-claim")).to_be_visible()
    assert notes(app, conv_id) == []

    # claimed again, the note is kept and shown
    alice.locator("button", has_text="Claim").first.click()
    alice.fill("#note-form textarea", "promised to pay on Friday")
    alice.locator("#note-form button[type=submit]").click()
    expect(alice.locator("ul.notes")).to_contain_text("promised to pay on Friday")
    assert notes(app, conv_id) == ["promised to pay on Friday"]


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)
def test_anonymous_chats_from_one_address_are_limited(
    live: tuple[App, str],  # noqa: F811
    browser: Browser,
) -> None:
    app, url = live
    debtors = []
    for i in range(CHATS_PER_HOUR):
        debtor = browser.new_context().new_page()
        debtor.goto(f"{url}/chat?lang=en")
        expect(debtor.locator("#log")).to_contain_text("account reference", timeout=WAIT)
        if i == 0:  # the chat page's own cookies and token: bad bodies are refused
            assert send(debtor, "/chat/messages", "big", csrf_from="meta") == 413
            assert send(debtor, "/chat/messages", "deep", csrf_from="meta") == 400
            assert send(debtor, "/chat/messages", "broken", csrf_from="meta") == 400
        say(debtor, "I want to talk to a person")
        expect(debtor.locator("#log")).to_contain_text("colleague", timeout=WAIT)
        debtors.append(debtor)
    with app.db.session() as s:
        said = s.scalars(select(Message.text).where(Message.direction == "in")).all()
        assert said == ["I want to talk to a person"] * CHATS_PER_HOUR
        rows = s.scalars(select(Escalation).order_by(Escalation.id)).all()
        assert [e.lane for e in rows] == ["unverified"] * CHATS_PER_HOUR
        assert [e.status for e in rows].count("open") == UNVERIFIED_PER_HOUR

    # one more new chat from the same address: a page saying so, not a chat
    late = browser.new_context().new_page()
    response = late.goto(f"{url}/chat?lang=en")
    assert response is not None and response.status == 429
    expect(late.locator("h1")).to_have_text("Too many new chats from here")
    expect(late.locator("#log")).to_have_count(0)
    # the chats already open carry on
    say(debtors[0], "hello?")
    expect(debtors[0].locator(".bubble.in")).to_have_count(2, timeout=WAIT)

    # the agents see only the capped number of unverified chats, marked so
    agent = sign_in(browser, url, "alice")
    queue = agent.locator("#queue-rows tr[data-escalation]")
    expect(queue).to_have_count(UNVERIFIED_PER_HOUR)
    expect(agent.locator("#queue-rows .lane-unverified")).to_have_count(UNVERIFIED_PER_HOUR)
    with app.db.session() as s:
        chats = s.scalars(select(Conversation.chat_id)).all()
        assert len(chats) == CHATS_PER_HOUR
