"""API tokens: created and revoked by admins (CLI and console), hashed, scoped, audited."""

from __future__ import annotations

import re

import httpx
from click.testing import CliRunner
from sqlalchemy import select

from bot.app import App
from bot.commands import cli
from bot.console import tokens
from bot.store.models import ApiToken, AuditEntry
from tests.web.conftest import csrf_of, login, make_user
from tests.web.test_commands import cli_env  # noqa: F401  (fixture)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def new_token(app: App, *scopes: str) -> str:
    with app.db.session() as s:
        secret, _view = tokens.create(s, "ledger", list(scopes), actor="test", now=app.clock())
    return secret


async def test_a_token_reads_agreements_only_with_its_scope(
    app: App, client: httpx.AsyncClient
) -> None:
    reader = new_token(app, "agreements:read")
    writer = new_token(app, "payments:write")
    ok = await client.get("/api/agreements", headers=bearer(reader))
    assert ok.status_code == 200
    assert ok.json() == []
    assert (await client.get("/api/agreements", headers=bearer(writer))).status_code == 403
    assert (await client.get("/api/agreements", headers=bearer(reader + "x"))).status_code == 401
    assert (await client.get("/api/agreements")).status_code == 401
    # a token can read the API docs too, and each use is recorded
    assert (await client.get("/openapi.json", headers=bearer(reader))).status_code == 200
    with app.db.session() as s:
        row = s.scalars(select(ApiToken).where(ApiToken.scopes.is_not(None))).first()
        uses = s.scalars(select(AuditEntry).where(AuditEntry.action == "api.use")).all()
        assert row is not None and row.last_used_at == app.clock()
        assert {u.details["path"] for u in uses} >= {"/api/agreements", "/openapi.json"}
        # only a digest is stored
        assert all(reader not in (t.token_hash, t.prefix) for t in s.scalars(select(ApiToken)))


async def test_a_revoked_token_stops_working(app: App, client: httpx.AsyncClient) -> None:
    secret = new_token(app, "agreements:read")
    with app.db.session() as s:
        token_id = s.scalars(select(ApiToken.id)).one()
        tokens.revoke(s, token_id, actor="root", now=app.clock())
    assert (await client.get("/api/agreements", headers=bearer(secret))).status_code == 401


async def test_admins_create_and_revoke_tokens_in_the_console(
    app: App, client: httpx.AsyncClient
) -> None:
    make_user(app, "root", role="admin")
    await login(client, "root")
    page = await client.get("/console/admin/users")
    made = await client.post(
        "/console/admin/tokens",
        data={"csrf_token": csrf_of(page.text), "name": "ledger", "scopes": "agreements:read"},
    )
    assert made.status_code == 200
    secret = re.search(r'id="new-token-value">([^<]+)<', made.text)
    assert secret is not None
    assert (await client.get("/api/agreements", headers=bearer(secret.group(1)))).status_code == 200
    listing = await client.get("/console/admin/users")
    assert secret.group(1) not in listing.text  # shown once only
    with app.db.session() as s:
        token_id = s.scalars(select(ApiToken.id)).one()
    await client.post(
        f"/console/admin/tokens/{token_id}/revoke", data={"csrf_token": csrf_of(listing.text)}
    )
    assert (await client.get("/api/agreements", headers=bearer(secret.group(1)))).status_code == 401
    with app.db.session() as s:
        actions = set(s.scalars(select(AuditEntry.action)).all())
    assert {"token.create", "token.revoke"} <= actions


def test_tokens_from_the_command_line(cli_env: None, app: App) -> None:  # noqa: F811
    runner = CliRunner()
    made = runner.invoke(cli, ["tokens", "create", "ledger", "--scope", "agreements:read"])
    assert made.exit_code == 0, made.output
    secret = made.stdout.strip()
    assert secret.startswith("rpb_")
    listed = runner.invoke(cli, ["tokens", "list", "--format", "json"])
    assert '"agreements:read"' in listed.stdout and secret not in listed.stdout
    bad = runner.invoke(cli, ["tokens", "create", "x", "--scope", "everything"])
    assert bad.exit_code != 0 and "Traceback" not in bad.output
    gone = runner.invoke(cli, ["tokens", "revoke", "99"])
    assert gone.exit_code != 0
    assert "no API token with id 99" in gone.output
    assert runner.invoke(cli, ["tokens", "revoke", "1"]).exit_code == 0
    with app.db.session() as s:
        assert s.scalars(select(ApiToken.revoked_at)).one() is not None
