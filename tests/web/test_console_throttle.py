"""Sign-in throttling: growing delays by user name and by address, never a hard lock,
the same answers for known and unknown names, and admins who see and clear throttles."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import AsyncIterator
from datetime import datetime, timedelta

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

import bot.web.console.auth as auth_module
from bot.app import App
from bot.config import Settings
from bot.console import throttle
from bot.store.models import AuditEntry, LoginThrottle
from tests.web.conftest import Clock, csrf_of, login, make_user


def said(response: httpx.Response) -> str:
    """The page's error line (what the person signing in is told)."""
    found = re.search(r'<p class="error" role="alert">([^<]*)</p>', response.text)
    return found.group(1) if found else ""


def wait_of(response: httpx.Response) -> int:
    found = re.search(r"(\d+) s", said(response))
    assert found, said(response)
    return int(found.group(1))


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Fewer free attempts per address, so the address test needs fewer slow hashes."""
    console = dataclasses.replace(settings.console, login_address_free_attempts=8)
    return dataclasses.replace(settings, console=console)


@pytest.fixture
async def elsewhere(web: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """A browser on another client address."""
    transport = httpx.ASGITransport(app=web, client=("198.51.100.7", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


async def test_delays_grow_and_the_right_password_works_once_they_pass(
    app: App, client: httpx.AsyncClient, clock: Clock
) -> None:
    make_user(app, "alice")
    free = app.settings.console.max_failed_logins
    for _ in range(free - 1):
        assert said(await login(client, "alice", "bad-password")) == "Wrong user name or password."
    waits = []
    for _ in range(3):
        failed = await login(client, "alice", "bad-password")
        waits.append(wait_of(failed))
        clock.advance(seconds=waits[-1])
    assert waits == [1, 2, 4]
    early = await login(client, "alice", "bad-password")
    assert early.status_code == 401
    refused = await login(client, "alice")  # the right password, still inside the delay
    assert refused.status_code == 401
    assert "wait" in said(refused)
    clock.advance(seconds=wait_of(refused))
    assert (await login(client, "alice")).status_code == 303
    with app.db.session() as s:  # a success clears the name's count
        assert throttle.wait_seconds(s, [throttle.user_key("alice")], clock.now) == 0
        assert s.get(LoginThrottle, throttle.user_key("alice")) is None


def test_delays_double_up_to_the_cap_and_never_beyond() -> None:
    assert [throttle.delay(n, 5, 900) for n in range(3, 9)] == [0, 0, 1, 2, 4, 8]
    assert throttle.delay(10_000, 5, 900) == 900


def test_a_delay_runs_out(app: App, now: datetime) -> None:
    key = throttle.user_key("Alice ")
    for _ in range(30):
        seconds = throttle.record_failure(app.db, key, 5, 60, now)
    assert seconds == 60
    with app.db.session() as s:
        assert throttle.wait_seconds(s, [key], now) == 60
        assert throttle.wait_seconds(s, [key], now + timedelta(seconds=60)) == 0


async def test_known_and_unknown_names_get_the_same_answers_and_work(
    app: App, web: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_user(app, "alice")
    hashes: list[str] = []
    real_verify, real_dummy = auth_module.verify_password, auth_module.dummy_verify
    monkeypatch.setattr(
        auth_module, "verify_password", lambda h, p: hashes.append("v") or real_verify(h, p)
    )
    monkeypatch.setattr(auth_module, "dummy_verify", lambda p: hashes.append("v") or real_dummy(p))
    answers: dict[str, list[tuple[int, str]]] = {}
    costs: dict[str, list[int]] = {}
    for i, name in enumerate(("alice", "mallory")):
        answers[name], costs[name] = [], []
        transport = httpx.ASGITransport(app=web, client=(f"192.0.2.{i + 1}", 5000))
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            for _ in range(app.settings.console.max_failed_logins + 2):
                before = len(hashes)
                r = await login(client, name, "bad-password")
                answers[name].append((r.status_code, said(r)))
                costs[name].append(len(hashes) - before)
    assert answers["alice"] == answers["mallory"]
    assert costs["alice"] == costs["mallory"]  # one Argon2 check per attempt, none while waiting
    assert any("wait" in text for _status, text in answers["mallory"])


async def test_one_address_trying_many_names_is_slowed_but_others_are_not(
    app: App, client: httpx.AsyncClient, elsewhere: httpx.AsyncClient
) -> None:
    make_user(app, "alice")
    for i in range(app.settings.console.login_address_free_attempts):
        await login(client, f"guess{i}", "bad-password")
    refused = await login(client, "alice")
    assert refused.status_code == 401
    assert "wait" in said(refused)
    assert (await login(elsewhere, "alice")).status_code == 303


async def test_admin_sees_and_clears_a_throttle(
    app: App, client: httpx.AsyncClient, client_b: httpx.AsyncClient
) -> None:
    make_user(app, "alice")
    make_user(app, "root", role="admin")
    for _ in range(app.settings.console.max_failed_logins + 1):
        await login(client, "alice", "bad-password")
    assert (await login(client, "alice")).status_code == 401
    await login(client_b, "root")
    page = await client_b.get("/console/admin/users")
    assert page.status_code == 200
    assert 'data-throttle="user:alice"' in page.text
    cleared = await client_b.post(
        "/console/admin/throttles/clear",
        data={"csrf_token": csrf_of(page.text), "key": "user:alice"},
    )
    assert cleared.status_code == 303
    assert 'data-throttle="user:alice"' not in (await client_b.get("/console/admin/users")).text
    # the test client's address also collected failures; clear it too, then alice gets in
    page = await client_b.get("/console/admin/users")
    for key in re.findall(r'data-throttle="(addr:[^"]+)"', page.text):
        await client_b.post(
            "/console/admin/throttles/clear", data={"csrf_token": csrf_of(page.text), "key": key}
        )
    assert (await login(client, "alice")).status_code == 303
    with app.db.session() as s:
        actions = s.scalars(select(AuditEntry.action)).all()
    assert "login.throttle_clear" in actions


async def test_agents_cannot_see_the_throttles(app: App, client: httpx.AsyncClient) -> None:
    make_user(app, "alice")
    await login(client, "alice")
    assert (await client.get("/console/admin/users")).status_code == 403
