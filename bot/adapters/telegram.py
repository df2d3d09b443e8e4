"""The Telegram adapter: updates in (webhook or long polling), one message out.

An update is acknowledged only after the dialog engine committed it: in polling
mode the ``getUpdates`` offset moves past an update once it is processed, and
the webhook route answers 200 only after :meth:`TelegramAdapter.handle_json`
returned. A crash in between means Telegram delivers the update again, and the
engine's dedupe on the update id makes that harmless. That is why this adapter
uses python-telegram-bot's :class:`~telegram.Bot` for getMe, the webhook and
polling, but not its ``Updater`` or webhook server, which acknowledge before
handlers run. Sending goes through :class:`~bot.adapters.telegram_api.BotApi`
(one keep-alive client); the delivery core (:mod:`bot.delivery`) decides what
to send and what to do when it fails. The adapter writes nothing itself.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy.exc import IntegrityError, OperationalError
from telegram import Bot
from telegram.error import TelegramError
from telegram.request import HTTPXRequest

from bot.adapters.base import numbered_text, split_text
from bot.adapters.telegram_api import BotApi
from bot.adapters.telegram_pacing import Pacer
from bot.adapters.telegram_updates import ALLOWED_UPDATES, Parsed, parse
from bot.adapters.tls import tls_context
from bot.config import TelegramSettings
from bot.messages import (
    Blocked,
    Button,
    Incoming,
    Outbound,
    Pressed,
    Reply,
    Retry,
    SendResult,
    Sent,
    Unblocked,
)

if TYPE_CHECKING:
    from bot.store.db import Database

log = logging.getLogger(__name__)

MAX_TEXT = 4096
MAX_CALLBACK_DATA = 64
EMPTY_TEXT = "…"
# Later parts of a split message wait for a 429 in place (well inside the outbox
# lease) rather than failing the whole message, which would repeat earlier parts.
MAX_INLINE_WAIT = 30.0

Process = Callable[[Incoming], object]
Record = Callable[[Blocked | Unblocked], object]
Run = Callable[..., Awaitable[Any]]


def keyboard(buttons: tuple[Button, ...]) -> dict[str, Any] | None:
    """One button per row; None when there are no (renderable) buttons.

    Telegram limits callback data to 64 bytes; choices whose payloads do not
    fit are sent as numbered text instead (see :func:`render`).
    """
    if not buttons or not fits_keyboard(buttons):
        return None
    return {"inline_keyboard": [[{"text": b.label, "callback_data": b.payload}] for b in buttons]}


def fits_keyboard(buttons: tuple[Button, ...]) -> bool:
    """Whether every payload fits Telegram's callback data."""
    return all(0 < len(b.payload.encode()) <= MAX_CALLBACK_DATA for b in buttons)


def render(reply: Reply) -> tuple[list[str], dict[str, Any] | None]:
    """The message parts to send and the keyboard for the last one."""
    markup = keyboard(reply.buttons)
    text = reply.text if markup is not None or not reply.buttons else numbered_text(reply)
    return split_text(text or EMPTY_TEXT, MAX_TEXT), markup


async def _to_thread(fn: Callable[..., Any], *args: Any) -> Any:
    return await asyncio.to_thread(fn, *args)


