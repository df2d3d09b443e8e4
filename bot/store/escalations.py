"""Writing escalation rows (the rules for opening and closing them: :mod:`bot.escalations`)."""

from __future__ import annotations

from datetime import datetime

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
