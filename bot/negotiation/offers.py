"""Offers the bot makes and the policy check every plan must pass.

:func:`standard_offers` (pay in full plus the standard instalment plans),
:func:`hardship_offers` when the debtor cannot pay, and :func:`violations`,
which says how any plan breaks the policy.

Balances must be positive and exact in the currency's minor units
(``ValueError`` otherwise; account import guarantees this).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_DOWN, ROUND_UP, Decimal
from itertools import pairwise

from bot.money import exact_amount, payment_unit, quantize, unit
from bot.negotiation.policy import Policy
from bot.negotiation.schedule import Instalment, Plan, build_schedule, max_count, term_end

DEFAULT_FIRST_GAP_DAYS = 7
"""Days from today to the first payment of an offer, unless the policy allows fewer."""


def default_first_date(policy: Policy, today: date) -> date:
    """First due date of the plans the bot offers: a week away, or the latest allowed."""
    return today + timedelta(days=max(0, min(DEFAULT_FIRST_GAP_DAYS, latest_gap(policy))))


def latest_gap(policy: Policy) -> int:
    """Days from today to the latest allowed first payment of an instalment plan."""
    return policy.first_payment_within_days


def latest_first_date(policy: Policy, today: date, *, full: bool = False) -> date:
    """The latest allowed first payment: a single payment may wait until the policy's
    horizon (by default the end of next month, the next payday), a plan's first
    instalment only ``first_payment_within_days``."""
    if full:
        return policy.single_payment_latest(today)
    return today + timedelta(days=latest_gap(policy))


def discount_for(
    balance: Decimal, currency: str, policy: Policy, today: date, due: date
) -> Decimal:
    """The pay-in-full discount for paying everything on ``due`` (0 outside the window)."""
    pct = policy.pay_in_full_discount_percent
    if pct <= 0 or not today <= due <= today + timedelta(days=policy.pay_in_full_within_days):
        return quantize(Decimal(0), currency)
    return min(quantize(balance * pct / 100, currency), balance)


def pay_in_full(
    balance: Decimal, currency: str, policy: Policy, today: date, pay_date: date | None = None
) -> Plan:
    """One payment of the whole balance, discounted if paid within the policy's window.

    Args:
        balance: What is owed.
        currency: ISO code.
        policy: The script's policy.
        today: The debtor's today.
        pay_date: When they pay (default :func:`default_first_date`).
    """
    balance = checked_balance(balance, currency)
    due = pay_date or default_first_date(policy, today)
    discount = discount_for(balance, currency, policy, today, due)
    total = balance - discount
    return Plan("full", currency, balance, discount, total, None, (Instalment(due, total),))


def equal_plan(
    balance: Decimal,
    currency: str,
    count: int,
    frequency: str,
    first_date: date,
    *,
    hardship: bool = False,
) -> Plan:
    """``count`` equal instalments of the balance (no discount)."""
    balance = checked_balance(balance, currency)
    kind = "hardship" if hardship else "instalments"
    schedule = build_schedule(balance, currency, count, frequency, first_date)
    return Plan(
        kind, currency, balance, quantize(Decimal(0), currency), balance, frequency, schedule
    )


def offer_frequency(policy: Policy) -> str:
    """Frequency of offered plans: monthly when allowed, else the first allowed one."""
    if "monthly" in policy.frequencies or not policy.frequencies:
        return "monthly"
    return policy.frequencies[0]


def periods_in(months: int, frequency: str, first_date: date) -> int:
    """How many payments of ``frequency`` make a plan of about ``months`` months."""
    return max(1, max_count(first_date, frequency, months))


def largest_count(
    total: Decimal, currency: str, policy: Policy, first_date: date, frequency: str, hardship: bool
) -> int:
    """Most equal instalments that respect both the minimum and the term."""
    by_term = max_count(first_date, frequency, policy.months(hardship=hardship))
    by_term = min(by_term, int(total / unit(currency)))  # never a payment of nothing
    minimum = policy.minimum(currency, hardship=hardship)
    if minimum <= 0:
        return max(by_term, 1)
    by_minimum = int((total / minimum).to_integral_value(ROUND_DOWN))
    return max(1, min(by_term, by_minimum))


def standard_offers(balance: Decimal, currency: str, policy: Policy, today: date) -> list[Plan]:
    """Pay in full, then the standard instalment plans the policy allows for this balance.

    A standard plan is left out when its instalments would fall below the
    minimum or its term exceeds ``max_months``.
    """
    offers = [pay_in_full(balance, currency, policy, today)]
    first = default_first_date(policy, today)
    freq = offer_frequency(policy)
    limit = largest_count(checked_balance(balance, currency), currency, policy, first, freq, False)
    counts = sorted({periods_in(m, freq, first) for m in policy.standard_months})
    for count in counts:
        if 1 < count <= limit:
            offers.append(equal_plan(balance, currency, count, freq, first))
    return offers


def hardship_offers(
    balance: Decimal, currency: str, policy: Policy, today: date, first: date | None = None
) -> list[Plan]:
    """Gentler plans: the standard maximum term and the longest hardship term.

    Both respect the hardship minimum; plans that collapse to one payment are
    left out (the engine then offers a human). ``first`` is their first due date
    (after a breathing space); by default the usual one.
    """
    balance = checked_balance(balance, currency)
    first = first or default_first_date(policy, today)
    freq = offer_frequency(policy)
    limit = largest_count(balance, currency, policy, first, freq, True)
    wanted = {
        min(periods_in(m, freq, first), limit)
        for m in (policy.max_months, policy.hardship_max_months)
    }
    return [
        equal_plan(balance, currency, count, freq, first, hardship=True)
        for count in sorted(wanted)
        if count > 1
    ]


def violations(
    plan: Plan, policy: Policy, today: date, *, hardship: bool = False
) -> tuple[str, ...]:
    """How ``plan`` breaks the policy, as reason codes (empty when it is acceptable).

    Codes: ``invalid_schedule`` (sums, decimals, order), ``discount_not_allowed``,
    ``start_in_past``, ``start_too_late``, ``frequency_not_allowed``,
    ``too_long``, ``below_minimum``.
    """
    hardship = hardship or plan.kind == "hardship"
    reasons: list[str] = []
    items = plan.instalments
    amounts = [i.amount for i in items]
    days = [i.due_date for i in items]
    if (
        not items
        or sum(amounts, Decimal(0)) != plan.total
        or plan.total != plan.balance - plan.discount
        or any(a <= 0 or a != quantize(a, plan.currency) for a in amounts)
        or any(b <= a for a, b in pairwise(days))
    ):
        reasons.append("invalid_schedule")
    if not items:
        return tuple(reasons)
    expected_discount = Decimal(0)
    if plan.kind == "full" and plan.count == 1:
        expected_discount = discount_for(
            plan.balance, plan.currency, policy, today, plan.first_date
        )
    floor = settlement_floor(plan.balance, plan.currency, policy)
    settle_by = today + timedelta(days=policy.settlement_within_days)
    if (
        plan.kind == "settlement"
        and plan.count == 1
        and floor is not None
        and plan.first_date <= settle_by
    ):
        expected_discount = plan.balance - floor
    if plan.discount > expected_discount:
        reasons.append("discount_not_allowed")
    if plan.first_date < today:
        reasons.append("start_in_past")
    latest = latest_first_date(policy, today, full=plan.count == 1)
    if hardship and plan.count > 1:  # a breathing space may come first
        latest += timedelta(days=policy.pause_max_days)
    if plan.first_date > latest:
        reasons.append("start_too_late")
    if plan.count > 1 and plan.frequency is None:  # payments on the debtor's own days
        if plan.last_date > policy.single_payment_latest(today):
            reasons.append("too_long")
    elif plan.count > 1:
        if plan.frequency not in policy.frequencies:
            reasons.append("frequency_not_allowed")
        if plan.last_date >= term_end(plan.first_date, policy.months(hardship=hardship)):
            reasons.append("too_long")
        minimum = policy.minimum(plan.currency, hardship=hardship)
        if any(a < minimum for a in amounts[:-1]):
            reasons.append("below_minimum")
    return tuple(reasons)


def settlement_floor(balance: Decimal, currency: str, policy: Policy) -> Decimal | None:
    """The least the policy accepts to settle ``balance`` (rounded up to whole payment
    units); None when the policy allows no settlement."""
    if policy.settlement_min_percent is None:
        return None
    step = payment_unit(currency)
    floor = (balance * policy.settlement_min_percent / 100).quantize(step, rounding=ROUND_UP)
    return min(quantize(floor, currency), balance)


def settlement_approval_line(balance: Decimal, currency: str, policy: Policy) -> Decimal | None:
    """The least settlement the bot agrees alone, when less needs a colleague's approval
    (``settlement.approval_below_percent``); None when every allowed settlement is agreed."""
    approval = policy.settlement_approval_below_percent
    if approval is None:
        return None
    step = payment_unit(currency)
    line = (balance * approval / 100).quantize(step, rounding=ROUND_UP)
    return min(quantize(line, currency), balance)


def checked_balance(balance: Decimal, currency: str) -> Decimal:
    """``balance`` written in the currency's minor units.

    Raises:
        ValueError: if it is not more than zero or has digits below the minor unit.
    """
    balance = exact_amount(balance, currency, "balance")
    if balance <= 0:
        raise ValueError(f"balance {balance} must be more than zero to make a plan")
    return balance
