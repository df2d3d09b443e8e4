"""The analytics page: who may see it, the CSV downloads, the read-only analyst."""

from __future__ import annotations

import csv
import io

import httpx

from bot.app import App
from bot.store.crypto import PersonalData
from tests.analytics import history
from tests.web.conftest import login, make_user

QUERY = {"since": "2026-03-01", "until": "2026-03-31", "by": "creditor"}


def _history(app: App, personal: PersonalData) -> None:
    with app.db.session() as s:
        history.build(s, personal)


async def test_analyst_sees_analytics_and_nothing_else(
    app: App, client: httpx.AsyncClient, personal: PersonalData
) -> None:
    _history(app, personal)
    make_user(app, "ann", role="analyst")
    await login(client, "ann")
    page = await client.get("/console/analytics", params=QUERY)
    assert page.status_code == 200, page.text
    assert 'aria-label="Contacted: 5 accounts"' in page.text
    assert "Funnel by creditor" in page.text
    queue = await client.get("/console")
    assert queue.status_code == 303
    assert queue.headers["location"] == "/console/analytics"
    assert (await client.get("/api/escalations")).status_code == 403
    assert (await client.get("/api/metrics")).status_code == 200


async def test_every_table_downloads_as_csv(
    app: App, client: httpx.AsyncClient, personal: PersonalData
) -> None:
    _history(app, personal)
    make_user(app, "ada", role="admin")
    await login(client, "ada")
    r = await client.get("/console/analytics/by_creditor_funnel.csv", params=QUERY)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.text)))
    assert rows[0][:2] == ["creditor", "contacted"]
    assert rows[1][:2] == ["Bank A", "2"]
    assert rows[2][:2] == ["Bank B", "3"]
    missing = await client.get("/console/analytics/nothing.csv")
    assert missing.status_code == 404


async def test_agents_cannot_open_analytics(app: App, client: httpx.AsyncClient) -> None:
    make_user(app, "bob", role="agent")
    await login(client, "bob")
    assert (await client.get("/console/analytics")).status_code == 403
