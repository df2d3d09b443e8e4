"""``POST /webhooks/sms/twilio`` (texts in), its status callback, and ``GET /m/{token}``.

Twilio posts each text form-encoded (``From``, ``To``, ``Body``,
``MessageSid``) with ``X-Twilio-Signature`` over ``[sms.twilio] webhook_url``
and the form, checked with Twilio's ``RequestValidator`` (wrong or missing →
403, nothing stored). Carrier keywords first: HELP is answered at once (who we
are, how to reach a person); STOP / 退订 / TD is the debtor's stop on SMS,
confirmed once; while an opt-out is in force only START (or YES) is read, and
it opts back in. Anything else goes to the dialog engine (deduped by
MessageSid); its replies go out through the outbox.

The status callback marks the number unusable when Twilio reports a message
``failed`` or ``undelivered``. ``/m/{token}`` shows the whole text of a reply
that was too long for the configured number of segments.
"""

from __future__ import annotations

import logging
import re
from html import escape
from typing import TYPE_CHECKING

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from bot.adapters.sms import PLATFORM, more
from bot.adapters.sms.adapter import pick
from bot.adapters.sms.keywords import HELP, START, STOP, keyword
from bot.adapters.sms.twilio import FAILED_STATUSES, SIGNATURE_HEADER, signature_ok
from bot.dialog import addresses
from bot.store.contacts import GRANTED, REVOKED, e164

if TYPE_CHECKING:
    from bot.app import App

log = logging.getLogger(__name__)

PATH = "/webhooks/sms/twilio"
STATUS_PATH = "/webhooks/sms/twilio/status"
_CJK = re.compile(r"[\u4e00-\u9fff]")


def twiml(text: str = "") -> Response:
    """A TwiML answer: empty, or one message back to the sender."""
    inner = f"<Message>{escape(text)}</Message>" if text else ""
    body = f'<?xml version="1.0" encoding="UTF-8"?><Response>{inner}</Response>'
    return Response(body, media_type="text/xml")


def router(app: App) -> APIRouter:
    """The Twilio hooks and the long-message page for ``app``."""
    r = APIRouter()
    cfg = app.settings.sms
    token = cfg.twilio.auth_token.reveal()
    enabled = cfg.provider == "twilio" and bool(token)

    async def form_of(request: Request, url: str) -> dict[str, str] | None:
        form = await request.form()
        params = {k: str(v) for k, v in form.items()}
        given = request.headers.get(SIGNATURE_HEADER, "")
        return params if signature_ok(token, url, params, given) else None

    def help_text(body: str) -> str:
        locale = ("zh_TW" if "幫" in body else "zh_CN") if _CJK.search(body) else None
        locale = locale or cfg.default_locale
        names = app.settings.sender.name
        return pick(cfg.help_text, locale).format(sender=pick(names, locale))

    @r.post(PATH, include_in_schema=False)
    async def receive(request: Request) -> Response:
        if not enabled:
            return Response("not found", status_code=404)
        params = await form_of(request, cfg.twilio.webhook_url)
        if params is None:
            return Response("forbidden", status_code=403)
        number = e164(params.get("From", ""), cfg.default_region)
        sid = params.get("MessageSid") or params.get("SmsSid") or ""
        if number is None or not sid:
            return Response("bad request", status_code=400)
        body = params.get("Body", "")
        engine = app.engine
        opted = await app.db.run(addresses.opted_out, engine, PLATFORM, number)
        word = keyword(body, opted_out=opted)
        if word == HELP:
            return twiml(help_text(body))
        if opted and word != START:
            log.info("text from an opted-out number ignored until it sends START")
            return twiml()
        arrival = addresses.Arrival(
            platform=PLATFORM,
            address=number,
            message_id=sid,
            text="" if word else body,
            command=word,
            locale_hint=("zh_CN" if _CJK.search(body) else None),
        )
        await app.db.run(addresses.receive, engine, arrival)
        if word in (START, STOP):
            consent = GRANTED if word == START else REVOKED
            await app.db.run(addresses.consent, engine, PLATFORM, number, consent)
        delivery = getattr(request.app.state, "deliveries", {}).get(PLATFORM)
        if delivery is not None:
            delivery.notify()
        return twiml()

    @r.post(STATUS_PATH, include_in_schema=False)
    async def status(request: Request) -> Response:
        if not enabled:
            return Response("not found", status_code=404)
        url = cfg.twilio.status_callback_url or str(request.url)
        params = await form_of(request, url)
        if params is None:
            return Response("forbidden", status_code=403)
        state = params.get("MessageStatus", "").lower()
        number = e164(params.get("To", ""), cfg.default_region)
        if state in FAILED_STATUSES and number is not None:
            reason = f"Twilio reported the message {state} (error {params.get('ErrorCode', '?')})"
            await app.db.run(
                lambda: addresses.unusable(app.engine, PLATFORM, reason, address=number)
            )
        return Response(status_code=204)

    @r.get(more.PATH + "{token}", include_in_schema=False)
    async def whole_message(token: str) -> Response:
        ttl = cfg.more_link_ttl_hours * 3600
        ids = more.read_token(app.keys.link_secret, token, ttl)
        texts = await app.db.run(addresses.full_text, app.engine, ids) if ids else []
        if not texts:
            page = "<p>This link has expired or is not valid. / 链接已失效。</p>"
            return HTMLResponse(_page(page), status_code=404)
        body = "".join(f"<p>{escape(t).replace(chr(10), '<br>')}</p>" for t in texts)
        return HTMLResponse(_page(body + '<p><a href="/chat">Reply / 回复</a></p>'))

    return r


def _page(body: str) -> str:
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Message</title></head><body><main>{body}</main></body></html>"
    )
