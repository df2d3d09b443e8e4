"""Settlements and split payments: what a debtor proposes in one sentence.

A settlement is one payment below the balance that closes the account ("can I pay
3000 to settle", "一次性还3000结清"). The policy's ``settlement.min_percent`` is the
floor: an offer at or above it is accepted (below ``approval_below_percent`` only by
a person), an offer under it is countered with the floor itself.

A split is two payments of the balance ("1200 now and the rest on the 30th",
"先还2000，剩下的4月30日还"): the first within the first-payment window, the rest
no later than the single-payment horizon.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_UP, Decimal

from bot.money import payment_unit, quantize
from bot.negotiation.offers import (
    checked_balance,
    default_first_date,
    latest_first_date,
    settlement_floor,
)
from bot.negotiation.policy import Policy
from bot.negotiation.schedule import Instalment, Plan, add_period, build_schedule


@dataclass(frozen=True)
class Proposal:
    """The answer to a settlement or a split.

    Attributes:
        plan: The plan as asked when ``accepted``, else the best the policy allows
            (``None`` when the policy allows no settlement at all).
        accepted: The plan is exactly what the debtor asked for.
        needs_approval: Accepted only once a person approves it.
        reasons: Why the request was changed (``below_settlement_floor``,
            ``settlement_not_allowed``, ``settlement_too_late``, ``below_minimum``,
            ``rest_too_late``, ``start_too_late``, ``start_in_past``, and for a
            settlement's one payment ``pay_date_in_past``).
    """

    plan: Plan | None
    accepted: bool
    needs_approval: bool = False
    reasons: tuple[str, ...] = ()


def settlement_plan(balance: Decimal, currency: str, amount: Decimal, pay_date: date) -> Plan:
    """One payment of ``amount`` on ``pay_date`` that settles ``balance``."""
    amount = quantize(amount, currency)
    return Plan(
        "settlement",
        currency,
        balance,
        balance - amount,
        amount,
        None,
        (Instalment(pay_date, amount),),
    )


def evaluate_settlement(
    balance: Decimal,
    currency: str,
    policy: Policy,
    today: date,
    amount: Decimal,
    pay_date: date | None = None,
) -> Proposal:
    """Accept a settlement offer of ``amount`` within the policy, else counter with the floor.

    Args:
        balance: What is owed (more than ``amount``).
        currency: ISO code.
        policy: The script's policy.
        today: The debtor's today.
        amount: What the debtor offers to pay to settle.
        pay_date: When they would pay (default: the usual first payment day).
    """
    balance = checked_balance(balance, currency)
    floor = settlement_floor(balance, currency, policy)
    if floor is None:
        return Proposal(None, False, reasons=("settlement_not_allowed",))
    reasons: list[str] = []
    latest = today + timedelta(days=policy.settlement_within_days)
    day = pay_date or min(default_first_date(policy, today), latest)
    if day < today:
        reasons.append("pay_date_in_past")  # one payment: there is no "first" one
        day = today
    elif day > latest:
        reasons.append("settlement_too_late")
        day = latest
    offered = quantize(amount.quantize(payment_unit(currency), rounding=ROUND_UP), currency)
    if offered < floor:
        reasons.append("below_settlement_floor")
        offered = floor
    plan = settlement_plan(balance, currency, offered, day)
    needs = needs_approval(plan, policy)
    return Proposal(plan, not reasons, needs_approval=needs, reasons=tuple(reasons))


def needs_approval(plan: Plan, policy: Policy) -> bool:
    """Whether ``plan`` settles for less than the policy lets the bot accept alone."""
    approval = policy.settlement_approval_below_percent
    return (
        plan.kind == "settlement"
        and approval is not None
        and (plan.total * 100 < plan.balance * approval)
    )


def evaluate_split(
    balance: Decimal,
    currency: str,
    policy: Policy,
    today: date,
    first_amount: Decimal,
    first_date: date | None,
    rest_date: date,
    *,
    hardship: bool = False,
) -> Proposal:
    """Two payments: ``first_amount`` on ``first_date``, the rest of the balance on ``rest_date``.

    The first is at least the policy's minimum instalment and within the first-payment
    window; the rest comes after it and no later than the single-payment horizon.
    Exact to the minor unit (TWD in whole units).
    """
    answer = evaluate_payments(
        balance, currency, policy, today, [(first_amount, first_date)], rest_date, hardship=hardship
    )
    assert answer is not None  # the rest is named: the balance is always covered
    return answer


def evaluate_payments(
    balance: Decimal,
    currency: str,
    policy: Policy,
    today: date,
    payments: Sequence[tuple[Decimal, date | None]],
    rest_date: date | None = None,
    *,
    hardship: bool = False,
    then_monthly: bool = False,
) -> Proposal | None:
    """Payments on days of the debtor's own ("1.2k now, 1.2k in two weeks, the rest in
    January", "1200 on Friday and 1545.75 on Dec 30"), then the rest on ``rest_date``;
    or, with ``then_monthly`` and no ``rest_date``, the rest monthly from a month after the
    last of them, at about the last payment's size ("300 now and 300 on the 25th").

    The first comes within the first-payment window (today when not named), each is at
    least the policy's minimum, each comes after the one before and no later than the
    single-payment horizon. Payments beyond the balance are cut to what is left.

    Returns:
        None when the payments leave part of the balance without a day (no ``rest_date``
        and less than the balance named): the request is then an ordinary one.
    """
    balance = checked_balance(balance, currency)
    reasons: list[str] = []
    latest_first = latest_first_date(policy, today)
    latest = policy.single_payment_latest(today)
    step = payment_unit(currency)
    minimum = max(policy.minimum(currency, hardship=hardship), step)
    items: list[Instalment] = []
    left = balance
    for n, (amount, asked) in enumerate(payments):
        if n == 0:
            day = asked or default_first_date(policy, today)
            if day < today:
                reasons.append("start_in_past")
                day = today
            elif day > latest_first:
                reasons.append("start_too_late")
                day = latest_first
        else:
            later = _after(items[-1].due_date, asked, latest, reasons)
            if later is None:
                return Proposal(None, False, reasons=(*reasons, "rest_too_late"))
            day = later
        pay = quantize(amount.quantize(step, rounding=ROUND_UP), currency)
        if pay < minimum:
            if "below_minimum" not in reasons:
                reasons.append("below_minimum")
            pay = quantize(minimum, currency)
        if n == 0 and pay >= balance:
            return Proposal(None, False, reasons=("exceeds_balance",))
        if pay >= left:
            if pay > left or rest_date is not None:
                reasons.append("exceeds_balance")
            items.append(Instalment(day, left))
            left -= left
            break
        items.append(Instalment(day, pay))
        left -= pay
    if left > 0 and rest_date is None and then_monthly:
        items.extend(
            _monthly_rest(left, currency, items, minimum, policy.months(hardship=hardship))
        )
        left = Decimal(0)
    if left > 0:
        if rest_date is None:
            return None
        last = _after(items[-1].due_date, rest_date, latest, reasons)
        if last is None:
            return Proposal(None, False, reasons=(*reasons, "rest_too_late"))
        items.append(Instalment(last, left))
    kind = "hardship" if hardship else "instalments"
    zero = quantize(Decimal(0), currency)
    plan = Plan(kind, currency, balance, zero, balance, None, tuple(items))
    return Proposal(plan, not reasons, reasons=tuple(reasons))


def _monthly_rest(
    left: Decimal, currency: str, named: list[Instalment], minimum: Decimal, months: int
) -> tuple[Instalment, ...]:
    """What is ``left`` after the ``named`` payments, monthly from a month after the last,
    each about the size of the last named one (at least ``minimum``), in at most as many
    payments as the term leaves."""
    size = max(named[-1].amount, minimum)
    count = int((left / size).to_integral_value(rounding=ROUND_UP))
    count = max(1, min(count, max(months - len(named), 1), max(int(left / minimum), 1)))
    start = add_period(named[-1].due_date, "monthly", 1)
    return build_schedule(left, currency, count, "monthly", start)


def _after(before: date, asked: date | None, latest: date, reasons: list[str]) -> date | None:
    """The day of a later payment: as asked, at the latest the horizon, after ``before``."""
    day = asked or before + timedelta(days=1)
    if day > latest:
        if "rest_too_late" not in reasons:
            reasons.append("rest_too_late")
        day = latest
    if day <= before:
        day = before + timedelta(days=1)
        if day > latest:
            return None
    return day


__all__ = [
    "Proposal",
    "evaluate_payments",
    "evaluate_settlement",
    "evaluate_split",
    "needs_approval",
    "settlement_floor",
    "settlement_plan",
]
