"""Token buckets that keep sends inside Telegram's limits.

Telegram asks bots to send at most about one message per second to a chat and
about thirty per second overall; beyond that it answers 429. A send first waits
for its chat's bucket, then for the global one.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable


class TokenBucket:
    """``rate`` tokens per second, at most ``burst`` saved up.

    :meth:`reserve` takes a token now and returns how long to wait for it, so
    waiters queue up fairly instead of polling.
    """

    def __init__(
        self, rate: float, burst: float = 1.0, monotonic: Callable[[], float] = time.monotonic
    ) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be positive and burst at least 1")
        self.rate = rate
        self.burst = burst
        self._monotonic = monotonic
        self._tokens = burst
        self._last = monotonic()

    def reserve(self) -> float:
        """Take one token; the seconds to wait before using it."""
        now = self._monotonic()
        self._tokens = min(self.burst, self._tokens + (now - self._last) * self.rate)
        self._last = now
        self._tokens -= 1
        return 0.0 if self._tokens >= 0 else -self._tokens / self.rate

    @property
    def idle(self) -> bool:
        """True when the bucket is full again (nobody used it lately)."""
        elapsed = self._monotonic() - self._last
        return self._tokens + elapsed * self.rate >= self.burst


class Pacer:
    """Per-chat and global pacing for one bot."""

    MAX_CHAT_BUCKETS = 10_000

    def __init__(
        self,
        chat_rate: float = 1.0,
        global_rate: float = 30.0,
        chat_burst: float = 1.0,
        global_burst: float = 30.0,
    ) -> None:
        self.chat_rate = chat_rate
        self.chat_burst = chat_burst
        self.global_bucket = TokenBucket(global_rate, global_burst)
        self._chats: dict[str, TokenBucket] = {}

    async def wait(self, chat_id: str) -> None:
        """Wait until a message may be sent to ``chat_id``."""
        bucket = self._chats.get(chat_id)
        if bucket is None:
            if len(self._chats) >= self.MAX_CHAT_BUCKETS:
                self._chats = {k: b for k, b in self._chats.items() if not b.idle}
            bucket = self._chats[chat_id] = TokenBucket(self.chat_rate, self.chat_burst)
        delay = bucket.reserve()
        if delay > 0:
            await asyncio.sleep(delay)
        delay = self.global_bucket.reserve()
        if delay > 0:
            await asyncio.sleep(delay)
