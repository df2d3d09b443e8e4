"""``GET|POST /webhooks/wechat``: WeChat's server verification and its messages.

A POSTed message is authenticated and read by the adapter
(:class:`~bot.adapters.wechat.WechatCodec`), then the dialog engine handles it
in one transaction; the replies that fit the passive answer (the HTTP answer,
about 2,000 bytes) are stored as sent in that same transaction and returned.
If the engine has not answered within ``reply_deadline_seconds`` the answer is
``success`` and the engine finishes in the background; the delivery core then
sends its replies as customer-service messages. An unfollow is recorded by the
engine (opt-out, nothing deliverable).

Refused requests get a bare status (400 malformed, 403 not authentic or stale,
413 too large) and leave nothing stored; the reason goes to the log only.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import PlainTextResponse
from sqlalchemy import select
from starlette.routing import Route

from bot.adapters.wechat import SUCCESS, PassiveFit, WechatCodec
from bot.adapters.wechat_messages import PLATFORM, UNSUPPORTED_TEXT, Unsupported, unsupported_text
from bot.adapters.wechat_protocol import WechatRequestError
from bot.i18n import Catalogs, I18nError
from bot.messages import Incoming, Unfollowed
from bot.store.models import Conversation
from bot.web.deps import get_app, wake_delivery

if TYPE_CHECKING:
    from bot.dialog.engine import Turn
    from bot.web.parts import Parts

log = logging.getLogger(__name__)

PATH = "/webhooks/wechat"
# How long a request past its deadline looks for what another delivery of its
# message was answered (WeChat gives up on an answer after 5 s).
GIVEN_CHECK_SECONDS = 0.4
STATUS_TEXT = {400: "bad request", 403: "forbidden", 404: "not found", 413: "too large"}


def _nothing() -> None:
    pass


class WechatWebhook:
    """Handles ``GET`` (server verification) and ``POST`` (messages) from WeChat."""

    def __init__(self, app: Parts) -> None:
        self.app = app
        self.settings = app.settings.wechat
        self.codec = WechatCodec(self.settings)
        self.catalogs = Catalogs(app.settings.dialog.locales_dir)
        self._background: set[asyncio.Future[Any]] = set()

    @property
    def enabled(self) -> bool:
        """WeChat is configured (a Token to check signatures with)."""
        return self.codec.enabled

    def verify(self, params: Mapping[str, str]) -> str:
        """Answer WeChat's server verification with ``echostr``."""
        return self.codec.verify(params)

    async def handle(
        self, params: Mapping[str, str], body: bytes, notify: Callable[[], None] = _nothing
    ) -> str:
        """Authenticate one POSTed message, run the engine, return the HTTP answer body.

        ``notify`` wakes the delivery core when replies are left for it.

        Raises:
            WechatRequestError: the request is not authentic, stale, too big or malformed;
                nothing has been stored.
        """
        now = self.app.clock().timestamp()
        envelope, message = self.codec.open(params, body, now)
        if message is None:
            return SUCCESS
        if isinstance(message, Unsupported):
            text = await self.app.db.run(self._unsupported_text, message.chat_id)
            return self.codec.reply_xml(envelope, text, params, now)
        if isinstance(message, Unfollowed):
            await self.app.db.run(self.app.engine.record, message)
            return SUCCESS
        deadline = time.monotonic() + self.settings.reply_deadline_seconds
        turn = await self._process(message, self.codec.passive(deadline), deadline, notify)
        if turn is None:
            return SUCCESS
        if len(turn.passive_ids) < len(turn.outbox_ids):
            notify()
        return self.codec.answer(envelope, turn.passive, params, now)

    async def _process(
        self, incoming: Incoming, fit: PassiveFit, deadline: float, notify: Callable[[], None]
    ) -> Turn | None:
        """Run the engine; None if it has not answered by the reply deadline.

        The engine keeps running (and commits) after the deadline; its replies
        stay in the outbox for the delivery core.
        """
        engine = self.app.engine
        task = asyncio.ensure_future(
            self.app.db.run(functools.partial(engine.process, incoming, passive=fit))
        )
        self._background.add(task)
        task.add_done_callback(self._background.discard)
        try:
            return await asyncio.wait_for(
                asyncio.shield(task), timeout=max(0.0, deadline - time.monotonic())
            )
        except TimeoutError:
            pass
        # Another delivery of this message may have been answered meanwhile (WeChat
        # retries, and a message can reach two workers at once): answer what it was
        # answered, so that whichever answer WeChat takes, each reply arrives once.
        known, given = await self._given(incoming)
        if given is not None:
            task.add_done_callback(lambda _task: notify())
            return given
        log.info(
            "engine slower than %.1f s for WeChat message %s; replying later",
            self.settings.reply_deadline_seconds,
            incoming.message_id,
        )
        task.add_done_callback(functools.partial(self._late, notify, not known))
        return None

    async def _given(self, incoming: Incoming) -> tuple[bool, Turn | None]:
        """Whether the store could be read in time, and the stored turn of ``incoming``
        if an answer already carried some of its replies."""
        try:
            turn = await asyncio.wait_for(
                asyncio.to_thread(self.app.engine.stored, incoming), GIVEN_CHECK_SECONDS
            )
        except TimeoutError:
            return False, None
        return True, turn if turn is not None and turn.passive else None

    def _late(self, notify: Callable[[], None], unknown: bool, task: asyncio.Future[Any]) -> None:
        """A turn finished after the answer (``success``) went: what it gave that answer
        goes by message instead. A duplicate's replies belong to the delivery that
        stored them, which was answered at the same time as this one (nothing was
        stored when this one looked); only if the store could not be read in time
        (``unknown``) are they resent, a late retry being then the likelier case."""
        if task.cancelled() or task.exception() is not None:
            if not task.cancelled():
                log.error("engine failed on a late WeChat message", exc_info=task.exception())
            return
        turn: Turn = task.result()
        if turn.passive_ids and (unknown or not turn.duplicate):
            later = asyncio.ensure_future(
                self.app.db.run(self.app.outbox.requeue, list(turn.passive_ids))
            )
            self._background.add(later)
            later.add_done_callback(self._background.discard)
        notify()

    def _unsupported_text(self, chat_id: str) -> str:
        """Ask the debtor to type, in the chat's language (catalog wording, else built-in)."""
        with self.app.db.session() as s:
            locale = s.scalar(
                select(Conversation.locale)
                .where(Conversation.platform == PLATFORM, Conversation.chat_id == chat_id)
                .order_by(Conversation.id.desc())
                .limit(1)
            )
        locale = locale or self.settings.default_locale
        msgid = UNSUPPORTED_TEXT["en"]
        try:
            translated = self.catalogs.gettext(locale, msgid)
        except I18nError:
            log.warning("cannot read the %s catalog; using the built-in wording", locale)
            translated = msgid
        return translated if translated != msgid else unsupported_text(locale)


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


