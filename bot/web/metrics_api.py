"""``GET /api/metrics``: the collection report as JSON for the lender's BI tools.

The body is the same object as ``repaybot report --format json``. The lender's
system calls it with an API token that has the ``metrics:read`` scope
(``Authorization: Bearer rpb_...``; every use is audited); in the console,
admins and analysts read it with their sign-in. No or an invalid token is a
401, a token without the scope or another console role a 403 (refused tokens
are audited as ``api.refused``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request

from bot.analytics.metrics import DIMENSIONS
from bot.analytics.report import build_report
from bot.analytics.service import period_of
from bot.console.tokens import TokenCaller
from bot.web.deps import AnyCaller, AppDep, refused

#: Console roles that may read the metrics.
READERS = ("admin", "analyst")
#: The API token scope that may read them.
SCOPE = "metrics:read"


router = APIRouter(prefix="/api", tags=["metrics"])


@router.get("/metrics")
def metrics(
    request: Request,
    app: AppDep,
    caller: AnyCaller,
    since: date | None = Query(None, description="First day (UTC) of conversations."),
    until: date | None = Query(None, description="Last day (UTC), inclusive."),
    by: str | None = Query(None, description="Breakdown: " + ", ".join(DIMENSIONS)),
) -> dict[str, Any]:
    """Funnel, rates and amounts of conversations started in the period.

    An API token with ``metrics:read``, or a signed-in admin or analyst.
    """
    if isinstance(caller, TokenCaller):
        if not caller.allows(SCOPE):
            raise refused(request, app, 403, f"this API token lacks the scope {SCOPE}", caller)
    elif caller.role not in READERS:
        raise HTTPException(
            status_code=403, detail=f"only admins, analysts or API tokens with {SCOPE}"
        )
    if by is not None and by not in DIMENSIONS:
        raise HTTPException(status_code=422, detail=f"by: use one of {', '.join(DIMENSIONS)}")
    if since is not None and until is not None and until < since:
        raise HTTPException(status_code=422, detail="until is before since")
    with app.db.session() as session:
        return build_report(session, period_of(since, until, app.clock()), by).as_json()
