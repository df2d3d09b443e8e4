"""The Telegram delivery loop: outbox items → ``sendMessage``, once each.

The loop claims due items (a lease keeps other workers off them), sends each
chat's items in order through one worker per chat, and records the outcome:

- sent: Telegram's message id is stored with the item;
- 429: retried after Telegram's ``retry_after``, the chat waits as long;
- network trouble: retried with exponential backoff, up to ``max_attempts``;
- 403 (the debtor blocked the bot): undeliverable, the identity unreachable,
  an opt-out recorded, and nothing more is sent to that chat;
- any other 400: undeliverable (retrying would fail the same way).

A chat's later items wait while an earlier one is being retried, so replies
arrive in order.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import warnings
from collections import deque
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError
from telegram.warnings import PTBDeprecationWarning

from bot.adapters.telegram_reach import conversation_user, is_blocked, record_blocked
from bot.config import ComplianceSettings
from bot.messages import Reply
from bot.outbox import Delivery, Outbox
from bot.store.db import Database

log = logging.getLogger(__name__)

PLATFORM = "telegram"

Send = Callable[[str, Reply], Awaitable[str | None]]


def retry_after_seconds(exc: RetryAfter) -> float:
    """The wait Telegram asked for, in seconds."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class DeliveryLoop:
    """Delivers Telegram outbox items; :meth:`notify` wakes it at once."""

    def __init__(
        self,
        *,
        db: Database,
        clock: Callable[[], datetime],
        send: Send,
        poll_interval: float = 1.0,
        batch_size: int = 50,
        lease_seconds: int = 120,
        max_attempts: int = 10,
        backoff_base: float = 2.0,
        backoff_max: float = 300.0,
        compliance: ComplianceSettings | None = None,
    ) -> None:
        self.db = db
        self.clock = clock
        self.outbox = Outbox(db, clock, compliance)
        self.send = send
        self.poll_interval = poll_interval
        self.batch_size = batch_size
        self.lease_seconds = lease_seconds
        self.max_attempts = max_attempts
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        self._wake = asyncio.Event()
        self._stopping = False
        self._task: asyncio.Task[None] | None = None
        self._queues: dict[str, deque[Delivery]] = {}
        self._workers: dict[str, asyncio.Task[None]] = {}
        self._hold_until: dict[str, float] = {}
        self._blocked_chats: set[str] = set()

    def notify(self) -> None:
        """New items may be due: look now instead of at the next tick."""
        self._wake.set()

    def unblocked(self, chat_id: str) -> None:
        """The debtor unblocked the bot: their chat may be sent to again."""
        self._blocked_chats.discard(chat_id)

    async def start(self) -> None:
        """Begin delivering in the background."""
        self._stopping = False
        self._task = asyncio.create_task(self._run(), name="telegram-delivery")

    async def stop(self, grace_seconds: float = 5.0) -> None:
        """Finish the sends under way, give the queued items back."""
        self._stopping = True
        self._wake.set()
        if self._task is not None:
            # not cancelled: a claim cancelled mid-way would leave its items
            # leased to nobody until the lease runs out
            task, self._task = self._task, None
            try:
                await asyncio.wait_for(task, timeout=grace_seconds + 30)
            except (asyncio.CancelledError, TimeoutError):
                log.warning("telegram delivery: the loop did not stop in time")
        workers = list(self._workers.values())
        if workers:
            _done, pending = await asyncio.wait(workers, timeout=grace_seconds)
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
        leftover = [d.id for q in self._queues.values() for d in q]
        self._queues.clear()
        if leftover:
            await asyncio.to_thread(self.outbox.release, leftover)

    async def _run(self) -> None:
        while not self._stopping:
            self._wake.clear()
            claimed = 0
            if sum(len(q) for q in self._queues.values()) < self.batch_size:
                try:
                    items = await asyncio.to_thread(
                        self.outbox.claim_due, PLATFORM, self.batch_size, self.lease_seconds
                    )
                    claimed = len(items)
                    await self._dispatch(items)
                except Exception:
                    log.exception("telegram delivery: cannot claim outbox items")
            if claimed == self.batch_size:
                await asyncio.sleep(0)
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.poll_interval)

    async def _dispatch(self, items: list[Delivery]) -> None:
        now = time.monotonic()
        for item in items:
            hold = self._hold_until.get(item.chat_id, 0.0) - now
            if hold > 0:
                await asyncio.to_thread(self.outbox.release, [item.id], hold)
                continue
            self._queues.setdefault(item.chat_id, deque()).append(item)
            if item.chat_id not in self._workers:
                self._workers[item.chat_id] = asyncio.create_task(self._chat_worker(item.chat_id))

    async def _chat_worker(self, chat_id: str) -> None:
        queue = self._queues[chat_id]
        try:
            while queue and not self._stopping:
                hold = await self._deliver(queue.popleft())
                if hold is not None:
                    self._hold_until[chat_id] = time.monotonic() + hold
                    rest = [d.id for d in queue]
                    queue.clear()
                    await asyncio.to_thread(self.outbox.release, rest, hold)
        except Exception:
            log.exception("telegram delivery to chat %s failed", chat_id)
        finally:
            self._workers.pop(chat_id, None)
            if not queue:
                self._queues.pop(chat_id, None)
                if self._hold_until.get(chat_id, 0.0) < time.monotonic():
                    self._hold_until.pop(chat_id, None)

    async def _deliver(self, item: Delivery) -> float | None:
        """Send one item; the seconds its chat must wait, if it must."""
        if item.chat_id in self._blocked_chats or await asyncio.to_thread(
            self._blocked, item.conversation_id
        ):
            self._blocked_chats.add(item.chat_id)
            await asyncio.to_thread(
                self.outbox.mark_undeliverable, item.id, "the debtor blocked the bot"
            )
            return None
        try:
            message_id = await self.send(item.chat_id, Reply(item.text, item.buttons))
        except RetryAfter as exc:
            delay = retry_after_seconds(exc)
            log.warning("telegram: 429 for chat %s, retrying in %ss", item.chat_id, delay)
            await asyncio.to_thread(self.outbox.mark_retry, item.id, str(exc), delay)
            return delay
        except Forbidden as exc:
            await self._forbidden(item, exc)
            return None
        except BadRequest as exc:
            log.error("telegram refused outbox item %s: %s", item.id, exc.message)
            await asyncio.to_thread(
                self.outbox.mark_undeliverable, item.id, f"refused by Telegram: {exc.message}"
            )
            return None
        except (TelegramError, OSError) as exc:
            return await self._transient(item, str(exc))
        await self._mark_sent(item, message_id)
        return None

    async def _mark_sent(self, item: Delivery, message_id: str | None) -> None:
        # An item left "sending" would be sent again when its lease runs out,
        # so a database hiccup here is worth a few tries.
        for attempt in range(1, 4):
            try:
                await asyncio.to_thread(self.outbox.mark_sent, item.id, message_id)
                return
            except Exception:
                log.exception("telegram: cannot record outbox item %s as sent", item.id)
                if attempt < 3:
                    await asyncio.sleep(0.5 * attempt)

    async def _transient(self, item: Delivery, error: str) -> float | None:
        if item.attempts >= self.max_attempts:
            log.error("telegram: giving up on outbox item %s: %s", item.id, error)
            await asyncio.to_thread(
                self.outbox.mark_undeliverable, item.id, f"gave up after retries: {error}"
            )
            return None
        delay = min(self.backoff_max, self.backoff_base * 2.0 ** (item.attempts - 1))
        log.warning("telegram: send to %s failed (%s), retrying in %ss", item.chat_id, error, delay)
        await asyncio.to_thread(self.outbox.mark_retry, item.id, error, delay)
        return delay

    async def _forbidden(self, item: Delivery, exc: Forbidden) -> None:
        self._blocked_chats.add(item.chat_id)
        if "blocked" in exc.message.lower():
            await asyncio.to_thread(self._record_blocked, item)
        await asyncio.to_thread(
            self.outbox.mark_undeliverable, item.id, f"forbidden by Telegram: {exc.message}"
        )

    def _blocked(self, conversation_id: int) -> bool:
        with self.db.session() as s:
            return is_blocked(s, conversation_id)

    def _record_blocked(self, item: Delivery) -> None:
        with self.db.session() as s:
            user_id = conversation_user(s, item.conversation_id) or item.chat_id
            record_blocked(s, user_id, item.chat_id, self.clock())
