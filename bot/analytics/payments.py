"""Agreement and payment figures: agreements, first instalment paid, collected, kept, days to pay.

Everything is read from the agreements made in conversations of the period,
their instalments (what the collection ledger applied to them: ``paid``,
``status``, ``paid_at``) and the payments table, in one statement
(:func:`agreement_pass`): one row per group and currency, and one per group
with its distinct accounts. Money is summed in integer minor units
(:func:`bot.analytics.sql.minor_units`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import Integer, String, and_, case, func, literal, or_, select, union_all
from sqlalchemy.orm import Session

from bot.analytics.amounts import BROKEN, COMPLETED, AgreementFigures, Mean, Money, Total
from bot.analytics.dims import AnySelect, Period, group_expr, in_period
from bot.analytics.queries import ACCOUNT_LEVEL
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
    days: Total = field(default_factory=Total)

    @property
    def days_to_first_payment(self) -> Mean:
        """The mean whole days from an agreement to the first payment after it."""
        return self.days.mean

    def merge(self, other: PaymentFigures) -> None:
        """Add ``other``'s instalments and payments (its accounts are counted separately)."""
        self.collected.merge(other.collected)
        self.due += other.due
        self.kept += other.kept
        self.days.merge(other.days)


@dataclass
class AgreementPass:
    """The agreement and payment figures per group and of the whole period.

    ``overall_accounts`` is ``(completed, first paid)`` accounts of the whole
    period when they are not the sums of the groups' (an account can be in
    several groups of a breakdown by conversation); ``None`` otherwise.
    """

    agreed: dict[str, AgreementFigures] = field(default_factory=dict)
    paid: dict[str, PaymentFigures] = field(default_factory=dict)
    overall_accounts: tuple[int, int] | None = None

    def overall(self) -> tuple[AgreementFigures, PaymentFigures]:
        """The whole period's figures: the groups' summed, distinct accounts counted once."""
        agreed, paid = AgreementFigures(), PaymentFigures()
        for a in self.agreed.values():
            agreed.merge(a)
            agreed.completed_accounts += a.completed_accounts
        for p in self.paid.values():
            paid.merge(p)
            paid.first_paid_accounts += p.first_paid_accounts
        if self.overall_accounts is not None:
            agreed.completed_accounts, paid.first_paid_accounts = self.overall_accounts
        return agreed, paid


def agreement_pass(session: Session, period: Period, by: str | None) -> AgreementPass:
    """Agreement and payment figures per group (and the whole period's accounts): one statement.

    - agreements made, broken, their totals and discounts per currency;
    - ``completed_accounts``: accounts with a completed agreement;
    - ``first_paid_accounts``: accounts whose agreement's first instalment
      (``seq`` 1) is paid in full;
    - ``collected``: what was paid towards the instalments, per currency;
    - ``due``: instalments due before the end of the period (or ``as_of``)
      that were not closed (superseded, moved) on or before their due date;
      ``kept``: those of them paid in full by their due date (UTC days);
    - ``days``: whole days (UTC) from each agreement to the first payment on its
      account on or after the day it was made (agreements with none left out).
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
    first_paid = and_(Instalment.seq == 1, Instalment.status == PAID)
    # Per agreement: its instalments, and the days to the first payment after it.
    ins = (
        select(
            Instalment.agreement_id.label("aid"),
            func.sum(minor_units(Instalment.paid)).label("paid"),
            func.sum(case((fell_due, 1), else_=0)).label("due"),
            func.sum(case((kept, 1), else_=0)).label("kept"),
            func.max(case((first_paid, 1), else_=0)).label("first_paid"),
        )
        .group_by(Instalment.agreement_id)
        .subquery("ins")
    )
    days = days_between(Agreement.created_at, Payment.paid_at)
    pay = (
        select(Agreement.id.label("aid"), func.min(days).label("days"))
        .join(Payment, and_(Payment.account_id == Agreement.account_id, days >= 0))
        .group_by(Agreement.id)
        .subquery("pay")
    )
    q: AnySelect = (
        select(
            group_expr(by).label("g"),
            Agreement.account_id.label("account_id"),
            Agreement.currency.label("currency"),
            case((Agreement.status == BROKEN, 1), else_=0).label("broken"),
            case((Agreement.status == COMPLETED, 1), else_=0).label("completed"),
            minor_units(Agreement.total).label("total"),
            minor_units(Agreement.discount).label("discount"),
            ins.c.paid,
            ins.c.due,
            ins.c.kept,
            func.coalesce(ins.c.first_paid, 0).label("first_paid"),
            pay.c.days,
        )
        .select_from(Agreement)
        .join(Conversation, Conversation.id == Agreement.conversation_id)
        .outerjoin(ins, ins.c.aid == Agreement.id)
        .outerjoin(pay, pay.c.aid == Agreement.id)
    )
    agr = in_period(q, period, by).cte("agr")
    none = literal(None, Integer)
    money = select(
        literal("money").label("kind"), agr.c.g, agr.c.currency,
        func.count(), func.sum(agr.c.broken), func.sum(agr.c.total), func.sum(agr.c.discount),
        func.sum(agr.c.days), func.count(agr.c.days), func.sum(agr.c.paid),
        func.sum(agr.c.due), func.sum(agr.c.kept),
    ).group_by(agr.c.g, agr.c.currency)  # fmt: skip

    def accounts(kind: str, g: Any, *group: Any) -> AnySelect:
        per = (
            select(
                g.label("g"),
                func.max(agr.c.completed).label("completed"),
                func.max(agr.c.first_paid).label("first_paid"),
            )
            .group_by(*group, agr.c.account_id)
            .subquery()
        )
        return select(
            literal(kind), per.c.g, literal(None, String),
            none, none, func.sum(per.c.completed), func.sum(per.c.first_paid),
            none, none, none, none, none,
        ).group_by(per.c.g)  # fmt: skip

    branches = [money, accounts("accounts", agr.c.g, agr.c.g)]
    separate = by is not None and by not in ACCOUNT_LEVEL
    if separate:
        branches.append(accounts("whole", literal("", String)))
    out = AgreementPass()
    if separate:
        out.overall_accounts = (0, 0)
    for row in session.execute(union_all(*branches)):
        kind, grp, currency, n, broken, a, b, c, d, paid_units, due, kept_n = row
        if kind == "whole":
            out.overall_accounts = (int(a or 0), int(b or 0))
            continue
        agreed = out.agreed.setdefault(str(grp), AgreementFigures())
        paid = out.paid.setdefault(str(grp), PaymentFigures())
        if kind == "money":
            agreed.made += int(n)
            agreed.broken += int(broken or 0)
            agreed.agreed.add(currency, from_minor(a), int(n))
            agreed.discount.add(currency, from_minor(b), int(n))
            paid.days.add(c, d)
            paid.collected.add(currency, from_minor(paid_units))
            paid.due += int(due or 0)
            paid.kept += int(kept_n or 0)
        else:
            agreed.completed_accounts = int(a or 0)
            paid.first_paid_accounts = int(b or 0)
    return out


def _instalments(g: Any, *columns: Any) -> AnySelect:
    """``g`` and ``columns`` over instalments joined to their agreement and its conversation."""
    q: AnySelect = select(g, *columns).select_from(Instalment)
    q = q.join(Agreement, Agreement.id == Instalment.agreement_id)
    return q.join(Conversation, Conversation.id == Agreement.conversation_id)


def payment_figures(session: Session, period: Period, by: str | None) -> dict[str, PaymentFigures]:
    """Payment figures per group (see :func:`agreement_pass`)."""
    return agreement_pass(session, period, by).paid


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
