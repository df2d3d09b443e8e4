"""ASGI middleware in front of every route: security headers, body limits, JSON shape.

:class:`SecurityHeaders` adds the headers a browser needs to keep the console
safe (a CSP with no inline script, no framing, no MIME sniffing, a strict
referrer policy, HSTS over https, ``Cache-Control: no-store`` unless a route set
its own). :class:`BodyLimit` reads a request body while it streams in and
answers 413 as soon as it passes the limit (whether announced by
``Content-Length`` or sent chunked), so nothing large is ever held in memory;
a JSON body that is malformed or nested deeper than :data:`MAX_JSON_DEPTH`
answers 400 before any route parses it.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_JSON_DEPTH = 32
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
HSTS = "max-age=63072000; includeSubDomains"
# A route that needs a different policy (the API docs) sets its own header.
CSP_HEADER = b"content-security-policy"


def _has(headers: list[tuple[bytes, bytes]], name: bytes) -> bool:
    return any(key.lower() == name for key, _ in headers)


class SecurityHeaders:
    """Add security headers to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        https = scope.get("scheme") == "https"

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                extra = [
                    (CSP_HEADER, CSP.encode()),
                    (b"x-frame-options", b"DENY"),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"same-origin"),
                    (b"cross-origin-opener-policy", b"same-origin"),
                    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
                    (b"cache-control", b"no-store"),
                ]
                if https:
                    extra.append((b"strict-transport-security", HSTS.encode()))
                headers += [(k, v) for k, v in extra if not _has(headers, k)]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def json_depth_ok(body: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """True if brackets in ``body`` (outside strings) nest no deeper than ``limit``."""
    depth = 0
    in_string = escaped = False
    for byte in body:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            if depth > limit:
                return False
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return True


def _is_json(scope: Scope) -> bool:
    for key, value in scope.get("headers", []):
        if key == b"content-type":
            media = value.split(b";")[0].strip().lower()
            return bool(media == b"application/json" or media.endswith(b"+json"))
    return False


async def _answer(send: Send, status: int, message: str) -> None:
    body = json.dumps({"ok": False, "detail": message}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """Refuse request bodies over ``max_bytes`` while reading; check JSON bodies.

    Args:
        app: the ASGI app behind.
        max_bytes: the largest body accepted (413 above it).
        json_paths: path prefixes whose bodies are always JSON whatever the
            ``Content-Type`` says (webhooks from platforms that send JSON).
    """

    def __init__(self, app: ASGIApp, max_bytes: int, json_paths: tuple[str, ...] = ()) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.json_paths = json_paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        for key, value in scope.get("headers", []):
            if key == b"content-length":
                try:
                    announced = int(value)
                except ValueError:
                    await _answer(send, 400, "Content-Length is not a number")
                    return
                if announced > self.max_bytes:
                    await _answer(send, 413, f"the body is larger than {self.max_bytes} bytes")
                    return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await _answer(send, 413, f"the body is larger than {self.max_bytes} bytes")
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        path = scope.get("path", "")
        if body and (_is_json(scope) or path.startswith(self.json_paths)):
            if not json_depth_ok(body):
                await _answer(send, 400, f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
                return
            try:
                json.loads(body)
            except (ValueError, UnicodeDecodeError):
                await _answer(send, 400, "the body is not valid JSON")
                return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)
