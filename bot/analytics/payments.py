"""Agreement and payment figures: agreements, first instalment paid, collected, kept, days to pay.

Everything is read from the agreements made in conversations of the period,
their instalments (what the collection ledger applied to them: ``paid``,
``status``, ``paid_at``) and the payments table, in three statements, one per
table (:func:`agreement_pass`), each returning one row per group and currency
and one per group with its distinct accounts. Money is summed in integer minor
units (:func:`bot.analytics.sql.minor_units`).
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

    @classmethod
    def combine(cls, *parts: AgreementPass) -> AgreementPass:
        """One pass from the parts of :func:`agreement_sums`, :func:`instalment_sums`
        and :func:`first_payment_days` (each fills different figures)."""
        out = cls()
        for part in parts:
            for g, a in part.agreed.items():
                agreed, _ = out.group(g)
                agreed.merge(a)
                agreed.completed_accounts += a.completed_accounts
            for g, p in part.paid.items():
                _, paid = out.group(g)
                paid.merge(p)
                paid.first_paid_accounts += p.first_paid_accounts
            if part.overall_completed is not None:
                out.overall_completed = part.overall_completed
            if part.overall_first_paid is not None:
                out.overall_first_paid = part.overall_first_paid
        return out


def _in_period(period: Period, by: str | None, *columns: Any, start: Any = Agreement) -> Any:
    """``g`` and ``columns`` of the agreements made in conversations of the period (a subquery);
    ``start`` is the table the rows come from (the agreements or their instalments)."""
    q: AnySelect = select(group_expr(by).label("g"), *columns).select_from(start)
    if start is not Agreement:
        q = q.join(Agreement, Agreement.id == Instalment.agreement_id)
    q = q.join(Conversation, Conversation.id == Agreement.conversation_id)
    return in_period(q, period, by).cte()


def _zone() -> Any:
    """The time zone of the agreement's account (a scalar subquery)."""
    return (
        select(TimeZoneAccount.timezone)
        .where(TimeZoneAccount.id == Agreement.account_id)
        .scalar_subquery()
    )


def _distinct_accounts(by: str | None) -> bool:
    """Whether the whole period's accounts must be counted apart from the groups'."""
    return by is not None and by not in ACCOUNT_LEVEL


def _accounts(rows: Any) -> Any:
    return func.count(func.distinct(rows.c.account_id))


def _sums(
    session: Session, rows: Any, sums: list[Any], flag: Any, whole: bool
) -> tuple[list[tuple[str, str, int, list[Any]]], dict[str, int], int | None]:
    """One statement over ``rows`` (a CTE with ``g``, ``currency``, ``account_id``):
    ``(g, currency, rows, [sum of each of sums])``, the accounts with ``flag`` per
    group, and (``whole``) over all rows."""
    none = literal(None, Integer)
    pad = [none] * len(sums)
    branches: list[Any] = [
        select(literal("sums"), rows.c.g, rows.c.currency, func.count(),
               *(func.sum(c) for c in sums), none).group_by(rows.c.g, rows.c.currency),
        select(literal("accounts"), rows.c.g, literal(None, String), none, *pad,
               _accounts(rows)).where(flag == 1).group_by(rows.c.g),
    ]  # fmt: skip
    if whole:
        branches.append(
            select(literal("whole"), literal("", String), literal(None, String), none, *pad,
                   _accounts(rows)).where(flag == 1)
        )  # fmt: skip
    found: list[tuple[str, str, int, list[Any]]] = []
    accounts: dict[str, int] = {}
    overall = None
    for kind, g, currency, n, *values in session.execute(union_all(*branches)):
        if kind == "sums":
            found.append((str(g), str(currency), int(n), values[:-1]))
        elif kind == "accounts":
            accounts[str(g)] = int(values[-1] or 0)
        else:
            overall = int(values[-1] or 0)
    return found, accounts, overall


