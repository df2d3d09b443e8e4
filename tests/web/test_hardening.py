"""Hardening at the edges: security headers, body limits, JSON shape, API docs, claims."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from bot.app import App
from bot.web.middleware import json_depth_ok
from tests.web.conftest import csrf, login, make_escalated_chat, make_user

HEADERS = {
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
}


def all_routes(routes: list[Any]) -> list[Any]:
    """Every route, also inside included routers."""
    out = []
    for route in routes:
        inner = getattr(route, "original_router", None)
        out += all_routes(inner.routes) if inner is not None else [route]
    return out


def assert_secure(response: httpx.Response) -> None:
    for name, value in HEADERS.items():
        assert response.headers.get(name) == value, (response.url, name)
    csp = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp
    script = next(p for p in csp.split(";") if p.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script


LIVE_EVENTS = "/console/events"


async def test_every_route_answers_with_security_headers(
    app: App, client: httpx.AsyncClient, web: FastAPI
) -> None:
    make_user(app, "root", role="admin")
    await login(client, "root")
    conv_id, _esc = make_escalated_chat(app)
    paths = set()
    for route in all_routes(web.routes):
        path = getattr(route, "path", "")
        if "GET" in (getattr(route, "methods", None) or set()):
            paths.add(
                path.replace("{conversation_id}", str(conv_id))
                .replace("{name}", "site.css")
                .replace("{version_id}", "1")
                .replace("{entry_id}", "1")
            )
    assert "/console" in paths and "/chat" in paths and "/docs" in paths
    # The live-events stream never ends, and the in-process transport waits for the end
    # of a body: it is checked signed out here (the same middleware adds the headers to
    # the stream), every other route signed in.
    paths.discard(LIVE_EVENTS)
    for path in sorted(paths):
        response = await client.get(path)
        assert_secure(response)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=web), base_url="http://testserver"
    ) as anonymous:
        assert_secure(await anonymous.get(LIVE_EVENTS))
    # pages with personal data are never cached; errors and refusals carry the headers too
    assert (await client.get(f"/console/c/{conv_id}")).headers["cache-control"] == "no-store"
    assert_secure(await client.post("/webhooks/telegram", content=b"{}"))


async def test_hsts_only_over_https(web: FastAPI) -> None:
    transport = httpx.ASGITransport(app=web)
    async with httpx.AsyncClient(transport=transport, base_url="https://testserver") as secure:
        assert "max-age" in (await secure.get("/healthz")).headers["strict-transport-security"]
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as plain:
        assert "strict-transport-security" not in (await plain.get("/healthz")).headers


async def test_no_page_has_inline_script(app: App, client: httpx.AsyncClient) -> None:
    make_user(app, "root", role="admin")
    await login(client, "root")
    conv_id, _esc = make_escalated_chat(app)
    for path in ("/console", f"/console/c/{conv_id}", "/console/admin/users", "/chat"):
        html = (await client.get(path)).text
        assert "<script>" not in html and " on" + "click=" not in html, path


async def test_large_bodies_are_refused_while_streaming(client: httpx.AsyncClient) -> None:
    limit = 1 << 20
    announced = await client.post(
        "/webhooks/telegram", content=b"x", headers={"content-length": str(limit + 1)}
    )
    assert announced.status_code == 413

    sent = 0

    async def chunks():  # type: ignore[no-untyped-def]
        nonlocal sent
        for _ in range(64):  # up to 4 MiB, chunked (no Content-Length)
            sent += 1
            yield b"[" * 65536

    chunked = await client.post("/chat/messages", content=chunks())
    assert chunked.status_code == 413
    assert sent <= 18  # it stopped reading soon after the limit


@pytest.mark.parametrize(
    "path", ["/webhooks/telegram", "/chat/messages", "/chat/start", "/api/conversations/1/reply"]
)
async def test_malformed_or_deep_json_is_a_400(client: httpx.AsyncClient, path: str) -> None:
    deep = b"[" * 100_000 + b"]" * 100_000
    for body in (deep, b'{"a": ', b"\xff\xfe"):
        response = await client.post(
            path, content=body, headers={"content-type": "application/json"}
        )
        assert response.status_code == 400, (path, body[:10])
    # Telegram sends JSON whatever the header says
    no_type = await client.post("/webhooks/telegram", content=deep)
    assert no_type.status_code == 400


def test_json_depth_ignores_brackets_in_strings() -> None:
    assert json_depth_ok(b'{"text": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\\""}')
    assert not json_depth_ok(b"[" * 40 + b"]" * 40)


async def test_api_docs_need_sign_in(app: App, client: httpx.AsyncClient) -> None:
    for path in ("/openapi.json", "/docs", "/redoc"):
        assert (await client.get(path)).status_code == 401, path
    make_user(app, "alice")
    await login(client, "alice")
    assert "/api/escalations" in (await client.get("/openapi.json")).json()["paths"]
    docs = await client.get("/docs")
    assert docs.status_code == 200
    nonce = docs.headers["content-security-policy"].split("'nonce-")[1].split("'")[0]
    assert f'<script nonce="{nonce}">' in docs.text


async def test_notes_need_the_claim(app: App, client: httpx.AsyncClient) -> None:
    make_user(app, "alice")
    conv_id, _esc = make_escalated_chat(app)
    await login(client, "alice")
    token = await csrf(client)
    response = await client.post(
        f"/console/c/{conv_id}/note", data={"text": "looks fine", "csrf_token": token}
    )
    assert response.status_code == 409
    assert "Claim this conversation first." in response.text
    api = await client.post(
        f"/api/conversations/{conv_id}/notes",
        json={"text": "x"},
        headers={"X-CSRF-Token": token},
    )
    assert api.status_code == 409


async def test_errors_are_translated_in_the_chinese_console(
    app: App, client: httpx.AsyncClient
) -> None:
    make_user(app, "alice")
    conv_id, _esc = make_escalated_chat(app)
    await login(client, "alice")
    token = await csrf(client)
    await client.get("/console?lang=zh_CN")
    response = await client.post(
        f"/console/c/{conv_id}/reply", data={"text": "hello", "csrf_token": token}
    )
    assert "Claim this conversation first." not in response.text
    assert "请先认领" in response.text
    wrong = await client.post(
        "/console/login", data={"name": "x", "password": "y", "csrf_token": token}
    )
    assert wrong.status_code in (401, 403)
