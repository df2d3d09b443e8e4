"""Writing the record of a used link token (making and checking tokens is :mod:`bot.links`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.store.models import LinkToken


def add_use(
    session: Session, *, token_id: str, account_id: int, channel: str, now: datetime
) -> None:
    """Add the row that marks ``token_id`` used (its unique key refuses a second use)."""
    session.add(
        LinkToken(
            token_id=token_id,
            account_id=account_id,
            channel=channel,
            created_at=now,
            used_at=now,
        )
    )
