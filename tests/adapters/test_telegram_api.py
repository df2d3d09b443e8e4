"""The Bot API client of the send path: what an unreachable or odd server means."""

from __future__ import annotations

import gc
import socket
import warnings

from bot.adapters.telegram_api import BotApi, classify
from bot.messages import Gone, Retry, Sent

TOKEN = "123456:SECRET-token-never-logged"


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_an_unreachable_server_is_a_network_retry_that_never_shows_the_token() -> None:
    api = BotApi(f"http://127.0.0.1:{_closed_port()}/bot", TOKEN, timeout=2)
    try:
        result = await api.call("sendMessage", {"chat_id": 1, "text": "hi"})
    finally:
        await api.stop()
    assert isinstance(result, Retry)
    assert result.kind == "network"
    assert "cannot reach Telegram" in result.reason
    assert "SECRET" not in result.reason


def test_answers_are_classified() -> None:
    assert classify(200, b'{"ok": true, "result": {"message_id": 42}}') == Sent("42")
    limited = classify(429, b'{"ok": false, "error_code": 429, "description": "Too Many '
                            b'Requests", "parameters": {"retry_after": 7}}')  # fmt: skip
    assert isinstance(limited, Retry) and limited.after == 7.0
    forbidden = b'{"ok": false, "error_code": 403, "description": "Forbidden: bot was blocked"}'
    blocked = classify(403, forbidden)
    assert isinstance(blocked, Gone) and blocked.blocked
    assert isinstance(classify(502, b"<html>bad gateway</html>"), Retry)


async def test_a_call_after_stop_leaves_no_open_session() -> None:
    api = BotApi(f"http://127.0.0.1:{_closed_port()}/bot", TOKEN, timeout=2)
    await api.start()
    await api.stop()
    # A keyboard closed in the background after the adapter stopped, say.
    with warnings.catch_warnings():
        warnings.simplefilter("error", ResourceWarning)
        result = await api.call("answerCallbackQuery", {"callback_query_id": "1"})
        gc.collect()
    assert isinstance(result, Retry)
    assert api._session is None
