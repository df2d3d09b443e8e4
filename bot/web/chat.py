"""The debtor's web chat (``/chat``): the third adapter, platform ``web``.

A lender can link to it from its payment site (``/chat?account=REF&lang=zh_CN``;
the debtor is still verified by the bot). The browser gets a random chat id in
a signed, HttpOnly cookie; that id is the chat and user id of the
:class:`~bot.messages.ChatRef`. Messages are posted as JSON with a
client-generated id per message, so a retried POST is processed once. Replies
(the bot's, and an agent's later) go through the delivery core like every
channel's (:class:`~bot.adapters.webchat.WebChatAdapter`): each request of the
chat first delivers what is due for it, then answers with the delivered
messages; the page polls ``/chat/messages?after=ID``.

A lender can also send a signed, expiring link (``repaybot links create
--channel web``: ``/chat?link=TOKEN``). It binds the chat to the account it was
made for (whatever ``account`` says) and its escalations go to the agents' main
lane; the debtor still answers the verification questions. The link is used
once, by the first browser that starts the chat with it (that browser may open
it again); a link that was tampered with, has expired or was used elsewhere
gets a page saying so (400 or 410).
"""

from __future__ import annotations

import secrets
import uuid
from datetime import timedelta
from typing import TYPE_CHECKING, Annotated, Any

import anyio.to_thread
from fastapi import APIRouter, Depends, Header, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from itsdangerous import BadSignature, URLSafeSerializer
from pydantic import BaseModel, Field
from sqlalchemy import or_, select

from bot.adapters.webchat import PLATFORM, WebChatAdapter
from bot.console import lanes, limits
from bot.delivery import DeliveryLoop
from bot.links import LinkError, link_used, redeem_link, verify_token
from bot.messages import ChatRef, Incoming
from bot.outbox import SENDING, SENT
from bot.store.models import Account, Conversation, Message, OutboxItem
from bot.web.deps import AppDep
from bot.web.rendering import render

if TYPE_CHECKING:
    from bot.web.parts import Parts

CHAT_COOKIE = "repaybot_chat"
MAX_TEXT = 2000
COOKIE_DAYS = 30
# How long a message's own request keeps its replies from other requests while it puts
# the escalation in its lane (if that request dies, the polling delivers them after this).
SETTLE_LEASE_SECONDS = 30


class ChatPost(BaseModel):
    """One debtor message: typed text, or a pressed button's payload."""

    message_id: str = Field(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9-]+$")
    text: str = Field("", max_length=MAX_TEXT)
    payload: str | None = Field(None, max_length=200)


class ChatStart(BaseModel):
    """Start the chat (the bot speaks first) unless one is already open."""

    account: str | None = Field(None, max_length=64)
    lang: str | None = Field(None, max_length=16)
    link: str | None = Field(None, max_length=80)


#: HTTP status for each reason a chat link is refused (bot.links.LinkError.reason).
LINK_STATUS = {"invalid": 400, "wrong_channel": 400, "expired": 410, "used": 410}


class WebChat:
    """Cookie signing and message queries for the web chat."""

    def __init__(self, app: Parts) -> None:
        self.app = app
        secret = app.keys.link_secret
        self._ids = URLSafeSerializer(secret, salt="repaybot-web-chat")
        self._csrf = URLSafeSerializer(secret, salt="repaybot-web-chat-csrf")
        self.delivery = DeliveryLoop(WebChatAdapter(), app.outbox, run_db=app.db.run)

    def chat_id(self, request: Request) -> str | None:
        """The chat id from the signed cookie, if valid."""
        raw = request.cookies.get(CHAT_COOKIE)
        if not raw:
            return None
        try:
            value = self._ids.loads(raw)
        except BadSignature:
            return None
        return value if isinstance(value, str) else None

    def cookie(self, chat_id: str) -> str:
        return self._ids.dumps(chat_id)

    def csrf_token(self, chat_id: str) -> str:
        return self._csrf.dumps(chat_id)

    def csrf_ok(self, chat_id: str, token: str | None) -> bool:
        if not token:
            return False
        try:
            return bool(self._csrf.loads(token) == chat_id)
        except BadSignature:
            return False

    def has_open_conversation(self, chat_id: str) -> bool:
        with self.app.db.session() as s:
            return (
                s.scalar(
                    select(Conversation.id).where(
                        Conversation.platform == PLATFORM,
                        Conversation.chat_id == chat_id,
                        Conversation.is_open.is_(True),
                    )
                )
                is not None
            )

    async def deliver(self, chat_id: str) -> None:
        """Deliver what is due for this chat through the delivery core (the page then
        shows it): claimed once, started messages checked by the compliance rules."""
        await self.delivery.deliver_due(chat_id)

    def messages(self, chat_id: str, after: int) -> dict[str, Any]:
        """Messages of this chat after id ``after``: the debtor's, and delivered replies.

        The list stops before a reply another request is delivering right now, so
        the page's ``after`` never passes a reply it has not been shown.
        """
        with self.app.db.session() as s:
            conv_ids = select(Conversation.id).where(
                Conversation.platform == PLATFORM, Conversation.chat_id == chat_id
            )
            rows = s.execute(
                select(Message, OutboxItem.status)
                .outerjoin(OutboxItem, OutboxItem.message_id == Message.id)
                .where(Message.conversation_id.in_(conv_ids), Message.id > after)
                .where(or_(OutboxItem.id.is_(None), OutboxItem.status.in_([SENT, SENDING])))
                .order_by(Message.id)
                .limit(200)
            ).all()
            mode = s.scalar(
                select(Conversation.mode)
                .where(Conversation.platform == PLATFORM, Conversation.chat_id == chat_id)
                .order_by(Conversation.id.desc())
                .limit(1)
            )
        out = []
        for msg, status in rows:
            if status == SENDING:
                break
            out.append(
                {
                    "id": msg.id,
                    "direction": msg.direction,
                    "sender": msg.sender,
                    "text": msg.text,
                    "buttons": [{"label": b[0], "payload": b[1]} for b in (msg.buttons or [])],
                }
            )
        return {"messages": out, "mode": mode or "bot"}


