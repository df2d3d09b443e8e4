"""Typed FastAPI dependencies shared by every router: the app, the signed-in user, tokens.

Routers are module-level ``APIRouter`` objects; a handler names what it needs
(``app: AppDep``, ``user: PageUser``, ``caller: Scoped("agreements:read")``)
and FastAPI resolves it per request from ``request.app.state.app``, the
composition root the web application was built for.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, cast

from fastapi import Depends, Form, Header, HTTPException, Request

from bot.console import tokens
from bot.console.tokens import TokenCaller
from bot.web.console.auth import (
    ANALYST,
    BACKGROUND_HEADER,
    SESSION_COOKIE,
    ConsoleAuth,
    Principal,
    analyst_only,
    tokens_match,
)

if TYPE_CHECKING:
    from bot.channels import Adapter
    from bot.delivery import DeliveryLoop
    from bot.web.parts import Parts


def get_app(request: Request) -> Parts:
    """The application the web app serves (set by :func:`bot.web.app.create_app`)."""
    return cast("Parts", request.app.state.app)


AppDep = Annotated["Parts", Depends(get_app)]


def get_auth(app: AppDep) -> ConsoleAuth:
    """Console sign-in for this app."""
    return ConsoleAuth(app)


AuthDep = Annotated[ConsoleAuth, Depends(get_auth)]


def _principal(request: Request, auth: ConsoleAuth) -> Principal | None:
    if hasattr(request.state, "principal"):
        cached: Principal | None = request.state.principal
        return cached
    background = request.headers.get(BACKGROUND_HEADER) == "1"
    principal = auth.resolve(request.cookies.get(SESSION_COOKIE), touch=not background)
    request.state.principal = principal
    if principal is not None and principal.role == ANALYST:
        analyst_only(request.url.path)
    return principal


def page_user(request: Request, auth: AuthDep) -> Principal:
    """The signed-in user, or a redirect to the login page."""
    principal = _principal(request, auth)
    if principal is None:
        target = "/console/login"
        if request.cookies.get(SESSION_COOKIE):
            target += "?expired=1"
        raise HTTPException(status_code=303, headers={"Location": target})
    return principal


def api_user(request: Request, auth: AuthDep) -> Principal:
    """The signed-in user, or 401."""
    principal = _principal(request, auth)
    if principal is None:
        raise HTTPException(status_code=401, detail="sign in to the console first")
    return principal


PageUser = Annotated[Principal, Depends(page_user)]
ApiUser = Annotated[Principal, Depends(api_user)]


def form_user(
    request: Request, user: PageUser, csrf_token: Annotated[str | None, Form()] = None
) -> Principal:
    """The signed-in user of a form POST carrying the session's CSRF token, or 403."""
    given = csrf_token or request.headers.get("X-CSRF-Token")
    if not tokens_match(user.csrf_token, given):
        raise HTTPException(status_code=403, detail="CSRF token missing or wrong")
    return user


def header_user(
    user: ApiUser, x_csrf_token: Annotated[str | None, Header(alias="X-CSRF-Token")] = None
) -> Principal:
    """The signed-in user of an API POST with the right ``X-CSRF-Token`` header, or 403."""
    if not tokens_match(user.csrf_token, x_csrf_token):
        raise HTTPException(status_code=403, detail="CSRF token missing or wrong")
    return user


FormUser = Annotated[Principal, Depends(form_user)]
HeaderUser = Annotated[Principal, Depends(header_user)]


def admin_page_user(user: PageUser) -> Principal:
    """A signed-in admin, or 403."""
    if not user.is_admin:
        raise HTTPException(status_code=403, detail="admins only")
    return user


def admin_form_user(user: FormUser) -> Principal:
    """A signed-in admin posting a form with the CSRF token, or 403."""
    if not user.is_admin:
        raise HTTPException(status_code=403, detail="admins only")
    return user


AdminPage = Annotated[Principal, Depends(admin_page_user)]
AdminForm = Annotated[Principal, Depends(admin_form_user)]


def _bearer(request: Request) -> str | None:
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def token_caller(request: Request, app: AppDep) -> TokenCaller | None:
    """The API token in ``Authorization: Bearer ...``, if any and valid (its use is audited)."""
    value = _bearer(request)
    if value is None:
        return None
    with app.db.session() as s:
        return tokens.authenticate(
            s, value, now=app.clock(), method=request.method, path=request.url.path
        )


def refused(
    request: Request, app: Parts, status: int, detail: str, caller: TokenCaller | None = None
) -> HTTPException:
    """Audit a refused API call (``api.refused``, within the limits of
    :func:`bot.console.tokens.refusal_number`) and return the error to raise."""
    address, now = request.client.host if request.client else "", app.clock()
    cap = app.settings.console.refused_api_audits_per_minute
    number = tokens.refusal_number(app.db, address, detail, now, cap)
    if number:
        with app.db.session() as s:
            tokens.refuse(
                s,
                now=now,
                method=request.method,
                path=request.url.path,
                reason=detail,
                caller=caller,
                token=_bearer(request) or "",
                address=address,
                number=number,
            )
    return HTTPException(status, detail)


def require_token(request: Request, app: Parts, scope: str) -> TokenCaller:
    """The API token of this request if it carries ``scope``: else 401 (none or not valid)
    or 403 (valid, without the scope); every refusal is audited."""
    if _bearer(request) is None:
        raise refused(
            request, app, 401, f"send an API token with {scope}: Authorization: Bearer rpb_..."
        )
    caller = token_caller(request, app)
    if caller is None:
        raise refused(request, app, 401, "the API token is not valid")
    if not caller.allows(scope):
        raise refused(request, app, 403, f"this API token lacks the scope {scope}", caller)
    return caller


def any_caller(request: Request, app: AppDep, auth: AuthDep) -> Principal | TokenCaller:
    """A valid API token, or a signed-in console user; otherwise 401."""
    if request.headers.get("authorization"):
        caller = token_caller(request, app)
        if caller is None:
            raise refused(request, app, 401, "the API token is not valid")
        return caller
    return api_user(request, auth)


AnyCaller = Annotated[Principal | TokenCaller, Depends(any_caller)]


def scoped(scope: str) -> Callable[..., Any]:
    """A dependency: an API token with ``scope``, or a signed-in admin; otherwise 401/403."""

    def check(request: Request, app: AppDep, caller: AnyCaller) -> Principal | TokenCaller:
        if isinstance(caller, TokenCaller):
            if not caller.allows(scope):
                raise refused(request, app, 403, f"this API token lacks the scope {scope}", caller)
        elif not caller.is_admin:
            raise HTTPException(403, f"only admins or API tokens with {scope} may do this")
        return caller

    return check


def token_scoped(scope: str) -> Callable[..., TokenCaller]:
    """A dependency: an API token with ``scope`` (no console session); see :func:`require_token`."""

    def check(request: Request, app: AppDep) -> TokenCaller:
        return require_token(request, app, scope)

    return check


def running_adapter(request: Request, platform: str) -> Adapter | None:
    """The adapter of ``platform`` if its channel is running (started by the lifespan)."""
    adapters: dict[str, Adapter] = getattr(request.app.state, "adapters", {})
    return adapters.get(platform)


def wake_delivery(request: Request, platform: str) -> None:
    """Tell ``platform``'s delivery loop (if it runs) that new items are due."""
    deliveries: dict[str, DeliveryLoop] = getattr(request.app.state, "deliveries", {})
    delivery = deliveries.get(platform)
    if delivery is not None:
        delivery.notify()
