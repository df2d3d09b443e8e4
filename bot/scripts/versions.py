"""Script versions stored in the database, compiled once and cached.

At first use the script file is imported as version 1 (active) when no version
of that script exists. Conversations record the version they started on and
stay on it; new conversations take the active version. Compiled machines are
cached by the sha256 of the script text, so identical versions share one.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.scripts.machine import DialogMachine, GuardFn
from bot.scripts.model import IMPORTED
from bot.scripts.script import Script, load_script, parse_script
from bot.store import scripts as script_rows
from bot.store.db import Database
from bot.store.models import ScriptVersion


@dataclass(frozen=True, slots=True)
class Compiled:
    """A script version ready to run."""

    version_id: int
    label: str
    machine: DialogMachine


class ScriptStore:
    """Hands out compiled script versions by id or as the active one."""

    def __init__(
        self,
        db: Database,
        path: str | Path,
        guards: dict[str, GuardFn],
        clock: Callable[[], datetime],
    ) -> None:
        self.db = db
        self.path = Path(path)
        self.guards = guards
        self.clock = clock
        self._by_sha: dict[str, DialogMachine] = {}
        self._by_id: dict[int, Compiled] = {}
        self._active: dict[str, int] = {}
        self._lock = threading.RLock()
        self._file_script: Script | None = None

    def _compile(self, row: ScriptVersion) -> Compiled:
        machine = self._by_sha.get(row.sha256)
        if machine is None:
            machine = DialogMachine(parse_script(row.source, row.label), self.guards)
            self._by_sha[row.sha256] = machine
        compiled = Compiled(row.id, row.label, machine)
        self._by_id[row.id] = compiled
        return compiled

    def get(self, version_id: int, session: Session | None = None) -> Compiled:
        """The compiled script version ``version_id`` (cached).

        Args:
            session: the caller's session, if it is inside a transaction.
        """
        found = self._by_id.get(version_id)
        if found is not None:
            return found
        with self._lock, self._session(session) as s:
            row = s.get(ScriptVersion, version_id)
            if row is None:
                raise LookupError(f"script version {version_id} does not exist")
            return self._compile(row)

    def active(self, name: str | None = None, session: Session | None = None) -> Compiled:
        """The active version of script ``name`` (default: the configured file's).

        Imports the file as version 1 when the database has no version yet.
        Which version is active is read from the database on every call (one
        small indexed query per new conversation), so an activation in the
        admin console reaches every worker without a restart.
        """
        if name is None:
            name = self._file_name()
        with self._session(session) as s:
            vid = s.scalar(
                select(ScriptVersion.id).where(
                    ScriptVersion.name == name, ScriptVersion.active.is_(True)
                )
            )
            if vid is not None:
                self._active[name] = vid
                return self.get(vid, s)
            with self._lock:
                compiled = self._load_active(s, name)
                self._active[name] = compiled.version_id
                return compiled

    def refresh(self) -> None:
        """Forget which version was last seen active (it is re-read anyway)."""
        self._active.clear()

    def _session(self, session: Session | None) -> AbstractContextManager[Session]:
        return nullcontext(session) if session is not None else self.db.session()

    def _file_name(self) -> str:
        if self._file_script is None:
            self._file_script = load_script(self.path)
        return self._file_script.name

    def _load_active(self, s: Session, name: str) -> Compiled:
        row = s.scalars(
            select(ScriptVersion).where(ScriptVersion.name == name, ScriptVersion.active.is_(True))
        ).first()
        if row is not None:
            return self._compile(row)
        script = load_script(self.path)
        if script.name != name:
            raise LookupError(f"no active version of dialog script {name!r}")
        # A concurrent import makes this flush fail; the engine retries the turn.
        row = script_rows.add_version(
            s,
            name=script.name,
            version=1,
            source=script.source,
            sha256=script.sha256,
            comment=IMPORTED % {"path": self.path},
            active=True,
            created_by="system",
            now=self.clock(),
        )
        return self._compile(row)
