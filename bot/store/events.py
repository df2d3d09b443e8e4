"""Writing conversation events (notes, …) and the console's inbox events."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.store.models import Event, InboxEvent


def add_event(
    session: Session,
    *,
    conversation_id: int,
    account_id: int | None,
    kind: str,
    data: dict[str, Any],
    actor: str,
    now: datetime,
) -> Event:
    """Add a conversation event row to ``session`` (written at its next flush)."""
    event = Event(
        conversation_id=conversation_id,
        account_id=account_id,
        kind=kind,
        data=data,
        actor=actor,
        created_at=now,
    )
    session.add(event)
    return event


def add_inbox_event(
    session: Session, kind: str, conversation_id: int, data: dict[str, Any], now: datetime
) -> None:
    """Add an inbox event row (a change the console's live views learn of) to ``session``."""
    session.add(InboxEvent(kind=kind, conversation_id=conversation_id, data=data, created_at=now))
