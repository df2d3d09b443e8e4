"""Writing API token rows (issuing and checking tokens is :mod:`bot.console.tokens`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.store.models import ApiToken


def add_token(
    session: Session,
    *,
    name: str,
    token_hash: str,
    prefix: str,
    scopes: list[str],
    created_by: str,
    now: datetime,
) -> ApiToken:
    """Add an API token row to ``session`` (its id comes with the next flush)."""
    row = ApiToken(
        name=name,
        token_hash=token_hash,
        prefix=prefix,
        scopes=scopes,
        created_by=created_by,
        created_at=now,
    )
    session.add(row)
    return row
