"""The report: every metric of :mod:`bot.analytics.metrics` for a period.

:func:`build_report` runs the SQL aggregations and assembles the figures;
:meth:`Report.as_json` is the ``repaybot report --format json`` and
``GET /api/metrics`` body; :func:`bot.analytics.tables.tables` lays the same
numbers out as tables (terminal, CSV, console).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from babel.numbers import get_currency_precision
from sqlalchemy import text
from sqlalchemy.orm import Session

from bot.analytics import amounts, payments, queries
from bot.analytics.amounts import Mean
from bot.analytics.dims import ALL, Period
from bot.analytics.metrics import FUNNEL


def rate(num: int, den: int) -> float | None:
    """``num / den`` rounded to 6 places; ``None`` when there is nothing to divide by."""
    return None if den == 0 else round(num / den, 6)


def money_text(currency: str, amount: Decimal) -> str:
    """An exact amount as a decimal string with the currency's usual places."""
    try:
        places = get_currency_precision(currency)
    except Exception:  # an unknown code keeps two places
        places = 2
    return str(amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN))


@dataclass
class Figures:
    """All metrics of one group (or of the whole period)."""

    funnel: dict[str, int] = field(default_factory=dict)
    rates: dict[str, float | None] = field(default_factory=dict)
    amounts: dict[str, dict[str, str]] = field(default_factory=dict)
    escalations: dict[str, int] = field(default_factory=dict)
    durations: dict[str, Mean] = field(default_factory=dict)

    @property
    def drop_off(self) -> dict[str, int]:
        """Accounts lost at each funnel step (previous step minus this one)."""
        keys = [m.key for m in FUNNEL]
        return {k: self.funnel[p] - self.funnel[k] for p, k in itertools.pairwise(keys)}

    def as_json(self) -> dict[str, Any]:
        """The JSON object of this group."""
        return {
            "funnel": dict(self.funnel),
            "drop_off": self.drop_off,
            "rates": dict(self.rates),
            "amounts": {k: dict(v) for k, v in self.amounts.items()},
            "escalations": dict(sorted(self.escalations.items())),
            "durations": {k: v.as_json() for k, v in self.durations.items()},
        }


@dataclass
class Report:
    """The figures of a period, overall and per group of ``by``."""

    period: Period
    overall: Figures
    by: str | None = None
    groups: dict[str, Figures] = field(default_factory=dict)
    ended_in: dict[str, dict[str, int]] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        """The report as one JSON object (``by`` only with a breakdown)."""
        p = self.period
        body: dict[str, Any] = {
            "period": {
                "since": p.since.isoformat() if p.since else None,
                "until": p.until.isoformat() if p.until else None,
                "as_of": p.as_of.isoformat(),
            },
            **self.overall.as_json(),
            "ended_in": self.ended_in,
        }
        if self.by is not None:
            body["by_dimension"] = self.by
            body["by"] = {k: v.as_json() for k, v in sorted(self.groups.items())}
        return body


def _figures(
    counts: queries.Counts,
    agreed: amounts.AgreementFigures,
    paid: payments.PaymentFigures,
    escalations: dict[str, int],
    reply: amounts.Mean,
) -> Figures:
    c = counts
    f = Figures()
    f.funnel = {
        "contacted": c["contacted"],
        "replied": c["replied"],
        "verified": c["verified"],
        "offered": c["offered"],
        "agreed": c["agreed"],
        "first_paid": paid.first_paid_accounts,
        "completed": agreed.completed_accounts,
    }
    contacted = c["contacted"]
    f.rates = {
        "right_party_contact": rate(c["verified"], contacted),
        "verification_failure": rate(c["failed_verification"], c["attempted"]),
        "escalation": rate(c["escalated"], contacted),
        "opt_out": rate(c["opted_out"], contacted),
        "dispute": rate(c["disputed"], contacted),
        "distress": rate(c["distressed"], contacted),
        "complaint": rate(c["complained"], contacted),
        "promise_to_pay": rate(c["agreed"], c["verified"]),
        "promise_kept": rate(paid.kept, paid.due),
        "broken": rate(agreed.broken, agreed.made),
    }
    currencies = sorted(set(agreed.agreed.sums) | set(paid.collected.sums))
    f.amounts = {
        "agreed": {
            cur: money_text(cur, agreed.agreed.sums.get(cur, Decimal(0))) for cur in currencies
        },
        "collected": {
            cur: money_text(cur, paid.collected.sums.get(cur, Decimal(0))) for cur in currencies
        },
        "average_discount": {
            cur: money_text(cur, total / agreed.discount.counts[cur])
            for cur, total in sorted(agreed.discount.sums.items())
            if agreed.discount.counts.get(cur)
        },
    }
    f.escalations = dict(escalations)
    f.durations = {
        "first_agent_reply_seconds": reply,
        "days_to_first_payment": paid.days_to_first_payment,
    }
    return f


def _collect(
    session: Session, period: Period, by: str | None, counts: dict[str, queries.Counts]
) -> dict[str, Figures]:
    agreed = amounts.agreement_figures(session, period, by)
    paid = payments.payment_figures(session, period, by)
    esc = amounts.escalations_by_reason(session, period, by)
    reply = amounts.first_agent_reply(session, period, by)
    groups = set(counts) | set(agreed) | set(paid) | set(esc)
    return {
        g: _figures(
            counts.get(g, queries.Counts()),
            agreed.get(g, amounts.AgreementFigures()),
            paid.get(g, payments.PaymentFigures()),
            esc.get(g, {}),
            reply.get(g, amounts.Mean(None, 0)),
        )
        for g in groups
    }


#: PostgreSQL memory for the report's sorts and hashes (per operation, this transaction
#: only): a breakdown of a million conversations groups about a million account rows.
REPORT_WORK_MEM = "64MB"


def build_report(session: Session, period: Period, by: str | None = None) -> Report:
    """Compute every metric for ``period``, overall and (with ``by``) per group.

    The conversation flags are aggregated once for the whole period, its groups
    and where conversations ended (:func:`bot.analytics.queries.conversation_figures`).
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text(f"SET LOCAL work_mem = '{REPORT_WORK_MEM}'"))
    conv = queries.conversation_figures(session, period, by)
    overall_counts = {ALL: conv.overall} if conv.overall.values else {}
    overall = _collect(session, period, None, overall_counts).get(ALL) or _figures(
        queries.Counts(),
        amounts.AgreementFigures(),
        payments.PaymentFigures(),
        {},
        amounts.Mean(None, 0),
    )
    report = Report(period=period, overall=overall, by=by)
    report.ended_in = conv.ended_in
    if by is not None:
        report.groups = _collect(session, period, by, conv.groups)
    return report
