"""Console routes for debtor data rights: the export download, the erasure form
and the erasure result page (the work is in :mod:`bot.web.console.data_rights`).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from bot.store.models import AuditEntry
from bot.web import rendering
from bot.web.console.auth import Principal
from bot.web.console.data_rights import (
    ADMIN_ONLY,
    ERASE_ACTION,
    NO_ERASURE,
    TABLE_LABELS,
    erase,
    erasure_result,
    export,
)
from bot.web.console.routes import conversation_page
from bot.web.console.service import ConsoleError
from bot.web.deps import AppDep, FormUser, PageUser
from bot.web.rendering import render as render_template

if TYPE_CHECKING:
    from bot.web.parts import Parts


def translate(app: Parts, request: Request, msgid: str, **values: Any) -> str:
    """``msgid`` in the page's language, with ``values`` filled in."""
    return rendering.translate(request, msgid, **values)


def _filename(ref: str, now: datetime) -> str:
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", ref).strip("._") or "account"
    return f"data-{safe}-{now:%Y%m%d}.json"


router = APIRouter(prefix="/console", include_in_schema=False)


def _refused(
    request: Request, app: AppDep, user: Principal, conversation_id: int, exc: ConsoleError
) -> Response:
    message = translate(app, request, exc.msgid, **exc.params)
    return conversation_page(request, app, user, conversation_id, message, exc.status)


def _error_page(
    request: Request, app: AppDep, user: Principal, msgid: str, status: int
) -> Response:
    return render_template(
        request,
        "console/error.html",
        {"user": user, "message": translate(app, request, msgid)},
        status,
    )


@router.post("/c/{conversation_id}/data-export")
def data_export(request: Request, conversation_id: int, app: AppDep, user: FormUser) -> Response:
    """Download everything held about the conversation's account (audited)."""
    try:
        ref, body = export(app, user, conversation_id)
    except ConsoleError as exc:
        return _refused(request, app, user, conversation_id, exc)
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
    app: AppDep,
    user: FormUser,
    reason: Annotated[str, Form()] = "",
    confirm_ref: Annotated[str, Form()] = "",
) -> Response:
    """Erase the account's personal data (admins, with a reason and the reference typed)."""
    try:
        entry_id = erase(app, user, conversation_id, reason, confirm_ref)
    except ConsoleError as exc:
        return _refused(request, app, user, conversation_id, exc)
    return RedirectResponse(f"/console/erasures/{entry_id}", status_code=303)


@router.get("/c/{conversation_id}/erasure")
def latest_erasure(request: Request, conversation_id: int, app: AppDep, user: PageUser) -> Response:
    """The newest erasure of this conversation's account."""
    if not user.is_admin:
        return _error_page(request, app, user, ADMIN_ONLY, 403)
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
        return _error_page(request, app, user, NO_ERASURE, 404)
    return RedirectResponse(f"/console/erasures/{entry_id}", status_code=303)


@router.get("/erasures/{entry_id}")
def erasure_page(request: Request, entry_id: int, app: AppDep, user: PageUser) -> Response:
    """What an erasure removed and what it kept, and why."""
    if not user.is_admin:
        return _error_page(request, app, user, ADMIN_ONLY, 403)
    with app.db.session() as s:
        result = erasure_result(
            s, entry_id, lambda t: translate(app, request, TABLE_LABELS.get(t, t))
        )
    if result is None:
        return _error_page(request, app, user, NO_ERASURE, 404)
    return render_template(request, "console/data_erased.html", {"user": user, "r": result})
