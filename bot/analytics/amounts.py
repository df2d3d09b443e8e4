"""Agreement-, escalation- and money-level figures and how they add up.

Money is summed as integer minor units (:func:`bot.analytics.sql.minor_units`)
so SQLite, which stores it as text, never turns it into a float.

Every agreement and escalation belongs to one conversation, so to exactly one
group of any breakdown: the figures of the whole period are the sums of the
groups' (counts, exact amounts, and the sums and counts behind each mean).
Only counts of distinct accounts are queried for the whole period itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.analytics.dims import AnySelect, Period, group_expr, in_period
from bot.analytics.sql import seconds_between
from bot.store.models import Conversation, Escalation, Message

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

    def merge(self, other: Money) -> None:
        """Add every currency of ``other``."""
        for cur, amount in other.sums.items():
            self.add(cur, amount, other.counts.get(cur, 0))


@dataclass(frozen=True)
class Mean:
    """A mean and how many values it is over (``None`` with no values)."""

    value: float | None
    count: int

    def as_json(self) -> dict[str, Any]:
        """``{"mean": ..., "count": ...}`` (the mean rounded to 3 places)."""
        return {"mean": None if self.value is None else round(self.value, 3), "count": self.count}


@dataclass
class Total:
    """The sum and count behind a mean (they add up across groups)."""

    total: Decimal = Decimal(0)
    count: int = 0

    def add(self, total: Any, count: Any) -> None:
        """Add a group's sum and count (``None`` is nothing)."""
        if count:
            self.total += Decimal(str(total))
            self.count += int(count)

    def merge(self, other: Total) -> None:
        """Add ``other``."""
        self.add(other.total, other.count)

    @property
    def mean(self) -> Mean:
        """The mean (``None`` without values)."""
        return Mean(float(self.total / self.count) if self.count else None, self.count)


@dataclass
class AgreementFigures:
    """What the agreements of one group add up to."""

    made: int = 0
    completed_accounts: int = 0
    broken: int = 0
    agreed: Money = field(default_factory=Money)
    discount: Money = field(default_factory=Money)

    def merge(self, other: AgreementFigures) -> None:
        """Add ``other``'s agreements (its accounts are counted separately)."""
        self.made += other.made
        self.broken += other.broken
        self.agreed.merge(other.agreed)
        self.discount.merge(other.discount)


@dataclass
class EscalationFigures:
    """Escalations of one group by reason, and the time to the first agent reply."""

    reasons: dict[str, int] = field(default_factory=dict)
    reply: Total = field(default_factory=Total)

    def merge(self, other: EscalationFigures) -> None:
        """Add ``other``."""
        for reason, n in other.reasons.items():
            self.reasons[reason] = self.reasons.get(reason, 0) + n
        self.reply.merge(other.reply)


def escalation_figures(
    session: Session, period: Period, by: str | None
) -> dict[str, EscalationFigures]:
    """Escalations in conversations of the period per group: by reason, and the
    seconds from each to the first agent message after it (unanswered ones left
    out), one row per group and reason."""
    first_reply = (
        select(func.min(Message.created_at))
        .where(
            Message.conversation_id == Escalation.conversation_id,
            Message.sender == "agent",
            Message.created_at >= Escalation.created_at,
        )
        .scalar_subquery()
    )
    g = group_expr(by).label("g")
    q: AnySelect = select(
        g,
        Escalation.reason.label("reason"),
        seconds_between(Escalation.created_at, first_reply).label("secs"),
    ).select_from(Escalation)
    q = q.join(Conversation, Conversation.id == Escalation.conversation_id)
    rows = in_period(q, period, by).subquery()
    totals = select(
        rows.c.g, rows.c.reason, func.count(), func.sum(rows.c.secs), func.count(rows.c.secs)
    ).group_by(rows.c.g, rows.c.reason)
    out: dict[str, EscalationFigures] = {}
    for grp, reason, n, secs, answered in session.execute(totals):
        fig = out.setdefault(str(grp), EscalationFigures())
        fig.reasons[str(reason)] = int(n)
        fig.reply.add(secs, answered)
    return out
