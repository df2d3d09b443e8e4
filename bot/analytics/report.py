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


@dataclass
class _Parts:
    """The per-group results of the agreement, payment and escalation queries."""

    agreed: dict[str, amounts.AgreementFigures]
    paid: dict[str, payments.PaymentFigures]
    esc: dict[str, dict[str, int]]
    reply: dict[str, amounts.Mean]

    @classmethod
    def query(cls, session: Session, period: Period, by: str | None) -> _Parts:
        return cls(
            amounts.agreement_figures(session, period, by),
            payments.payment_figures(session, period, by),
            amounts.escalations_by_reason(session, period, by),
            amounts.first_agent_reply(session, period, by),
        )

    def figures(self, counts: dict[str, queries.Counts]) -> dict[str, Figures]:
        groups = set(counts) | set(self.agreed) | set(self.paid) | set(self.esc)
        return {
            g: _figures(
                counts.get(g, queries.Counts()),
                self.agreed.get(g, amounts.AgreementFigures()),
                self.paid.get(g, payments.PaymentFigures()),
                self.esc.get(g, {}),
                self.reply.get(g, amounts.Mean(None, 0)),
            )
            for g in groups
        }

    def summed(self, session: Session, period: Period) -> _Parts:
        """The whole period from the groups of an account-level breakdown.

        Every account, so every agreement, instalment and escalation, is in
        exactly one group: counts (accounts too) and exact amounts add up. The
        means are queried for the period itself.
        """
        agreed = amounts.AgreementFigures()
        for a in self.agreed.values():
            agreed.made += a.made
            agreed.completed_accounts += a.completed_accounts
            agreed.broken += a.broken
            for cur, amount in a.agreed.sums.items():
                agreed.agreed.add(cur, amount, a.agreed.counts.get(cur, 0))
            for cur, amount in a.discount.sums.items():
                agreed.discount.add(cur, amount, a.discount.counts.get(cur, 0))
        paid = payments.PaymentFigures()
        for p in self.paid.values():
            paid.first_paid_accounts += p.first_paid_accounts
            paid.due += p.due
            paid.kept += p.kept
            for cur, amount in p.collected.sums.items():
                paid.collected.add(cur, amount, p.collected.counts.get(cur, 0))
        days = payments.days_to_first_payment(session, period, None)
        if ALL in days:
            paid.days_to_first_payment = days[ALL]
        esc: dict[str, int] = {}
        for reasons in self.esc.values():
            for reason, n in reasons.items():
                esc[reason] = esc.get(reason, 0) + n
        return _Parts(
            {ALL: agreed} if self.agreed else {},
            {ALL: paid} if self.paid else {},
            {ALL: esc} if self.esc else {},
            amounts.first_agent_reply(session, period, None),
        )


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
    parts = _Parts.query(session, period, by) if by is not None else None
    if parts is not None and by in queries.ACCOUNT_LEVEL:
        whole = parts.summed(session, period)
    else:
        whole = _Parts.query(session, period, None)
    overall = whole.figures(overall_counts).get(ALL) or _figures(
        queries.Counts(),
        amounts.AgreementFigures(),
        payments.PaymentFigures(),
        {},
        amounts.Mean(None, 0),
    )
    report = Report(period=period, overall=overall, by=by)
    report.ended_in = conv.ended_in
    if parts is not None:
        report.groups = parts.figures(conv.groups)
    return report
