"""A step repeated in the background of ``repaybot serve`` until it stops.

The reminder scheduler, the experiment safety watch and the IMAP poller are
each a :class:`Periodic`: ``start`` begins the loop (the first step at once),
``stop`` cancels it, and a step that fails is logged and tried again after the
interval, so one bad run never ends the loop.
"""

from __future__ import annotations

import abc
import asyncio
import contextlib
import logging

log = logging.getLogger(__name__)


class Periodic(abc.ABC):
    """Runs :meth:`step` every ``interval`` seconds between ``start`` and ``stop``."""

    #: names the task and the log line of a failed step
    what = "periodic step"

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self._task: asyncio.Task[None] | None = None

    @abc.abstractmethod
    async def step(self) -> None:
        """One run: the reminders due, a look at the experiment, the unseen mail."""

    async def start(self) -> None:
        """Start the loop in the background."""
        self._task = asyncio.create_task(self._loop(), name=self.what)

    async def stop(self) -> None:
        """Stop the loop (work already handed to a thread finishes there)."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _loop(self) -> None:
        while True:
            try:
                await self.step()
            except Exception:
                log.exception("%s failed; trying again in %s s", self.what, self.interval)
            await asyncio.sleep(self.interval)
