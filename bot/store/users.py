"""Writing console users' rows."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from bot.store.models import ConsoleSession, User


def add_user(session: Session, name: str, *, now: datetime) -> User:
    """Add a new active user called ``name`` to ``session``; the caller sets role and password."""
    user = User(name=name, created_at=now, failed_logins=0, active=True)
    session.add(user)
    return user


def end_sessions(session: Session, user_id: int, now: datetime) -> None:
    """End the user's open console sessions."""
    session.execute(
        update(ConsoleSession)
        .where(ConsoleSession.user_id == user_id, ConsoleSession.ended_at.is_(None))
        .values(ended_at=now)
    )


def add_session(
    session: Session, *, key: str, user_id: int, csrf_token: str, now: datetime
) -> ConsoleSession:
    """Add a console session row (``key`` is the hash of the cookie's token)."""
    row = ConsoleSession(
        id=key,
        user_id=user_id,
        csrf_token=csrf_token,
        created_at=now,
        last_seen_at=now,
    )
    session.add(row)
    return row
