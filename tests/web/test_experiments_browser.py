"""Starting and stopping an experiment from the console, in Chromium."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect
from sqlalchemy import select

from bot.app import App
from bot.config import Settings
from bot.store.db import Database
from bot.store.models import AuditEntry
from bot.web.app import create_app
from tests.web.conftest import PASSWORD, make_user
from tests.web.live import live_server
from tests.web.test_experiments_page import second_version

pytestmark = pytest.mark.browser


@pytest.fixture
def live(settings: Settings, db: Database) -> Iterator[tuple[App, str]]:
    app = App(settings)
    second_version(app)
    make_user(app, "ada", role="admin")
    with live_server(create_app(app)) as url:
        yield app, url
    app.stop()


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)  # the UI; storage is tested on both
def test_an_admin_corrects_the_form_starts_the_experiment_and_stops_an_arm(
    live: tuple[App, str], browser: Browser
) -> None:
    app, url = live
    page = browser.new_context().new_page()
    page.goto(f"{url}/console/login")
    page.fill("input[name=name]", "ada")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{url}/console/analytics")
    page.click("#experiments-link")
    expect(page.locator("h1")).to_have_text("Experiments")

    form = page.locator("#start-experiment")
    form.locator("input[name=name]").fill("warmer")
    form.locator("input[name=arm-0-name]").fill("a")
    form.locator("select[name=arm-0-version]").select_option("collections@1")
    form.locator("input[name=arm-0-share]").fill("50")
    form.locator("input[name=arm-1-name]").fill("b")
    form.locator("select[name=arm-1-version]").select_option("collections@2")
    form.locator("input[name=arm-1-share]").fill("fifty")
    form.locator("input[name=baseline]").fill("0.2")
    form.locator("input[name=min_effect]").fill("0.1")
    form.locator("button[type=submit]").click()
    expect(page.locator("#error-arm-1-share")).to_have_text(
        "Share: a whole number above 0 (e.g. 50)"
    )
    # Everything else typed is still there; only the share needs fixing.
    expect(page.locator("#start-experiment input[name=name]")).to_have_value("warmer")
    expect(page.locator("#start-experiment select[name=arm-1-version]")).to_have_value(
        "collections@2"
    )
    page.locator("#start-experiment input[name=arm-1-share]").fill("50")
    page.locator("#start-experiment button[type=submit]").click()
    expect(page.locator("#experiment-done")).to_contain_text(
        "294 contacted accounts per arm before a verdict"
    )
    row = page.locator('tr[data-experiment="warmer"]')
    expect(row.locator(".status")).to_have_text("running")
    expect(page.locator("#table-results tbody tr")).to_have_count(2)

    arm_b = row.locator('li[data-arm="b"]')
    arm_b.locator("input[name=reason]").fill("complaints in review")
    arm_b.locator("button[type=submit]").click()
    expect(page.locator("#experiment-done")).to_have_text("Arm stopped")
    expect(page.locator('tr[data-experiment="warmer"] li[data-arm="b"] .arm-status')).to_have_text(
        "stopped"
    )
    with app.db.session() as s:
        actions = s.scalars(
            select(AuditEntry.action).where(AuditEntry.actor == "ada").order_by(AuditEntry.id)
        ).all()
    assert [a for a in actions if a.startswith("experiment.")] == [
        "experiment.start",
        "experiment.arm_stopped",
    ]
