"""The reminder scheduler inside ``repaybot serve``: a run every few seconds.

Each run is :meth:`bot.collection.reminders.Reminders.run_once` in a worker
thread; several ``serve`` workers may run at once (each reminder still goes out
once). A failed run is logged and the next one tries again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Protocol

import anyio

from bot.collection.notices import RunResult
from bot.collection.reminders import Reminders
from bot.config import Settings
from bot.periodic import Periodic

log = logging.getLogger(__name__)


class ReminderScheduler(Periodic):
    """Runs ``run_once`` every ``interval`` seconds until stopped."""

    platform = "reminders"
    what = "reminder run"

    def __init__(self, run_once: Callable[[], RunResult], interval: float) -> None:
        super().__init__(interval)
        self.run_once = run_once

    async def step(self) -> None:
        result = await anyio.to_thread.run_sync(self.run_once)
        if result.queued or result.skipped:
            log.info("reminders: %s", result.summary)


class _Parts(Protocol):
    """What the scheduler needs of the application."""

    @property
    def settings(self) -> Settings: ...

    @property
    def reminders(self) -> Reminders: ...


def from_app(app: _Parts) -> ReminderScheduler | None:
    """The scheduler for ``serve``; None when ``collection.scheduler_interval_seconds`` is 0."""
    interval = app.settings.collection.scheduler_interval_seconds
    if interval <= 0:
        return None
    return ReminderScheduler(app.reminders.run_once, interval)
