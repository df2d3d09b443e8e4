"""Admin pages for people and access: users, sign-in throttles, API tokens.

Every change goes through :mod:`bot.console.people`, :mod:`bot.console.throttle`
or :mod:`bot.console.tokens`, which audit it.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from bot.console import people, throttle, tokens
from bot.store import audit
from bot.users import ROLES, UserInputError
from bot.web.console.auth import Principal
from bot.web.deps import AdminForm, AdminPage, AppDep, FormUser
from bot.web.rendering import render

router = APIRouter(prefix="/console", include_in_schema=False)
THROTTLE_WINDOW = timedelta(days=1)


def page(
    request: Request,
    app: AppDep,
    user: Principal,
    *,
    error: str | None = None,
    new_token: str | None = None,
    status: int = 200,
) -> Response:
    """The users, throttles and tokens page."""
    now = app.clock()
    away = timedelta(minutes=app.settings.console.away_after_minutes)
    with app.db.session() as s:
        context: dict[str, Any] = {
            "user": user,
            "people": people.people(s, now, away),
            "throttles": throttle.active(s, now, THROTTLE_WINDOW),
            "tokens": tokens.listing(s),
            "scopes": tokens.SCOPES,
            "roles": ROLES,
            "error": error,
            "new_token": new_token,
            "now": now,
        }
    return render(request, "console/users.html", context, status)


def _back() -> RedirectResponse:
    return RedirectResponse("/console/admin/users", status_code=303)


@router.get("/admin/users")
def users_page(request: Request, app: AppDep, user: AdminPage) -> Response:
    """Users with their presence, sign-in throttles, API tokens."""
    return page(request, app, user)


def _change(request: Request, app: AppDep, user: Principal, run: Any) -> Response:
    try:
        with app.db.session() as s:
            run(s, app.clock())
    except (UserInputError, tokens.TokenError) as exc:
        return page(request, app, user, error=str(exc), status=400)
    return _back()


@router.post("/admin/users")
def add_user(
    request: Request,
    app: AppDep,
    user: AdminForm,
    name: Annotated[str, Form()] = "",
    role: Annotated[str, Form()] = "agent",
    password: Annotated[str, Form()] = "",
) -> Response:
    """Add a console user."""
    return _change(
        request, app, user, lambda s, now: people.add(s, user.name, name, role, password, now)
    )


@router.post("/admin/users/{user_id}/active")
def set_active(
    request: Request,
    app: AppDep,
    user: AdminForm,
    user_id: int,
    active: Annotated[str, Form()] = "0",
) -> Response:
    """Disable (active=0) or enable (active=1) a user."""
    on = active == "1"
    return _change(
        request, app, user, lambda s, now: people.set_active(s, user.name, user_id, on, now)
    )


@router.post("/admin/users/{user_id}/password")
def reset_password(
    request: Request,
    app: AppDep,
    user: AdminForm,
    user_id: int,
    password: Annotated[str, Form()] = "",
) -> Response:
    """Set a new password for a user."""
    return _change(
        request,
        app,
        user,
        lambda s, now: people.reset_password(s, user.name, user_id, password, now),
    )


@router.post("/admin/users/{user_id}/role")
def set_role(
    request: Request,
    app: AppDep,
    user: AdminForm,
    user_id: int,
    role: Annotated[str, Form()] = "",
) -> Response:
    """Change a user's role."""
    return _change(
        request, app, user, lambda s, now: people.set_role(s, user.name, user_id, role, now)
    )


@router.post("/admin/throttles/clear")
def clear_throttle(
    request: Request, app: AppDep, user: AdminForm, key: Annotated[str, Form()] = ""
) -> Response:
    """Forget the failed sign-ins of one user name or address (audited)."""

    def run(s: Any, now: Any) -> None:
        if throttle.clear(s, key):
            audit.record(
                s, actor=user.name, action="login.throttle_clear", details={"key": key}, now=now
            )

    return _change(request, app, user, run)


@router.post("/admin/tokens")
def create_token(
    request: Request,
    app: AppDep,
    user: AdminForm,
    name: Annotated[str, Form()] = "",
    scopes: Annotated[list[str] | None, Form()] = None,
) -> Response:
    """Create an API token; its secret is shown on this one page only."""
    try:
        with app.db.session() as s:
            secret, _view = tokens.create(s, name, scopes or [], actor=user.name, now=app.clock())
    except tokens.TokenError as exc:
        return page(request, app, user, error=str(exc), status=400)
    return page(request, app, user, new_token=secret)


@router.post("/admin/tokens/{token_id}/revoke")
def revoke_token(request: Request, app: AppDep, user: AdminForm, token_id: int) -> Response:
    """Revoke an API token at once."""
    return _change(
        request,
        app,
        user,
        lambda s, now: tokens.revoke(s, token_id, actor=user.name, now=now),
    )


@router.post("/presence")
def set_presence(
    app: AppDep, user: FormUser, presence: Annotated[str, Form()] = "online"
) -> Response:
    """The agent's own presence: online or away."""
    try:
        with app.db.session() as s:
            people.set_presence(s, user.user_id, presence)
    except UserInputError:
        pass
    return Response(status_code=204)
