"""Admins manage console users on "People and access"; agents set their presence."""

from __future__ import annotations

import re

import httpx
from sqlalchemy import select

from bot.app import App
from bot.store.models import AuditEntry, User
from tests.web.conftest import PASSWORD, csrf, csrf_of, login, make_user

NEW_PASSWORD = "another long secret"


def user_id(app: App, name: str) -> int:
    with app.db.session() as s:
        found = s.scalar(select(User.id).where(User.name == name))
        assert found is not None
        return found


def row_of(html: str, name: str) -> str:
    found = re.search(rf'<tr data-user="{name}">(.*?)</tr>', html, re.S)
    assert found, f"no row for {name}"
    return found.group(1)


async def admin_page(client: httpx.AsyncClient) -> tuple[str, str]:
    page = await client.get("/console/admin/users")
    assert page.status_code == 200
    return page.text, csrf_of(page.text)


async def test_an_admin_adds_disables_resets_and_promotes_a_user(
    app: App, client: httpx.AsyncClient, client_b: httpx.AsyncClient
) -> None:
    make_user(app, "root", role="admin")
    await login(client, "root")
    _html, token = await admin_page(client)
    added = await client.post(
        "/console/admin/users",
        data={"csrf_token": token, "name": "carol", "role": "agent", "password": PASSWORD},
    )
    assert added.status_code == 303
    html, token = await admin_page(client)
    assert "agent" in row_of(html, "carol") and "active" in row_of(html, "carol")
    assert (await login(client_b, "carol")).status_code == 303
    assert (await client_b.get("/console/admin/users")).status_code == 403
    carol = user_id(app, "carol")

    # disabled: her session ends and she cannot sign in again
    await client.post(
        f"/console/admin/users/{carol}/active", data={"csrf_token": token, "active": "0"}
    )
    html, token = await admin_page(client)
    assert "disabled" in row_of(html, "carol")
    assert (await client_b.get("/console")).status_code == 303
    assert (await login(client_b, "carol")).status_code == 401
    await client.post(
        f"/console/admin/users/{carol}/active", data={"csrf_token": token, "active": "1"}
    )

    # a reset password replaces the old one
    await client.post(
        f"/console/admin/users/{carol}/password",
        data={"csrf_token": token, "password": NEW_PASSWORD},
    )
    assert (await login(client_b, "carol")).status_code == 401
    assert (await login(client_b, "carol", NEW_PASSWORD)).status_code == 303

    # promoted to admin, she sees the admin pages
    await client.post(
        f"/console/admin/users/{carol}/role", data={"csrf_token": token, "role": "admin"}
    )
    assert (await client_b.get("/console/admin/users")).status_code == 200

    with app.db.session() as s:
        entries = s.scalars(
            select(AuditEntry).where(AuditEntry.action.startswith("user.")).order_by(AuditEntry.id)
        ).all()
    assert [(e.actor, e.action) for e in entries if e.actor == "root"] == [
        ("root", "user.add"),
        ("root", "user.disable"),
        ("root", "user.enable"),
        ("root", "user.reset_password"),
        ("root", "user.role"),
    ]
    assert entries[-1].details == {"user": "carol", "before": "agent", "after": "admin"}


async def test_mistakes_are_shown_and_change_nothing(app: App, client: httpx.AsyncClient) -> None:
    root = make_user(app, "root", role="admin")
    make_user(app, "alice")
    await login(client, "root")
    _html, token = await admin_page(client)
    cases = [
        ("/console/admin/users", {"name": "alice", "role": "agent", "password": PASSWORD},
         "user 'alice' already exists"),
        ("/console/admin/users", {"name": "dave", "role": "agent", "password": "short"},
         "password must be at least 8 characters"),
        ("/console/admin/users", {"name": "dave", "role": "boss", "password": PASSWORD},
         "role 'boss' is not one of"),
        (f"/console/admin/users/{root}/active", {"active": "0"}, "you cannot disable yourself"),
        (f"/console/admin/users/{root}/role", {"role": "agent"},
         "you cannot take away your own admin role"),
        (f"/console/admin/users/{user_id(app, 'alice')}/password", {"password": "short"},
         "password must be at least 8 characters"),
    ]  # fmt: skip
    for url, data, message in cases:
        r = await client.post(url, data={"csrf_token": token, **data})
        assert r.status_code == 400, url
        shown = re.search(r'id="admin-error">([^<]*)<', r.text)
        assert shown and message in shown.group(1).replace("&#39;", "'"), (url, r.text[:200])
    with app.db.session() as s:
        assert sorted(s.scalars(select(User.name))) == ["alice", "root"]
        assert s.scalar(select(User.role).where(User.name == "root")) == "admin"
        assert all(s.scalars(select(User.active)))


async def test_user_changes_need_an_admin_and_the_csrf_token(
    app: App, client: httpx.AsyncClient, client_b: httpx.AsyncClient
) -> None:
    make_user(app, "root", role="admin")
    alice = make_user(app, "alice")
    await login(client, "alice")
    token = await csrf(client)
    refused = await client.post(
        f"/console/admin/users/{alice}/role", data={"csrf_token": token, "role": "admin"}
    )
    assert refused.status_code == 403
    await login(client_b, "root")
    no_token = await client_b.post(f"/console/admin/users/{alice}/role", data={"role": "admin"})
    assert no_token.status_code == 403
    with app.db.session() as s:
        assert s.scalar(select(User.role).where(User.name == "alice")) == "agent"


async def test_an_agent_sets_themselves_away_and_the_admin_sees_it(
    app: App, client: httpx.AsyncClient, client_b: httpx.AsyncClient
) -> None:
    make_user(app, "root", role="admin")
    make_user(app, "alice")
    await login(client, "alice")
    await login(client_b, "root")
    html, _token = await admin_page(client_b)
    assert 'class="presence online"' in row_of(html, "alice")
    token = await csrf(client)
    assert (
        await client.post("/console/presence", data={"csrf_token": token, "presence": "away"})
    ).status_code == 204
    html, _token = await admin_page(client_b)
    assert 'class="presence away"' in row_of(html, "alice")
    # her own page remembers the choice
    assert '<option value="away" selected>' in (await client.get("/console")).text
    # nonsense is ignored, and a presence change needs the CSRF token
    await client.post("/console/presence", data={"csrf_token": token, "presence": "asleep"})
    assert (await client.post("/console/presence", data={"presence": "online"})).status_code == 403
    html, _token = await admin_page(client_b)
    assert 'class="presence away"' in row_of(html, "alice")
    await client.post("/console/presence", data={"csrf_token": token, "presence": "online"})
    html, _token = await admin_page(client_b)
    assert 'class="presence online"' in row_of(html, "alice")
    # signed out (no open session): offline
    await client.post("/console/logout", data={"csrf_token": token})
    html, _token = await admin_page(client_b)
    assert 'class="presence offline"' in row_of(html, "alice")
