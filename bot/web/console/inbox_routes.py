"""The inbox pages: ``/console`` (tabs, filters, pages), its fragments, and claiming.

The work is in :mod:`bot.console.inbox` (one query per page) and
:mod:`bot.web.console.service` (claims).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from bot.console import inbox
from bot.web.console import service
from bot.web.console.auth import Principal
from bot.web.console.words import N_
from bot.web.deps import AppDep, FormUser, PageUser
from bot.web.rendering import render

router = APIRouter(prefix="/console", include_in_schema=False)
TABS = (
    ("mine", N_("Mine")),
    ("unassigned", N_("Unassigned")),
    ("open", N_("All open")),
    ("closed", N_("Closed")),
)
PLATFORMS = ("telegram", "wechat", "web", "email", "sms")
LANGUAGE_NAMES = {"en": "English", "zh_CN": "简体中文", "zh_TW": "繁體中文"}


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def filters_of(request: Request) -> inbox.Filters:
    """The inbox filters in the query string (bad values are ignored)."""
    params = request.query_params
    reason = params.get("reason", "")[:32]
    return inbox.Filters(
        reason=reason,
        reason_aliases=service.reason_aliases(reason),
        priority=params.get("priority", "")[:2],
        language=params.get("language", "")[:16],
        platform=params.get("platform", "")[:16],
        account=params.get("account", "").strip()[:64],
        since=_day(params.get("since", "")),
        until=_day(params.get("until", "")),
    )


def _context(request: Request, app: AppDep, user: Principal) -> dict[str, Any]:
    params = request.query_params
    filters = filters_of(request)
    number = int(params["page"]) if params.get("page", "").isdigit() else 1
    cfg = app.settings.console
    now = app.clock()
    with app.db.session() as s:
        found = inbox.page(
            s,
            inbox.Viewer(user.user_id, user.is_admin),
            params.get("tab", "open"),
            filters,
            number=number,
            size=cfg.page_size,
            now=now,
            service_level=timedelta(minutes=cfg.service_level_minutes),
        )
    query = {"tab": found.tab, **filters.query()}
    enabled = app.settings.dialog.enabled_locales
    return {
        "inbox": found,
        "filters": filters,
        "now": now,
        "user": user,
        "tabs": TABS,
        "reasons": service.reason_choices(),
        "priorities": sorted(service.PRIORITY_LABELS.items()),
        "languages": [(loc, LANGUAGE_NAMES.get(loc, loc)) for loc in enabled],
        "platforms": PLATFORMS,
        "reason_label": service.reason_label,
        "priority_label": lambda p: service.PRIORITY_LABELS.get(p, str(p)),
        "service_level": cfg.service_level_minutes,
        "query": urlencode({**query, "page": found.number}),
        "query_without_page": urlencode(query),
    }


@router.get("", response_class=HTMLResponse)
def queue_page(request: Request, app: AppDep, user: PageUser) -> Response:
    """The inbox."""
    context = _context(request, app, user)
    if request.query_params.get("lost", "").isdigit():
        # Only that it is gone: who took it, or which chat it was, is not this agent's to know.
        context["lost"] = True
    return render(request, "console/inbox.html", context)


@router.get("/queue/rows", response_class=HTMLResponse)
def queue_rows(request: Request, app: AppDep, user: PageUser) -> Response:
    """The rows of the current tab and page, and the tab counts (for live updates)."""
    return render(request, "console/_inbox_rows.html", _context(request, app, user))


@router.get("/queue/counts", response_class=HTMLResponse)
def queue_counts(request: Request, app: AppDep, user: PageUser) -> Response:
    """The tab counts alone (other console pages show them in the title)."""
    with app.db.session() as s:
        counts = inbox.tab_counts(s, inbox.Viewer(user.user_id, user.is_admin), inbox.Filters())
    return render(request, "console/_counts.html", {"counts": counts})


@router.post("/escalations/{escalation_id}/claim")
def claim(escalation_id: int, app: AppDep, user: FormUser) -> Response:
    """Claim an escalation: its conversation, or back to the inbox if someone was first."""
    try:
        result = service.claim(app.db, user, escalation_id, app.clock())
    except service.ConsoleError as exc:
        raise HTTPException(exc.status, exc.message) from None
    if not result.won and result.claimed_by != user.name:
        return RedirectResponse(f"/console?lost={escalation_id}", status_code=303)
    return RedirectResponse(f"/console/c/{result.conversation_id}", status_code=303)
