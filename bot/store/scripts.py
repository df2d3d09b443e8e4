"""Writing dialog script versions (checking and choosing them is :mod:`bot.scripts`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from bot.store.models import ScriptVersion


def add_version(
    session: Session,
    *,
    name: str,
    version: int,
    source: str,
    sha256: str,
    comment: str,
    active: bool,
    created_by: str,
    now: datetime,
) -> ScriptVersion:
    """Add a script version row and flush, so it has its id (a duplicate number fails here)."""
    row = ScriptVersion(
        name=name,
        version=version,
        source=source,
        sha256=sha256,
        comment=comment,
        active=active,
        created_by=created_by,
        created_at=now,
    )
    session.add(row)
    session.flush()
    return row


def deactivate_others(session: Session, name: str, keep_id: int) -> None:
    """Mark every version of script ``name`` but ``keep_id`` inactive."""
    session.execute(
        update(ScriptVersion)
        .where(ScriptVersion.name == name, ScriptVersion.id != keep_id)
        .values(active=False)
    )
