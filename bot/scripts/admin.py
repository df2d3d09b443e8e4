"""Script versions for admins: save, validate, diff, activate, roll back.

Every version keeps the admin's exact text (comments and key order included),
who saved it, when and why. Saving and activating run :func:`bot.scripts.checks.review`;
a version with problems is refused. Activating marks one version of a script
active in one transaction; the engine reads the active version for each new
conversation (:class:`bot.scripts.versions.ScriptStore`), so every worker picks
it up without a restart while running conversations stay on their version.
Rolling back is activating an earlier version. Each step is an audit entry.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.money import quantize
from bot.scripts.checks import BalanceRange, CheckOptions, Review, review
from bot.scripts.script import sha256_text
from bot.scripts.version_info import (
    VersionError,
    VersionInfo,
    Words,
    unified_diff,
    with_translations,
)
from bot.store import audit
from bot.store import scripts as script_rows
from bot.store.models import Account, AuditEntry, ScriptVersion

__all__ = [
    "Parts",
    "VersionError",
    "VersionInfo",
    "VersionService",
    "Words",
    "unified_diff",
    "with_translations",
]

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.store.db import Database


class Parts(Protocol):
    """What the version service uses: the database, the settings and the clock."""

    @property
    def db(self) -> Database: ...

    @property
    def settings(self) -> Settings: ...

    def clock(self) -> datetime: ...


class VersionService:
    """Script versions of one application (database, settings, clock)."""

    def __init__(self, app: Parts) -> None:
        self.app = app

    # -- reading ------------------------------------------------------------

    def default_name(self) -> str:
        """The name of the configured script (``script:`` in its file)."""
        from bot.scripts.script import load_script

        active = self.active()
        if active is not None:
            return active.name
        return load_script(self.app.settings.dialog.script).name

    def versions(self, name: str | None = None) -> list[VersionInfo]:
        """All versions (of ``name``), newest first."""
        with self.app.db.session() as s:
            q = select(ScriptVersion).order_by(ScriptVersion.name, ScriptVersion.version.desc())
            if name is not None:
                q = q.where(ScriptVersion.name == name)
            return [VersionInfo.of(r) for r in s.scalars(q)]

    def get(self, version_id: int) -> VersionInfo:
        """Version by database id."""
        with self.app.db.session() as s:
            row = s.get(ScriptVersion, version_id)
            if row is None:
                raise VersionError(f"there is no script version {version_id}")
            return VersionInfo.of(row)

    def by_number(self, number: int, name: str | None = None) -> VersionInfo:
        """Version ``number`` of script ``name`` (default: the configured script)."""
        name = name or self.default_name()
        with self.app.db.session() as s:
            row = s.scalar(
                select(ScriptVersion).where(
                    ScriptVersion.name == name, ScriptVersion.version == number
                )
            )
            if row is None:
                raise VersionError(f"script {name!r} has no version {number}")
            return VersionInfo.of(row)

    def active(self, name: str | None = None) -> VersionInfo | None:
        """The active version (of ``name``; any script when None), if any."""
        with self.app.db.session() as s:
            q = select(ScriptVersion).where(ScriptVersion.active.is_(True))
            if name is not None:
                q = q.where(ScriptVersion.name == name)
            row = s.scalars(q.order_by(ScriptVersion.id)).first()
            return VersionInfo.of(row) if row is not None else None

    # -- checking -----------------------------------------------------------

    def options(self, *, with_balances: bool = True) -> CheckOptions:
        """Check options from the settings (and the open balances per currency)."""
        settings = self.app.settings
        balances = self.balance_ranges() if with_balances else None
        return CheckOptions(
            locales_dir=settings.dialog.locales_dir,
            locales=tuple(settings.dialog.enabled_locales),
            extra_banned=tuple(settings.compliance.extra_banned_phrases),
            balances=balances,
        )

    def balance_ranges(self) -> dict[str, BalanceRange]:
        """Currency → the smallest and largest balance of the active accounts."""
        total = Account.principal + Account.interest + Account.fees
        with self.app.db.session() as s:
            rows = s.execute(
                select(Account.currency, func.min(total), func.max(total), func.count())
                .where(Account.status == "active")
                .group_by(Account.currency)
            ).all()
        out = {}
        for currency, smallest, largest, accounts in rows:
            if smallest is None or largest is None:
                continue
            code = str(currency).upper()
            out[code] = BalanceRange(
                quantize(Decimal(str(smallest)), code),
                quantize(Decimal(str(largest)), code),
                int(accounts),
            )
        return out

    def validate(self, source: str, filename: str = "script.yaml") -> Review:
        """Every problem of ``source``, as ``repaybot dialogs check`` reports them."""
        return review(source, self.options(), filename)

    def diff_against_active(self, source: str, label: str = "draft") -> str:
        """Unified diff from the active version of the same script to ``source``."""
        from bot.scripts.script import ScriptError, parse_script

        try:
            name: str | None = parse_script(source).name
        except ScriptError:
            name = None
        active = self.active(name) or self.active()
        if active is None:
            return unified_diff("", source, "(no active version)", label)
        return unified_diff(active.source, source, f"{active.label} (active)", label)

    # -- changing -----------------------------------------------------------

    def create(self, source: str, *, actor: str, comment: str = "") -> VersionInfo:
        """Save ``source`` as the next version of its script (not activated).

        Raises:
            VersionError: with the problems when the text does not pass the checks.
        """
        checked = self.validate(source)
        if not checked.ok or checked.script is None:
            raise VersionError(
                f"not saved: {len(checked.problems)} problem(s) to fix first", checked.problems
            )
        name = checked.script.name
        now = self.app.clock()
        for attempt in (1, 2):
            try:
                with self.app.db.session() as s:
                    number = (
                        s.scalar(
                            select(func.max(ScriptVersion.version)).where(
                                ScriptVersion.name == name
                            )
                        )
                        or 0
                    ) + 1
                    row = script_rows.add_version(
                        s,
                        name=name,
                        version=number,
                        source=source,
                        sha256=sha256_text(source),
                        comment=comment.strip(),
                        active=False,
                        created_by=actor[:64],
                        now=now,
                    )
                    _audit(s, actor, "script.create", now, row, comment=row.comment)
                    return VersionInfo.of(row)
            except IntegrityError as exc:
                if attempt == 2:  # another admin saved the same number twice in a row
                    raise VersionError(
                        "another version was saved at the same time; try again"
                    ) from exc
        raise AssertionError("unreachable")  # pragma: no cover

    def find_same(self, source: str, name: str) -> VersionInfo | None:
        """An existing version of ``name`` with exactly this text."""
        digest = sha256_text(source)
        with self.app.db.session() as s:
            row = s.scalars(
                select(ScriptVersion)
                .where(ScriptVersion.name == name, ScriptVersion.sha256 == digest)
                .order_by(ScriptVersion.version.desc())
            ).first()
            return VersionInfo.of(row) if row is not None else None

    def activate(self, version_id: int, *, actor: str) -> VersionInfo:
        """Make ``version_id`` the active version of its script, for new conversations.

        Raises:
            VersionError: unknown version, or problems found by the checks (the
                guardrails are checked again: catalogs and balances may have changed).
        """
        target = self.get(version_id)
        checked = self.validate(target.source, f"{target.label}.yaml")
        if not checked.ok:
            raise VersionError(
                f"{target.label} cannot be activated: {len(checked.problems)} problem(s)",
                checked.problems,
            )
        now = self.app.clock()
        with self.app.db.session() as s:
            row = s.get(ScriptVersion, version_id, with_for_update=True)
            assert row is not None
            previous = s.scalar(
                select(ScriptVersion).where(
                    ScriptVersion.name == row.name, ScriptVersion.active.is_(True)
                )
            )
            if previous is not None and previous.id == row.id:
                return VersionInfo.of(row)
            script_rows.deactivate_others(s, row.name, row.id)
            row.active = True
            s.flush()
            _audit(
                s,
                actor,
                "script.activate",
                now,
                row,
                previous_id=previous.id if previous else None,
                previous_version=previous.version if previous else None,
            )
            return VersionInfo.of(row)

    def rollback(self, *, actor: str, name: str | None = None) -> VersionInfo:
        """Re-activate the version that was active before the current one.

        Raises:
            VersionError: when there is nothing to roll back to.
        """
        name = name or self.default_name()
        with self.app.db.session() as s:
            entries = s.scalars(
                select(AuditEntry)
                .where(AuditEntry.action == "script.activate")
                .order_by(AuditEntry.id.desc())
            ).all()
        for entry in entries:
            details: dict[str, Any] = entry.details or {}
            if details.get("name") == name:
                previous = details.get("previous_id")
                if previous is None:
                    break
                return self.activate(int(previous), actor=actor)
        raise VersionError(f"script {name!r} has no earlier active version to roll back to")


def _audit(
    s: Session, actor: str, action: str, now: datetime, row: ScriptVersion, **details: object
) -> None:
    audit.record(
        s,
        actor=actor[:64],
        action=action,
        details={
            "name": row.name,
            "version": row.version,
            "version_id": row.id,
            "sha256": row.sha256,
            **details,
        },
        now=now,
    )