class TelegramAdapter:
    """One bot: parses updates for the engine and sends what the delivery core gives it.

    Args:
        settings: the ``[telegram]`` section.
        process: the engine's ``process(Incoming)``; synchronous, run by ``run``.
        record: the engine's ``record(Blocked | Unblocked)``.
        run: runs a blocking call off the event loop (the database's writer).
        chat_rate, chat_burst, global_rate, global_burst: pacing in messages per
            second and how many may go at once (Telegram: about 1/s per chat,
            short bursts tolerated, about 30/s overall).
        poll_timeout: long-polling timeout for ``getUpdates`` (seconds).
        backoff_base: first wait after a failed update or poll (doubles).
        request_timeout: read/write timeout of Bot API calls.
    """

    platform = "telegram"
    max_text = MAX_TEXT

    def __init__(
        self,
        settings: TelegramSettings,
        *,
        process: Process,
        record: Record | None = None,
        run: Run | None = None,
        chat_rate: float = 1.0,
        chat_burst: float = 3.0,
        global_rate: float = 30.0,
        global_burst: float = 30.0,
        poll_timeout: int = 30,
        backoff_base: float = 2.0,
        max_update_attempts: int = 5,
        request_timeout: float = 10.0,
    ) -> None:
        self.settings = settings
        self.process = process
        self.record = record
        self.run: Run = run or _to_thread
        self.username = settings.bot_username
        self.poll_timeout = poll_timeout
        self.backoff_base = backoff_base
        self.max_update_attempts = max_update_attempts
        shared_tls = {"verify": tls_context()}
        self.bot = Bot(
            settings.token.reveal(),
            base_url=settings.base_url,
            request=HTTPXRequest(
                connection_pool_size=8, read_timeout=request_timeout, httpx_kwargs=shared_tls
            ),
            # Two: the acknowledgement at stop must not wait for a long poll just cancelled.
            get_updates_request=HTTPXRequest(
                connection_pool_size=2, read_timeout=request_timeout, httpx_kwargs=shared_tls
            ),
        )
        self.api = BotApi(settings.base_url, settings.token.reveal(), request_timeout)
        self.pacer = Pacer(chat_rate, global_rate, chat_burst, global_burst)
        # Told after each committed message, with what ``process`` returned (None
        # for a lifted block): the delivery core takes the turn's replies.
        self.on_processed: Callable[[object], None] = lambda _result: None
        self._poll_task: asyncio.Task[None] | None = None
        self._long_polling = False
        self._stopping = False
        self._offset: int | None = None
        self._confirmed: int | None = None
        self._background: set[asyncio.Task[None]] = set()

    # lifecycle -----------------------------------------------------------------

    async def start(self) -> None:
        """Check the token (getMe), set up webhook or polling."""
        self._stopping = False
        await self.bot.initialize()
        await self.api.start()
        if not self.username:
            self.username = self.bot.username
        if self.settings.mode == "webhook":
            if self.settings.webhook_url:
                await self.bot.set_webhook(
                    url=self.settings.webhook_url,
                    secret_token=self.settings.webhook_secret.reveal() or None,
                    allowed_updates=ALLOWED_UPDATES,
                )
        else:
            await self.bot.delete_webhook()
            self._poll_task = asyncio.create_task(self._poll(), name="telegram-polling")
        log.info("telegram: @%s connected in %s mode", self.username, self.settings.mode)

    async def stop(self) -> None:
        """Finish the update under way, acknowledge, disconnect."""
        self._stopping = True
        try:
            await self._stop_polling()
        finally:
            if self._background:
                await asyncio.gather(*self._background, return_exceptions=True)
            await self.api.stop()
            await self.bot.shutdown()

    async def _stop_polling(self) -> None:
        if self._poll_task is None:
            return
        task, self._poll_task = self._poll_task, None
        if self._long_polling:
            task.cancel()  # only the long poll: an update being processed finishes
        try:
            await asyncio.wait_for(task, timeout=10)
        except (asyncio.CancelledError, TimeoutError):
            pass
        except Exception:
            log.exception("telegram polling had stopped with an error")
        await self._confirm_offset()

    # sending -------------------------------------------------------------------

    async def send(self, message: Outbound) -> SendResult:
        """Send one message (paced, split at 4096 characters, buttons on the last part).

        A failure of the first part is returned as is; later parts are retried
        here, so a retry of the whole message does not repeat parts already
        delivered. Sent carries Telegram's id of the last part.
        """
        parts, markup = render(Reply(message.text, message.buttons))
        result: SendResult = Sent()
        for i, part in enumerate(parts):
            payload: dict[str, Any] = {"chat_id": message.chat_id, "text": part}
            if markup is not None and i == len(parts) - 1:
                payload["reply_markup"] = markup
            result = await self._send_part(message.chat_id, payload, retries=0 if i == 0 else 3)
            if not isinstance(result, Sent):
                return result
        return result

    async def _send_part(self, chat_id: str, payload: dict[str, Any], retries: int) -> SendResult:
        attempt = 0
        while True:
            await self.pacer.wait(chat_id)
            result = await self.api.call("sendMessage", payload)
            if not isinstance(result, Retry) or attempt >= retries:
                return result
            delay = result.after if result.after is not None else self.backoff_base * 2**attempt
            if delay > MAX_INLINE_WAIT:
                return result
            await asyncio.sleep(delay)
            attempt += 1

    # receiving -----------------------------------------------------------------

    async def handle_json(self, data: object) -> None:
        """Process a webhook body; returns once the engine committed it.

        Raises:
            BadUpdate: the body is not a Telegram update.
        """
        await self.handle(parse(data, self.username))

    async def handle(self, parsed: Parsed) -> None:
        """Hand one parsed update to the engine (committed before returning)."""
        if parsed.incoming is not None:
            self.on_processed(await self.run(self._process, parsed.incoming))
            if parsed.press is not None:
                self._spawn(self._close_keyboard(parsed.press))
        elif parsed.reach is not None:
            if self.record is not None:
                await self.run(self.record, parsed.reach)
            if isinstance(parsed.reach, Blocked):
                log.info("telegram: chat %s blocked the bot", parsed.reach.chat.chat_id)
            else:
                self.on_processed(None)

    def _process(self, incoming: Incoming) -> object:
        try:
            return self.process(incoming)
        except IntegrityError:
            # The same update, delivered twice at once, was committed by the
            # other worker first; processing again finds it as a duplicate.
            return self.process(incoming)

    async def _close_keyboard(self, press: Pressed) -> None:
        """Answer the press and take the keyboard away, so it cannot be pressed twice."""
        answered = await self.api.call("answerCallbackQuery", {"callback_query_id": press.query_id})
        if not isinstance(answered, Sent):
            log.debug("telegram: answerCallbackQuery failed: %s", answered)
        edited = await self.api.call(
            "editMessageReplyMarkup",
            {"chat_id": press.chat.chat_id, "message_id": int(press.message_id)},
        )
        if not isinstance(edited, Sent):
            log.debug("telegram: editMessageReplyMarkup failed: %s", edited)

    def _spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(coro)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    # polling -------------------------------------------------------------------

    async def _poll(self) -> None:
        failures = 0
        while not self._stopping:
            try:
                self._long_polling = True
                updates = await self.bot.get_updates(
                    offset=self._offset,
                    timeout=self.poll_timeout,
                    allowed_updates=ALLOWED_UPDATES,
                )
                self._confirmed = self._offset
            except TelegramError as exc:
                failures += 1
                log.warning("telegram: getUpdates failed (%s)", exc)
                await asyncio.sleep(min(60.0, self.backoff_base * 2 ** min(failures, 6)))
                continue
            finally:
                self._long_polling = False
            failures = 0
            await self._process_batch([u.to_dict() for u in updates])

    async def _process_batch(self, updates: list[dict[str, Any]]) -> None:
        for update in updates:
            if self._stopping:
                return
            update_id = int(update["update_id"])
            attempt = 0
            while True:
                try:
                    await self.handle(parse(update, self.username))
                    break
                except OperationalError:
                    log.exception("telegram: database unavailable; update %s waits", update_id)
                except Exception:
                    attempt += 1
                    log.exception("telegram: update %s failed", update_id)
                    if attempt >= self.max_update_attempts:
                        log.error("telegram: skipping update %s", update_id)
                        break
                if self._stopping:
                    return
                await asyncio.sleep(min(60.0, self.backoff_base * 2**attempt))
            self._offset = update_id + 1

    async def _confirm_offset(self) -> None:
        """Tell Telegram which updates are done (it learns that from the next offset)."""
        if self._offset is None or self._offset == self._confirmed:
            return
        # A proxy's hiccup: a few short tries, then Telegram resends (dedupe answers once).
        for attempt in range(_CONFIRM_TRIES):
            try:
                await self.bot.get_updates(offset=self._offset, timeout=0, limit=1)
            except TelegramError as exc:
                if attempt == _CONFIRM_TRIES - 1:
                    log.warning("telegram: could not acknowledge updates before %s (%s)",
                                self._offset, exc)  # fmt: skip
                    return
                await asyncio.sleep(0.2 * (attempt + 1))
            else:
                self._confirmed = self._offset
                return


_CONFIRM_TRIES = 3


class _Engine(Protocol):
    def process(self, incoming: Incoming) -> object: ...

    def record(self, event: Blocked | Unblocked) -> object: ...


class _Settings(Protocol):
    @property
    def telegram(self) -> TelegramSettings: ...


class Parts(Protocol):
    """What :func:`from_app` uses of the application."""

    @property
    def settings(self) -> _Settings: ...

    @property
    def db(self) -> Database: ...

    @property
    def engine(self) -> _Engine: ...


def from_app(app: Parts) -> TelegramAdapter | None:
    """The adapter for ``app``, or None when no Telegram token is configured."""
    settings = app.settings.telegram
    if not settings.token:
        return None
    engine = app.engine
    return TelegramAdapter(settings, process=engine.process, record=engine.record, run=app.db.run)
