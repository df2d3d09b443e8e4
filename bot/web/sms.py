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
``failed`` or ``undelivered``. Tencent Cloud SMS pushes replies (上行短信) to
``/webhooks/sms/tencent/reply`` and delivery reports to
``/webhooks/sms/tencent/status``, both with ``?secret=<[sms.tencent]
callback_secret>`` (Tencent does not sign them); replies take the same keyword
path, HELP answered through the outbox (only templates may be sent: the answer
goes as the template with its link), a ``FAIL`` report marks the number unusable.

``/m/{token}`` shows the whole text of a reply that was too long for the
configured number of segments, and a signed, single-use link to go on in the
web chat as that account (the verification questions are still asked).
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import logging
import re
import secrets
from datetime import timedelta
from html import escape
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse

from bot.adapters.sms import PLATFORM, more
from bot.adapters.sms.adapter import pick
from bot.adapters.sms.keywords import HELP, START, STOP, keyword
from bot.adapters.sms.twilio import FAILED_STATUSES, SIGNATURE_HEADER, signature_ok
from bot.dialog import addresses
from bot.links import make_token
from bot.store.contacts import GRANTED, REVOKED, e164
from bot.web.deps import AppDep, wake_delivery

if TYPE_CHECKING:
    from bot.web.parts import Parts

log = logging.getLogger(__name__)

PATH = "/webhooks/sms/twilio"
STATUS_PATH = "/webhooks/sms/twilio/status"
TENCENT_REPLY_PATH = "/webhooks/sms/tencent/reply"
TENCENT_STATUS_PATH = "/webhooks/sms/tencent/status"
_CJK = re.compile(r"[\u4e00-\u9fff]")


def twiml(text: str = "") -> Response:
    """A TwiML answer: empty, or one message back to the sender."""
    inner = f"<Message>{escape(text)}</Message>" if text else ""
    body = f'<?xml version="1.0" encoding="UTF-8"?><Response>{inner}</Response>'
    return Response(body, media_type="text/xml")


router = APIRouter()


def _twilio_on(app: Parts) -> bool:
    cfg = app.settings.sms
    return cfg.provider == "twilio" and bool(cfg.twilio.auth_token.reveal())


def _tencent_on(app: Parts) -> bool:
    cfg = app.settings.sms
    return cfg.provider == "tencent" and bool(cfg.tencent.callback_secret.reveal())


async def _form_of(app: Parts, request: Request, url: str) -> dict[str, str] | None:
    form = await request.form()
    params = {k: str(v) for k, v in form.items()}
    given = request.headers.get(SIGNATURE_HEADER, "")
    token = app.settings.sms.twilio.auth_token.reveal()
    return params if signature_ok(token, url, params, given) else None


def _help_text(app: Parts, body: str) -> str:
    cfg = app.settings.sms
    locale = ("zh_TW" if "幫" in body else "zh_CN") if _CJK.search(body) else None
    locale = locale or cfg.default_locale
    names = app.settings.sender.name
    return pick(cfg.help_text, locale).format(sender=pick(names, locale))


async def _take_text(
    app: Parts,
    request: Request,
    number: str,
    body: str,
    message_id: str,
    *,
    in_response: bool = True,
) -> str | None:
    """Carrier keywords, then the engine; the HELP answer to send back at once, if any.

    HELP and its answer are stored in the conversation (agents see them).
    ``in_response`` is false where the answer cannot go back in the HTTP response
    (Tencent: only templates may be sent): the answer is queued in the outbox once
    instead (a redelivered HELP queues nothing more) and None is returned.
    """
    engine = app.engine
    opted = await app.db.run(addresses.opted_out, engine, PLATFORM, number)
    word = keyword(body, opted_out=opted)
    if word == HELP:
        answer = _help_text(app, body)
        locale = "zh_CN" if _CJK.search(body) else None
        asked = addresses.Arrival(PLATFORM, number, message_id, body, locale_hint=locale)
        queued = not in_response
        answered = functools.partial(addresses.answered, queued=queued)
        await app.db.run(answered, engine, asked, answer)
        if queued:
            wake_delivery(request, PLATFORM)
            return None
        return answer
    if opted and word != START:
        log.info("text from an opted-out number ignored until it sends START")
        return None
    arrival = addresses.Arrival(
        platform=PLATFORM,
        address=number,
        message_id=message_id,
        text="" if word else body,
        command=word,
        locale_hint=("zh_CN" if _CJK.search(body) else None),
    )
    await app.db.run(addresses.receive, engine, arrival)
    if word in (START, STOP):
        consent = GRANTED if word == START else REVOKED
        await app.db.run(addresses.consent, engine, PLATFORM, number, consent)
    wake_delivery(request, PLATFORM)
    return None


