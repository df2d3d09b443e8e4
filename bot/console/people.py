"""Console user management for admins: add, disable, reset password, change role.

Every change appends an audit entry naming the admin. An admin cannot disable
themselves or take away their own admin role (someone must be able to undo it).
Disabling a user ends their sessions at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.store import audit
from bot.store import users as user_rows
from bot.store.models import ConsoleSession, User
from bot.users import (
    MIN_PASSWORD_LENGTH,
    ROLES,
    UserInputError,
    add_user,
    hash_password,
)

ONLINE, AWAY, OFFLINE = "online", "away", "offline"


@dataclass(frozen=True, slots=True)
class Person:
    """A console user as the admin page and presence show them."""

    id: int
    name: str
    role: str
    active: bool
    presence: str  # online | away | offline


def _audit(session: Session, actor: str, action: str, now: datetime, **details: object) -> None:
    audit.record(session, actor=actor[:64], action=action, details=details, now=now)


def _user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise UserInputError(f"no user with id {user_id}")
    return user


def add(session: Session, actor: str, name: str, role: str, password: str, now: datetime) -> User:
    """Add a user (audited as ``user.add``)."""
    return add_user(session, name.strip(), role, password, now=now, actor=actor)


def set_active(session: Session, actor: str, user_id: int, active: bool, now: datetime) -> None:
    """Enable or disable a user; disabling ends their sessions."""
    user = _user(session, user_id)
    if not active and user.name == actor:
        raise UserInputError("you cannot disable yourself")
    user.active = active
    if not active:
        user_rows.end_sessions(session, user.id, now)
    _audit(session, actor, "user.enable" if active else "user.disable", now, user=user.name)


def reset_password(
    session: Session, actor: str, user_id: int, password: str, now: datetime
) -> None:
    """Give a user a new password; their open sessions end."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserInputError(f"password must be at least {MIN_PASSWORD_LENGTH} characters")
    user = _user(session, user_id)
    user.password_hash = hash_password(password)
    user_rows.end_sessions(session, user.id, now)
    _audit(session, actor, "user.reset_password", now, user=user.name)


def set_role(session: Session, actor: str, user_id: int, role: str, now: datetime) -> None:
    """Change a user's role (agent, admin or analyst)."""
    if role not in ROLES:
        raise UserInputError(f"role {role!r} is not one of: {', '.join(ROLES)}")
    user = _user(session, user_id)
    if user.name == actor and role != "admin":
        raise UserInputError("you cannot take away your own admin role")
    before, user.role = user.role, role
    _audit(session, actor, "user.role", now, user=user.name, before=before, after=role)


def set_presence(session: Session, user_id: int, presence: str) -> None:
    """An agent's own choice: online or away."""
    if presence not in (ONLINE, AWAY):
        raise UserInputError(f"presence {presence!r} is not online or away")
    _user(session, user_id).presence = presence


def people(session: Session, now: datetime, away_after: timedelta) -> list[Person]:
    """Every user with their presence: online when active lately and not set away."""
    last_seen = (
        select(
            ConsoleSession.user_id,
            func.max(ConsoleSession.last_seen_at, type_=ConsoleSession.last_seen_at.type).label(
                "seen"
            ),
        )
        .where(ConsoleSession.ended_at.is_(None))
        .group_by(ConsoleSession.user_id)
        .subquery()
    )
    rows = session.execute(
        select(User, last_seen.c.seen)
        .outerjoin(last_seen, last_seen.c.user_id == User.id)
        .order_by(User.name)
    ).all()
    out = []
    for user, seen in rows:
        if seen is None or not user.active:
            presence = OFFLINE
        elif user.presence == AWAY or now - seen > away_after:
            presence = AWAY
        else:
            presence = ONLINE
        out.append(Person(user.id, user.name, user.role, bool(user.active), presence))
    return out
