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
from bot.negotiation.schedule import Instalment, Plan


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
    approval = policy.settlement_approval_below_percent
    needs = approval is not None and offered * 100 < balance * approval
    return Proposal(plan, not reasons, needs_approval=needs, reasons=tuple(reasons))


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
    balance = checked_balance(balance, currency)
    reasons: list[str] = []
    latest_first = latest_first_date(policy, today)
    first = first_date or default_first_date(policy, today)
    if first < today:
        reasons.append("start_in_past")
        first = today
    elif first > latest_first:
        reasons.append("start_too_late")
        first = latest_first
    step = payment_unit(currency)
    lump = quantize(first_amount.quantize(step, rounding=ROUND_UP), currency)
    minimum = max(policy.minimum(currency, hardship=hardship), step)
    if lump < minimum:
        reasons.append("below_minimum")
        lump = quantize(minimum, currency)
    latest_rest = policy.single_payment_latest(today)
    rest_day = rest_date
    if rest_day > latest_rest:
        reasons.append("rest_too_late")
        rest_day = latest_rest
    if rest_day <= first:
        rest_day = first + timedelta(days=1)
        if rest_day > latest_rest:
            return Proposal(None, False, reasons=(*reasons, "rest_too_late"))
    if lump >= balance:
        return Proposal(None, False, reasons=("exceeds_balance",))
    kind = "hardship" if hardship else "instalments"
    zero = quantize(Decimal(0), currency)
    plan = Plan(
        kind,
        currency,
        balance,
        zero,
        balance,
        None,
        (Instalment(first, lump), Instalment(rest_day, balance - lump)),
    )
    return Proposal(plan, not reasons, reasons=tuple(reasons))


__all__ = [
    "Proposal",
    "evaluate_settlement",
    "evaluate_split",
    "settlement_floor",
    "settlement_plan",
]
