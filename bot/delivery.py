"""The one delivery loop for every channel: claim, send, retry, dead-letter.

A :class:`DeliveryLoop` drives one channel (an adapter with
``send(Outbound) -> Sent | Retry | Gone``). It claims due outbox items of many
chats in one transaction (a lease keeps other workers off them; items of
debtors who blocked the bot are dropped in the same statement), joins the
replies of one turn into one platform message where the channel's limit allows
(the buttons of the last reply go with it), sends each chat's messages in order
through one task per chat, and records the outcomes of many sends in one
transaction:

- ``Sent``: the items are sent, with the platform's message id;
- ``Retry``: retried after the platform's wait, else after the backoff of its
  kind (:class:`RetryPolicy`); after ``max_attempts`` dead-lettered
  (undeliverable, shown to agents); the chat's later items wait as long, so
  replies arrive in order;
- ``Gone``: undeliverable; when the debtor blocked the bot the engine records
  it (``on_blocked``) and the chat's other items are dropped.

:class:`Metrics` counts what happened, per channel.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta
from typing import Any, Protocol, TypeVar

from bot.delivery_policy import BLOCKED, Group, Metrics, RetryPolicy, join_turns
from bot.messages import ChatRef, Gone, Outbound, Retry, SendResult, Sent
from bot.outbox import Delivery, Outbox
from bot.store.outbox import Outcomes

log = logging.getLogger(__name__)

T = TypeVar("T")
# The part of a lease a claimed item may wait in this loop before it is sent; the rest
# is a margin for the send itself and for clocks.
LEASE_USE = 0.75
RunDb = Callable[..., Awaitable[Any]]


class Channel(Protocol):
    """What the delivery core needs of an adapter."""

    platform: str
    # Longest text one platform message may carry (0: never join replies).
    max_text: int

    async def send(self, message: Outbound) -> SendResult: ...


async def _to_thread(fn: Callable[..., T], *args: Any) -> T:
    return await asyncio.to_thread(fn, *args)


class DeliveryLoop:
    """Delivers one channel's outbox; :meth:`notify` wakes it at once.

    Args:
        channel: the adapter that sends.
        outbox: claims and records (with the compliance rules).
        policy: backoff per kind of failure and the dead-letter limit.
        run_db: runs a blocking database call (the database's writer thread).
        on_blocked: told when the platform says the debtor blocked the bot.
        on_unusable: told when the platform says the address failed for good
            (with the reason); the chat's other items are dropped.
        check: a last look before sending one item (None: go; else why not).
        hold_replies_seconds: leave fresh replies to a synchronous answer.
    """

    def __init__(
        self,
        channel: Channel,
        outbox: Outbox,
        *,
        policy: RetryPolicy | None = None,
        run_db: RunDb | None = None,
        on_blocked: Callable[[ChatRef], object] | None = None,
        on_unusable: Callable[[ChatRef, str], object] | None = None,
        check: Callable[[Delivery], str | None] | None = None,
        poll_interval: float = 1.0,
        batch_size: int = 100,
        lease_seconds: int = 120,
        hold_replies_seconds: float = 0.0,
    ) -> None:
        self.channel = channel
        self.platform = channel.platform
        self.outbox = outbox
        self.policy = policy or RetryPolicy()
        self.run_db: RunDb = run_db or _to_thread
        self.on_blocked = on_blocked
        self.on_unusable = on_unusable
        self.check = check
        self.poll_interval = poll_interval
        self.batch_size = batch_size
        self.lease_seconds = lease_seconds
        self.hold_replies_seconds = hold_replies_seconds
        self.metrics = Metrics()
        self._wake = asyncio.Event()
        self._stopping = False
        self._task: asyncio.Task[None] | None = None
        self._queues: dict[str, deque[Group]] = {}
        self._workers: dict[str, asyncio.Task[None]] = {}
        self._hold_until: dict[str, datetime] = {}
        self._outcomes = Outcomes()
        self._flushing: asyncio.Task[None] | None = None
        self._gone_reason: dict[str, str] = {}
        # Claimed item id → when this loop stops trusting its lease (monotonic seconds).
        self._leases: dict[int, float] = {}

    # lifecycle ---------------------------------------------------------------

    def notify(self) -> None:
        """New items may be due: look now instead of at the next tick."""
        self._wake.set()

    async def start(self) -> None:
        """Begin delivering in the background."""
        self._stopping = False
        self._task = asyncio.create_task(self._run(), name=f"{self.platform}-delivery")

    async def stop(self, grace_seconds: float = 5.0) -> None:
        """Finish the sends under way, give the queued items back, record everything."""
        self._stopping = True
        self._wake.set()
        if self._task is not None:
            task, self._task = self._task, None
            try:
                await asyncio.wait_for(task, timeout=grace_seconds + 30)
            except (asyncio.CancelledError, TimeoutError):
                log.warning("%s delivery: the loop did not stop in time", self.platform)
        workers = list(self._workers.values())
        if workers:
            _done, pending = await asyncio.wait(workers, timeout=grace_seconds)
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
        for queue in self._queues.values():
            for group in queue:
                live = [d for d in group.items if not self._lease_ran_out([d])]
                self._outcomes.released += [(d.id, 0.0) for d in live]
        self._queues.clear()
        self._leases.clear()
        await self._flush_now()

    # one pass ----------------------------------------------------------------

    async def deliver_due(self, chat_id: str | None = None) -> int:
        """Claim, send and record what is due now (for one chat, if given); the number
        of items claimed."""
        claimed = await self._claim(chat_id)
        while self._workers:
            await asyncio.gather(*list(self._workers.values()), return_exceptions=True)
        await self._flush_now()
        return claimed

    async def _run(self) -> None:
        while not self._stopping:
            self._wake.clear()
            claimed = 0
            if sum(len(q) for q in self._queues.values()) < self.batch_size:
                try:
                    claimed = await self._claim()
                except Exception:
                    log.exception("%s delivery: cannot claim outbox items", self.platform)
            if claimed >= self.batch_size:
                await asyncio.sleep(0)
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.poll_interval)

    async def _claim(self, chat_id: str | None = None) -> int:
        args: tuple[Any, ...] = (
            self.platform,
            self.batch_size,
            self.lease_seconds,
            self.hold_replies_seconds,
        )
        if chat_id is not None:
            args += (chat_id,)
        items: list[Delivery] = await self.run_db(self.outbox.claim_due, *args)
        return self._queue(items)

    def take(self, items: Sequence[Delivery]) -> None:
        """Send items already claimed for this loop (a turn's replies, claimed in the
        transaction that wrote them); with none, look for due items now."""
        if items:
            self._queue(items)
        else:
            self.notify()

    def _queue(self, items: Sequence[Delivery]) -> int:
        if not items:
            return 0
        self.metrics.add("claimed", len(items))
        # Sent after this, an item might already be another worker's (its lease ran out).
        deadline = time.monotonic() + self.lease_seconds * LEASE_USE
        for item in items:
            self._leases[item.id] = deadline
        by_chat: dict[str, list[Delivery]] = {}
        for item in items:
            by_chat.setdefault(item.chat_id, []).append(item)
        now = self.outbox.clock()
        for chat_id, chat_items in by_chat.items():
            until = self._hold_until.get(chat_id)
            hold = 0.0 if until is None else (until - now).total_seconds()
            if hold > 0:
                self._release(chat_items, hold)
                continue
            queue = self._queues.setdefault(chat_id, deque())
            queue.extend(join_turns(chat_items, self.channel.max_text))
            if chat_id not in self._workers:
                self._workers[chat_id] = asyncio.create_task(self._chat_worker(chat_id))
        return len(items)

    # sending -----------------------------------------------------------------

    async def _chat_worker(self, chat_id: str) -> None:
        queue = self._queues[chat_id]
        try:
            while queue and not self._stopping:
                group = queue.popleft()
                if self._lease_ran_out(group.items):
                    self._forget(chat_id, group, queue)
                    continue
                hold = await self._deliver(group)
                for d in group.items:
                    self._leases.pop(d.id, None)
                if hold is None:
                    continue
                rest = [d for g in queue for d in g.items]
                queue.clear()
                if hold == BLOCKED:
                    self._drop(rest, self._gone_reason.pop(chat_id, "the debtor blocked the bot"))
                else:
                    self._hold_until[chat_id] = self.outbox.clock() + timedelta(seconds=hold)
                    self._release(rest, hold)
        except Exception:
            log.exception("%s delivery to chat %s failed", self.platform, chat_id)
        finally:
            self._workers.pop(chat_id, None)
            if not queue:
                self._queues.pop(chat_id, None)
                until = self._hold_until.get(chat_id)
                if until is not None and until < self.outbox.clock():
                    self._hold_until.pop(chat_id, None)
            self._flush_soon()

    async def _deliver(self, group: Group) -> float | None:
        """Send one message; the seconds its chat must wait (BLOCKED: never again), if any."""
        if self.check is not None:
            problems = [await self.run_db(self.check, d) for d in group.items]
            if any(problems):
                for d, problem in zip(group.items, problems, strict=True):
                    if problem:
                        log.info("%s item %s undeliverable: %s", self.platform, d.id, problem)
                self._drop(group.items, next(p for p in problems if p))
                return None
        try:
            result = await self.channel.send(group.message)
        except Exception as exc:  # an adapter bug must not lose the item
            log.exception("%s: send failed unexpectedly", self.platform)
            result = Retry(f"unexpected error: {exc}", kind="server")
        hold = self._outcome(group, result)
        if self.check is not None:
            await self._flush_now()  # the next check counts this send
        if isinstance(result, Gone) and result.blocked and self.on_blocked is not None:
            first = group.items[0]
            try:
                await self.run_db(
                    self.on_blocked, ChatRef(self.platform, first.chat_id, first.user_id)
                )
            except Exception:
                log.exception("%s: cannot record that chat %s blocked the bot",
                              self.platform, first.chat_id)  # fmt: skip
        if isinstance(result, Gone) and result.unusable and self.on_unusable is not None:
            first = group.items[0]
            try:
                await self.run_db(
                    self.on_unusable,
                    ChatRef(self.platform, first.chat_id, first.user_id),
                    result.reason,
                )
            except Exception:
                log.exception("%s: cannot record that chat %s is unusable",
                              self.platform, first.chat_id)  # fmt: skip
        return hold

    def _outcome(self, group: Group, result: SendResult) -> float | None:
        items = group.items
        if isinstance(result, Sent):
            self._outcomes.sent += [(d.id, result.message_id) for d in items]
            self.metrics.add("sent", len(items))
            self.metrics.add("messages")
            return None
        if isinstance(result, Gone):
            log.warning("%s: items %s undeliverable: %s", self.platform,
                        group.message.item_ids, result.reason)  # fmt: skip
            self._drop(items, result.reason)
            if result.blocked:
                self.metrics.add("blocked")
                return BLOCKED
            if result.unusable:
                self.metrics.add("unusable")
                self._gone_reason[group.message.chat_id] = result.reason
                return BLOCKED
            return None
        delay = self.policy.delay(result, group.message.attempts)
        if delay is None:
            log.error("%s: giving up on items %s: %s", self.platform,
                      group.message.item_ids, result.reason)  # fmt: skip
            self.metrics.add("dead_lettered", len(items))
            self._outcomes.gone += [
                (d.id, f"gave up after {d.attempts} attempts: {result.reason}") for d in items
            ]
            return None
        log.warning("%s: send to %s failed (%s), retrying in %ss", self.platform,
                    group.message.chat_id, result.reason, delay)  # fmt: skip
        self.metrics.add("retried", len(items))
        self._outcomes.retry += [(d.id, result.reason, delay) for d in items]
        return delay

    def _lease_ran_out(self, items: Sequence[Delivery]) -> bool:
        now = time.monotonic()
        return any(self._leases.get(d.id, now) < now for d in items)

    def _forget(self, chat_id: str, group: Group, queue: deque[Group]) -> None:
        """A message waited here past its lease: another worker may have claimed it, so it
        is neither sent nor written back; it goes to whoever claims it next. The chat's
        later messages still under this loop's lease are given back, so they follow it."""
        log.warning("%s: items %s of chat %s waited past their lease; leaving them to the "
                    "next claim", self.platform, group.message.item_ids, chat_id)  # fmt: skip
        self.metrics.add("lease_expired", len(group.items))
        rest = [d for g in queue for d in g.items]
        queue.clear()
        live = [d for d in rest if not self._lease_ran_out([d])]
        for d in (*group.items, *rest):
            self._leases.pop(d.id, None)
        self._release(live, 0.0)

    def _drop(self, items: Sequence[Delivery], reason: str) -> None:
        for d in items:
            self._leases.pop(d.id, None)
        self.metrics.add("gone", len(items))
        self._outcomes.gone += [(d.id, reason) for d in items]

    def _release(self, items: Sequence[Delivery], delay: float) -> None:
        for d in items:
            self._leases.pop(d.id, None)
        self.metrics.add("released", len(items))
        self._outcomes.released += [(d.id, delay) for d in items]
        self._flush_soon()

    # recording ---------------------------------------------------------------

    def _flush_soon(self) -> None:
        if self._flushing is None or self._flushing.done():
            self._flushing = asyncio.create_task(self._flush_loop())

    async def _flush_loop(self) -> None:
        while self._outcomes:
            await self._record(self._outcomes.take())

    async def _flush_now(self) -> None:
        if self._flushing is not None and not self._flushing.done():
            await asyncio.gather(self._flushing, return_exceptions=True)
        self._flushing = None
        while self._outcomes:
            await self._record(self._outcomes.take())

    async def _record(self, outcomes: Outcomes) -> None:
        # An item left "sending" would be sent again when its lease runs out,
        # so a database hiccup here is worth a few tries.
        for attempt in range(1, 4):
            try:
                await self.run_db(self.outbox.record, outcomes)
                return
            except Exception:
                log.exception("%s: cannot record delivery outcomes", self.platform)
                if attempt < 3:
                    await asyncio.sleep(0.5 * attempt)
