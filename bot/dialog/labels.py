"""Words for a plan that match its stored schedule exactly.

"6 monthly payments of $457.62" is only said when all six are $457.62; otherwise
"5 monthly payments of $457.62 and a last of $457.65", and a first payment that
differs (a lump sum now) is named on its own: "$1,200.00 on Mar 12, then …".
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from bot.negotiation.schedule import Plan

if TYPE_CHECKING:
    from bot.dialog.turn import TurnContext


def plan_label(turn: TurnContext, plan: Plan) -> str:
    """A one-line description of ``plan`` for a button or a counter-offer."""
    prompts = turn.script.prompts
    amounts = [i.amount for i in plan.instalments]
    if plan.count == 1:
        key = "plan_full_discount" if plan.discount > 0 else "plan_full"
        if plan.kind == "settlement" and "plan_settlement" in prompts:
            key = "plan_settlement"
        return _text(turn, key, plan)
    own_days = plan.frequency is None and plan.count == 2  # "X now and the rest on D"
    if "plan_lump_then" in prompts and (
        own_days or (len(set(amounts[1:])) == 1 and amounts[0] != amounts[1])
    ):
        rest = replace(plan, instalments=plan.instalments[1:], discount=plan.discount * 0)
        if rest.count == 1:
            after = turn.text(
                "plan_one_more",
                amount=turn.money(rest.first_amount),
                date=turn.day(rest.first_date),
            )
        else:
            after = plan_label(turn, rest)
        return turn.text(
            "plan_lump_then",
            first_amount=turn.money(plan.first_amount),
            first_date=turn.day(plan.first_date),
            rest=after,
        )
    key = f"plan_{plan.frequency or 'monthly'}"
    if len(set(amounts[:-1])) == 1 and amounts[-1] != amounts[0] and f"{key}_last" in prompts:
        return _text(turn, f"{key}_last", plan)
    return _text(turn, key, plan)


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