async def get_chat(request: Request, app: AppDep) -> WebChat:
    """The web application's :class:`WebChat` (built on first use)."""
    found: WebChat | None = getattr(request.app.state, "web_chat", None)
    if found is None:
        found = request.app.state.web_chat = WebChat(app)
    return found


ChatDep = Annotated[WebChat, Depends(get_chat)]
CsrfHeader = Annotated[str | None, Header(alias="X-CSRF-Token")]
router = APIRouter(tags=["web chat"])


def _ref(chat_id: str) -> ChatRef:
    return ChatRef(platform=PLATFORM, chat_id=chat_id, user_id=chat_id)


def _require_chat(chat: WebChat, request: Request, token: str | None) -> str:
    chat_id = chat.chat_id(request)
    if chat_id is None:
        raise HTTPException(403, "open /chat first: no chat session")
    if not chat.csrf_ok(chat_id, token):
        raise HTTPException(403, "CSRF token missing or wrong")
    return chat_id


def _address(request: Request) -> str:
    return request.client.host if request.client else ""


def _limit_messages(app: Parts, request: Request, chat_id: str) -> None:
    """429 when this browser session or this address sends too fast."""
    cfg, now, minute = app.settings.webchat, app.clock(), timedelta(minutes=1)
    ok = limits.hit(app.db, f"chat:s:{chat_id}", cfg.messages_per_minute, minute, now)
    ok = ok and limits.hit(
        app.db, f"chat:a:{_address(request)}", cfg.address_messages_per_minute, minute, now
    )
    if not ok:
        raise HTTPException(429, "too many messages: wait a minute", {"Retry-After": "60"})


def _check_link(app: Parts, chat_id: str | None, token: str) -> int:
    """The account a chat link is for, if this browser may use it; else LinkError."""
    secret, now = app.keys.link_secret, app.clock()
    account_id, token_id = verify_token(token, channel=PLATFORM, secret=secret, now=now)
    if chat_id is not None and lanes.linked_account(app.db, PLATFORM, chat_id) == account_id:
        return account_id  # this browser started the chat with it
    with app.db.session() as s:
        if s.get(Account, account_id) is None:
            raise LinkError("invalid")
        if link_used(s, token_id):
            raise LinkError("used")
    return account_id


def _start_linked(app: Parts, chat_id: str, token: str, lang: str | None) -> None:
    """Bind the chat to the link's account (using the link) unless it already is."""
    account_id = _check_link(app, chat_id, token)
    if lanes.linked_account(app.db, PLATFORM, chat_id) == account_id:
        return
    secret, now = app.keys.link_secret, app.clock()
    with app.db.session() as s:
        redeem_link(s, token, channel=PLATFORM, secret=secret, now=now)
        account_ref = s.scalar(select(Account.account_ref).where(Account.id == account_id))
    app.engine.greet(_ref(chat_id), account_ref=account_ref, locale=lang)
    lanes.mark_linked(app.db, PLATFORM, chat_id, account_id)


def _settle(app: Parts, request: Request, chat_id: str) -> set[int]:
    cfg = app.settings.webchat
    return lanes.settle_web_chat(
        app.db, PLATFORM, chat_id, _address(request), cfg.unverified_escalations_per_hour,
        app.clock(),
    )  # fmt: skip