async def _tencent_items(app: Parts, request: Request) -> list[dict[str, Any]] | None:
    given = request.query_params.get("secret", "")
    expected = app.settings.sms.tencent.callback_secret.reveal()
    if not hmac.compare_digest(given.encode(), expected.encode()):
        return None
    try:
        data = json.loads(await request.body())
    except ValueError:
        return []
    items = data if isinstance(data, list) else [data]
    return [i for i in items if isinstance(i, dict)]


def _tencent_number(app: Parts, item: dict[str, Any]) -> str | None:
    raw = f"+{item.get('nationcode', '86')}{item.get('mobile', '')}"
    return e164(raw, app.settings.sms.default_region)


@router.post(TENCENT_REPLY_PATH, include_in_schema=False)
async def tencent_reply(request: Request, app: AppDep) -> Response:
    """Texts from debtors, pushed by Tencent Cloud SMS."""
    if not _tencent_on(app):
        return Response("not found", status_code=404)
    items = await _tencent_items(app, request)
    if items is None:
        return Response("forbidden", status_code=403)
    for item in items:
        number = _tencent_number(app, item)
        text = str(item.get("text", ""))
        if number is None:
            continue
        key = f"{number}|{item.get('time', '')}|{text}".encode()
        message_id = "tc:" + hashlib.sha256(key).hexdigest()[:40]
        await _take_text(app, request, number, text, message_id, in_response=False)
    return JSONResponse({"result": 0, "errmsg": "OK"})


@router.post(TENCENT_STATUS_PATH, include_in_schema=False)
async def tencent_status(request: Request, app: AppDep) -> Response:
    """Tencent Cloud SMS delivery reports: a failed text marks the number unusable."""
    if not _tencent_on(app):
        return Response("not found", status_code=404)
    items = await _tencent_items(app, request)
    if items is None:
        return Response("forbidden", status_code=403)
    for item in items:
        if str(item.get("report_status", "")).upper() != "FAIL":
            continue
        number = _tencent_number(app, item)
        if number is not None:
            why = f"Tencent Cloud SMS reported the text failed ({item.get('errmsg', '?')})"
            await app.db.run(
                functools.partial(addresses.unusable, address=number),
                app.engine,
                PLATFORM,
                why,
            )
    return JSONResponse({"result": 0, "errmsg": "OK"})


@router.post(PATH, include_in_schema=False)
async def receive(request: Request, app: AppDep) -> Response:
    """One text from a debtor, posted by Twilio."""
    if not _twilio_on(app):
        return Response("not found", status_code=404)
    cfg = app.settings.sms
    params = await _form_of(app, request, cfg.twilio.webhook_url)
    if params is None:
        return Response("forbidden", status_code=403)
    number = e164(params.get("From", ""), cfg.default_region)
    sid = params.get("MessageSid") or params.get("SmsSid") or ""
    if number is None or not sid:
        return Response("bad request", status_code=400)
    answer = await _take_text(app, request, number, params.get("Body", ""), sid)
    return twiml(answer or "")


@router.post(STATUS_PATH, include_in_schema=False)
async def status(request: Request, app: AppDep) -> Response:
    """Twilio's status callback: a failed or undelivered text marks the number unusable."""
    if not _twilio_on(app):
        return Response("not found", status_code=404)
    cfg = app.settings.sms
    url = cfg.twilio.status_callback_url or str(request.url)
    params = await _form_of(app, request, url)
    if params is None:
        return Response("forbidden", status_code=403)
    state = params.get("MessageStatus", "").lower()
    number = e164(params.get("To", ""), cfg.default_region)
    if state in FAILED_STATUSES and number is not None:
        reason = f"Twilio reported the message {state} (error {params.get('ErrorCode', '?')})"
        await app.db.run(lambda: addresses.unusable(app.engine, PLATFORM, reason, address=number))
    return Response(status_code=204)


@router.get(more.PATH + "{token}", include_in_schema=False)
async def whole_message(token: str, app: AppDep) -> Response:
    """The whole text of a long reply, and a link to go on in the web chat."""
    ttl = app.settings.sms.more_link_ttl_hours * 3600
    ids = more.read_token(app.keys.link_secret, token, ttl)
    texts, account_id = (
        await app.db.run(addresses.full_text, app.engine, ids) if ids else ([], None)
    )
    if not texts:
        page = "<p>This link has expired or is not valid. / 链接已失效。</p>"
        return HTMLResponse(_page(page), status_code=404)
    chat = "/chat"
    if account_id is not None:  # a signed, single-use web chat link for this account
        web_token = make_token(
            account_id,
            channel="web",
            secret=app.keys.link_secret,
            expires=app.clock() + timedelta(seconds=ttl),
            token_id=secrets.token_bytes(8),
        )
        chat = f"/chat?link={web_token}"
    body = "".join(f"<p>{escape(t).replace(chr(10), '<br>')}</p>" for t in texts)
    reply = f'<p><a href="{escape(chat, quote=True)}">Reply in the web chat / 在网页中回复</a></p>'
    return HTMLResponse(_page(body + reply))


def _page(body: str) -> str:
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Message</title></head><body><main>{body}</main></body></html>"
    )
