"""``/console/analytics/experiments``: experiments on scripts, started and stopped by admins.

Admins start an experiment between saved versions of the script (or named
variants of its prompts) with traffic shares and the sample-size parameters
the command line takes (``repaybot experiments start``), stop one arm, or
finish it; analysts see the same page read-only. Starting goes through
:func:`bot.analytics.experiments.start`, so assignment stays sticky per account
and everything is audited under the admin's name. An arm's version must pass
the checks a version needs to be activated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from bot.analytics import experiments as exps
from bot.analytics.results import results, safety_check
from bot.scripts.admin import VersionService
from bot.store.models import Experiment, ExperimentArm
from bot.web.console.auth import Principal
from bot.web.deps import AdminForm, AppDep, PageUser
from bot.web.rendering import render

if TYPE_CHECKING:
    from bot.web.parts import Parts as App

router = APIRouter(prefix="/console/analytics/experiments", include_in_schema=False)

READERS = ("admin", "analyst")
#: Arm rows on the start form (an experiment needs two; empty rows are ignored).
ARM_ROWS = 4
DEFAULTS = {"alpha": "0.05", "power": "0.8"}


@dataclass
class StartForm:
    """What an admin typed, and what is wrong with it (field name → message)."""

    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    problem: str = ""  # what no single field is to blame for

    def get(self, name: str) -> str:
        """The typed value of ``name`` (a default for alpha and power)."""
        return self.values.get(name, DEFAULTS.get(name, ""))


def _reader(user: Principal) -> None:
    if user.role not in READERS:
        raise HTTPException(status_code=403, detail="only admins and analysts see experiments")


def _rate(form: StartForm, name: str, label: str, low: str, high: str) -> Decimal | None:
    raw = form.get(name).strip()
    try:
        value = Decimal(raw)
    except InvalidOperation:
        form.errors[name] = f"{label}: enter a number like {DEFAULTS.get(name, '0.20')}"
        return None
    if not (Decimal(low) < value < Decimal(high)):
        form.errors[name] = f"{label}: must be between {low} and {high} (not included)"
        return None
    return value


def _arms(app: App, form: StartForm) -> list[exps.ArmSpec]:
    labels = {v.label: v for v in VersionService(app).versions()}
    arms: list[exps.ArmSpec] = []
    for i in range(ARM_ROWS):
        name = form.get(f"arm-{i}-name").strip()
        version = form.get(f"arm-{i}-version").strip()
        share = form.get(f"arm-{i}-share").strip()
        variant = form.get(f"arm-{i}-variant").strip()
        if not (name or version or share or variant):
            continue
        if not name:
            form.errors[f"arm-{i}-name"] = "Arm name: required (e.g. a, b)"
        if version not in labels:
            form.errors[f"arm-{i}-version"] = "Version: choose a saved script version"
        if not share.isdigit() or int(share) <= 0:
            form.errors[f"arm-{i}-share"] = "Share: a whole number above 0 (e.g. 50)"
        if f"arm-{i}-name" in form.errors or f"arm-{i}-version" in form.errors:
            continue
        if f"arm-{i}-share" in form.errors:
            continue
        arms.append(exps.ArmSpec(name, version, int(share), variant or None))
    if len(arms) < 2 and not any(k.startswith("arm-") for k in form.errors):
        form.errors["arm-1-name"] = "Arms: an experiment needs at least two arms"
    # An arm's version must be one an admin could activate (the guardrail checks pass).
    service = VersionService(app)
    for arm in arms:
        info = labels[arm.version]
        checked = service.validate(info.source, f"{info.label}.yaml")
        if not checked.ok:
            row = next(j for j in range(ARM_ROWS) if form.get(f"arm-{j}-name").strip() == arm.name)
            form.errors[f"arm-{row}-version"] = (
                f"Version: {info.label} cannot be activated "
                f"({len(checked.problems)} problem(s)); fix it in the script editor first"
            )
    return arms


def _place(form: StartForm, message: str, arms: list[exps.ArmSpec]) -> None:
    """Put an error from :func:`bot.analytics.experiments.start` next to its field."""
    if message.startswith("an experiment named"):
        form.errors["name"] = f"Name: {message}"
        return
    for i in range(ARM_ROWS):
        arm_name = form.get(f"arm-{i}-name").strip()
        if arm_name and message.startswith(f"arm {arm_name}:"):
            form.errors[f"arm-{i}-variant"] = f"Variant: {message}"
            return
    if "baseline" in message or "lift" in message or "effect" in message:
        form.errors["min_effect"] = f"Smallest lift: {message}"
        return
    form.problem = message


def _experiments(app: App) -> list[dict[str, Any]]:
    labels = {v.id: v.label for v in VersionService(app).versions()}
    with app.db.session() as s:
        rows = s.scalars(
            select(Experiment).options(selectinload(Experiment.arms)).order_by(Experiment.id.desc())
        ).all()
        return [
            {
                "id": e.id,
                "name": e.name,
                "status": e.status,
                "started_by": e.started_by,
                "started_at": e.started_at,
                "finished_at": e.finished_at,
                "sample_size": e.sample_size,
                "baseline": e.baseline,
                "min_effect": e.min_effect,
                "alpha": e.alpha,
                "power": e.power,
                "arms": [
                    {
                        "id": a.id,
                        "name": a.name,
                        "version": labels.get(a.script_version_id, str(a.script_version_id)),
                        "variant": a.variant or "",
                        "share": a.share,
                        "status": a.status,
                        "stopped_reason": a.stopped_reason or "",
                    }
                    for a in e.arms
                ],
            }
            for e in rows
        ]


def _results(app: App) -> dict[str, Any] | None:
    now = app.clock()
    with app.db.session() as s:
        exp = exps.running(s)
        if exp is None:
            return None
        safety_check(s, exp, now)
        s.flush()
        return results(s, exp, now).as_json()


def _versions(app: App) -> list[dict[str, Any]]:
    """The saved versions an arm can name, with their prompt variants."""
    out = []
    with app.db.session() as s:
        for v in VersionService(app).versions():
            try:
                variants = sorted(app.engine.scripts.get(v.id, s).machine.script.variants())
            except Exception:  # a version that no longer compiles offers no variants
                variants = []
            out.append({"label": v.label, "active": v.active, "variants": variants})
    return out


def _page(
    request: Request, app: App, user: Principal, form: StartForm | None = None, status: int = 200
) -> Response:
    context: dict[str, Any] = {
        "user": user,
        "experiments": _experiments(app),
        "results": _results(app),
        "versions": _versions(app) if user.is_admin else [],
        "form": form or StartForm(),
        "arm_rows": range(ARM_ROWS),
        "done": request.query_params.get("done", ""),
    }
    return render(request, "analytics/experiments.html", context, status)


@router.get("")
def experiments_page(request: Request, app: AppDep, user: PageUser) -> Response:
    """Experiments, newest first, with the running one's results (admins: the forms too)."""
    _reader(user)
    return _page(request, app, user)