@router.get("/chat", response_class=HTMLResponse, include_in_schema=False)
def page(
    request: Request,
    app: AppDep,
    chat: ChatDep,
    account: str | None = Query(None, max_length=64),
    lang: str | None = Query(None, max_length=16),
    link: str | None = Query(None, max_length=80),
) -> Response:
    """The chat page; a new browser gets a chat id in a signed cookie."""
    chat_id = chat.chat_id(request)
    enabled = app.settings.dialog.enabled_locales
    if link is not None:
        try:
            _check_link(app, chat_id, link)
        except LinkError as exc:
            return render(
                request,
                "chat/link_error.html",
                {"reason": exc.reason, "page_locale": lang if lang in enabled else None},
                status_code=LINK_STATUS.get(exc.reason, 400),
            )
        account = None
    if chat_id is None:
        per_hour = app.settings.webchat.address_chats_per_hour
        key = f"chat:new:{_address(request)}"
        if not limits.hit(app.db, key, per_hour, timedelta(hours=1), app.clock()):
            busy = render(
                request,
                "chat/busy.html",
                {"page_locale": lang if lang in enabled else None},
                status_code=429,
            )
            busy.headers["Retry-After"] = "3600"
            return busy
        chat_id = uuid.uuid4().hex
    context = {
        "csrf_token": chat.csrf_token(chat_id),
        "account": account or "",
        "link": link or "",
        "lang": lang if lang in enabled else "",
        "page_locale": lang if lang in enabled else None,
        "poll_seconds": app.settings.console.queue_poll_seconds,
    }
    response = render(request, "chat/chat.html", context)
    response.set_cookie(
        CHAT_COOKIE,
        chat.cookie(chat_id),
        max_age=COOKIE_DAYS * 86400,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/chat",
    )
    return response


@router.post("/chat/start")
async def start(
    request: Request,
    app: AppDep,
    chat: ChatDep,
    body: ChatStart,
    x_csrf_token: CsrfHeader = None,
) -> JSONResponse:
    """Greet the debtor (the bot speaks first) unless the chat is already running."""
    chat_id = _require_chat(chat, request, x_csrf_token)
    await anyio.to_thread.run_sync(_limit_messages, app, request, chat_id)

    lang = body.lang if body.lang in app.settings.dialog.enabled_locales else None

    def run() -> None:
        if body.link:
            _start_linked(app, chat_id, body.link.strip(), lang)
            _settle(app, request, chat_id)
        elif not chat.has_open_conversation(chat_id):
            account = body.account.strip() if body.account else None
            with app.db.session() as s:
                known = account and s.scalar(
                    select(Account.id).where(Account.account_ref == account)
                )
            app.engine.greet(_ref(chat_id), account_ref=account if known else None, locale=lang)
            _settle(app, request, chat_id)

    try:
        await anyio.to_thread.run_sync(run)
    except LinkError as exc:
        raise HTTPException(LINK_STATUS.get(exc.reason, 400), str(exc)) from None
    await chat.deliver(chat_id)
    return JSONResponse(await anyio.to_thread.run_sync(chat.messages, chat_id, 0))


@router.get("/chat/messages")
async def messages(request: Request, chat: ChatDep, after: int = Query(0, ge=0)) -> JSONResponse:
    """Messages after id ``after`` (the debtor's and the replies)."""
    chat_id = chat.chat_id(request)
    if chat_id is None:
        raise HTTPException(403, "open /chat first: no chat session")
    await chat.deliver(chat_id)
    data = await anyio.to_thread.run_sync(chat.messages, chat_id, after)
    return JSONResponse(data)


@router.post("/chat/messages")
async def post(
    request: Request,
    app: AppDep,
    chat: ChatDep,
    body: ChatPost,
    after: int = Query(0, ge=0),
    x_csrf_token: CsrfHeader = None,
) -> JSONResponse:
    """A debtor message; answers with every message after ``after``."""
    chat_id = _require_chat(chat, request, x_csrf_token)
    await anyio.to_thread.run_sync(_limit_messages, app, request, chat_id)
    text = body.text.strip()
    if not text and not body.payload:
        raise HTTPException(422, "a message needs text or a button payload")
    incoming = Incoming(
        chat=_ref(chat_id),
        # namespaced by chat so one browser cannot collide with another's ids
        message_id=f"{chat_id[:24]}:{body.message_id}",
        text=text,
        payload=body.payload,
        timestamp=app.clock(),
    )

    def run() -> None:
        # The replies are claimed in the turn's transaction, so no other request (the
        # page's polling) delivers them before the escalation is in its lane: a capped
        # hand-over must never reach the debtor as a promise of a colleague.
        turn = app.engine.process(incoming, lease_seconds=SETTLE_LEASE_SECONDS)
        try:
            capped = _settle(app, request, chat_id)
            if turn.conversation_id in capped:  # not passed to a colleague: say so instead
                lanes.refuse_handoff(app.db, turn.conversation_id, turn.promised, turn.refused)
        finally:
            app.outbox.release([d.id for d in turn.leased])

    await anyio.to_thread.run_sync(run)
    await chat.deliver(chat_id)
    return JSONResponse(await anyio.to_thread.run_sync(chat.messages, chat_id, after))


def new_message_id() -> str:
    """A message id like the page generates (for scripts and tests)."""
    return secrets.token_hex(16)
