"""People and access in Chromium: an admin manages a colleague who is working in the inbox.

One flow on one database (the storage is covered over HTTP on both): the admin
adds an agent, the agent sets themselves away and gets alerts (page title and a
desktop notification) for an urgent chat while on a conversation, a new role
shows on the agent's next page, and disabling the agent sends their open page to
the sign-in. Then the hardening an admin handles: a throttled agent freed from
"People and access", an API token shown once, the API documentation closed to
strangers and open to the token.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from bot.app import App
from bot.console import throttle
from tests.web.conftest import PASSWORD, make_escalated_chat, make_user
from tests.web.test_browser import WAIT, live  # noqa: F401

pytestmark = pytest.mark.browser

# Desktop notifications granted, and recorded instead of shown.
NOTIFICATIONS = """
window.__notes = [];
window.Notification = function (title, options) { window.__notes.push(options.body); };
window.Notification.permission = "granted";
window.Notification.requestPermission = function () { return Promise.resolve("granted"); };
"""


def sign_in_as(page: Page, url: str, name: str) -> None:
    page.goto(f"{url}/console/login")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_contain_text("Conversations waiting", timeout=WAIT)


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)
def test_an_admin_manages_a_working_agent(
    live: tuple[App, str],  # noqa: F811
    browser: Browser,
) -> None:
    app, url = live
    make_user(app, "root", role="admin")
    root = browser.new_context().new_page()
    sign_in_as(root, url, "root")
    root.goto(f"{url}/console/admin/users")
    root.fill("#add-user input[name=name]", "carol")
    root.select_option("#add-user select[name=role]", "agent")
    root.fill("#add-user input[name=password]", PASSWORD)
    root.click("#add-user button[type=submit]")
    carol_row = root.locator('#users tr[data-user="carol"]')
    expect(carol_row).to_contain_text("active")

    context = browser.new_context()
    context.add_init_script(NOTIFICATIONS)
    carol = context.new_page()
    sign_in_as(carol, url, "carol")
    expect(carol.locator("body")).to_have_attribute("data-live", "1", timeout=WAIT)
    expect(carol.locator(".topbar nav").first).not_to_contain_text("People and access")

    # presence: carol goes away, the admin sees it
    with carol.expect_response(f"{url}/console/presence"):
        carol.select_option("#presence", "away")
    root.reload()
    expect(carol_row.locator(".presence")).to_have_text("away")

    # alerts while carol works on a conversation: the title counts, an urgent chat notifies
    make_escalated_chat(app, chat_id="tg-1", account_ref="P-1")
    # The conversation page counts the waiting chats once it has loaded; a chat that
    # arrives before that first count is counted, not announced as new.
    with carol.expect_response(lambda r: r.url.endswith("/console/queue/counts"), timeout=WAIT):
        carol.locator("#queue-rows button", has_text="Claim").click()
    expect(carol.locator("#reply-text")).to_be_visible(timeout=WAIT)
    expect(carol.locator("body")).to_have_attribute("data-live", "1", timeout=WAIT)
    base_title = carol.title()
    assert not base_title.startswith("(")
    make_escalated_chat(app, chat_id="tg-2", account_ref="P-2", priority=0, age_minutes=0)
    expect(carol).to_have_title(f"(1) {base_title}", timeout=WAIT)
    # The count can come with a poll before the live event that carries the priority.
    urgent = "An urgent conversation is waiting for a person."
    carol.wait_for_function(f"() => (window.__notes || []).includes({urgent!r})", timeout=WAIT)
    assert "A new conversation is waiting for a person." in carol.evaluate("window.__notes")

    # a new role shows on carol's next page
    carol_row.locator("select[name=role]").select_option("admin")
    carol_row.locator("button", has_text="Change role").click()
    expect(carol_row.locator("select[name=role]")).to_have_value("admin")
    carol.goto(f"{url}/console")
    expect(carol.locator(".topbar nav").first).to_contain_text("People and access")
    expect(carol.locator("body")).to_have_attribute("data-live", "1", timeout=WAIT)

    # disabled: her open page goes to the sign-in at the next update
    carol_row.locator("button", has_text="Disable").click()
    expect(carol_row).to_contain_text("disabled")
    make_escalated_chat(app, chat_id="tg-3", account_ref="P-3")
    expect(carol).to_have_url(re.compile(r"/console/login\?expired=1$"), timeout=WAIT)


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)
def test_an_admin_frees_a_throttled_agent_and_hands_out_an_api_token(
    live: tuple[App, str],  # noqa: F811
    browser: Browser,
) -> None:
    app, url = live
    make_user(app, "root", role="admin")
    stranger = browser.new_context().new_page()
    docs = stranger.goto(f"{url}/docs")
    assert docs is not None and docs.status == 401  # the API documentation needs a sign-in
    # someone has been guessing alice's password: she must wait, even with the right one
    cfg = app.settings.console
    for _ in range(cfg.max_failed_logins + 12):
        throttle.record_failure(
            app.db, throttle.user_key("alice"), cfg.max_failed_logins,
            cfg.lockout_minutes * 60, app.clock(),
        )  # fmt: skip
    alice = browser.new_context().new_page()
    alice.goto(f"{url}/console/login")
    alice.fill("input[name=name]", "alice")
    alice.fill("input[name=password]", PASSWORD)
    alice.click("button[type=submit]")
    expect(alice.locator("p.error")).to_contain_text("Too many failed sign-ins: wait")

    root = browser.new_context().new_page()
    sign_in_as(root, url, "root")
    root.goto(f"{url}/console/admin/users")
    row = root.locator('#throttles tr[data-throttle="user:alice"]')
    expect(row).to_contain_text("alice")
    row.locator("button", has_text="Clear").click()
    expect(row).to_have_count(0)
    sign_in_as(alice, url, "alice")

    # an API token for the lender's ledger: shown once, then only its start
    root.fill("#create-token input[name=name]", "ledger")
    root.check('#create-token input[value="payments:write"]')
    root.click("#create-token button[type=submit]")
    secret = root.locator("#new-token-value").inner_text()
    assert secret.startswith("rpb_")
    expect(root.locator('#tokens tr[data-token="ledger"]')).to_contain_text("payments:write")
    root.goto(f"{url}/console/admin/users")
    expect(root.locator("#new-token")).to_have_count(0)
    expect(root.locator("body")).not_to_contain_text(secret)
    api = stranger.request.get(f"{url}/openapi.json", headers={"Authorization": f"Bearer {secret}"})
    assert api.status == 200