def agreement_sums(session: Session, period: Period, by: str | None) -> AgreementPass:
    """Agreements made, broken, their totals and discounts per group and currency, and the
    accounts with a completed agreement (per group and, when they differ, overall)."""
    rows = _in_period(
        period, by,
        Agreement.account_id.label("account_id"),
        Agreement.currency.label("currency"),
        case((Agreement.status == BROKEN, 1), else_=0).label("broken"),
        case((Agreement.status == COMPLETED, 1), else_=0).label("completed"),
        minor_units(Agreement.total).label("total"),
        minor_units(Agreement.discount).label("discount"),
    )  # fmt: skip
    out = AgreementPass()
    c = rows.c
    found, accounts, overall = _sums(
        session, rows, [c.broken, c.total, c.discount], c.completed, _distinct_accounts(by)
    )
    for g, currency, n, (broken, total, discount) in found:
        agreed, _ = out.group(g)
        agreed.made += n
        agreed.broken += int(broken or 0)
        agreed.agreed.add(currency, from_minor(total), n)
        agreed.discount.add(currency, from_minor(discount), n)
    for g, n in accounts.items():
        out.group(g)[0].completed_accounts = n
    out.overall_completed = overall
    return out


def instalment_sums(session: Session, period: Period, by: str | None) -> AgreementPass:
    """What was paid towards the instalments of the period's agreements, those due and
    kept, per group and currency, and the accounts whose first instalment is paid."""
    end_day = period.end.date()
    # Paid or closed on which day: the debtor's (a probe of the account's time zone,
    # made only for the instalments that have such a time).
    fell_due = and_(
        Instalment.due_date < end_day,
        or_(
            Instalment.closed_at.is_(None),
            local_days_between(Instalment.due_date, Instalment.closed_at, _zone()) > 0,
        ),
    )
    kept = and_(
        fell_due,
        Instalment.status == PAID,
        local_days_between(Instalment.due_date, Instalment.paid_at, _zone()) <= 0,
    )
    first_paid = and_(Instalment.seq == 1, Instalment.status == PAID)
    rows = _in_period(
        period, by,
        Agreement.account_id.label("account_id"),
        Agreement.currency.label("currency"),
        minor_units(Instalment.paid).label("paid"),
        case((fell_due, 1), else_=0).label("due"),
        case((kept, 1), else_=0).label("kept"),
        case((first_paid, 1), else_=0).label("first_paid"),
        start=Instalment,
    )  # fmt: skip
    out = AgreementPass()
    c = rows.c
    found, accounts, overall = _sums(
        session, rows, [c.paid, c.due, c.kept], c.first_paid, _distinct_accounts(by)
    )
    for g, currency, _n, (paid_units, due, kept_n) in found:
        _, paid = out.group(g)
        paid.collected.add(currency, from_minor(paid_units))
        paid.due += int(due or 0)
        paid.kept += int(kept_n or 0)
    for g, n in accounts.items():
        out.group(g)[1].first_paid_accounts = n
    out.overall_first_paid = overall
    return out


def first_payment_days(session: Session, period: Period, by: str | None) -> AgreementPass:
    """Whole days (in the debtor's time zone) from each of the period's agreements to the
    first payment on its account on or after the day it was made (agreements with none
    left out), per group."""
    g = group_expr(by).label("g")
    q: AnySelect = (
        select(
            g,
            Agreement.id.label("id"),
            Agreement.account_id.label("account_id"),
            Agreement.created_at.label("created_at"),
            _zone().label("tz"),
        )
        .select_from(Agreement)
        .join(Conversation, Conversation.id == Agreement.conversation_id)
    )
    # Materialized: each agreement's time zone is looked up once, not per payment.
    agr = in_period(q, period, by).cte("agr").prefix_with("MATERIALIZED")
    days = local_days_between(agr.c.created_at, Payment.paid_at, agr.c.tz)
    per = (
        select(agr.c.g, agr.c.id, func.min(days).label("days"))
        .join(Payment, and_(Payment.account_id == agr.c.account_id, days >= 0))
        .group_by(agr.c.g, agr.c.id)
        .subquery()
    )
    out = AgreementPass()
    totals = select(per.c.g, func.sum(per.c.days), func.count()).group_by(per.c.g)
    for g, total, n in session.execute(totals):
        out.group(str(g))[1].days.add(total, n)
    return out


def agreement_pass(session: Session, period: Period, by: str | None) -> AgreementPass:
    """Agreement and payment figures per group (and the whole period's accounts).

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

    Three statements (:func:`agreement_sums`, :func:`instalment_sums`,
    :func:`first_payment_days`), which the report runs at once.
    """
    return AgreementPass.combine(
        agreement_sums(session, period, by),
        instalment_sums(session, period, by),
        first_payment_days(session, period, by),
    )


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
