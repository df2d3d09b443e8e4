"""The Bot API calls of the hot path (sendMessage, answerCallbackQuery, editMessageReplyMarkup).

One shared ``httpx.AsyncClient`` (the HTTP library python-telegram-bot itself is
built on and installs) with keep-alive posts JSON and reads the
answer's few fields the adapter needs; python-telegram-bot stays for the rest
(getMe, webhook set-up, long polling). Failures are classified here:
:func:`classify` turns an answer or a transport error into
``Sent | Retry | Gone``.
"""

from __future__ import annotations

import json
from typing import Any

import httpx

from bot.adapters.tls import tls_context
from bot.messages import Gone, Retry, SendResult, Sent


class BotApi:
    """``POST <base_url><token>/<method>`` with JSON, over one pooled client.

    Args:
        base_url: ``[telegram] base_url`` (``https://api.telegram.org/bot`` or a fake).
        token: the bot token.
        timeout: seconds for connecting, writing and reading.
    """

    def __init__(self, base_url: str, token: str, timeout: float = 10.0) -> None:
        self.base = f"{base_url}{token}/"
        self.timeout = timeout
        self._client: httpx.AsyncClient | None = None

    async def start(self) -> None:
        """Open the shared client."""
        if self._client is None:
            self._client = httpx.AsyncClient(
                timeout=self.timeout,
                verify=tls_context(),
                limits=httpx.Limits(max_connections=64, max_keepalive_connections=32),
            )

    async def stop(self) -> None:
        """Close the shared client."""
        if self._client is not None:
            client, self._client = self._client, None
            await client.aclose()

    async def call(self, method: str, payload: dict[str, Any]) -> SendResult:
        """Call ``method``; what happened, with the message id for a sent message."""
        if self._client is None:
            await self.start()
        assert self._client is not None
        try:
            answer = await self._client.post(
                self.base + method,
                content=json.dumps(payload, ensure_ascii=False).encode(),
                headers={"Content-Type": "application/json"},
            )
        except httpx.HTTPError as exc:
            return Retry(f"cannot reach Telegram: {exc!r}", kind="network")
        return classify(answer.status_code, answer.content)


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
