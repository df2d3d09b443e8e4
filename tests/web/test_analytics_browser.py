"""The analytics page in Chromium: charts render, their labels match the tables."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from bot.app import App
from bot.config import Settings
from bot.store.db import Database
from bot.web.app import create_app
from tests.analytics import history
from tests.web.conftest import PASSWORD, make_user
from tests.web.live import live_server

pytestmark = pytest.mark.browser


@pytest.fixture
def live(settings: Settings, db: Database) -> Iterator[tuple[App, str]]:
    app = App(settings, clock=lambda: datetime(2026, 6, 1, tzinfo=UTC))
    with app.db.session() as s:
        history.build(s, app.personal)
        s.flush()
    make_user(app, "ada", role="admin")
    with live_server(create_app(app)) as url:
        yield app, url
    app.stop()


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)  # the UI; storage is tested on both
def test_funnel_chart_labels_match_the_funnel_table(
    live: tuple[App, str], browser: Browser
) -> None:
    _app, url = live
    page = browser.new_context().new_page()
    page.goto(f"{url}/console/login")
    page.fill("input[name=name]", "ada")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{url}/console/analytics?since=2026-03-01&until=2026-03-31&every=week")
    expect(page.locator("h1")).to_have_text("Analytics")
    bars = page.locator("svg.funnel [role=listitem]")
    expect(bars).to_have_count(7)
    labels = [bars.nth(i).get_attribute("aria-label") for i in range(7)]
    rows = page.locator("#table-funnel tbody tr")
    table = [
        f"{rows.nth(i).locator('td').nth(0).inner_text()}: "
        f"{rows.nth(i).locator('td').nth(1).inner_text()} accounts"
        for i in range(rows.count())
    ]
    assert labels == table
    assert labels[0] == "Contacted: 5 accounts"
    # The time series has a labelled point per week for each rate, e.g. opt-out.
    points = page.locator("svg.series circle")
    names = [points.nth(i).get_attribute("aria-label") for i in range(points.count())]
    assert "2026-03-09 Opt-out: 33.3%" in names
    assert "2026-03-02 Right-party contact: 100.0%" in names
    # A table downloads as CSV.
    with page.expect_download() as info:
        page.locator("a[href^='/console/analytics/funnel.csv']").click()
    text = Path(info.value.path()).read_text(encoding="utf-8")
    assert text.splitlines()[1] == "Contacted,5,,100.0%"
