"""The Telegram adapter: long polling or webhook in, the outbox out.

An update is acknowledged only after the dialog engine committed it: in polling
mode the ``getUpdates`` offset moves past an update once it is processed, and
the webhook route answers 200 only after :meth:`TelegramAdapter.handle_json`
returned. A crash in between means Telegram delivers the update again, and the
engine's dedupe on the update id makes that harmless. That is why this adapter
uses PTB's :class:`~telegram.Bot` for API calls but not its ``Updater`` or
webhook server, which acknowledge before handlers run.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import Callable, Coroutine
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import IntegrityError, OperationalError
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError
from telegram.request import HTTPXRequest

from bot.adapters.base import numbered_text, split_text
from bot.adapters.telegram_delivery import DeliveryLoop, retry_after_seconds
from bot.adapters.telegram_pacing import Pacer
from bot.adapters.telegram_reach import clear_blocked, record_blocked
from bot.adapters.telegram_updates import (
    ALLOWED_UPDATES,
    Membership,
    Press,
    parse_json,
    parse_update,
)
from bot.config import ComplianceSettings, TelegramSettings
from bot.messages import Incoming, Reply
from bot.store.db import Database

if TYPE_CHECKING:
    from bot.app import App

# Opt in to PTB's timedelta time periods (RetryAfter.retry_after and friends);
# otherwise every 429 also emits a deprecation warning. Both forms are handled.
os.environ.setdefault("PTB_TIMEDELTA", "1")

log = logging.getLogger(__name__)

MAX_TEXT = 4096
MAX_CALLBACK_DATA = 64
EMPTY_TEXT = "…"
# Later parts of a split reply wait for a 429 in place (well inside the outbox
# lease) rather than failing the whole reply, which would repeat earlier parts.
MAX_INLINE_WAIT = 30.0

Process = Callable[[Incoming], object]


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    """One button per row; None when the reply has no (renderable) buttons.

    Telegram limits callback data to 64 bytes; a reply whose payloads do not
    fit is sent as numbered text instead (see :func:`render`).
    """
    if not reply.buttons or not fits_keyboard(reply):
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.label, callback_data=b.payload)] for b in reply.buttons]
    )


def fits_keyboard(reply: Reply) -> bool:
    """Whether every payload fits Telegram's callback data."""
    return all(0 < len(b.payload.encode()) <= MAX_CALLBACK_DATA for b in reply.buttons)


def render(reply: Reply) -> tuple[list[str], InlineKeyboardMarkup | None]:
    """The message parts to send and the keyboard for the last one."""
    markup = keyboard(reply)
    text = reply.text if markup is not None or not reply.buttons else numbered_text(reply)
    return split_text(text or EMPTY_TEXT, MAX_TEXT), markup


