"""``GET|POST /webhooks/wechat``: WeChat's server verification and its messages.

Refused requests get a bare status (400 malformed, 403 not authentic or stale,
413 too large) and leave nothing stored; the reason goes to the log only.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from fastapi import APIRouter, Request, Response
from fastapi.responses import PlainTextResponse

from bot.adapters.wechat import SUCCESS, WechatWebhook
from bot.adapters.wechat_protocol import WechatRequestError

if TYPE_CHECKING:
    from bot.app import App

log = logging.getLogger(__name__)

PATH = "/webhooks/wechat"
STATUS_TEXT = {400: "bad request", 403: "forbidden", 404: "not found", 413: "too large"}


def _refuse(request: Request, exc: WechatRequestError) -> Response:
    client = request.client.host if request.client else "?"
    log.warning("refused WeChat request from %s: %s", client, exc.reason)
    return PlainTextResponse(STATUS_TEXT.get(exc.status, "refused"), status_code=exc.status)


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise WechatRequestError(413, f"declared body of {declared} bytes is over the limit")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise WechatRequestError(413, "body is over the limit")
    return bytes(body)


def router(app: App) -> APIRouter:
    """The WeChat webhook routes for ``app`` (404 while WeChat is not configured)."""
    hook = WechatWebhook(app)
    r = APIRouter()

    @r.get(PATH, include_in_schema=False)
    async def verify(request: Request) -> Response:
        if not hook.enabled:
            return PlainTextResponse(STATUS_TEXT[404], status_code=404)
        try:
            echo = hook.verify(request.query_params)
        except WechatRequestError as exc:
            return _refuse(request, exc)
        return PlainTextResponse(echo)

    @r.post(PATH, include_in_schema=False)
    async def receive(request: Request) -> Response:
        if not hook.enabled:
            return PlainTextResponse(STATUS_TEXT[404], status_code=404)
        try:
            body = await _read_body(request, hook.settings.max_body_bytes)
            answer = await hook.handle(request.query_params, body)
        except WechatRequestError as exc:
            return _refuse(request, exc)
        if answer == SUCCESS:
            return PlainTextResponse(answer)
        return Response(answer, media_type="application/xml")

    return r
