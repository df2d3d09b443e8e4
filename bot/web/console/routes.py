"""The console's sign-in and conversation pages, and what agents do on them.

Module-level routers with typed dependencies (:mod:`bot.web.deps`); the work is
done by :mod:`bot.web.console.service` and :mod:`bot.web.console.actions`.
Live updates come over ``/console/events`` (:mod:`bot.web.console.live`).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from bot.console import people
from bot.console.plans import PlanForm
from bot.store.models import Conversation
from bot.web.console import actions, replies, service
from bot.web.console.auth import (
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    LoginFailed,
    Principal,
    clear_session_cookie,
    set_session_cookie,
    tokens_match,
)
from bot.web.console.canned import canned_replies
from bot.web.console.views import conversation_view, transcript
from bot.web.console.words import state_label
from bot.web.deps import AppDep, AuthDep, FormUser, PageUser
from bot.web.rendering import render

router = APIRouter(prefix="/console", include_in_schema=False)
Text = Annotated[str, Form()]


def client_address(request: Request) -> str:
    """The client's address (the proxy's forwarded address when uvicorn trusts it)."""
    return request.client.host if request.client else ""


def _int(raw: str) -> int | None:
    return int(raw) if raw.isdigit() and len(raw) < 19 else None


def _word(raw: str) -> str:
    return raw if raw.isalpha() and len(raw) <= 20 else ""


def _moment(raw: str) -> datetime | None:
    try:
        return datetime.strptime(raw, "%Y%m%dT%H%M").replace(tzinfo=UTC)
    except ValueError:
        return None


def _see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def login_page(request: Request, error: LoginFailed | None = None, status: int = 200) -> Response:
    """The sign-in form, with a fresh double-submit CSRF cookie."""
    token = request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(32)
    expired = request.query_params.get("expired") == "1"
    response = render(
        request,
        "console/login.html",
        {"csrf_token": token, "error": error, "expired": expired},
        status_code=status,
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/console",
    )
    return response


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> Response:
    """The sign-in page."""
    return login_page(request)


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    auth: AuthDep,
    name: Text = "",
    password: Text = "",
    csrf_token: Annotated[str | None, Form()] = None,
) -> Response:
    """Sign in (throttled by name and address); a new session id every time."""
    expected = request.cookies.get(LOGIN_CSRF_COOKIE)
    if not expected or not tokens_match(expected, csrf_token):
        raise HTTPException(status_code=403, detail="CSRF token missing or wrong")
    auth.logout(request.cookies.get(SESSION_COOKIE))
    try:
        token, _principal = auth.login(name, password, client_address(request))
    except LoginFailed as exc:
        return login_page(request, exc, status=401)
    response = _see_other("/console")
    set_session_cookie(request, response, token)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/console")
    return response


@router.post("/logout")
def logout(request: Request, auth: AuthDep, _user: FormUser) -> Response:
    """End the session on the server."""
    auth.logout(request.cookies.get(SESSION_COOKIE))
    response = _see_other("/console/login")
    clear_session_cookie(response)
    return response


def conversation_page(
    request: Request,
    app: AppDep,
    user: Principal,
    conversation_id: int,
    error: service.ConsoleError | str | None = None,
    status: int = 200,
) -> Response:
    """The conversation page (or the error page if ``user`` may not see it)."""
    with app.db.session() as s:
        try:
            conv, esc = service.open_conversation(s, user, conversation_id)
        except service.ConsoleError as exc:
            context = {"user": user, "message": exc}
            return render(request, "console/error.html", context, status_code=exc.status)
        view = conversation_view(s, conv, esc, app.personal)
        claimed = esc is not None and esc.status == service.CLAIMED
        mine = bool(claimed and esc is not None and esc.claimed_by == user.user_id)
        colleagues = []
        if mine or (user.is_admin and claimed):
            away = timedelta(minutes=app.settings.console.away_after_minutes)
            holder = esc.claimed_by if esc else None
            colleagues = [
                p for p in people.people(s, app.clock(), away) if p.active and p.id != holder
            ]
    context = {
        "user": user,
        "v": view,
        "mine": mine,
        "error": error,
        "canned": canned_replies(app, view.conversation.locale),
        "states": actions.handback_states(app, view.conversation),
        "plan_form": actions.plan_defaults(app, view),
        "now": app.clock(),
        "reason_label": service.reason_label,
        "state_label": state_label,
        "colleagues": colleagues,
        "done": request.query_params.get("done", ""),
        "sent_on": _word(request.query_params.get("on", "")),
        "sent_in": _int(request.query_params.get("in", "")),
        "held_until": _moment(request.query_params.get("held", "")),
    }
    return render(request, "console/conversation.html", context, status_code=status)


@router.get("/c/{conversation_id}", response_class=HTMLResponse)
def conversation(request: Request, conversation_id: int, app: AppDep, user: PageUser) -> Response:
    """A conversation with everything the agent needs (the view is audited)."""
    response = conversation_page(request, app, user, conversation_id)
    if response.status_code == 200:  # who looked at a debtor's details, and when
        with app.db.session() as s:
            conv = s.get(Conversation, conversation_id)
            service.audit(s, user, "view", app.clock(), conversation=conv)
    return response


@router.get("/c/{conversation_id}/transcript", response_class=HTMLResponse)
def transcript_fragment(
    request: Request, conversation_id: int, app: AppDep, user: PageUser
) -> Response:
    """The transcript alone (for live updates)."""
    with app.db.session() as s:
        try:
            service.open_conversation(s, user, conversation_id)
        except service.ConsoleError as exc:
            raise HTTPException(exc.status, exc.message) from None
        lines = transcript(s, conversation_id)
    return render(request, "console/_transcript.html", {"lines": lines})


def _act(
    request: Request,
    app: AppDep,
    user: Principal,
    conversation_id: int,
    run: Callable[[], Any],
    then: str | None = None,
) -> Response:
    try:
        run()
    except service.ConsoleError as exc:
        return conversation_page(request, app, user, conversation_id, exc, exc.status)
    return _see_other(then or f"/console/c/{conversation_id}")


@router.post("/c/{conversation_id}/reply")
def reply(
    request: Request, conversation_id: int, app: AppDep, user: FormUser, text: Text = ""
) -> Response:
    """Send a reply to the debtor on the channel they last used (needs the claim)."""
    compliance = app.settings.compliance
    try:
        sent = replies.reply(app.db, user, conversation_id, text, app.clock(), compliance)
    except service.ConsoleError as exc:
        return conversation_page(request, app, user, conversation_id, exc, exc.status)
    told = {"done": "reply", "on": sent.platform, "in": sent.conversation_id}
    if sent.held_until is not None:
        told["held"] = sent.held_until.astimezone(UTC).strftime("%Y%m%dT%H%M")
    where = urlencode(told)
    return _see_other(f"/console/c/{conversation_id}?{where}")


@router.post("/c/{conversation_id}/note")
def note(
    request: Request, conversation_id: int, app: AppDep, user: FormUser, text: Text = ""
) -> Response:
    """Add an internal note (needs the claim)."""
    return _act(
        request,
        app,
        user,
        conversation_id,
        lambda: replies.add_note(app.db, user, conversation_id, text, app.clock()),
    )


@router.post("/c/{conversation_id}/release")
def release(request: Request, conversation_id: int, app: AppDep, user: FormUser) -> Response:
    """Put the conversation back in the queue."""
    run = lambda: service.release(app.db, user, conversation_id, app.clock())  # noqa: E731
    return _act(request, app, user, conversation_id, run, "/console")


@router.post("/c/{conversation_id}/transfer")
def transfer(
    request: Request, conversation_id: int, app: AppDep, user: FormUser, to: Text = ""
) -> Response:
    """Hand the claimed conversation to a named colleague (audited)."""
    run = lambda: service.transfer(app.db, user, conversation_id, to, app.clock())  # noqa: E731
    return _act(request, app, user, conversation_id, run, "/console")


@router.post("/c/{conversation_id}/handback")
def handback(
    request: Request, conversation_id: int, app: AppDep, user: FormUser, state: Text = ""
) -> Response:
    """Give the conversation back to the bot at ``state``."""
    run = lambda: actions.hand_back(app, user, conversation_id, state)  # noqa: E731
    return _act(request, app, user, conversation_id, run, "/console")


@router.post("/c/{conversation_id}/close")
def close(request: Request, conversation_id: int, app: AppDep, user: FormUser) -> Response:
    """Close the conversation and its escalation."""
    run = lambda: actions.close(app, user, conversation_id)  # noqa: E731
    return _act(request, app, user, conversation_id, run, "/console")


@router.post("/c/{conversation_id}/plan")
def plan(
    request: Request,
    conversation_id: int,
    app: AppDep,
    user: FormUser,
    kind: Text = "instalments",
    frequency: Text = "monthly",
    amount: Text = "",
    count: Text = "",
    first_date: Text = "",
    override_reason: Text = "",
) -> Response:
    """Propose a plan to the debtor (checked against policy by the negotiation code)."""
    form = PlanForm(kind, frequency, amount, count, first_date, override_reason)
    run = lambda: actions.propose_plan(app, user, conversation_id, form)  # noqa: E731
    return _act(request, app, user, conversation_id, run, f"/console/c/{conversation_id}?done=plan")


@router.post("/c/{conversation_id}/settlement")
def settlement(
    request: Request, conversation_id: int, app: AppDep, user: FormUser, decision: Text = ""
) -> Response:
    """Approve or decline the debtor's settlement offer (one action; the debtor is told)."""
    run = lambda: actions.decide_settlement(app, user, conversation_id, decision)  # noqa: E731
    return _act(
        request,
        app,
        user,
        conversation_id,
        run,
        f"/console/c/{conversation_id}?done=settlement-{decision}",
    )