class TelegramAdapter:
    """Connects one bot to the dialog engine and delivers its outbox.

    Args:
        settings: the ``[telegram]`` section.
        db: the database (outbox, identities, opt-outs).
        clock: the application clock.
        process: the engine's ``process(Incoming)``; synchronous, run in a thread.
        chat_rate, chat_burst, global_rate, global_burst: pacing in messages per
            second and how many may go at once (Telegram: about 1/s per chat,
            short bursts tolerated, about 30/s overall).
        poll_timeout: long-polling timeout for ``getUpdates`` (seconds).
        delivery_interval: how often the outbox is looked at without a nudge.
        backoff_base: first retry delay after a network error (doubles).
        request_timeout: read/write timeout of Bot API calls.
    """

    platform = "telegram"

    def __init__(
        self,
        settings: TelegramSettings,
        *,
        db: Database,
        clock: Callable[[], datetime],
        process: Process,
        chat_rate: float = 1.0,
        chat_burst: float = 3.0,
        global_rate: float = 30.0,
        global_burst: float = 30.0,
        poll_timeout: int = 30,
        delivery_interval: float = 1.0,
        backoff_base: float = 2.0,
        max_update_attempts: int = 5,
        request_timeout: float = 10.0,
        compliance: ComplianceSettings | None = None,
    ) -> None:
        self.settings = settings
        self.db = db
        self.clock = clock
        self.process = process
        self.username = settings.bot_username
        self.poll_timeout = poll_timeout
        self.backoff_base = backoff_base
        self.max_update_attempts = max_update_attempts
        self.bot = Bot(
            settings.token.reveal(),
            base_url=settings.base_url,
            request=HTTPXRequest(
                connection_pool_size=64,
                read_timeout=request_timeout,
                write_timeout=request_timeout,
            ),
            get_updates_request=HTTPXRequest(connection_pool_size=1, read_timeout=request_timeout),
        )
        self.pacer = Pacer(chat_rate, global_rate, chat_burst, global_burst)
        self.delivery = DeliveryLoop(
            db=db,
            clock=clock,
            send=self.send,
            poll_interval=delivery_interval,
            backoff_base=backoff_base,
            compliance=compliance,
        )
        self._poll_task: asyncio.Task[None] | None = None
        self._long_polling = False
        self._stopping = False
        self._offset: int | None = None
        self._confirmed: int | None = None
        self._background: set[asyncio.Task[None]] = set()

    # lifecycle -----------------------------------------------------------------

    async def start(self) -> None:
        """Check the token (getMe), set up webhook or polling, start delivering."""
        self._stopping = False
        await self.bot.initialize()
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
        await self.delivery.start()
        log.info("telegram: @%s connected in %s mode", self.username, self.settings.mode)

    async def stop(self) -> None:
        """Finish the update and sends under way, acknowledge, disconnect."""
        self._stopping = True
        try:
            await self._stop_polling()
        finally:
            await self.delivery.stop()
            if self._background:
                await asyncio.gather(*self._background, return_exceptions=True)
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

    async def send(self, chat_id: str, reply: Reply) -> str | None:
        """Send ``reply`` (paced, split at 4096 characters, buttons on the last part).

        Returns:
            Telegram's id of the last message sent.

        Raises:
            telegram.error.TelegramError: when the first part cannot be sent;
                later parts are retried here so a retry of the whole reply
                does not repeat the parts already delivered.
        """
        parts, markup = render(reply)
        message_id: str | None = None
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            message_id = await self._send_part(
                chat_id, part, markup if last else None, retries=0 if i == 0 else 3
            )
        return message_id

    async def _send_part(
        self, chat_id: str, text: str, markup: InlineKeyboardMarkup | None, retries: int
    ) -> str:
        attempt = 0
        while True:
            await self.pacer.wait(chat_id)
            try:
                sent = await self.bot.send_message(chat_id=chat_id, text=text, reply_markup=markup)
                return str(sent.message_id)
            except BadRequest:
                raise
            except RetryAfter as exc:
                delay = retry_after_seconds(exc)
                if attempt >= retries or delay > MAX_INLINE_WAIT:
                    raise
                await asyncio.sleep(delay)
            except NetworkError:
                if attempt >= retries:
                    raise
                await asyncio.sleep(self.backoff_base * 2**attempt)
            attempt += 1

    # receiving -----------------------------------------------------------------

    async def handle_json(self, data: object) -> None:
        """Process a webhook body; returns once the engine committed it.

        Raises:
            BadUpdate: the body is not a Telegram update.
        """
        await self.handle(parse_json(data, self.bot))

    async def handle(self, update: Update) -> None:
        """Process one update through the engine (commit before returning)."""
        parsed = parse_update(update, self.username)
        if parsed.incoming is not None:
            await asyncio.to_thread(self._process, parsed.incoming)
            self.delivery.unblocked(parsed.incoming.chat.chat_id)
            self.delivery.notify()
            if parsed.press is not None:
                self._spawn(self._close_keyboard(parsed.press))
        elif parsed.membership is not None:
            await asyncio.to_thread(self._membership, parsed.membership)

    def _process(self, incoming: Incoming) -> None:
        with self.db.session() as s:
            clear_blocked(s, incoming.chat.user_id, self.clock())
        try:
            self.process(incoming)
        except IntegrityError:
            # The same update, delivered twice at once, was committed by the
            # other worker first; processing again finds it as a duplicate.
            self.process(incoming)

    def _membership(self, change: Membership) -> None:
        with self.db.session() as s:
            if change.blocked:
                record_blocked(s, change.user_id, change.chat_id, self.clock())
            else:
                clear_blocked(s, change.user_id, self.clock())
        if change.blocked:
            log.info("telegram: chat %s blocked the bot", change.chat_id)
        else:
            self.delivery.unblocked(change.chat_id)

    async def _close_keyboard(self, press: Press) -> None:
        """Answer the press and take the keyboard away, so it cannot be pressed twice."""
        try:
            await self.bot.answer_callback_query(press.query_id)
        except TelegramError as exc:
            log.debug("telegram: answerCallbackQuery failed: %s", exc)
        try:
            await self.bot.edit_message_reply_markup(
                chat_id=press.chat_id, message_id=press.message_id, reply_markup=None
            )
        except TelegramError as exc:
            log.debug("telegram: editMessageReplyMarkup failed: %s", exc)

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
            await self._process_batch(updates)

    async def _process_batch(self, updates: tuple[Update, ...]) -> None:
        for update in updates:
            if self._stopping:
                return
            attempt = 0
            while True:
                try:
                    await self.handle(update)
                    break
                except OperationalError:
                    log.exception("telegram: database unavailable; update %s waits", update)
                except Exception:
                    attempt += 1
                    log.exception("telegram: update %s failed", update.update_id)
                    if attempt >= self.max_update_attempts:
                        log.error("telegram: skipping update %s", update.update_id)
                        break
                if self._stopping:
                    return
                await asyncio.sleep(min(60.0, self.backoff_base * 2**attempt))
            self._offset = update.update_id + 1

    async def _confirm_offset(self) -> None:
        """Tell Telegram which updates are done (it learns that from the next offset)."""
        if self._offset is None or self._offset == self._confirmed:
            return
        with contextlib.suppress(TelegramError):
            await self.bot.get_updates(offset=self._offset, timeout=0, limit=1)
            self._confirmed = self._offset


def fetch_username(settings: TelegramSettings) -> str:
    """The bot's ``@username`` (without the @): from config, else asked with getMe.

    For commands that run outside the event loop (``repaybot links create``).

    Raises:
        telegram.error.TelegramError: the token is wrong or Telegram is unreachable.
    """
    if settings.bot_username:
        return settings.bot_username.lstrip("@")

    async def ask() -> str:
        async with Bot(settings.token.reveal(), base_url=settings.base_url) as bot:
            return bot.username

    return asyncio.run(ask())


def from_app(app: App) -> TelegramAdapter | None:
    """The adapter for ``app``, or None when no Telegram token is configured."""
    settings = app.settings.telegram
    if not settings.token:
        return None
    engine = app.engine
    return TelegramAdapter(
        settings,
        db=app.db,
        clock=app.clock,
        process=engine.process,
        compliance=app.settings.compliance,
    )
