"""Console routes for debtor data rights: the export download, the erasure form
and the erasure result page (the work is in :mod:`bot.web.console.data_rights`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from bot.store.models import AuditEntry
from bot.web import rendering
from bot.web.console.auth import Guards, Principal
from bot.web.console.data_rights import (
    ADMIN_ONLY,
    ERASE_ACTION,
    NO_ERASURE,
    TABLE_LABELS,
    erase,
    erasure_result,
    export,
)
from bot.web.console.service import ConsoleError
from bot.web.rendering import render as render_template

if TYPE_CHECKING:
    from bot.app import App


def translate(app: App, request: Request, msgid: str, **values: Any) -> str:
    """``msgid`` in the page's language, with ``values`` filled in."""
    return rendering.translate(request, msgid, **values)


def _filename(ref: str, now: datetime) -> str:
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", ref).strip("._") or "account"
    return f"data-{safe}-{now:%Y%m%d}.json"


PageRenderer = Callable[[Request, Principal, int, str | None, int], Response]


def add_routes(
    router: APIRouter, app: App, guards: Guards, conversation_page: PageRenderer
) -> None:
    """Add the data-rights routes to the console router.

    Args:
        conversation_page: Renders the conversation page with an error message
            and status (refusals are shown where the form was).
    """

    def refused(
        request: Request, user: Principal, conversation_id: int, exc: ConsoleError
    ) -> Response:
        message = translate(app, request, exc.msgid, **exc.params)
        return conversation_page(request, user, conversation_id, message, exc.status)

    def error_page(request: Request, user: Principal, msgid: str, status: int) -> Response:
        return render_template(
            request,
            "console/error.html",
            {"user": user, "message": translate(app, request, msgid)},
            status,
        )

    @router.post("/c/{conversation_id}/data-export")
    def data_export(
        request: Request, conversation_id: int, user: Principal = Depends(guards.form_csrf)
    ) -> Response:
        try:
            ref, body = export(app, user, conversation_id)
        except ConsoleError as exc:
            return refused(request, user, conversation_id, exc)
        name = _filename(ref, app.clock())
        return Response(
            body,
            media_type="application/json",
            headers={
                "Content-Disposition": f'attachment; filename="{name}"',
                "Cache-Control": "no-store",
                "X-Content-Type-Options": "nosniff",
            },
        )

    @router.post("/c/{conversation_id}/erase")
    def data_erase(
        request: Request,
        conversation_id: int,
        reason: str = Form(""),
        confirm_ref: str = Form(""),
        user: Principal = Depends(guards.form_csrf),
    ) -> Response:
        try:
            entry_id = erase(app, user, conversation_id, reason, confirm_ref)
        except ConsoleError as exc:
            return refused(request, user, conversation_id, exc)
        return RedirectResponse(f"/console/erasures/{entry_id}", status_code=303)

    @router.get("/c/{conversation_id}/erasure")
    def latest_erasure(
        request: Request, conversation_id: int, user: Principal = Depends(guards.page_user)
    ) -> Response:
        if not user.is_admin:
            return error_page(request, user, ADMIN_ONLY, 403)
        with app.db.session() as s:
            entry_id = s.scalar(
                select(AuditEntry.id)
                .where(
                    AuditEntry.action == ERASE_ACTION,
                    AuditEntry.conversation_id == conversation_id,
                )
                .order_by(AuditEntry.id.desc())
                .limit(1)
            )
        if entry_id is None:
            return error_page(request, user, NO_ERASURE, 404)
        return RedirectResponse(f"/console/erasures/{entry_id}", status_code=303)

    @router.get("/erasures/{entry_id}")
    def erasure_page(
        request: Request, entry_id: int, user: Principal = Depends(guards.page_user)
    ) -> Response:
        if not user.is_admin:
            return error_page(request, user, ADMIN_ONLY, 403)
        with app.db.session() as s:
            result = erasure_result(
                s, entry_id, lambda t: translate(app, request, TABLE_LABELS.get(t, t))
            )
        if result is None:
            return error_page(request, user, NO_ERASURE, 404)
        return render_template(request, "console/data_erased.html", {"user": user, "r": result})
