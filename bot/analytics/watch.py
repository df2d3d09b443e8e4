"""The experiment safety rule on a timer inside ``repaybot serve``.

Every ``[analytics] safety_check_interval_seconds`` the running experiment is
looked at: an arm whose opt-out, complaint or distress rate is significantly
worse than the control's is stopped (:func:`bot.analytics.results.safety_check`:
audited as ``experiment.arm_stopped``, logged as a warning and shown to admins
on every console page). The step runs in a worker thread; a failed step is
logged and the next one tries again. Several ``serve`` workers may run it: the
running experiment's row is locked on PostgreSQL, so an arm is stopped once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Protocol

import anyio
from sqlalchemy import select

from bot.analytics.experiments import RUNNING
from bot.analytics.results import safety_check
from bot.config import Settings
from bot.store.db import Database
from bot.store.models import Experiment

log = logging.getLogger(__name__)


def check_once(db: Database, now: datetime) -> list[str]:
    """Apply the safety rule to the running experiment once; the notices written."""
    with db.session() as s:
        q = select(Experiment).where(Experiment.status == RUNNING)
        if s.get_bind().dialect.name == "postgresql":
            q = q.with_for_update(skip_locked=True)
        exp = s.scalars(q).first()
        if exp is None:
            return []
        notices = safety_check(s, exp, now)
        s.flush()
        return notices


class SafetyWatch:
    """Runs :func:`check_once` every ``interval`` seconds until stopped."""

    platform = "experiments"

    def __init__(self, step: Callable[[], list[str]], interval: float) -> None:
        self.step = step
        self.interval = interval
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Start the loop in the background (the first look is right away)."""
        self._task = asyncio.create_task(self._loop(), name="experiment-safety")

    async def stop(self) -> None:
        """Stop the loop (a look in progress finishes in its thread)."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def run_once(self) -> list[str]:
        """One look, in a worker thread; errors are logged, not raised."""
        try:
            return await anyio.to_thread.run_sync(self.step)
        except Exception:
            log.exception("experiment safety check failed; retrying in %s s", self.interval)
            return []

    async def _loop(self) -> None:
        while True:
            await self.run_once()
            await asyncio.sleep(self.interval)


class _Parts(Protocol):
    """What the watch needs of the application."""

    @property
    def settings(self) -> Settings: ...

    @property
    def db(self) -> Database: ...

    def clock(self) -> datetime: ...


def from_app(app: _Parts) -> SafetyWatch | None:
    """The watch for ``serve``; None when ``analytics.safety_check_interval_seconds`` is 0."""
    interval = app.settings.analytics.safety_check_interval_seconds
    if interval <= 0:
        return None
    return SafetyWatch(lambda: check_once(app.db, app.clock()), interval)
