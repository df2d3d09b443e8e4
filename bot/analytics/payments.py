"""Agreement and payment figures: agreements, first instalment paid, collected, kept, days to pay.

Everything is read from the agreements made in conversations of the period,
their instalments (what the collection ledger applied to them: ``paid``,
``status``, ``paid_at``) and the payments table, in one statement
(:func:`agreement_pass`): one row per group and currency or per group and
figure. Money is summed in integer minor units
(:func:`bot.analytics.sql.minor_units`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import Integer, String, and_, case, func, literal, or_, select, union_all
from sqlalchemy.orm import Session, aliased

from bot.analytics.amounts import BROKEN, COMPLETED, AgreementFigures, Mean, Money, Total
from bot.analytics.dims import AnySelect, Period, group_expr, in_period
from bot.analytics.queries import ACCOUNT_LEVEL
from bot.analytics.sql import from_minor, local_days_between, minor_units
from bot.store.models import Account, Agreement, Conversation, Instalment, Payment

PAID = "paid"
TimeZoneAccount = aliased(Account, name="tz_account")


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

    ``overall_completed`` and ``overall_first_paid`` count the whole period's
    accounts when they are not the sums of the groups' (an account can be in
    several groups of a breakdown by conversation); ``None`` otherwise.
    """

    agreed: dict[str, AgreementFigures] = field(default_factory=dict)
    paid: dict[str, PaymentFigures] = field(default_factory=dict)
    overall_completed: int | None = None
    overall_first_paid: int | None = None

    def overall(self) -> tuple[AgreementFigures, PaymentFigures]:
        """The whole period's figures: the groups' summed, distinct accounts counted once."""
        agreed, paid = AgreementFigures(), PaymentFigures()
        for a in self.agreed.values():
            agreed.merge(a)
            agreed.completed_accounts += a.completed_accounts
        for p in self.paid.values():
            paid.merge(p)
            paid.first_paid_accounts += p.first_paid_accounts
        if self.overall_completed is not None:
            agreed.completed_accounts = self.overall_completed
        if self.overall_first_paid is not None:
            paid.first_paid_accounts = self.overall_first_paid
        return agreed, paid

    def group(self, g: str) -> tuple[AgreementFigures, PaymentFigures]:
        """The figures of group ``g`` (created empty)."""
        return (
            self.agreed.setdefault(g, AgreementFigures()),
            self.paid.setdefault(g, PaymentFigures()),
        )


def _zone(account_id: Any) -> Any:
    """The time zone of account ``account_id`` (a scalar subquery: one index probe, made
    only where a day in the debtor's time zone is needed)."""
    return (
        select(TimeZoneAccount.timezone).where(TimeZoneAccount.id == account_id).scalar_subquery()
    )


