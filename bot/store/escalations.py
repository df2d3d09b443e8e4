"""Writing escalation rows (the rules for opening and closing them: :mod:`bot.escalations`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, update
from sqlalchemy.orm import Session

from bot.store.models import Escalation


def add_escalation(
    session: Session,
    *,
    conversation_id: int,
    account_id: int | None,
    reason: str,
    priority: int,
    status: str,
    now: datetime,
) -> Escalation:
    """Add an escalation row to ``session`` (its id comes with the next flush)."""
    escalation = Escalation(
        conversation_id=conversation_id,
        account_id=account_id,
        reason=reason,
        priority=priority,
        status=status,
        created_at=now,
    )
    session.add(escalation)
    return escalation


def claim_open(
    session: Session,
    escalation_id: int,
    user_id: int,
    now: datetime,
    *,
    open_status: str,
    claimed_status: str,
) -> bool:
    """Claim the escalation for ``user_id`` if it is still open (one conditional UPDATE).

    Returns:
        True when this UPDATE changed the row: of simultaneous claimers exactly one wins.
    """
    result = cast(
        CursorResult[Any],
        session.execute(
            update(Escalation)
            .where(Escalation.id == escalation_id, Escalation.status == open_status)
            .values(status=claimed_status, claimed_by=user_id, claimed_at=now)
            .execution_options(synchronize_session=False)
        ),
    )
    return result.rowcount == 1
