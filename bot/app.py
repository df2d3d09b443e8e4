"""Composition root: builds the database, crypto, dialog engine and adapters."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Protocol

from bot.config import Settings
from bot.outbox import Outbox
from bot.store.crypto import PersonalData, key_source, load_keys
from bot.store.db import Database, DatabaseError
from bot.store.keyring import check_keys, holds_data
from bot.store.migrate import pending

if TYPE_CHECKING:
    from bot.collection.reminders import Reminders
    from bot.dialog.engine import DialogEngine

log = logging.getLogger(__name__)


class Clock(Protocol):
    def __call__(self) -> datetime: ...


def utcnow() -> datetime:
    """The real clock (timezone-aware UTC)."""
    return datetime.now(UTC)


class App:
    """Owns the long-lived pieces; ``start`` checks them, ``stop`` releases them."""

    def __init__(self, settings: Settings, clock: Clock = utcnow) -> None:
        self.settings = settings
        self.clock = clock
        self.db = Database(settings.database.url, echo=settings.database.echo)
        try:
            # A missing key file is generated only for a database without data.
            self.keys = load_keys(settings, may_create=lambda: not holds_data(self.db))
        except Exception:
            self.db.stop()
            raise
        self.personal = PersonalData(self.keys)
        self._engine: DialogEngine | None = None

    @property
    def engine(self) -> DialogEngine:
        """The dialog engine, built on first use."""
        if self._engine is None:
            from bot.dialog.engine import DialogEngine

            self._engine = DialogEngine(
                self.db, self.settings, self.personal, self.keys, self.clock
            )
        return self._engine

    @property
    def outbox(self) -> Outbox:
        """The outbox with this app's clock and compliance settings."""
        return Outbox(self.db, self.clock, self.settings.compliance)

    @property
    def reminders(self) -> Reminders:
        """The reminder scheduler (reminder wording from the dialog script)."""
        from bot.collection.paylink import PayLinks
        from bot.collection.reminders import Reminders
        from bot.dialog.paying import NoticeWriter

        collection = self.settings.collection
        writer = NoticeWriter(self.engine, PayLinks(collection))
        return Reminders(
            self.db,
            collection,
            self.settings.compliance,
            writer,
            self.clock,
            wechat_window_hours=self.settings.wechat.service_window_hours,
            channel_order=self.settings.channels.preferred_order,
        )

    def warm_up(self) -> None:
        """Load what the first message would otherwise wait for (date and script data)."""
        self.engine.warm_up()

    def require_schema(self) -> None:
        """Fail with a clear message unless the database is reachable and migrated."""
        missing = self.db.missing_file
        if missing is not None:  # connecting would leave an empty file behind
            raise DatabaseError(
                f"the database file {missing} does not exist: create it with "
                "`repaybot db upgrade` (or run `repaybot demo` for sample accounts)"
            )
        self.db.check()
        if pending(self.db):
            raise DatabaseError(
                f"the database {self.db.safe_url} is not up to date: run `repaybot db upgrade`"
            )
        self.check_keys()

    def check_keys(self) -> None:
        """Stop unless this app's keys wrote the database (records them on first use).

        Raises:
            KeyMismatchError: one line naming the key file; nothing was written.
        """
        check_keys(self.db, self.keys, key_source(self.settings), now=self.clock())

    def stop(self) -> None:
        """Release the database connections (those in use close when given back)."""
        self.db.stop()
