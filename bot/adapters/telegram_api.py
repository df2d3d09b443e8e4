"""The Bot API calls of the hot path (sendMessage, answerCallbackQuery, editMessageReplyMarkup).

One shared :class:`aiohttp.ClientSession` with keep-alive posts JSON and reads
the answer's few fields the adapter needs; python-telegram-bot stays for the
rest (getMe, webhook set-up, long polling). aiohttp parses HTTP in C: a send
costs a fraction of the CPU of the pure-Python clients, and its connection
pool does not slow down with many chats sending at once. Failures are
classified here: :func:`classify` turns an answer or a transport error into
``Sent | Retry | Gone``.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp

from bot.adapters.tls import tls_context
from bot.messages import Gone, Retry, SendResult, Sent

_JSON = {"Content-Type": "application/json"}


class BotApi:
    """``POST <base_url><token>/<method>`` with JSON, over one pooled session.

    Args:
        base_url: ``[telegram] base_url`` (``https://api.telegram.org/bot`` or a fake).
        token: the bot token.
        timeout: seconds for connecting, writing and reading.
        connections: at most this many connections at once (more sends wait for one).
    """

    def __init__(
        self, base_url: str, token: str, timeout: float = 10.0, connections: int = 64
    ) -> None:
        self.base = f"{base_url}{token}/"
        self._token = token
        self.timeout = timeout
        self.connections = connections
        self._session: aiohttp.ClientSession | None = None

    async def start(self) -> None:
        """Open the shared session (in the running event loop)."""
        if self._session is None:
            self._session = self._new_session()

    def _new_session(self) -> aiohttp.ClientSession:
        return aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(
                limit=self.connections, ssl=tls_context(), keepalive_timeout=30
            ),
            timeout=aiohttp.ClientTimeout(total=self.timeout),
            # The token is in the path: no cookies, no proxies from the environment.
            cookie_jar=aiohttp.DummyCookieJar(),
        )

    async def stop(self) -> None:
        """Close the shared session."""
        if self._session is not None:
            session, self._session = self._session, None
            await session.close()

    async def call(self, method: str, payload: dict[str, Any]) -> SendResult:
        """Call ``method``; what happened, with the message id for a sent message."""
        body = json.dumps(payload, ensure_ascii=False).encode()
        session = self._session
        try:
            if session is None:  # not started (or stopped): a session for this call only
                async with self._new_session() as once:
                    return await self._post(once, method, body)
            return await self._post(session, method, body)
        except (aiohttp.ClientError, TimeoutError) as exc:
            return Retry(f"cannot reach Telegram: {_describe(exc, self._token)}", kind="network")

    async def _post(self, session: aiohttp.ClientSession, method: str, body: bytes) -> SendResult:
        async with session.post(self.base + method, data=body, headers=_JSON) as answer:
            content = await answer.read()
            return classify(answer.status, content)


def _describe(exc: BaseException, secret: str) -> str:
    """A transport error in words, never with the bot token (URLs carry it)."""
    if isinstance(exc, TimeoutError | asyncio.TimeoutError):
        return "timed out"
    words = str(exc) or type(exc).__name__
    return words.replace(secret, "<token>") if secret else words


def classify(status: int, body: bytes) -> SendResult:
    """What a Bot API answer means for the message."""
    try:
        data = json.loads(body)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        kind = "server" if status >= 500 or status == 200 else "network"
        return Retry(f"Telegram answered HTTP {status} without JSON", kind=kind)
    if data.get("ok") is True:
        result = data.get("result")
        mid = result.get("message_id") if isinstance(result, dict) else None
        return Sent(None if mid is None else str(mid))
    code = data.get("error_code", status)
    description = str(data.get("description") or f"HTTP {status}")
    if code == 429:
        params = data.get("parameters")
        after = params.get("retry_after") if isinstance(params, dict) else None
        wait = float(after) if isinstance(after, int | float) else None
        return Retry(description, after=wait, kind="rate_limited")
    if code == 403:
        return Gone(
            f"forbidden by Telegram: {description}", blocked="blocked" in description.lower()
        )
    if code in (400, 404):
        return Gone(f"refused by Telegram: {description}")
    return Retry(description, kind="server" if isinstance(code, int) and code >= 500 else "network")
