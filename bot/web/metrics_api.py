"""``GET /api/metrics``: the collection report as JSON for the lender's BI tools.

The body is the same object as ``repaybot report --format json``. Until API
tokens exist it uses the console sign-in like the rest of ``/api``; only admins
(and analysts) may read it.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Depends, HTTPException, Query

from bot.analytics.metrics import DIMENSIONS
from bot.analytics.report import build_report
from bot.analytics.service import period_of
from bot.web.console.auth import ConsoleAuth, Guards, Principal

if TYPE_CHECKING:
    from bot.app import App

#: Console roles that may read the metrics.
READERS = ("admin", "analyst")


def metrics_router(app: App) -> APIRouter:
    """The ``/api/metrics`` router."""
    router = APIRouter(prefix="/api", tags=["metrics"])
    guards = Guards(ConsoleAuth(app))
    user_dep = Depends(guards.api_user)

    @router.get("/metrics")
    def metrics(
        since: date | None = Query(None, description="First day (UTC) of conversations."),
        until: date | None = Query(None, description="Last day (UTC), inclusive."),
        by: str | None = Query(None, description="Breakdown: " + ", ".join(DIMENSIONS)),
        user: Principal = user_dep,
    ) -> dict[str, Any]:
        """Funnel, rates and amounts of conversations started in the period."""
        if user.role not in READERS:
            raise HTTPException(status_code=403, detail="only admins and analysts read metrics")
        if by is not None and by not in DIMENSIONS:
            raise HTTPException(status_code=422, detail=f"by: use one of {', '.join(DIMENSIONS)}")
        if since is not None and until is not None and until < since:
            raise HTTPException(status_code=422, detail="until is before since")
        with app.db.session() as session:
            return build_report(session, period_of(since, until, app.clock()), by).as_json()

    return router
