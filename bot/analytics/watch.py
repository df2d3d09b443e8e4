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

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Protocol

import anyio
from sqlalchemy import select

from bot.analytics.experiments import RUNNING
from bot.analytics.results import safety_check
from bot.config import Settings
from bot.periodic import Periodic
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


class SafetyWatch(Periodic):
    """Runs :func:`check_once` every ``interval`` seconds until stopped."""

    platform = "experiments"
    what = "experiment safety check"

    def __init__(self, step: Callable[[], list[str]], interval: float) -> None:
        super().__init__(interval)
        self.check = step

    async def run_once(self) -> list[str]:
        """One look, in a worker thread; errors are logged, not raised."""
        try:
            return await anyio.to_thread.run_sync(self.check)
        except Exception:
            log.exception("experiment safety check failed; retrying in %s s", self.interval)
            return []

    async def step(self) -> None:
        await self.run_once()


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
