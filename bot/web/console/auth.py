"""Console sign-in: Argon2 passwords, server-side sessions, CSRF, idle timeout, throttling.

A session is a random token in an HttpOnly, SameSite=Lax cookie (Secure over
https); the database keeps only its SHA-256 (``console_sessions.id``), so a
leaked database does not leak live sessions. Every sign-in creates a new
session id; sign-out ends the session server-side. Each session has its own
CSRF token, required on every POST (form field ``csrf_token`` or header
``X-CSRF-Token``). The login form, before any session exists, uses a
double-submit cookie instead.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from fastapi import HTTPException, Request, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.console import throttle
from bot.store import audit
from bot.store import users as user_rows
from bot.store.models import ConsoleSession, User
from bot.users import dummy_verify, verify_password

if TYPE_CHECKING:
    from bot.web.parts import Parts

SESSION_COOKIE = "repaybot_console"
LOGIN_CSRF_COOKIE = "repaybot_login_csrf"
BACKGROUND_HEADER = "X-Background"


@dataclass(frozen=True, slots=True)
class Principal:
    """The signed-in console user of one request."""

    user_id: int
    name: str
    role: str
    session_id: str
    csrf_token: str
    presence: str = "online"

    @property
    def is_admin(self) -> bool:
        """Admins see and may act on every conversation."""
        return self.role == "admin"


def N_(message: str) -> str:
    """Mark ``message`` for translation (Babel extracts ``N_``); pages translate it."""
    return message


WRONG = N_("Wrong user name or password.")
WRONG_WAIT = N_("Wrong user name or password. Wait %(seconds)s s before trying again.")
TOO_MANY = N_("Too many failed sign-ins: wait %(seconds)s s before trying again.")


class LoginFailed(Exception):
    """Sign-in refused; ``msgid`` % ``params`` is safe to show (translate ``msgid``)."""

    def __init__(self, msgid: str, **params: object) -> None:
        super().__init__(msgid % params if params else msgid)
        self.msgid = msgid
        self.params = params


def _session_key(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def tokens_match(expected: str, given: str | None) -> bool:
    """Constant-time comparison of a CSRF token."""
    return bool(given) and hmac.compare_digest(expected.encode(), (given or "").encode())


class ConsoleAuth:
    """Signs users in and out and resolves session cookies to principals."""

    def __init__(self, app: Parts) -> None:
        self.app = app

    def login(self, name: str, password: str, address: str = "") -> tuple[str, Principal]:
        """Check the password and open a new session.

        Failures are throttled by user name and by client ``address`` (see
        :mod:`bot.console.throttle`); known and unknown names get the same
        answers and cost the same time (one Argon2 verification, or none
        while a delay runs).

        Returns:
            The session token for the cookie, and the principal.

        Raises:
            LoginFailed: wrong name or password, a sign-in delay still running.
        """
        cfg = self.app.settings.console
        now = self.app.clock()
        keys = [throttle.user_key(name)] + ([throttle.address_key(address)] if address else [])
        failure: LoginFailed | None = None
        with self.app.db.session() as s:
            wait = throttle.wait_seconds(s, keys, now)
            if wait:
                _audit(s, name or "?", "login.throttled", now, address=address, wait=wait)
                failure = LoginFailed(TOO_MANY, seconds=wait)
            else:
                user = s.scalar(select(User).where(User.name == name.strip()))
                if user is None or not user.active:
                    dummy_verify(password)
                    why = "unknown user" if user is None else "disabled user"
                    _audit(s, name or "?", "login.failed", now, reason=why, address=address)
                    failure = LoginFailed(WRONG)
                elif not verify_password(user.password_hash, password):
                    _audit(s, user.name, "login.failed", now, reason="wrong password",
                           address=address)  # fmt: skip
                    failure = LoginFailed(WRONG)
                else:
                    throttle.clear(s, keys[0])
                    user.failed_logins = 0
                    user.locked_until = None
                    token = secrets.token_urlsafe(32)
                    csrf = secrets.token_urlsafe(32)
                    row = user_rows.add_session(
                        s, key=_session_key(token), user_id=user.id, csrf_token=csrf, now=now
                    )
                    _audit(s, user.name, "login", now, address=address)
                    principal = Principal(user.id, user.name, user.role, row.id, csrf)
        if failure is not None:
            if failure.msgid == WRONG:
                cap = cfg.lockout_minutes * 60
                waits = [throttle.record_failure(self.app.db, keys[0], cfg.max_failed_logins,
                                                 cap, now)]  # fmt: skip
                if address:
                    free = cfg.login_address_free_attempts
                    waits.append(throttle.record_failure(self.app.db, keys[1], free, cap, now))
                if max(waits):
                    failure = LoginFailed(WRONG_WAIT, seconds=max(waits))
            raise failure
        return token, principal

    def resolve(self, token: str | None, *, touch: bool = True) -> Principal | None:
        """The principal of a session token, or None if absent, ended or idle too long.

        Args:
            touch: count this request as activity (background polling does not).
        """
        if not token:
            return None
        now = self.app.clock()
        idle = timedelta(minutes=self.app.settings.console.idle_timeout_minutes)
        with self.app.db.session() as s:
            row = s.get(ConsoleSession, _session_key(token))
            if row is None or row.ended_at is not None:
                return None
            user = s.get(User, row.user_id)
            if user is None or not user.active:
                row.ended_at = now
                return None
            if now - row.last_seen_at > idle:
                row.ended_at = now
                _audit(s, user.name, "session.expired", now)
                return None
            if touch:
                row.last_seen_at = now
            return Principal(
                user.id, user.name, user.role, row.id, row.csrf_token, user.presence or "online"
            )

    def logout(self, token: str | None) -> None:
        """End the session server-side (the cookie alone no longer works)."""
        if not token:
            return
        now = self.app.clock()
        with self.app.db.session() as s:
            row = s.get(ConsoleSession, _session_key(token))
            if row is not None and row.ended_at is None:
                row.ended_at = now
                user = s.get(User, row.user_id)
                _audit(s, user.name if user else "?", "logout", now)


def _audit(s: Session, actor: str, action: str, now: datetime, **details: object) -> None:
    audit.record(s, actor=actor[:64], action=action, details=dict(details), now=now)


def set_session_cookie(request: Request, response: Response, token: str) -> None:
    """Set the session cookie: HttpOnly, SameSite=Lax, Secure when served over https."""
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
    )


def clear_session_cookie(response: Response) -> None:
    """Remove the session cookie from the browser."""
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax")


ANALYST = "analyst"
#: Where a (read-only) analyst may go; everything else answers 403.
ANALYST_PATHS = ("/console/analytics", "/api/metrics", "/console/logout")


def analyst_only(path: str) -> None:
    """Send an analyst from the queue to analytics; 403 outside the analyst's pages."""
    if path == "/console":
        raise HTTPException(status_code=303, headers={"Location": "/console/analytics"})
    if not path.startswith(ANALYST_PATHS):
        raise HTTPException(status_code=403, detail="analysts see analytics only")
