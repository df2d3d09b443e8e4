"""WeChat Official Account adapter: webhook in, passive replies and customer-service out.

WeChat POSTs each message to ``/webhooks/wechat`` and waits 5 seconds for the
answer. :class:`WechatWebhook` authenticates the request
(:mod:`bot.adapters.wechat_protocol`), turns it into an ``Incoming``
(:mod:`bot.adapters.wechat_messages`), runs the dialog engine in a thread and,
if the engine answers within ``reply_deadline_seconds``, returns its replies as
one passive text reply (encrypted in safe mode). Otherwise it answers
``success`` and the engine finishes in the background; :class:`WechatAdapter`'s
delivery loop then sends what is queued as customer-service messages
(:mod:`bot.adapters.wechat_api`), respecting WeChat's 48-hour window and its
per-window quota (:mod:`bot.adapters.wechat_outbox`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import select
from wechatpy.replies import TextReply

from bot.adapters.wechat_api import QUOTA_USED, WINDOW_CLOSED, CustomerService, WechatApiError
from bot.adapters.wechat_messages import (
    PASSIVE_LIMIT_BYTES,
    PLATFORM,
    UNSUPPORTED_TEXT,
    Unsupported,
    render,
    to_incoming,
    unsupported_text,
)
from bot.adapters.wechat_outbox import CUSTOM, take_passive, window_problem
from bot.adapters.wechat_protocol import (
    WechatRequestError,
    check_signature,
    check_timestamp,
    encrypt_reply,
    open_envelope,
    verify_echo,
)
from bot.i18n import Catalogs, I18nError
from bot.messages import Incoming, Reply
from bot.outbox import Outbox
from bot.store.models import Conversation

if TYPE_CHECKING:
    from bot.app import App

log = logging.getLogger(__name__)

SUCCESS = "success"
# WeChat codes that will not change by retrying the same message.
PERMANENT_CODES = frozenset({40003, 43004, 43019, 45002, WINDOW_CLOSED, QUOTA_USED})
MAX_ATTEMPTS = 8
UNFOLLOWED = "the debtor unfollowed the WeChat Official Account; WeChat cannot deliver messages"


class Turn(Protocol):
    """What the dialog engine returns for one incoming message."""

    @property
    def replies(self) -> Sequence[Reply]: ...

    @property
    def outbox_ids(self) -> Sequence[int]: ...

    @property
    def duplicate(self) -> bool: ...


class Engine(Protocol):
    """The dialog engine as the adapter uses it (synchronous, commits its own work)."""

    def process(self, incoming: Incoming) -> Turn: ...


class WechatWebhook:
    """Handles ``GET`` (server verification) and ``POST`` (messages) from WeChat."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.settings = app.settings.wechat
        self.outbox = app.outbox
        self.catalogs = Catalogs(app.settings.dialog.locales_dir)
        self._background: set[asyncio.Task[Any]] = set()

    @property
    def enabled(self) -> bool:
        """WeChat is configured (a Token to check signatures with)."""
        return bool(self.settings.token)

    def verify(self, params: Mapping[str, str]) -> str:
        """Answer WeChat's server verification with ``echostr``.

        Raises:
            WechatRequestError: the signature does not match (403) or a parameter is missing.
        """
        return verify_echo(params, self.settings.token.reveal())

    async def handle(self, params: Mapping[str, str], body: bytes) -> str:
        """Authenticate one POSTed message, run the engine, return the HTTP answer body.

        Raises:
            WechatRequestError: the request is not authentic, stale, too big or malformed;
                nothing has been stored.
        """
        s = self.settings
        if len(body) > s.max_body_bytes:
            raise WechatRequestError(413, f"body of {len(body)} bytes is over the limit")
        token = s.token.reveal()
        check_signature(params, token)
        check_timestamp(params, self.app.clock(), s.timestamp_tolerance_seconds)
        keys = (s.encoding_aes_key.reveal(), s.previous_encoding_aes_key.reveal())
        envelope = open_envelope(params, body, token=token, app_id=s.app_id, aes_keys=keys)
        message = to_incoming(envelope.fields, s.default_locale)
        if message is None:
            return SUCCESS
        if isinstance(message, Unsupported):
            text = await asyncio.to_thread(self._unsupported_text, message.chat_id)
        else:
            turn = await self._process(message)
            if turn is None:
                return SUCCESS
            if message.command == "stop":
                await asyncio.to_thread(self._drop, turn.outbox_ids)
                return SUCCESS
            text = await asyncio.to_thread(
                take_passive, self.app.db, self.app.clock(), turn.outbox_ids, PASSIVE_LIMIT_BYTES
            )
        if not text:
            return SUCCESS
        return self._reply_xml(envelope.fields, text, params, envelope.aes_key)

    def _reply_xml(
        self, fields: Mapping[str, str], text: str, params: Mapping[str, str], key: str | None
    ) -> str:
        stamp = str(int(self.app.clock().timestamp()))
        xml = TextReply(
            source=fields.get("ToUserName", ""),
            target=fields.get("FromUserName", ""),
            content=text,
            time=int(stamp),
        ).render()
        if key is None:
            return str(xml)
        return encrypt_reply(
            xml,
            token=self.settings.token.reveal(),
            key=key,
            app_id=self.settings.app_id,
            nonce=params.get("nonce", ""),
            timestamp=stamp,
        )

    async def _process(self, incoming: Incoming) -> Turn | None:
        """Run the engine; None if it has not answered by the reply deadline.

        The engine keeps running (and commits) after the deadline; its replies
        stay in the outbox for the delivery loop.
        """
        engine: Engine = self.app.engine
        task = asyncio.ensure_future(asyncio.to_thread(engine.process, incoming))
        self._background.add(task)
        task.add_done_callback(self._background.discard)
        try:
            return await asyncio.wait_for(
                asyncio.shield(task), timeout=self.settings.reply_deadline_seconds
            )
        except TimeoutError:
            log.info(
                "engine slower than %.1f s for WeChat message %s; replying later",
                self.settings.reply_deadline_seconds,
                incoming.message_id,
            )
            task.add_done_callback(_log_failure)
            return None

    def _drop(self, item_ids: Sequence[int]) -> None:
        for item_id in item_ids:
            self.outbox.mark_undeliverable(item_id, UNFOLLOWED)

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


