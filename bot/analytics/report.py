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
from sqlalchemy.orm import Session

from bot.analytics import amounts, payments, queries
from bot.analytics.amounts import Mean
from bot.analytics.dims import Period
from bot.analytics.metrics import FUNNEL
from bot.analytics.snapshot import Statement, run_all


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
    esc: amounts.EscalationFigures,
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
    f.escalations = dict(esc.reasons)
    f.durations = {
        "first_agent_reply_seconds": esc.reply.mean,
        "days_to_first_payment": paid.days_to_first_payment,
    }
    return f


#: PostgreSQL settings for the report's statements (this transaction only): memory for
#: the sorts and hashes of a million conversations, and no JIT compilation, which costs
#: more than it saves on statements that each run about a second.
PG_SETTINGS = {"work_mem": "256MB", "jit": "off", "random_page_cost": "1.1"}


def build_report(session: Session, period: Period, by: str | None = None) -> Report:
    """Compute every metric for ``period``, overall and (with ``by``) per group.

    Four statements whatever the breakdown (five by conversation): the
    conversations' flags per account
    (:func:`bot.analytics.queries.conversation_figures`), where conversations
    ended, the agreements, their instalments and the first payments after them
    (:func:`bot.analytics.payments.agreement_pass`) and the escalations. Each
    returns the groups of the breakdown; the whole period is their sum, except
    for distinct accounts, which the same statements count for the whole period
    too (and, by conversation, one more statement counts the period's accounts).
    On PostgreSQL they run at once on one snapshot when the session has not run
    a statement yet (:func:`bot.analytics.snapshot.run_all`).
    """
    # An account can be in several groups of a breakdown by conversation: its whole
    # period is counted by a statement of its own, at the same time as the groups.
    apart = by is not None and by not in queries.ACCOUNT_LEVEL
    statements: list[Statement] = [
        lambda s: queries.conversation_figures(s, period, by, overall=not apart, ended=False),
        lambda s: queries.ended_in(s, period),
        lambda s: payments.agreement_pass(s, period, by),
        lambda s: amounts.escalation_figures(s, period, by),
    ]
    if apart:
        statements.append(lambda s: queries.conversation_figures(s, period, None, ended=False))
    conv, ended, deals, esc, *whole = run_all(session, statements, PG_SETTINGS)
    if whole:
        conv.overall = whole[0].overall
    conv.ended_in = ended
    overall_agreed, overall_paid = deals.overall()
    overall_esc = amounts.EscalationFigures()
    for e in esc.values():
        overall_esc.merge(e)
    if conv.overall.values or deals.agreed or esc:
        overall = _figures(conv.overall, overall_agreed, overall_paid, overall_esc)
    else:
        overall = _figures(
            queries.Counts(), amounts.AgreementFigures(), payments.PaymentFigures(),
            amounts.EscalationFigures(),
        )  # fmt: skip
    report = Report(period=period, overall=overall, by=by, ended_in=conv.ended_in)
    if by is not None:
        groups = set(conv.groups) | set(deals.agreed) | set(esc)
        report.groups = {
            g: _figures(
                conv.groups.get(g, queries.Counts()),
                deals.agreed.get(g, amounts.AgreementFigures()),
                deals.paid.get(g, payments.PaymentFigures()),
                esc.get(g, amounts.EscalationFigures()),
            )
            for g in groups
        }
    return report