def get_hook(request: Request) -> WechatWebhook:
    """The web application's WeChat webhook (built on first use)."""
    found: WechatWebhook | None = getattr(request.app.state, "wechat_hook", None)
    if found is None:
        found = request.app.state.wechat_hook = WechatWebhook(get_app(request))
    return found


async def verify(request: Request) -> Response:
    """WeChat's server verification (404 while WeChat is not configured)."""
    hook = get_hook(request)
    if not hook.enabled:
        return PlainTextResponse(STATUS_TEXT[404], status_code=404)
    try:
        echo = hook.verify(request.query_params)
    except WechatRequestError as exc:
        return _refuse(request, exc)
    return PlainTextResponse(echo)


async def receive(request: Request) -> Response:
    """One message or event from WeChat; the passive answer is the response."""
    hook = get_hook(request)
    if not hook.enabled:
        return PlainTextResponse(STATUS_TEXT[404], status_code=404)
    notify = functools.partial(wake_delivery, request, PLATFORM)
    try:
        body = await _read_body(request, hook.settings.max_body_bytes)
        answer = await hook.handle(request.query_params, body, notify)
    except WechatRequestError as exc:
        return _refuse(request, exc)
    if answer == SUCCESS:
        return PlainTextResponse(answer)
    return Response(answer, media_type="application/xml")


# Plain Starlette routes: the platforms' hot path skips FastAPI's per-request
# dependency solving (what they need comes from the request's app state).
router = APIRouter(
    routes=[
        Route(PATH, verify, methods=["GET"], include_in_schema=False),
        Route(PATH, receive, methods=["POST"], include_in_schema=False),
    ]
)
