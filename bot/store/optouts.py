"""Writing opt-outs: recorded on STOP or a block, revoked when the debtor returns."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from bot.store.models import OptOut


def add_opt_out(
    session: Session,
    *,
    account_id: int | None,
    platform: str,
    platform_user_id: str,
    source: str,
    now: datetime,
) -> OptOut:
    """Add an opt-out row to ``session`` (written at its next flush)."""
    row = OptOut(
        account_id=account_id,
        platform=platform,
        platform_user_id=platform_user_id,
        source=source,
        created_at=now,
    )
    session.add(row)
    return row


def revoke(
    session: Session,
    platform: str,
    platform_user_id: str,
    now: datetime,
    *,
    source: str | None = None,
) -> None:
    """Revoke the platform user's opt-outs in force (only those from ``source`` when given)."""
    where = [OptOut.platform == platform, OptOut.platform_user_id == platform_user_id]
    if source is not None:
        where.append(OptOut.source == source)
    session.execute(
        update(OptOut).where(*where, OptOut.revoked_at.is_(None)).values(revoked_at=now)
    )
