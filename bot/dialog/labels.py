"""Words for a plan that match its stored schedule exactly.

"6 monthly payments of $457.62" is only said when all six are $457.62 and fall a month
apart; otherwise "5 monthly payments of $457.62 and a last of $457.65", and a payment
that differs (a lump sum now, a day of the debtor's own) is named on its own, then the
rest: "$1,200.00 on Mar 12, then $1,200.00 on Mar 26, then $345.75 on Apr 1".
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from bot.negotiation.schedule import Plan, dates

if TYPE_CHECKING:
    from bot.dialog.turn import TurnContext


def plan_label(turn: TurnContext, plan: Plan) -> str:
    """A one-line description of ``plan`` for a button or a counter-offer."""
    prompts = turn.script.prompts
    if plan.count == 1:
        key = "plan_full_discount" if plan.discount > 0 else "plan_full"
        if plan.kind == "settlement" and "plan_settlement" in prompts:
            key = "plan_settlement"
        return _text(turn, key, plan)
    key = f"plan_{plan.frequency or 'monthly'}"
    said = _regular(turn, plan)
    if said is not None:
        return said
    if "plan_lump_then" not in prompts:  # a script without it: the closest it can say
        return _text(turn, key, plan)
    return turn.text(
        "plan_lump_then",
        first_amount=turn.money(plan.first_amount),
        first_date=turn.day(plan.first_date),
        rest=_after(turn, _rest(plan)),
    )


def _regular(turn: TurnContext, plan: Plan, *, last_from: int = 3) -> str | None:
    """ "N monthly payments of X" (and a last of Y, from ``last_from`` payments on) when
    that is exactly the schedule: two payments that differ are each named on their own,
    never "1 monthly payments of X and a last of Y"."""
    if plan.frequency is None or [i.due_date for i in plan.instalments] != dates(
        plan.first_date, plan.frequency, plan.count
    ):
        return None
    key = f"plan_{plan.frequency}"
    amounts = [i.amount for i in plan.instalments]
    if len(set(amounts)) == 1:
        return _text(turn, key, plan)
    if (
        plan.count >= last_from
        and len(set(amounts[:-1])) == 1
        and f"{key}_last" in turn.script.prompts
    ):
        return _text(turn, f"{key}_last", plan)
    return None


def _after(turn: TurnContext, rest: Plan) -> str:
    """The payments after the first: one more, a regular run, or each on its own day."""
    if rest.count == 1:
        return turn.text(
            "plan_one_more", amount=turn.money(rest.first_amount), date=turn.day(rest.first_date)
        )
    said = _regular(turn, rest)
    if said is None and rest.frequency is None:
        # Payments on days of the debtor's own, then the rest monthly ("300 now and 300 on
        # the 25th"): that run said as one.
        said = _regular(turn, replace(rest, frequency="monthly"))
    if said is not None:
        return said
    key = "plan_then_more" if "plan_then_more" in turn.script.prompts else "plan_lump_then"
    amount, day = turn.money(rest.first_amount), turn.day(rest.first_date)
    return turn.text(
        key,
        amount=amount,
        date=day,
        first_amount=amount,
        first_date=day,
        rest=_after(turn, _rest(rest)),
    )


def _rest(plan: Plan) -> Plan:
    return replace(plan, instalments=plan.instalments[1:], discount=plan.discount * 0)


def _text(turn: TurnContext, key: str, plan: Plan) -> str:
    return turn.text(
        key,
        total=turn.money(plan.total),
        date=turn.day(plan.first_date),
        discount=turn.money(plan.discount),
        count=plan.count,
        regular=plan.count - 1,
        amount=turn.money(plan.first_amount),
        last_amount=turn.money(plan.last_amount),
        first_date=turn.day(plan.first_date),
    )