def _log_failure(task: asyncio.Task[Any]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("engine failed on a late WeChat message", exc_info=task.exception())


class WechatAdapter:
    """Sends queued WeChat replies as customer-service messages (start/send/stop).

    Args:
        app: the composition root.
        poll_seconds: how often the delivery loop looks for due messages.
    """

    platform = PLATFORM

    def __init__(self, app: App, poll_seconds: float = 1.0) -> None:
        self.app = app
        self.settings = app.settings.wechat
        self.poll_seconds = poll_seconds
        self.outbox = Outbox(app.db, app.clock, app.settings.compliance)
        self.api = CustomerService(
            app_id=self.settings.app_id,
            app_secret=self.settings.app_secret.reveal(),
            api_base_url=self.settings.api_base_url,
            db=app.db,
            clock=app.clock,
        )
        # Replies younger than this may still go out as a passive reply.
        self.hold_seconds = self.settings.reply_deadline_seconds + 2.0
        self._stopping = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Start the delivery loop."""
        self._stopping.clear()
        self._task = asyncio.create_task(self._run(), name="wechat-delivery")

    async def stop(self) -> None:
        """Let the current batch finish, end the delivery loop, close the API connections."""
        self._stopping.set()
        if self._task is not None:
            await self._task
            self._task = None
        self.api.close()

    async def send(self, chat_id: str, reply: Reply) -> str | None:
        """Send one reply now as a customer-service message (no window check)."""
        return await asyncio.to_thread(
            self.api.send_text, chat_id, render(reply.text, reply.buttons)
        )

    async def _run(self) -> None:
        while not self._stopping.is_set():
            sent = 0
            try:
                sent = await asyncio.to_thread(self.deliver_due)
            except Exception:
                log.exception("WeChat delivery pass failed")
            if not sent:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), timeout=self.poll_seconds)

    def deliver_due(self) -> int:
        """Send every due WeChat message once; return how many were claimed."""
        items = self.outbox.claim_due(PLATFORM, hold_replies_seconds=self.hold_seconds)
        for item in items:
            with self.app.db.session() as s:
                problem = window_problem(
                    s,
                    item.chat_id,
                    self.app.clock(),
                    hours=self.settings.service_window_hours,
                    quota=self.settings.service_window_quota,
                )
            if problem:
                log.info("WeChat message %s undeliverable: %s", item.id, problem)
                self.outbox.mark_undeliverable(item.id, problem)
                continue
            try:
                msgid = self.api.send_text(item.chat_id, render(item.text, item.buttons))
            except WechatApiError as exc:
                self._failed(item.id, item.attempts, exc)
            else:
                self.outbox.mark_sent(item.id, f"{CUSTOM}:{msgid}" if msgid else CUSTOM)
        return len(items)

    def _failed(self, item_id: int, attempts: int, exc: WechatApiError) -> None:
        if exc.errcode == WINDOW_CLOSED:
            reason = "WeChat refused: the 48-hour customer-service window is closed (45015)"
        elif exc.errcode == QUOTA_USED:
            reason = "WeChat refused: the customer-service quota for this window is used (45047)"
        elif exc.errcode in PERMANENT_CODES:
            reason = f"WeChat refused the message: {exc.errmsg} ({exc.errcode})"
        elif attempts >= MAX_ATTEMPTS:
            reason = f"WeChat delivery failed {attempts} times; last error: {exc}"
        else:
            delay = min(3600.0, 10.0 * 2 ** (attempts - 1))
            log.warning("WeChat message %s not sent (%s); retrying in %.0f s", item_id, exc, delay)
            self.outbox.mark_retry(item_id, str(exc), delay)
            return
        log.warning("WeChat message %s undeliverable: %s", item_id, reason)
        self.outbox.mark_undeliverable(item_id, reason)


def from_app(app: App) -> WechatAdapter | None:
    """The WeChat adapter, or None when no AppID/AppSecret is configured."""
    s = app.settings.wechat
    if not s.app_id or not s.app_secret:
        return None
    return WechatAdapter(app)