@router.post("")
async def start_experiment(request: Request, app: AppDep, user: AdminForm) -> Response:
    """Start an experiment from the form; 422 with the fields to correct."""
    raw = await request.form()
    form = StartForm(values={k: str(v) for k, v in raw.items() if k != "csrf_token"})
    name = form.get("name").strip()
    if not name:
        form.errors["name"] = "Name: required (e.g. warmer-greeting)"
    elif len(name) > 64:
        form.errors["name"] = "Name: at most 64 characters"
    arms = _arms(app, form)
    baseline = _rate(form, "baseline", "Baseline agreement rate", "0", "1")
    min_effect = _rate(form, "min_effect", "Smallest lift", "0", "1")
    alpha = _rate(form, "alpha", "Significance level", "0", "0.5")
    power = _rate(form, "power", "Power", "0.5", "1")
    if form.errors or baseline is None or min_effect is None or alpha is None or power is None:
        return _page(request, app, user, form, 422)
    try:
        with app.db.session() as s:
            exp = exps.start(
                s, name, arms, baseline=baseline, min_effect=min_effect, alpha=alpha,
                power=power, actor=user.name, now=app.clock(),
                variants_of=lambda v: app.engine.scripts.get(v.id, s).machine.script.variants(),
            )  # fmt: skip
            s.flush()
            size = exp.sample_size
    except exps.ExperimentError as exc:
        _place(form, str(exc), arms)
        return _page(request, app, user, form, 422)
    return RedirectResponse(f"/console/analytics/experiments?done=started-{size}", 303)


def _experiment(app: App, experiment_id: int, s: Any) -> Experiment:
    exp = s.get(Experiment, experiment_id)
    if exp is None:
        raise HTTPException(status_code=404, detail=f"no experiment {experiment_id}")
    return exp  # type: ignore[no-any-return]


@router.post("/{experiment_id}/arms/{arm_id}/stop")
def stop_arm(
    app: AppDep,
    user: AdminForm,
    experiment_id: int,
    arm_id: int,
    reason: Annotated[str, Form()] = "",
) -> Response:
    """Stop one arm of the running experiment (audited): it takes no more conversations."""
    with app.db.session() as s:
        exp = _experiment(app, experiment_id, s)
        arm = s.get(ExperimentArm, arm_id)
        if arm is None or arm.experiment_id != exp.id:
            raise HTTPException(404, f"experiment {exp.name} has no arm {arm_id}")
        if exp.status != exps.RUNNING or arm.status != exps.ACTIVE:
            raise HTTPException(status_code=409, detail=f"arm {arm.name} is not running")
        if arm.id == exp.arms[0].id:
            raise HTTPException(
                status_code=409, detail="the control arm cannot be stopped; finish the experiment"
            )
        text = reason.strip() or f"stopped by {user.name} in the console"
        exps.stop_arm(s, arm, text, actor=user.name, now=app.clock())
    return RedirectResponse("/console/analytics/experiments?done=arm-stopped", 303)


@router.post("/{experiment_id}/finish")
def finish(app: AppDep, user: AdminForm, experiment_id: int) -> Response:
    """End the experiment (audited): new conversations take the active version again."""
    with app.db.session() as s:
        exp = _experiment(app, experiment_id, s)
        if exp.status != exps.RUNNING:
            raise HTTPException(status_code=409, detail=f"experiment {exp.name} is not running")
        exps.finish(s, exp, actor=user.name, now=app.clock())
    return RedirectResponse("/console/analytics/experiments?done=finished", 303)
