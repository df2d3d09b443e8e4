"""``/console/analytics``: the collection report for admins and analysts.

The funnel and a time series of key rates are SVG drawn on the server (no
script), every table beside them downloads as CSV, and the running
experiment's results and the arms stopped by the safety rule are listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response

from bot.analytics import experiments
from bot.analytics.charts import funnel_svg, series_svg
from bot.analytics.metrics import DIMENSIONS, RATES
from bot.analytics.report import Report, build_report
from bot.analytics.results import recent_notices, results, safety_check
from bot.analytics.service import period_of
from bot.analytics.tables import Table, tables
from bot.web.console.auth import Principal
from bot.web.deps import AppDep, PageUser
from bot.web.rendering import render

if TYPE_CHECKING:
    from bot.web.parts import Parts

READERS = ("admin", "analyst")
#: Rates drawn over time.
SERIES = ("right_party_contact", "promise_to_pay", "escalation", "opt_out")
EVERY = ("day", "week", "month")


def _check(user: Principal) -> None:
    if user.role not in READERS:
        raise HTTPException(status_code=403, detail="only admins and analysts see analytics")


@dataclass(frozen=True)
class ReportQuery:
    """The period and groupings a page or a CSV download asks for."""

    since: date | None
    until: date | None
    by: str | None
    every: str


def report_query(
    since: date | None = Query(None),
    until: date | None = Query(None),
    by: str | None = Query(None),
    every: str = Query("week"),
) -> ReportQuery:
    """The query string, checked (422 naming the parameter that is wrong)."""
    if by and by not in DIMENSIONS:
        raise HTTPException(status_code=422, detail=f"by: use one of {', '.join(DIMENSIONS)}")
    if every not in EVERY:
        raise HTTPException(status_code=422, detail=f"every: use one of {', '.join(EVERY)}")
    return ReportQuery(since, until, by or None, every)


router = APIRouter(prefix="/console/analytics", include_in_schema=False)
Query_ = Annotated[ReportQuery, Depends(report_query)]


def _build(app: Parts, q: ReportQuery, by: str | None) -> Report:
    period = period_of(q.since, q.until, app.clock())
    with app.db.session() as s:
        return build_report(s, period, by)


@router.get("")
def page(request: Request, app: AppDep, q: Query_, user: PageUser) -> Response:
    """The report for the period, its charts and tables, and the running experiment."""
    _check(user)
    report, over_time = _build(app, q, q.by), _build(app, q, q.every)
    periods = sorted(over_time.groups)
    labels = {m.key: m.label for m in RATES}
    lines = [(labels[k], [over_time.groups[p].rates[k] for p in periods]) for k in SERIES]
    context: dict[str, Any] = {
        "user": user,
        "since": q.since.isoformat() if q.since else "",
        "until": q.until.isoformat() if q.until else "",
        "by": q.by or "",
        "every": q.every,
        "dimensions": DIMENSIONS,
        "everies": EVERY,
        "funnel_chart": funnel_svg(report.overall),
        "series_chart": series_svg(periods, lines),
        "tables": tables(report),
        "query": request.url.query,
        "experiment": _experiment(app),
    }
    with app.db.session() as s:
        context["notices"] = [
            f"{n.created_at:%Y-%m-%d %H:%M} UTC — arm {n.details.get('arm')}: "
            f"{n.details.get('reason')}"
            for n in recent_notices(s)
        ]
    return render(request, "analytics/page.html", context)


@router.get("/{key}.csv")
def download(key: str, app: AppDep, q: Query_, user: PageUser) -> Response:
    """One of the page's tables as CSV."""
    _check(user)
    report = _build(app, q, q.by)  # the tables come from this one report only
    found: Table | None = next((t for t in tables(report) if t.key == key), None)
    if found is None:
        raise HTTPException(status_code=404, detail=f"no table {key!r}")
    return Response(
        found.csv(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{key}.csv"'},
    )


def _experiment(app: Parts) -> dict[str, Any] | None:
    now = app.clock()
    with app.db.session() as s:
        exp = experiments.running(s)
        if exp is None:
            return None
        safety_check(s, exp, now)
        s.flush()
        return results(s, exp, now).as_json()