def agreement_pass(session: Session, period: Period, by: str | None) -> AgreementPass:
    """Agreement and payment figures per group (and the whole period's accounts): one statement.

    - agreements made, broken, their totals and discounts per currency;
    - ``completed_accounts``: accounts with a completed agreement;
    - ``first_paid_accounts``: accounts whose agreement's first instalment
      (``seq`` 1) is paid in full;
    - ``collected``: what was paid towards the instalments, per currency;
    - ``due``: instalments due before the end of the period (or ``as_of``)
      that were not closed (superseded, moved) on or before their due date;
      ``kept``: those of them paid in full by their due date (the day of the
      payment in the debtor's time zone, the account's ``timezone``);
    - ``days``: whole days (in the debtor's time zone) from each agreement to the
      first payment on its account on or after the day it was made (agreements
      with none left out).

    The agreements of the period are read once (with their group) into a
    materialized CTE; their instalments and the payments on their accounts are
    joined to it; one row comes back per group and currency or group and figure.
    """
    g = group_expr(by).label("g")
    q: AnySelect = (
        select(
            g,
            Agreement.id.label("id"),
            Agreement.account_id.label("account_id"),
            Agreement.currency.label("currency"),
            Agreement.created_at.label("created_at"),
            case((Agreement.status == BROKEN, 1), else_=0).label("broken"),
            case((Agreement.status == COMPLETED, 1), else_=0).label("completed"),
            minor_units(Agreement.total).label("total"),
            minor_units(Agreement.discount).label("discount"),
        )
        .select_from(Agreement)
        .join(Conversation, Conversation.id == Agreement.conversation_id)
    )
    agr = in_period(q, period, by).cte("agr").prefix_with("MATERIALIZED")
    a = agr.c

    end_day = period.end.date()
    zone = _zone(a.account_id)
    fell_due = and_(
        Instalment.due_date < end_day,
        or_(
            Instalment.closed_at.is_(None),
            local_days_between(Instalment.due_date, Instalment.closed_at, zone) > 0,
        ),
    )
    kept = and_(
        fell_due,
        Instalment.status == PAID,
        local_days_between(Instalment.due_date, Instalment.paid_at, zone) <= 0,
    )
    # Each agreement and a payment on its account, with the account's time zone (looked
    # up once per pair); the days count from the agreement's day in that zone.
    pairs = (
        select(a.g, a.id, a.created_at, Payment.paid_at, zone.label("tz"))
        .join(Payment, Payment.account_id == a.account_id)
        .cte("pairs")
        .prefix_with("MATERIALIZED")
    )
    days = local_days_between(pairs.c.created_at, pairs.c.paid_at, pairs.c.tz)
    first_days = (
        select(pairs.c.g, func.min(days).label("days"))
        .where(days >= 0)
        .group_by(pairs.c.g, pairs.c.id)
        .subquery()
    )
    none = literal(None, Integer)
    nothing = literal(None, String)

    branches: list[AnySelect] = [
        select(literal("money"), a.g, a.currency, func.count(), func.sum(a.broken),
               func.sum(a.total), func.sum(a.discount)).group_by(a.g, a.currency),
        select(literal("instalments"), a.g, a.currency, func.sum(minor_units(Instalment.paid)),
               func.sum(case((fell_due, 1), else_=0)), func.sum(case((kept, 1), else_=0)), none)
        .select_from(Instalment).join(agr, a.id == Instalment.agreement_id)
        .group_by(a.g, a.currency),
        select(literal("days"), first_days.c.g, nothing, func.sum(first_days.c.days),
               func.count(), none, none).group_by(first_days.c.g),
    ]  # fmt: skip
    first_paid = (
        select()
        .select_from(Instalment)
        .join(agr, a.id == Instalment.agreement_id)
        .where(Instalment.seq == 1, Instalment.status == PAID)
    )
    completed = select().select_from(agr).where(a.completed == 1)
    wholes = [False, True] if _distinct_accounts(by) else [False]
    for whole in wholes:
        for kind, rows in (("completed", completed), ("first_paid", first_paid)):
            label = literal("", String) if whole else a.g
            q = rows.add_columns(
                literal(("whole_" if whole else "") + kind), label, nothing,
                func.count(func.distinct(a.account_id)), none, none, none,
            )  # fmt: skip
            branches.append(q if whole else q.group_by(a.g))
    out = AgreementPass()
    for kind, grp, currency, v1, v2, v3, v4 in session.execute(union_all(*branches)):
        if kind == "whole_completed":
            out.overall_completed = int(v1 or 0)
            continue
        if kind == "whole_first_paid":
            out.overall_first_paid = int(v1 or 0)
            continue
        agreed, paid = out.group(str(grp))
        if kind == "money":
            agreed.made += int(v1)
            agreed.broken += int(v2 or 0)
            agreed.agreed.add(currency, from_minor(v3), int(v1))
            agreed.discount.add(currency, from_minor(v4), int(v1))
        elif kind == "instalments":
            paid.collected.add(currency, from_minor(v1))
            paid.due += int(v2 or 0)
            paid.kept += int(v3 or 0)
        elif kind == "days":
            paid.days.add(v1, v2)
        elif kind == "completed":
            agreed.completed_accounts = int(v1 or 0)
        else:
            paid.first_paid_accounts = int(v1 or 0)
    if _distinct_accounts(by):
        out.overall_completed = out.overall_completed or 0
        out.overall_first_paid = out.overall_first_paid or 0
    return out


def _distinct_accounts(by: str | None) -> bool:
    """Whether the whole period's accounts must be counted apart from the groups'."""
    return by is not None and by not in ACCOUNT_LEVEL


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
