"""Console users (agents and admins): Argon2 password hashes, creation, lookup."""

from __future__ import annotations

import functools
import re
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.store import audit
from bot.store import users as user_rows
from bot.store.models import User

ROLES = ("agent", "admin", "analyst")  # analyst: read-only analytics
MIN_PASSWORD_LENGTH = 8
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")

_hasher = PasswordHasher()


class UserInputError(ValueError):
    """A bad user name, role or password; the message says which."""


def hash_password(password: str) -> str:
    """Return an Argon2id hash of ``password``."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True if ``password`` matches ``password_hash`` (constant-time inside Argon2)."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@functools.cache
def _dummy_hash() -> str:
    # Hashed on first use, not at import: every command would otherwise pay for it.
    return _hasher.hash("not-a-real-password")


def dummy_verify(password: str) -> None:
    """Spend the time of one verification, so unknown names take as long as known ones."""
    verify_password(_dummy_hash(), password)


def check_new_user(name: str, role: str, password: str) -> None:
    """Raise :class:`UserInputError` naming what is wrong with a new user's fields."""
    if not _NAME.match(name):
        raise UserInputError(
            f"user name {name!r} must be 1-64 letters, digits or . _ @ - "
            "and start with a letter or digit"
        )
    if role not in ROLES:
        raise UserInputError(f"role {role!r} is not one of: {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserInputError(f"password must be at least {MIN_PASSWORD_LENGTH} characters")


def add_user(
    session: Session,
    name: str,
    role: str,
    password: str,
    *,
    now: datetime,
    actor: str = "cli",
    replace: bool = False,
) -> User:
    """Create a console user (or, with ``replace``, reset an existing one's role and password).

    Raises:
        UserInputError: the name, role or password is not acceptable, or the
            user exists and ``replace`` is False.
    """
    check_new_user(name, role, password)
    user = session.scalar(select(User).where(User.name == name))
    if user is not None and not replace:
        raise UserInputError(f"user {name!r} already exists")
    if user is None:
        user = user_rows.add_user(session, name, now=now)
    user.role = role
    user.password_hash = hash_password(password)
    user.failed_logins = 0
    user.locked_until = None
    user.active = True
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="user.add" if not replace else "user.set",
        details={"user": name, "role": role},
        now=now,
    )
    return user


def find_user(session: Session, name: str) -> User | None:
    """The user called ``name``, if any."""
    return session.scalar(select(User).where(User.name == name))
