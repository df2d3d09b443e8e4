"""``POST /webhooks/telegram``: Telegram delivers updates here in webhook mode.

The ``X-Telegram-Bot-Api-Secret-Token`` header is compared in constant time
with ``[telegram] webhook_secret`` (missing or wrong → 403, nothing stored). A
body that is not a Telegram update → 400, nothing stored. The answer is 200
only after the dialog engine committed the update; any failure answers 500, so
Telegram delivers the update again and the engine's dedupe keeps it harmless.
"""

from __future__ import annotations

import hmac
import json
import logging

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from starlette.routing import Route

from bot.adapters.telegram_updates import BadUpdate
from bot.web.deps import get_app, running_adapter

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY = 1 << 20
PLATFORM = "telegram"


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"ok": False, "error": message}, status_code=status)


async def telegram_webhook(request: Request) -> Response:
    """One Telegram update, handled by the running adapter."""
    app = get_app(request)
    expected = app.settings.telegram.webhook_secret.reveal().encode()
    given = request.headers.get(SECRET_HEADER, "").encode()
    if not expected or not hmac.compare_digest(given, expected):
        return _error(403, "wrong or missing secret token")
    from bot.adapters.telegram import TelegramAdapter  # loaded already while Telegram runs

    adapter = running_adapter(request, PLATFORM)
    if not isinstance(adapter, TelegramAdapter):
        return _error(503, "the Telegram adapter is not running")
    body = await request.body()
    if len(body) > MAX_BODY:
        return _error(413, "the body is too large for a Telegram update")
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return _error(400, "the body is not JSON")
    try:
        await adapter.handle_json(data)
    except BadUpdate as exc:
        return _error(400, str(exc))
    except Exception:
        log.exception("telegram webhook: update not processed; Telegram will retry")
        return _error(500, "the update was not processed; it will be retried")
    return JSONResponse({"ok": True})


# A plain Starlette route: the hot path skips FastAPI's per-request dependency solving.
router = APIRouter(
    routes=[
        Route("/webhooks/telegram", telegram_webhook, methods=["POST"], include_in_schema=False)
    ]
)
