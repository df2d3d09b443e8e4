"""The actions a dialog script may name, and the guards.

Each action takes the :class:`TurnContext` and returns an outcome (``"ok"``,
``"fail"``, ``"counter"``, ``"exhausted"``, ``"locked"``, ``"next"``) or
``None`` when the conversation stays where it is (e.g. verification asks its
next question). The plans offered are made in :mod:`bot.dialog.offering`, what
the debtor proposes is judged in :mod:`bot.dialog.proposals`, and the chosen plan
becomes an agreement in :mod:`bot.dialog.agreeing`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.dialog import plan_values
from bot.dialog.agreeing import accept_counter, accept_offer, record_agreement
from bot.dialog.identity import verify_identity
from bot.dialog.offering import (
    change_plan,
    make_hardship_offers,
    make_offers,
    offer_pause,
    policy_of,
)
from bot.dialog.offering import store_offers as store_offers  # the engine stores offers too
from bot.dialog.proposals import evaluate
from bot.dialog.turn import TurnContext
from bot.escalations import Reason
from bot.scripts.vocabulary import HIGH, NORMAL

Action = Callable[[TurnContext], str | None]


def quote_balance(turn: TurnContext) -> str:
    """``quote_balance``: what is owed, as the balance summary says it."""
    turn.say("balance_summary") if "balance_summary" in turn.script.prompts else None
    return "next"


def _plan_status(turn: TurnContext) -> str:
    """``plan_status``: where the active plan stands."""
    if turn.account is not None and plan_values.active_agreement(turn) is not None:
        turn.say("plan_status")
    return "next"


def escalate_action(turn: TurnContext) -> str:
    from bot.dialog.guardrails import escalate

    reason = Reason.parse(str(turn.data.pop("escalation_reason", Reason.SCRIPT.value)))
    escalate(turn, reason, priority=HIGH if reason is Reason.VERIFICATION_LOCKED else NORMAL)
    return "next"


ACTIONS: dict[str, Action] = {
    "verify_identity": verify_identity,
    "quote_balance": quote_balance,
    "make_offers": make_offers,
    "make_hardship_offers": make_hardship_offers,
    "offer_pause": offer_pause,
    "accept_offer": accept_offer,
    "accept_counter": accept_counter,
    "evaluate_counter": evaluate,
    "record_agreement": record_agreement,
    "escalate": escalate_action,
    "change_plan": change_plan,
    "plan_status": _plan_status,
}


GUARDS: dict[str, Callable[[Any], bool]] = {
    "verified": lambda t: bool(t.verified),
    "has_offers": lambda t: bool(t.data.get("offers")),
    "has_pending_plan": lambda t: bool(t.data.get("pending_plan")),
    "rounds_left": lambda t: int(t.data.get("rounds", 0)) < policy_of(t).max_negotiation_rounds,
}
