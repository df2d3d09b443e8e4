"""Experiment results per arm, and the safety rule that stops a harmful arm.

The primary metric is the agreement rate (accounts that agreed / accounts
contacted). Also per arm: the promise-kept rate (instalments paid by their due
date / instalments due, compared like the other rates) and the amount collected
per contacted account in each currency, compared with Welch's t-test. Each
rate of an arm is compared with the control (the first arm): a two-proportion
z-test, or Fisher's exact test for small counts, at
``alpha / (arms - 1)`` (Bonferroni). No verdict is given before every active
arm has the sample size fixed when the experiment started: looking early
cannot produce a winner.

Safety: at every look, an arm whose opt-out, complaint or distress rate is
higher than the control's with z ≥ 3 (the Haybittle–Peto boundary, one-sided
p < 0.0014) is stopped, audited, and listed as a notice for admins.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.analytics import payments, queries
from bot.analytics.dims import Period
from bot.analytics.experiments import ACTIVE, stop_arm
from bot.analytics.payments import AmountSample
from bot.analytics.report import money_text
from bot.analytics.stats import (
    SAFETY_Z,
    Comparison,
    compare_rates,
    harm_z,
    t_quantile,
    welch,
    wilson,
)
from bot.store.models import AuditEntry, Experiment, ExperimentArm

log = logging.getLogger(__name__)

#: Rates watched by the safety rule: report flag → name.
SAFETY = {"opted_out": "opt-out", "complained": "complaint", "distressed": "distress"}
#: Rates shown per arm: report flag → name.
RATES = {"agreed": "agreement", **SAFETY}


@dataclass(frozen=True)
class RateResult:
    """One rate of one arm, with its interval and (not for the control) the comparison."""

    name: str
    count: int
    rate: float | None
    low: float
    high: float
    versus_control: Comparison | None


@dataclass(frozen=True)
class AmountResult:
    """Amount collected per contacted account of one arm, in one currency."""

    currency: str
    accounts: int
    mean: float | None
    low: float
    high: float
    versus_control: Comparison | None

    def as_json(self) -> dict[str, Any]:
        """Amounts as decimal strings with the currency's places."""

        def text(x: float) -> str | None:
            return None if not math.isfinite(x) else money_text(self.currency, Decimal(repr(x)))

        vs = self.versus_control
        return {
            "accounts": self.accounts,
            "mean": None if self.mean is None else text(self.mean),
            "interval": [text(self.low), text(self.high)],
            "versus_control": None
            if vs is None
            else {
                "difference": text(vs.diff),
                "interval": [text(vs.low), text(vs.high)],
                "p_value": round(vs.p_value, 6),
                "test": vs.test,
            },
        }


@dataclass
class ArmResult:
    """Everything measured for one arm."""

    name: str
    version_id: int
    variant: str | None
    share: int
    status: str
    stopped_reason: str | None
    conversations: int
    accounts: int
    rates: dict[str, RateResult] = field(default_factory=dict)
    collected: dict[str, AmountResult] = field(default_factory=dict)


@dataclass
class Results:
    """An experiment's results and what may be concluded from them."""

    experiment: str
    sample_size: int
    alpha: float
    arms: list[ArmResult]
    complete: bool
    verdict: str

    def as_json(self) -> dict[str, Any]:
        """The results as a JSON object."""
        return {
            "experiment": self.experiment,
            "sample_size_per_arm": self.sample_size,
            "alpha": self.alpha,
            "complete": self.complete,
            "verdict": self.verdict,
            "arms": [
                {
                    "name": a.name,
                    "variant": a.variant,
                    "status": a.status,
                    "stopped_reason": a.stopped_reason,
                    "share": a.share,
                    "conversations": a.conversations,
                    "accounts": a.accounts,
                    "rates": {
                        k: {
                            "count": r.count,
                            "rate": r.rate,
                            "interval": [round(r.low, 6), round(r.high, 6)],
                            "versus_control": None
                            if r.versus_control is None
                            else {
                                "difference": round(r.versus_control.diff, 6),
                                "interval": [
                                    round(r.versus_control.low, 6),
                                    round(r.versus_control.high, 6),
                                ],
                                "p_value": round(r.versus_control.p_value, 6),
                                "test": r.versus_control.test,
                            },
                        }
                        for k, r in a.rates.items()
                    },
                    "collected_per_contacted": {
                        cur: r.as_json() for cur, r in sorted(a.collected.items())
                    },
                }
                for a in self.arms
            ],
        }


def _period(exp: Experiment, now: datetime) -> Period:
    return Period(None, None, now, arms=tuple(a.id for a in exp.arms))


def _counts(session: Session, exp: Experiment, now: datetime) -> dict[str, queries.Counts]:
    return queries.account_counts(session, _period(exp, now), "arm")


def _amount(
    sample: AmountSample, control: AmountSample | None, currency: str, level: float
) -> AmountResult:
    n, mean, var = sample.n, sample.mean, sample.variance
    if mean is None:
        return AmountResult(currency, 0, None, 0.0, 0.0, None)
    m = float(mean)
    half = t_quantile(level, n - 1) * math.sqrt(var / n) if n > 1 else math.inf
    vs = None
    if control is not None:
        c = float(control.mean) if control.mean is not None else 0.0
        vs = welch(n, m, var, control.n, c, control.variance, level)
    return AmountResult(currency, n, m, m - half, m + half, vs)


