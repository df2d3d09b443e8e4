"""What the web layer uses of the application: a Protocol, not the composition root.

:class:`bot.app.App` has all of these; tests may pass anything shaped the same.
Routers reach it per request through :func:`bot.web.deps.get_app`.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from bot.collection.reminders import Reminders
    from bot.config import Settings
    from bot.dialog.engine import DialogEngine
    from bot.outbox import Outbox
    from bot.store.crypto import KeyMaterial, PersonalData
    from bot.store.db import Database


class Parts(Protocol):
    """The long-lived parts the web application serves: settings, storage, the engine."""

    @property
    def settings(self) -> Settings: ...

    @property
    def db(self) -> Database: ...

    @property
    def keys(self) -> KeyMaterial: ...

    @property
    def personal(self) -> PersonalData: ...

    @property
    def engine(self) -> DialogEngine: ...

    @property
    def outbox(self) -> Outbox: ...

    @property
    def reminders(self) -> Reminders: ...

    def clock(self) -> datetime:
        """Now, timezone-aware."""
        ...

    def warm_up(self) -> None:
        """Load what the first message would otherwise wait for."""
        ...
