"""Payment-based metrics: first instalment paid, collected, promise kept, days to pay.

Everything is read from the instalments of agreements made in conversations of
the period (what the collection ledger applied to them: ``paid``, ``status``,
``paid_at``) and from the payments table, aggregated in SQL: one query returns
one row per group and currency, one more the days to the first payment. Money
is summed in integer minor units (:func:`bot.analytics.sql.minor_units`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, case, func, literal, or_, select
from sqlalchemy.orm import Session

from bot.analytics.amounts import Mean, Money
from bot.analytics.dims import AnySelect, Period, group_expr, in_period
from bot.analytics.sql import days_between, from_minor, minor_units
from bot.store.models import Account, Agreement, Conversation, Instalment, Payment

PAID = "paid"


@dataclass
class PaymentFigures:
    """What was paid on the agreements of one group."""

    first_paid_accounts: int = 0
    collected: Money = field(default_factory=Money)
    due: int = 0
    kept: int = 0
    days_to_first_payment: Mean = field(default_factory=lambda: Mean(None, 0))


def _instalments(g: Any, *columns: Any) -> AnySelect:
    """``g`` and ``columns`` over instalments joined to their agreement and its conversation."""
    q: AnySelect = select(g, *columns).select_from(Instalment)
    q = q.join(Agreement, Agreement.id == Instalment.agreement_id)
    return q.join(Conversation, Conversation.id == Agreement.conversation_id)


def payment_figures(session: Session, period: Period, by: str | None) -> dict[str, PaymentFigures]:
    """Payment figures per group.

    - ``first_paid_accounts``: accounts whose agreement's first instalment
      (``seq`` 1) is paid in full.
    - ``collected``: what was paid towards the instalments, per currency.
    - ``due``: instalments due before the end of the period (or ``as_of``)
      that were not closed (superseded, moved) on or before their due date;
      ``kept``: those of them paid in full by their due date (UTC days).
    - ``days_to_first_payment``: see :func:`days_to_first_payment`.
    """
    end_day = period.end.date()
    fell_due = and_(
        Instalment.due_date < end_day,
        or_(
            Instalment.closed_at.is_(None),
            days_between(Instalment.due_date, Instalment.closed_at) > 0,
        ),
    )
    kept = and_(
        fell_due,
        Instalment.status == PAID,
        days_between(Instalment.due_date, Instalment.paid_at) <= 0,
    )
    first = and_(Instalment.seq == 1, Instalment.status == PAID)
    g = group_expr(by).label("g")
    q = _instalments(
        g,
        Agreement.currency,
        func.sum(minor_units(Instalment.paid)),
        func.sum(case((fell_due, 1), else_=0)),
        func.sum(case((kept, 1), else_=0)),
        func.count(func.distinct(case((first, Agreement.account_id), else_=literal(None)))),
    )
    q = in_period(q, period, by).group_by(g, Agreement.currency)
    out: dict[str, PaymentFigures] = defaultdict(PaymentFigures)
    for grp, currency, paid, due, kept_n, first_n in session.execute(q):
        fig = out[str(grp)]
        fig.collected.add(currency, from_minor(paid))
        fig.due += int(due or 0)
        fig.kept += int(kept_n or 0)
        fig.first_paid_accounts += int(first_n or 0)
    for grp, mean in days_to_first_payment(session, period, by).items():
        out[grp].days_to_first_payment = mean
    return dict(out)


def days_to_first_payment(session: Session, period: Period, by: str | None) -> dict[str, Mean]:
    """Mean whole days (UTC) from each agreement to the first payment on its account.

    Only payments on or after the day the agreement was made count; agreements
    with none are left out.
    """
    first = (
        select(Agreement.id.label("aid"), func.min(Payment.paid_at).label("paid_at"))
        .join(
            Payment,
            and_(
                Payment.account_id == Agreement.account_id,
                days_between(Agreement.created_at, Payment.paid_at) >= 0,
            ),
        )
        .group_by(Agreement.id)
        .subquery()
    )
    g = group_expr(by).label("g")
    days = days_between(Agreement.created_at, first.c.paid_at)
    q: AnySelect = select(g, func.avg(days), func.count()).select_from(first)
    q = q.join(Agreement, Agreement.id == first.c.aid)
    q = q.join(Conversation, Conversation.id == Agreement.conversation_id)
    q = in_period(q, period, by).group_by(g)
    return {
        str(grp): Mean(None if avg is None else float(avg), int(n))
        for grp, avg, n in session.execute(q)
    }


@dataclass
class AmountSample:
    """Amounts collected per contacted account of one group and currency.

    ``n`` contacted accounts; ``total`` and ``squares`` are the sum and the sum
    of squares of what each paid, in minor units (exact integers); accounts that
    paid nothing count as zero.
    """

    n: int = 0
    total: int = 0
    squares: int = 0

    @property
    def mean(self) -> Decimal | None:
        """The mean amount per account (``None`` without accounts)."""
        return None if self.n == 0 else from_minor(self.total) / self.n

    @property
    def variance(self) -> float:
        """The sample variance in currency units squared (0 with fewer than 2 accounts)."""
        if self.n < 2:
            return 0.0
        scale = 10_000.0
        mean = self.total / self.n
        return max(0.0, (self.squares - self.n * mean * mean) / (self.n - 1)) / (scale * scale)


def collected_per_contacted(
    session: Session, period: Period, by: str, contacted_ids: AnySelect
) -> dict[str, dict[str, AmountSample]]:
    """Group → currency → amounts collected per contacted account.

    ``contacted_ids`` selects ``(g, account_id)`` of the contacted accounts of
    each group; what each paid towards the instalments of agreements made in
    the group's conversations is streamed per account and folded exactly.
    """
    contacted = contacted_ids.subquery()
    out: dict[str, dict[str, AmountSample]] = defaultdict(dict)
    n_q = (
        select(contacted.c.g, Account.currency, func.count(func.distinct(Account.id)))
        .join(Account, Account.id == contacted.c.account_id)
        .group_by(contacted.c.g, Account.currency)
    )
    for grp, currency, n in session.execute(n_q):
        out[str(grp)][currency] = AmountSample(n=int(n))
    g = group_expr(by).label("g")
    paid = _instalments(
        g, Agreement.currency, Agreement.account_id, func.sum(minor_units(Instalment.paid))
    )
    paid = in_period(paid, period, by).group_by(g, Agreement.currency, Agreement.account_id)
    for grp, currency, _account, units in session.execute(paid):
        amount = int(units or 0)
        if amount == 0:
            continue
        sample = out[str(grp)].setdefault(currency, AmountSample())
        sample.total += amount
        sample.squares += amount * amount
    return dict(out)