def results(session: Session, exp: Experiment, now: datetime) -> Results:
    """Per-arm figures, intervals and comparisons with the control."""
    counts = _counts(session, exp, now)
    period = _period(exp, now)
    paid = payments.payment_figures(session, period, "arm")
    amounts = payments.collected_per_contacted(
        session, period, "arm", queries.contacted_accounts(period, "arm")
    )
    alpha = float(exp.alpha)
    level = 1 - alpha / max(1, len(exp.arms) - 1)
    control = counts.get(str(exp.arms[0].id), queries.Counts())
    arms: list[ArmResult] = []
    for i, arm in enumerate(exp.arms):
        c = counts.get(str(arm.id), queries.Counts())
        n, n0 = c["contacted"], control["contacted"]
        out = ArmResult(arm.name, arm.script_version_id, arm.variant, arm.share, arm.status,
                        arm.stopped_reason, c["conversations"], n)  # fmt: skip
        for flag, name in RATES.items():
            low, high = wilson(c[flag], n, level)
            vs = compare_rates(c[flag], n, control[flag], n0, level) if i else None
            out.rates[name] = RateResult(name, c[flag], c[flag] / n if n else None, low, high, vs)
        p = paid.get(str(arm.id), payments.PaymentFigures())
        p0 = paid.get(str(exp.arms[0].id), payments.PaymentFigures())
        kept_vs = compare_rates(p.kept, p.due, p0.kept, p0.due, level) if i else None
        out.rates["kept"] = RateResult(
            "kept", p.kept, p.kept / p.due if p.due else None, *wilson(p.kept, p.due, level),
            kept_vs,
        )  # fmt: skip
        control_amounts = amounts.get(str(exp.arms[0].id), {})
        for currency, sample in sorted(amounts.get(str(arm.id), {}).items()):
            base = control_amounts.get(currency) if i else None
            if i and base is None:
                base = AmountSample()
            out.collected[currency] = _amount(sample, base, currency, level)
        arms.append(out)
    active = [a for a in arms if a.status == ACTIVE]
    complete = len(active) >= 2 and all(a.accounts >= exp.sample_size for a in active)
    return Results(exp.name, exp.sample_size, alpha, arms, complete,
                   _verdict(arms, complete, exp.sample_size, 1 - level))  # fmt: skip


def _verdict(arms: list[ArmResult], complete: bool, size: int, alpha: float) -> str:
    if not complete:
        have = min((a.accounts for a in arms if a.status == ACTIVE), default=0)
        return (
            f"collecting: {have} of {size} accounts in the smallest arm; "
            "no conclusion until every arm has its planned sample"
        )
    better = [
        a for a in arms[1:]
        if a.status == ACTIVE
        and (vs := a.rates["agreement"].versus_control) is not None
        and vs.significant(alpha)
        and vs.diff > 0
    ]  # fmt: skip
    if not better:
        return f"no arm agrees significantly more often than {arms[0].name}"
    best = max(better, key=lambda a: a.rates["agreement"].versus_control.diff)  # type: ignore[union-attr]
    return f"{best.name} agrees significantly more often than {arms[0].name}"


def safety_check(session: Session, exp: Experiment, now: datetime) -> list[str]:
    """Stop every arm whose safety rates are significantly worse; the notices written."""
    counts = _counts(session, exp, now)
    control = counts.get(str(exp.arms[0].id), queries.Counts())
    notices: list[str] = []
    for arm in exp.arms[1:]:
        if arm.status != ACTIVE:
            continue
        c = counts.get(str(arm.id), queries.Counts())
        for flag, name in SAFETY.items():
            z = harm_z(c[flag], c["contacted"], control[flag], control["contacted"])
            if z >= SAFETY_Z:
                reason = (
                    f"{name} rate {c[flag]}/{c['contacted']} against the control's "
                    f"{control[flag]}/{control['contacted']} (z = {z:.2f} ≥ {SAFETY_Z})"
                )
                stop_arm(session, arm, reason, actor="system", now=now)
                notice = f"Experiment {exp.name}: arm {arm.name} stopped: {reason}"
                log.warning(notice)
                notices.append(notice)
                break
    return notices


def recent_notices(session: Session, limit: int = 10) -> list[AuditEntry]:
    """The latest arms stopped, newest first (shown to admins on the console)."""
    return list(
        session.scalars(
            select(AuditEntry)
            .where(AuditEntry.action == "experiment.arm_stopped")
            .order_by(AuditEntry.id.desc())
            .limit(limit)
        )
    )


def stopped_arms(session: Session) -> list[str]:
    """Arms of the running experiment that are stopped: ``"name: arm (reason)"`` each.

    Shown to admins at the top of every console page until the experiment ends.
    """
    rows = session.execute(
        select(Experiment.name, ExperimentArm.name, ExperimentArm.stopped_reason)
        .join(ExperimentArm, ExperimentArm.experiment_id == Experiment.id)
        .where(Experiment.status == "running", ExperimentArm.status != ACTIVE)
        .order_by(ExperimentArm.id)
    )
    return [f"{exp} — {arm}: {reason or ''}".rstrip(": ") for exp, arm, reason in rows]


def arm_of(exp: Experiment, name: str) -> ExperimentArm:
    """The arm called ``name``."""
    for arm in exp.arms:
        if arm.name == name:
            return arm
    raise KeyError(name)
