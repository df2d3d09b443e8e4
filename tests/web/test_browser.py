"""Real-browser tests: a debtor in the web chat, agents in the console (Chromium)."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

import bot.adapters.telegram as telegram_module
from bot.adapters.telegram import TelegramAdapter
from bot.app import App
from bot.config import Settings
from bot.store.db import Database
from bot.store.models import Agreement, Escalation
from bot.web.app import create_app
from tests.adapters.fake_telegram import FakeBotAPI
from tests.adapters.telegram_support import FAST, with_telegram
from tests.factories import make_account
from tests.web.conftest import PASSWORD, make_user
from tests.web.live import live_server

pytestmark = pytest.mark.browser
WAIT = 15_000  # ms


def moving_clock(start: datetime) -> Callable[[], datetime]:
    t0 = time.monotonic()
    return lambda: start + timedelta(seconds=time.monotonic() - t0)


def prepare(app: App) -> None:
    with app.db.session() as s:
        make_account(s, app.personal, ref="A-1001", locale="en", currency="USD",
                     principal="1200.00", interest="0", fees="0")  # fmt: skip
    make_user(app, "alice")
    make_user(app, "bob")


@pytest.fixture
def live(settings: Settings, db: Database) -> Iterator[tuple[App, str]]:
    app = App(settings, clock=moving_clock(datetime(2026, 3, 10, 6, 0, tzinfo=UTC)))
    prepare(app)
    with live_server(create_app(app)) as url:
        yield app, url
    app.stop()


def sign_in(browser: Browser, url: str, name: str) -> Page:
    page = browser.new_context().new_page()
    page.goto(f"{url}/console/login")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_contain_text("Conversations waiting", timeout=WAIT)
    return page


def debtor_page(browser: Browser, url: str, query: str = "?account=A-1001&lang=en") -> Page:
    page = browser.new_context().new_page()
    page.goto(f"{url}/chat{query}")
    expect(page.locator("#log")).to_contain_text("date of birth", timeout=WAIT)
    return page


def say(page: Page, text: str) -> None:
    page.fill("#text", text)
    page.click("#send")


def claim_first(agent: Page) -> None:
    row = agent.locator("#queue-rows tr[data-escalation]").first
    expect(row).to_be_visible(timeout=WAIT)
    row.locator("button", has_text="Claim").click()
    expect(agent.locator("#reply-text")).to_be_visible(timeout=WAIT)


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)  # the UI; storage is tested on both
def test_debtor_asks_for_a_human_and_an_agent_takes_over(
    live: tuple[App, str], browser: Browser
) -> None:
    app, url = live
    agent = sign_in(browser, url, "alice")
    expect(agent.locator("#queue-rows")).to_contain_text("Nobody is waiting")

    debtor = debtor_page(browser, url)
    say(debtor, "1990-01-31")
    expect(debtor.locator("#log")).to_contain_text("How would you like to pay?", timeout=WAIT)
    say(debtor, "I want to talk to a person")
    expect(debtor.locator("#log")).to_contain_text("colleague", timeout=WAIT)

    # the queue updates by itself, and says why the chat is there
    row = agent.locator("#queue-rows tr[data-escalation]")
    expect(row).to_contain_text("Asked for a person", timeout=WAIT)
    expect(row).to_contain_text("A-1001")
    claim_first(agent)
    expect(agent.locator("#transcript")).to_contain_text("I want to talk to a person")
    expect(agent.locator(".balance")).to_contain_text("$1,200.00")

    agent.fill("#reply-text", "Hello, this is Alice. How can I help?")
    agent.click("#send-reply")
    expect(debtor.locator(".bubble.agent")).to_contain_text(
        "Hello, this is Alice. How can I help?", timeout=WAIT
    )
    expect(agent.locator("#transcript .msg.agent .delivery")).to_contain_text("sent", timeout=WAIT)

    # hand back at the plan choice: the bot answers again
    agent.select_option("#handback-form select[name=state]", "offer")
    agent.click("#handback-form button[type=submit]")
    expect(debtor.locator("#log .bubble.bot").last).to_contain_text(
        "How would you like to pay?", timeout=WAIT
    )
    say(debtor, "3 months")
    expect(debtor.locator("#log .bubble.bot").last).to_contain_text(
        "Shall I record it?", timeout=WAIT
    )

    # asks again; the agent proposes a plan; the debtor confirms with a button
    say(debtor, "talk to a person")
    expect(agent).to_have_url(f"{url}/console")
    claim_first(agent)
    agent.fill("#plan-form input[name=count]", "4")
    agent.click("#plan-form button[type=submit]")
    yes = debtor.locator(".bubble .buttons button", has_text="Yes, record it").last
    expect(yes).to_be_visible(timeout=WAIT)
    expect(debtor.locator("#log .bubble.bot").last).to_contain_text("$300.00")
    yes.click()
    expect(debtor.locator("#log")).to_contain_text("your plan is recorded", timeout=WAIT)
    with app.db.session() as s:
        agreement = s.scalars(select(Agreement)).one()
        assert [i.amount for i in agreement.instalments] == [300] * 4


_SUBMIT_CLAIM = """() => new Promise(done => {
  const go = () => {
    const form = document.querySelector('#queue-rows form');
    if (form && form.isConnected) { form.submit(); done(true); } else { setTimeout(go, 50); }
  };
  go();
})"""


# The race itself runs on both databases in tests/web/test_console_queue.py (six agents at
# once); here the browser shows the loser what happened.
@pytest.mark.parametrize("db", ["sqlite"], indirect=True)  # the UI; storage is tested on both
def test_two_agents_claim_at_once_one_wins_and_the_other_is_told(
    live: tuple[App, str], browser: Browser
) -> None:
    app, url = live
    alice = sign_in(browser, url, "alice")
    bob = sign_in(browser, url, "bob")
    debtor = debtor_page(browser, url)
    say(debtor, "talk to a person")
    for agent in (alice, bob):
        expect(agent.locator("#queue-rows button", has_text="Claim")).to_be_visible(timeout=WAIT)
    # both press before either page has moved on; the form is found and submitted in one
    # step of the page's own script, so a queue poll re-rendering the rows cannot come
    # between (it left no form to find, or a detached one that submits nothing)
    for agent in (alice, bob):
        agent.evaluate(_SUBMIT_CLAIM)
    alice.wait_for_load_state()
    bob.wait_for_load_state()
    outcomes = []
    for agent in (alice, bob):
        agent.wait_for_url(lambda u: "/console/c/" in u or "lost=" in u, timeout=WAIT)
        outcomes.append("/console/c/" in agent.url)
    assert sorted(outcomes) == [False, True]
    loser = bob if outcomes[0] else alice
    winner_name = "alice" if outcomes[0] else "bob"
    expect(loser.locator("#claim-lost")).to_contain_text("no longer waiting")
    expect(loser.locator("#claim-lost")).not_to_contain_text(winner_name)
    with app.db.session() as s:
        assert s.scalars(select(Escalation)).one().status == "claimed"


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)  # the UI; storage is tested on both
def test_csrf_less_post_is_rejected_and_agent_a_cannot_open_bs_conversation(
    live: tuple[App, str], browser: Browser
) -> None:
    app, url = live
    alice = sign_in(browser, url, "alice")
    bob = sign_in(browser, url, "bob")
    debtor = debtor_page(browser, url)
    say(debtor, "talk to a person")
    esc = first_escalation(app)
    status = alice.evaluate(
        "id => fetch(`/console/escalations/${id}/claim`, {method: 'POST'}).then(r => r.status)",
        esc.id,
    )
    assert status == 403
    bob.reload()
    claim_first(bob)
    conversation_url = bob.url
    response = alice.goto(conversation_url)
    assert response is not None and response.status == 403
    expect(alice.locator("#main, main")).to_contain_text("assigned to another agent")
    alice.goto(f"{url}/console")
    expect(alice.locator("#queue-rows")).to_contain_text("Nobody is waiting")


def wait_until(predicate: Callable[[], bool], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.05)


def first_escalation(app: App) -> Escalation:
    found: list[Escalation] = []

    def look() -> bool:
        with app.db.session() as s:
            found[:] = s.scalars(select(Escalation)).all()
        return bool(found)

    wait_until(look)
    return found[0]


@pytest.fixture
def fake_telegram() -> Iterator[FakeBotAPI]:
    with FakeBotAPI() as api:
        yield api


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)  # the UI; storage is tested on both
def test_agent_reply_reaches_a_telegram_chat(
    settings: Settings,
    db: Database,
    browser: Browser,
    fake_telegram: FakeBotAPI,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(
        telegram_module, "TelegramAdapter", functools.partial(TelegramAdapter, **FAST)
    )
    app = App(
        with_telegram(settings, fake_telegram, "polling"),
        clock=moving_clock(datetime(2026, 3, 10, 6, 0, tzinfo=UTC)),
    )
    prepare(app)
    user = 8123
    with live_server(create_app(app)) as url:
        fake_telegram.push(fake_telegram.text_update(user, "I want to talk to a person"))
        wait_until(lambda: any("colleague" in m.get("text", "") for m in fake_telegram.sent(user)))
        agent = sign_in(browser, url, "alice")
        row = agent.locator("#queue-rows tr[data-escalation]")
        expect(row).to_contain_text("telegram", timeout=WAIT)
        claim_first(agent)
        agent.fill("#reply-text", "你好，我是客服小李。")
        agent.click("#send-reply")
        wait_until(
            lambda: any(
                "你好，我是客服小李。" in m.get("text", "") for m in fake_telegram.sent(user)
            )
        )
        expect(agent.locator("#transcript .msg.agent .delivery")).to_contain_text(
            "sent", timeout=WAIT
        )
        agent.context.close()
    app.stop()


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)  # the UI; storage is tested on both
def test_only_the_newest_choices_can_be_pressed_in_the_web_chat(
    live: tuple[App, str], browser: Browser
) -> None:
    _app, url = live
    debtor = debtor_page(browser, url)
    say(debtor, "1990-01-31")
    plans = debtor.locator(".bubble .buttons").last.locator("button")
    expect(plans).to_have_count(3, timeout=WAIT)
    say(debtor, "3 months")  # typed, not pressed: the plan buttons were not touched
    confirm = debtor.locator(".bubble .buttons").last.locator("button", has_text="Yes, record it")
    expect(confirm).to_be_enabled(timeout=WAIT)
    older = debtor.locator(".bubble .buttons").first.locator("button")
    for i in range(3):
        expect(older.nth(i)).to_be_disabled()


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)  # the UI; storage is tested on both
def test_an_agent_approves_a_settlement_with_one_click(
    live: tuple[App, str], browser: Browser
) -> None:
    app, url = live
    agent = sign_in(browser, url, "alice")
    debtor = debtor_page(browser, url)
    say(debtor, "1990-01-31")
    expect(debtor.locator("#log")).to_contain_text("How would you like to pay?", timeout=WAIT)
    say(debtor, "can I pay 900 to settle the account?")
    expect(debtor.locator("#log")).to_contain_text("needs a colleague's approval", timeout=WAIT)
    row = agent.locator("#queue-rows tr[data-escalation]")
    expect(row).to_contain_text("A-1001", timeout=WAIT)
    claim_first(agent)
    expect(agent.locator("#settlement-offer")).to_contain_text("The debtor offers $900.00")
    agent.click("#settlement-approve button[type=submit]")
    expect(agent.locator("#settlement-done")).to_be_visible(timeout=WAIT)
    expect(debtor.locator("#log")).to_contain_text(
        "your offer to settle the account for $900.00 has been approved", timeout=WAIT
    )
    expect(debtor.locator("#log")).to_contain_text("one payment of $900.00")
    with app.db.session() as s:
        agreement = s.scalars(select(Agreement)).one()
        assert [i.amount for i in agreement.instalments] == [900]
