"""A real browser: an admin edits a prompt, sees the error at its line, fixes it, activates."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI
from playwright.sync_api import Page, expect
from sqlalchemy import select

from bot.app import App
from bot.store.models import ScriptVersion
from tests.web.conftest import PASSWORD, make_user

SOURCE = Path("dialogs/collections.yaml").read_text(encoding="utf-8")

pytestmark = [
    pytest.mark.browser,
]


@pytest.fixture
def server(web: FastAPI) -> Iterator[str]:
    """The web app served by uvicorn on an ephemeral port; yields its base URL."""
    config = uvicorn.Config(web, host="127.0.0.1", port=0, log_level="warning", lifespan="on")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not srv.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    port = srv.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def page(browser: Any) -> Page:
    """A page in the worker's Chromium (closed after the test)."""
    page: Page = browser.new_context().new_page()
    return page


def line_of(source: str, fragment: str) -> int:
    return next(i for i, ln in enumerate(source.splitlines(), start=1) if fragment in ln)


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)  # the UI; storage is tested on both
def test_admin_edits_fixes_previews_and_activates(app: App, server: str, page: Page) -> None:
    make_user(app, "ada", "admin")
    page.goto(f"{server}/console/login")
    page.fill("input[name=name]", "ada")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.click("text=Dialog scripts")
    expect(page.locator("#version-1")).to_contain_text("active")
    page.click("#version-1 >> text=Edit a copy")

    editor = page.locator("#source")
    text = editor.input_value()
    assert text == SOURCE
    threatening = text.replace(
        "Before we go on, I need to check that I'm talking to the right person.",
        "Pay today or you will go to jail.",
    )
    editor.fill(threatening)
    page.click("#validate")
    line = line_of(SOURCE, "greeting:")
    bad = page.locator(".gutter .ln.bad")
    # One line, three problems: the threat, and zh_CN / zh_TW now lacking a translation.
    expect(bad).to_have_count(1)
    assert (bad.get_attribute("title") or "").count("; ") == 2
    expect(page.locator(f'.gutter .ln.bad[data-line="{line}"]')).to_be_visible()
    expect(page.locator("#problems")).to_contain_text(
        f"line {line}, column 13: prompt 'greeting': threatening or harassing wording 'jail'"
    )
    expect(page.locator("#problems")).to_contain_text("prompt 'greeting' has no zh_CN translation")
    # The editor puts the cursor on the first offending line.
    selected = page.evaluate(
        "() => { const a = document.getElementById('source');"
        " return a.value.slice(a.selectionStart, a.selectionEnd); }"
    )
    assert selected.startswith("  greeting:")
    # ... and the gutter scrolls with the text: the marked number sits beside that line.
    offsets = page.evaluate(
        "() => { const a = document.getElementById('source'),"
        " g = document.getElementById('gutter'),"
        " mark = g.querySelector('.ln.bad').getBoundingClientRect();"
        " const top = a.getBoundingClientRect().top + parseFloat(getComputedStyle(a).paddingTop);"
        " return [a.scrollTop, g.scrollTop, mark.top - top, (a.value.split('\\n')"
        ".findIndex(l => l.startsWith('  greeting:'))) * 18 - a.scrollTop]; }"
    )
    assert offsets[0] > 0 and offsets[0] == offsets[1], offsets
    assert abs(offsets[2] - offsets[3]) < 2, offsets

    fixed = (
        editor.input_value().replace(
            "Pay today or you will go to jail.", "Let's find a plan that fits your budget."
        )
        + "translations:\n"
        + "  zh_CN:\n    greeting: 您好，这里是{sender}。我们一起找一个适合您预算的方案吧。\n"
        + "  zh_TW:\n    greeting: 您好，這裡是{sender}。我們一起找一個適合您預算的方案吧。\n"
    )
    editor.fill(fixed)
    page.click("#validate")
    expect(page.locator("#valid")).to_be_visible()
    expect(page.locator(".gutter .ln.bad")).to_have_count(0)

    page.select_option("#locale", "en")
    page.click("#start-preview")
    transcript = page.locator("#preview-transcript")
    expect(transcript).to_contain_text("Let's find a plan that fits your budget.")
    page.fill("#message", "1985-07-14")
    page.click("#send")
    expect(transcript).to_contain_text("that's confirmed")
    expect(transcript).to_contain_text("How would you like to pay?")
    assert editor.input_value() == fixed  # the draft survives every action

    page.fill("#comment", "warmer greeting")
    page.click("#save")
    expect(page.locator("h1")).to_contain_text("collections@2")
    expect(page.locator(".diff")).to_contain_text(
        "+  greeting: \"Hello, this is {sender}. Let's find"
    )
    page.click("#activate")
    expect(page.locator("#activated")).to_contain_text("collections@2 is now active")
    with app.db.session() as s:
        active = s.scalar(select(ScriptVersion).where(ScriptVersion.active.is_(True)))
        assert active is not None
        assert (active.version, active.source, active.comment) == (2, fixed, "warmer greeting")
