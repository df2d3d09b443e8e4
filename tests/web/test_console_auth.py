"""Console sign-in rules: cookies, CSRF, idle timeout, logout (throttles: test_console_throttle)."""

from __future__ import annotations

import httpx
from fastapi import FastAPI
from sqlalchemy import select

from bot.app import App
from bot.store.models import AuditEntry, ConsoleSession
from bot.web.console.auth import SESSION_COOKIE
from tests.web.conftest import Clock, csrf, csrf_of, login, make_user


def cookie_header(response: httpx.Response, name: str) -> str:
    for value in response.headers.get_list("set-cookie"):
        if value.startswith(f"{name}="):
            return value
    raise AssertionError(f"no {name} cookie set")


async def test_login_sets_a_httponly_samesite_cookie_and_shows_the_queue(
    app: App, client: httpx.AsyncClient
) -> None:
    make_user(app, "alice")
    response = await login(client, "alice")
    assert response.status_code == 303
    assert response.headers["location"] == "/console"
    cookie = cookie_header(response, SESSION_COOKIE).lower()
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    assert "secure" not in cookie
    page = await client.get("/console")
    assert page.status_code == 200
    assert "alice" in page.text
    with app.db.session() as s:
        actions = [e.action for e in s.scalars(select(AuditEntry)).all()]
    assert "login" in actions


async def test_cookie_is_secure_over_https(app: App, web: FastAPI) -> None:
    make_user(app, "alice")
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=web), base_url="https://testserver"
    ) as c:
        response = await login(c, "alice")
    assert response.status_code == 303
    assert "secure" in cookie_header(response, SESSION_COOKIE).lower()


async def test_each_login_gets_a_new_session_id(app: App, client: httpx.AsyncClient) -> None:
    make_user(app, "alice")
    first = cookie_header(await login(client, "alice"), SESSION_COOKIE)
    second = cookie_header(await login(client, "alice"), SESSION_COOKIE)
    assert first.split(";")[0] != second.split(";")[0]
    with app.db.session() as s:
        rows = s.scalars(select(ConsoleSession)).all()
        assert len(rows) == 2
        assert sum(r.ended_at is None for r in rows) == 1


async def test_wrong_password_and_unknown_user_look_the_same(
    app: App, client: httpx.AsyncClient
) -> None:
    make_user(app, "alice")
    wrong = await login(client, "alice", "not the password")
    unknown = await login(client, "mallory", "whatever123")
    assert wrong.status_code == unknown.status_code == 401
    assert "Wrong user name or password." in wrong.text
    assert "Wrong user name or password." in unknown.text
    assert SESSION_COOKIE not in wrong.headers.get("set-cookie", "")
    assert (await client.get("/console")).status_code == 303


async def test_login_post_without_csrf_token_is_rejected(
    app: App, client: httpx.AsyncClient
) -> None:
    make_user(app, "alice")
    await client.get("/console/login")
    response = await client.post("/console/login", data={"name": "alice", "password": "x" * 9})
    assert response.status_code == 403


async def test_posts_without_csrf_token_are_rejected(app: App, client: httpx.AsyncClient) -> None:
    make_user(app, "alice")
    await login(client, "alice")
    assert (await client.post("/console/logout")).status_code == 403
    assert (await client.post("/console/logout", data={"csrf_token": "forged"})).status_code == 403
    assert (await client.post("/console/escalations/1/claim")).status_code == 403
    assert (await client.post("/console/c/1/reply", data={"text": "hi"})).status_code == 403
    # still signed in: the rejected logout did nothing
    assert (await client.get("/console")).status_code == 200


async def test_idle_timeout_ends_the_session(
    app: App, client: httpx.AsyncClient, clock: Clock
) -> None:
    make_user(app, "alice")
    await login(client, "alice")
    idle = app.settings.console.idle_timeout_minutes
    clock.advance(minutes=idle - 1)
    assert (await client.get("/console")).status_code == 200  # activity: the timer restarts
    clock.advance(minutes=idle - 1)
    # background polling does not count as activity
    poll = await client.get("/console/queue/rows", headers={"X-Background": "1"})
    assert poll.status_code == 200
    clock.advance(minutes=2)
    response = await client.get("/console")
    assert response.status_code == 303
    assert response.headers["location"] == "/console/login?expired=1"
    login_page = await client.get("/console/login?expired=1")
    assert "Your session ended" in login_page.text


async def test_logout_invalidates_the_session_on_the_server(
    app: App, client: httpx.AsyncClient, web: FastAPI
) -> None:
    make_user(app, "alice")
    response = await login(client, "alice")
    stolen = response.cookies[SESSION_COOKIE]
    token = await csrf(client)
    out = await client.post("/console/logout", data={"csrf_token": token})
    assert out.status_code == 303
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=web),
        base_url="http://testserver",
        cookies={SESSION_COOKIE: stolen},
    ) as replay:
        assert (await replay.get("/console")).status_code == 303
        assert (await replay.get("/api/escalations")).status_code == 401


async def test_pages_need_a_signed_in_user(client: httpx.AsyncClient) -> None:
    response = await client.get("/console")
    assert response.status_code == 303
    assert response.headers["location"] == "/console/login"
    page = await client.get("/console/login")
    assert csrf_of(page.text)
