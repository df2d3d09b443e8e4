"""Writing console users' rows."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.store.models import User


def add_user(session: Session, name: str, *, now: datetime) -> User:
    """Add a new active user called ``name`` to ``session``; the caller sets role and password."""
    user = User(name=name, created_at=now, failed_logins=0, active=True)
    session.add(user)
    return user
