"""Agreement-, escalation- and money-level metrics, aggregated in SQL.

Money is summed as integer minor units (:func:`bot.analytics.sql.minor_units`)
so SQLite, which stores it as text, never turns it into a float.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from bot.analytics.dims import AnySelect, Period, group_expr, in_period
from bot.analytics.sql import from_minor, minor_units, seconds_between
from bot.store.models import Agreement, Conversation, Escalation, Message

COMPLETED = "completed"
BROKEN = "broken"


@dataclass
class Money:
    """Exact sums per currency, and how many rows went into them."""

    sums: dict[str, Decimal] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, currency: str, amount: Decimal, count: int = 0) -> None:
        """Add ``amount`` (and ``count`` rows) to ``currency``."""
        self.sums[currency] = self.sums.get(currency, Decimal(0)) + amount
        self.counts[currency] = self.counts.get(currency, 0) + count


@dataclass
class AgreementFigures:
    """What the agreements of one group add up to."""

    made: int = 0
    completed_accounts: int = 0
    broken: int = 0
    agreed: Money = field(default_factory=Money)
    discount: Money = field(default_factory=Money)


def agreement_figures(
    session: Session, period: Period, by: str | None
) -> dict[str, AgreementFigures]:
    """Agreements made in conversations of the period, per group."""
    g = group_expr(by).label("g")
    q = (
        select(
            g,
            Agreement.currency,
            func.count(Agreement.id),
            func.sum(case((Agreement.status == BROKEN, 1), else_=0)),
            func.sum(minor_units(Agreement.total)),
            func.sum(minor_units(Agreement.discount)),
        )
        .select_from(Agreement)
        .join(Conversation, Conversation.id == Agreement.conversation_id)
    )
    q = in_period(q, period, by).group_by(g, Agreement.currency)
    out: dict[str, AgreementFigures] = defaultdict(AgreementFigures)
    for grp, currency, n, broken, total, discount in session.execute(q):
        fig = out[str(grp)]
        fig.made += int(n)
        fig.broken += int(broken or 0)
        fig.agreed.add(currency, from_minor(total), int(n))
        fig.discount.add(currency, from_minor(discount), int(n))
    done: AnySelect = select(g, func.count(func.distinct(Agreement.account_id))).select_from(
        Agreement
    )
    done = done.join(Conversation, Conversation.id == Agreement.conversation_id)
    done = in_period(done, period, by).where(Agreement.status == COMPLETED).group_by(g)
    for grp, n in session.execute(done):
        out[str(grp)].completed_accounts = int(n)
    return dict(out)


def escalations_by_reason(
    session: Session, period: Period, by: str | None
) -> dict[str, dict[str, int]]:
    """Escalations in conversations of the period: group → reason → count."""
    g = group_expr(by).label("g")
    q: AnySelect = select(g, Escalation.reason, func.count(Escalation.id)).select_from(Escalation)
    q = q.join(Conversation, Conversation.id == Escalation.conversation_id)
    q = in_period(q, period, by).group_by(g, Escalation.reason)
    out: dict[str, dict[str, int]] = defaultdict(dict)
    for grp, reason, n in session.execute(q):
        out[str(grp)][str(reason)] = int(n)
    return dict(out)


@dataclass(frozen=True)
class Mean:
    """A mean and how many values it is over (``None`` with no values)."""

    value: float | None
    count: int

    def as_json(self) -> dict[str, Any]:
        """``{"mean": ..., "count": ...}`` (the mean rounded to 3 places)."""
        return {"mean": None if self.value is None else round(self.value, 3), "count": self.count}


def first_agent_reply(session: Session, period: Period, by: str | None) -> dict[str, Mean]:
    """Mean seconds from an escalation to the first agent message after it, per group."""
    first = (
        select(
            Escalation.id.label("eid"),
            Escalation.created_at.label("asked"),
            func.min(Message.created_at).label("answered"),
        )
        .join(
            Message,
            and_(
                Message.conversation_id == Escalation.conversation_id,
                Message.sender == "agent",
                Message.created_at >= Escalation.created_at,
            ),
        )
        .group_by(Escalation.id, Escalation.created_at)
        .subquery()
    )
    g = group_expr(by).label("g")
    secs = seconds_between(first.c.asked, first.c.answered)
    q: AnySelect = select(g, func.avg(secs), func.count()).select_from(first)
    q = q.join(Escalation, Escalation.id == first.c.eid)
    q = q.join(Conversation, Conversation.id == Escalation.conversation_id)
    q = in_period(q, period, by).group_by(g)
    return {
        str(grp): Mean(None if avg is None else float(avg), int(n))
        for grp, avg, n in session.execute(q)
    }
