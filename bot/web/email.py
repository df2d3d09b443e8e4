"""``POST /webhooks/email`` (inbound mail) and the one-click unsubscribe links.

Inbound: the raw RFC 5322 message is the body (``Content-Type:
message/rfc822``) and ``X-Repaybot-Signature`` the hex HMAC-SHA256 of it with
``[email] inbound_secret``, compared in constant time (wrong or missing → 403,
nothing stored; 404 while no secret is configured). Any provider's inbound
hook can be bridged to it. A debtor's mail goes to the dialog engine (deduped
by Message-ID); a bounce marks the address unusable; an "unsubscribe" reply is
the debtor's stop on this channel.

``GET /email/unsubscribe/{token}`` shows a button; ``POST`` to the same URL
(what mail clients send for ``List-Unsubscribe-Post: List-Unsubscribe=One-Click``,
RFC 8058) records the opt-out at once.
"""

from __future__ import annotations

import functools
import logging
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse

from bot.adapters.email import PLATFORM
from bot.adapters.email import unsubscribe as links
from bot.adapters.email.imap import ImapPoller
from bot.adapters.email.inbound import BadMail, Bounce, read, signature_ok
from bot.dialog import addresses
from bot.store.contacts import normalize_email
from bot.web.deps import AppDep, wake_delivery

if TYPE_CHECKING:
    from bot.web.parts import Parts

log = logging.getLogger(__name__)

PATH = "/webhooks/email"
SIGNATURE_HEADER = "X-Repaybot-Signature"
PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title></head>
<body><main><h1>{title}</h1><p>{text}</p>{form}</main></body></html>"""


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"ok": False, "error": message}, status_code=status)


router = APIRouter()


def _secret(app: Parts) -> str:
    return app.settings.email.unsubscribe_secret.reveal() or app.keys.link_secret


@router.post(PATH, include_in_schema=False)
async def receive(request: Request, app: AppDep) -> Response:
    """One inbound mail (or bounce report), signed by the mail provider's hook."""
    cfg = app.settings.email
    if not cfg.inbound_secret:
        return _error(404, "inbound email is not configured")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > cfg.max_body_bytes:
        return _error(413, "the message is too large")
    body = await request.body()
    if len(body) > cfg.max_body_bytes:
        return _error(413, "the message is too large")
    given = request.headers.get(SIGNATURE_HEADER, "")
    if not signature_ok(cfg.inbound_secret.reveal(), body, given):
        return _error(403, "wrong or missing signature")
    try:
        result = await handle_raw(app, body)
    except BadMail as exc:
        return _error(400, str(exc))
    except Exception:
        log.exception("inbound email not processed; the sender's hook may retry")
        return _error(500, "the message was not processed; send it again")
    wake_delivery(request, PLATFORM)
    return JSONResponse({"ok": True, **result})


@router.get(links.PATH + "{token}", include_in_schema=False)
async def confirm_page(token: str, app: AppDep) -> Response:
    """The unsubscribe link's page: one button."""
    if links.read_token(_secret(app), token) is None:
        return HTMLResponse(_page("Link not valid", "This unsubscribe link is not valid."), 404)
    form = (
        '<form method="post"><input type="hidden" name="List-Unsubscribe" '
        'value="One-Click"><button type="submit">Unsubscribe / 退订</button></form>'
    )
    text = "Stop emails from us to this address? / 不再向此地址发送邮件？"
    return HTMLResponse(_page("Unsubscribe", text, form))


@router.post(links.PATH + "{token}", include_in_schema=False)
async def one_click(token: str, app: AppDep) -> Response:
    """The one-click unsubscribe (RFC 8058): the opt-out is recorded at once."""
    chat_id = links.read_token(_secret(app), token)
    if chat_id is None:
        return HTMLResponse(_page("Link not valid", "This unsubscribe link is not valid."), 404)
    event = f"unsubscribe:{chat_id[:24]}:{app.clock().timestamp():.6f}"
    known = await app.db.run(addresses.unsubscribe, app.engine, PLATFORM, chat_id, event)
    if not known:
        return HTMLResponse(_page("Link not valid", "This unsubscribe link is not valid."), 404)
    done = (
        "You will get no more emails from us at this address. / "
        "您已退订，我们不会再向此地址发送邮件。"
    )
    return HTMLResponse(_page("Unsubscribed", done))


async def handle_raw(app: Parts, raw: bytes) -> dict[str, Any]:
    """Handle one raw inbound message (from the hook or the IMAP mailbox).

    Returns:
        ``{"bounced": n}`` for a bounce report, else ``{"duplicate": bool}``.

    Raises:
        BadMail: not a message, or its sender is not an email address.
    """
    mail = read(raw)
    if isinstance(mail, Bounce):
        marked = 0
        for recipient in mail.recipients:
            address = normalize_email(recipient)
            if address is not None and await app.db.run(
                functools.partial(addresses.unusable, address=address),
                app.engine,
                PLATFORM,
                mail.reason,
            ):
                marked += 1
        return {"bounced": marked}
    sender = normalize_email(mail.sender)
    if sender is None:
        raise BadMail("the From address is not an email address")
    arrival = addresses.Arrival(
        platform=PLATFORM,
        address=sender,
        message_id=mail.message_id,
        text="" if mail.unsubscribe else mail.text,
        command="unsubscribe" if mail.unsubscribe else None,
        locale_hint=mail.locale_hint,
        timestamp=mail.timestamp,
    )
    turn = await app.db.run(addresses.receive, app.engine, arrival)
    return {"duplicate": bool(turn.duplicate)}


def imap_service(app: Parts) -> ImapPoller | None:
    """The IMAP poller when ``[email] imap_host`` is set (started by the web app)."""
    cfg = app.settings.email
    if not cfg.imap_host:
        return None

    async def handle(raw: bytes) -> None:
        try:
            await handle_raw(app, raw)
        except BadMail as exc:
            log.warning("IMAP message skipped: %s", exc)

    return ImapPoller(cfg, handle)


def _page(title: str, text: str, form: str = "") -> str:
    return PAGE.format(title=title, text=text, form=form)
