"""``GET /api/metrics``: the report's JSON for admins, refused to others."""

from __future__ import annotations

import httpx
from sqlalchemy import select

from bot.app import App
from bot.console import tokens
from bot.store.crypto import PersonalData
from bot.store.models import AuditEntry
from tests.analytics import history
from tests.web.conftest import login, make_user


def _history(app: App, personal: PersonalData) -> None:
    with app.db.session() as s:
        history.build(s, personal)
        s.flush()


async def test_admin_reads_the_same_numbers_as_the_report(
    app: App, client: httpx.AsyncClient, personal: PersonalData
) -> None:
    _history(app, personal)
    make_user(app, "ada", role="admin")
    await login(client, "ada")
    r = await client.get(
        "/api/metrics", params={"since": "2026-03-01", "until": "2026-03-31", "by": "creditor"}
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["funnel"]["contacted"] == 5
    assert body["rates"]["escalation"] == 0.4
    assert body["amounts"]["agreed"] == {"CNY": "200.20", "USD": "300.10"}
    assert body["by"]["Bank B"]["funnel"]["contacted"] == 3


async def test_agents_and_strangers_are_refused(app: App, client: httpx.AsyncClient) -> None:
    assert (await client.get("/api/metrics")).status_code == 401
    make_user(app, "bob", role="agent")
    await login(client, "bob")
    assert (await client.get("/api/metrics")).status_code == 403


async def test_a_bad_breakdown_names_the_choices(app: App, client: httpx.AsyncClient) -> None:
    make_user(app, "ada", role="admin")
    await login(client, "ada")
    r = await client.get("/api/metrics", params={"by": "colour"})
    assert r.status_code == 422
    assert "creditor" in r.json()["detail"]


def _token(app: App, *scopes: str) -> dict[str, str]:
    with app.db.session() as s:
        secret, _view = tokens.create(s, "bi", list(scopes), actor="test", now=app.clock())
    return {"Authorization": f"Bearer {secret}"}


async def test_a_token_with_metrics_read_gets_the_report_and_its_use_is_audited(
    app: App, client: httpx.AsyncClient, personal: PersonalData
) -> None:
    _history(app, personal)
    r = await client.get(
        "/api/metrics",
        params={"since": "2026-03-01", "until": "2026-03-31"},
        headers=_token(app, "metrics:read"),
    )
    assert r.status_code == 200, r.text
    assert r.json()["funnel"]["contacted"] == 5
    assert r.json()["amounts"]["collected"] == {"CNY": "100.10", "USD": "300.10"}
    with app.db.session() as s:
        uses = s.scalars(select(AuditEntry).where(AuditEntry.action == "api.use")).all()
    assert [u.details["path"] for u in uses] == ["/api/metrics"]


async def test_tokens_without_the_scope_are_refused_and_bad_ones_are_unknown(
    app: App, client: httpx.AsyncClient
) -> None:
    other = _token(app, "agreements:read", "payments:write")
    refused = await client.get("/api/metrics", headers=other)
    assert refused.status_code == 403
    assert "metrics:read" in refused.json()["detail"]
    bad = {"Authorization": other["Authorization"] + "x"}
    assert (await client.get("/api/metrics", headers=bad)).status_code == 401
    assert (await client.get("/api/metrics")).status_code == 401
    with app.db.session() as s:
        reasons = [
            r.details["reason"]
            for r in s.scalars(select(AuditEntry).where(AuditEntry.action == "api.refused"))
        ]
    assert reasons == ["this API token lacks the scope metrics:read", "the API token is not valid"]
    # and a metrics token reads nothing else
    reader = _token(app, "metrics:read")
    assert (await client.get("/api/agreements", headers=reader)).status_code == 403
