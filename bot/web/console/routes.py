"""The agent console pages: sign-in, the live queue, claiming, the conversation page.

Pages are server-rendered; a little JavaScript polls two HTML fragments (the
queue rows and the transcript) so they update without a reload. Polls send
``X-Background: 1`` so they do not count as activity for the idle timeout.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from bot.store.models import Conversation
from bot.web.console import actions, data_rights_routes, service
from bot.web.console.auth import (
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    ConsoleAuth,
    Guards,
    LoginFailed,
    Principal,
    clear_session_cookie,
    set_session_cookie,
    tokens_match,
)
from bot.web.console.canned import canned_replies
from bot.web.console.views import conversation_view, transcript
from bot.web.rendering import render as render_template

if TYPE_CHECKING:
    from bot.app import App


def client_address(request: Request) -> str:
    """The client's address (the proxy's forwarded address when uvicorn trusts it)."""
    return request.client.host if request.client else ""


def _see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def console_router(app: App) -> APIRouter:
    """The ``/console`` pages."""
    router = APIRouter(prefix="/console", include_in_schema=False)
    auth = ConsoleAuth(app)
    guards = Guards(auth)

    def render(
        request: Request, name: str, context: dict[str, Any], status_code: int = 200
    ) -> Response:
        context.setdefault("poll_seconds", app.settings.console.queue_poll_seconds)
        return render_template(request, name, context, status_code)

    def login_page(
        request: Request, error: LoginFailed | None = None, status: int = 200
    ) -> Response:
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
        return login_page(request)

    @router.post("/login", response_class=HTMLResponse)
    def login(
        request: Request,
        name: str = Form(""),
        password: str = Form(""),
        csrf_token: str | None = Form(None),
    ) -> Response:
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
    def logout(request: Request, _user: Principal = Depends(guards.form_csrf)) -> Response:
        auth.logout(request.cookies.get(SESSION_COOKIE))
        response = _see_other("/console/login")
        clear_session_cookie(response)
        return response

    def _queue_context(user: Principal) -> dict[str, Any]:
        with app.db.session() as s:
            items = service.queue(s, user)
        return {"items": items, "now": app.clock(), "user": user}

    @router.get("", response_class=HTMLResponse)
    def queue_page(request: Request, user: Principal = Depends(guards.page_user)) -> Response:
        context = _queue_context(user)
        lost = request.query_params.get("lost", "")
        if lost.isdigit():
            # Say only that it is gone: who took it, or which chat it was, is not
            # this agent's to know.
            context["lost"] = True
        return render(request, "console/queue.html", context)

    @router.get("/queue/rows", response_class=HTMLResponse)
    def queue_rows(request: Request, user: Principal = Depends(guards.page_user)) -> Response:
        return render(request, "console/_queue_rows.html", _queue_context(user))

    @router.post("/escalations/{escalation_id}/claim")
    def claim(escalation_id: int, user: Principal = Depends(guards.form_csrf)) -> Response:
        try:
            result = service.claim(app.db, user, escalation_id, app.clock())
        except service.ConsoleError as exc:
            raise HTTPException(exc.status, exc.message) from None
        if not result.won and result.claimed_by != user.name:
            return _see_other(f"/console?lost={escalation_id}")
        return _see_other(f"/console/c/{result.conversation_id}")

    def conversation_page(
        request: Request,
        user: Principal,
        conversation_id: int,
        error: service.ConsoleError | str | None = None,
        status: int = 200,
    ) -> Response:
        with app.db.session() as s:
            try:
                conv, esc = service.open_conversation(s, user, conversation_id)
            except service.ConsoleError as exc:
                return render(
                    request,
                    "console/error.html",
                    {"user": user, "message": exc},
                    status_code=exc.status,
                )
            view = conversation_view(s, conv, esc, app.personal)
        mine = bool(esc and esc.status == service.CLAIMED and esc.claimed_by == user.user_id)
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
            "done": request.query_params.get("done", ""),
        }
        return render(request, "console/conversation.html", context, status_code=status)

    @router.get("/c/{conversation_id}", response_class=HTMLResponse)
    def conversation(
        request: Request, conversation_id: int, user: Principal = Depends(guards.page_user)
    ) -> Response:
        response = conversation_page(request, user, conversation_id)
        if response.status_code == 200:  # who looked at a debtor's details, and when
            with app.db.session() as s:
                conv = s.get(Conversation, conversation_id)
                service.audit(s, user, "view", app.clock(), conversation=conv)
        return response

    @router.get("/c/{conversation_id}/transcript", response_class=HTMLResponse)
    def transcript_fragment(
        request: Request, conversation_id: int, user: Principal = Depends(guards.page_user)
    ) -> Response:
        with app.db.session() as s:
            try:
                service.open_conversation(s, user, conversation_id)
            except service.ConsoleError as exc:
                raise HTTPException(exc.status, exc.message) from None
            lines = transcript(s, conversation_id)
        return render(request, "console/_transcript.html", {"lines": lines})

    def act(request: Request, user: Principal, conversation_id: int, run: Any) -> Response:
        try:
            run()
        except service.ConsoleError as exc:
            return conversation_page(request, user, conversation_id, exc, exc.status)
        return _see_other(f"/console/c/{conversation_id}")

    @router.post("/c/{conversation_id}/reply")
    def reply(
        request: Request,
        conversation_id: int,
        text: str = Form(""),
        user: Principal = Depends(guards.form_csrf),
    ) -> Response:
        return act(
            request,
            user,
            conversation_id,
            lambda: service.reply(
                app.db, user, conversation_id, text, app.clock(), app.settings.compliance
            ),
        )

    @router.post("/c/{conversation_id}/note")
    def note(
        request: Request,
        conversation_id: int,
        text: str = Form(""),
        user: Principal = Depends(guards.form_csrf),
    ) -> Response:
        return act(
            request,
            user,
            conversation_id,
            lambda: service.add_note(app.db, user, conversation_id, text, app.clock()),
        )

    @router.post("/c/{conversation_id}/release")
    def release(
        request: Request, conversation_id: int, user: Principal = Depends(guards.form_csrf)
    ) -> Response:
        try:
            service.release(app.db, user, conversation_id, app.clock())
        except service.ConsoleError as exc:
            return conversation_page(request, user, conversation_id, exc, exc.status)
        return _see_other("/console")

    @router.post("/c/{conversation_id}/handback")
    def handback(
        request: Request,
        conversation_id: int,
        state: str = Form(""),
        user: Principal = Depends(guards.form_csrf),
    ) -> Response:
        try:
            actions.hand_back(app, user, conversation_id, state)
        except service.ConsoleError as exc:
            return conversation_page(request, user, conversation_id, exc, exc.status)
        return _see_other("/console")

    @router.post("/c/{conversation_id}/close")
    def close(
        request: Request, conversation_id: int, user: Principal = Depends(guards.form_csrf)
    ) -> Response:
        try:
            actions.close(app, user, conversation_id)
        except service.ConsoleError as exc:
            return conversation_page(request, user, conversation_id, exc, exc.status)
        return _see_other("/console")

    @router.post("/c/{conversation_id}/plan")
    def plan(
        request: Request,
        conversation_id: int,
        kind: str = Form("instalments"),
        frequency: str = Form("monthly"),
        amount: str = Form(""),
        count: str = Form(""),
        first_date: str = Form(""),
        override_reason: str = Form(""),
        user: Principal = Depends(guards.form_csrf),
    ) -> Response:
        form = actions.PlanForm(kind, frequency, amount, count, first_date, override_reason)
        try:
            actions.propose_plan(app, user, conversation_id, form)
        except service.ConsoleError as exc:
            return conversation_page(request, user, conversation_id, exc, exc.status)
        return _see_other(f"/console/c/{conversation_id}?done=plan")

    data_rights_routes.add_routes(router, app, guards, conversation_page)
    return router
