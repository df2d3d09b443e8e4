"""A plan an agent proposes from the console: shown for the debtor to confirm while the
chat stays with the agent; the debtor's yes records it (and resolves the escalation),
their no declines it and the agent follows up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from bot.dialog import guardrails
from bot.dialog.turn import Said, TurnContext
from bot.store import agreements

Step = Callable[[TurnContext], None]
Scripted = Callable[[TurnContext, Said], None]

# The offer an agent proposed that the debtor is asked to confirm (in agent mode).
AGENT_PLAN: Final = "agent_offer_id"


def confirm_state(turn: TurnContext) -> str:
    """The state that asks to confirm a plan (its ``yes`` records the agreement)."""
    for name, st in turn.script.states.items():
        rule = st.on.get("yes")
        if rule is not None and rule.action == "record_agreement":
            return name
    raise LookupError("the dialog script has no state that records an agreement")


def ask_to_confirm(
    turn: TurnContext, offer_id: int, plan_json: dict[str, Any], *, ask: Step
) -> None:
    """Show an agent's plan for the debtor to confirm; the chat stays with the agent.

    The conversation waits in the confirm state; the debtor's yes or no is
    handled by the engine even though an agent has the chat.
    """
    turn.data["offers"] = []
    turn.data["pending_offer_id"] = offer_id
    turn.data["pending_plan"] = plan_json
    turn.data[AGENT_PLAN] = offer_id
    name = confirm_state(turn)
    if turn.conv.state != name:
        turn.log("transition", {"from": turn.conv.state, "to": name, "trigger": "propose_plan"})
    turn.conv.state = name
    for key in turn.state.say:
        turn.say(key)
    ask(turn)


def answer_agent_plan(turn: TurnContext, said: Said, *, scripted: Scripted) -> None:
    """Yes records the agent's plan (the escalation is resolved by it); no declines it
    and the agent follows up. Anything else is for the agent."""
    offer_id = turn.data.get(AGENT_PLAN)
    if said.intent not in ("yes", "no") or offer_id is None:
        return
    if offer_id != turn.data.get("pending_offer_id") or turn.conv.state != confirm_state(turn):
        return
    turn.data.pop(AGENT_PLAN)
    if said.intent == "yes":
        turn.conv.mode = "bot"
        scripted(turn, said)  # records the agreement (once per offer) and sends the summary
        if turn.data.get("agreement_id") is not None:
            guardrails.close_escalations(turn, "agreement recorded")
        return
    turn.data.pop("pending_offer_id", None)
    turn.data.pop("pending_plan", None)
    agreements.decline_offer(turn.conn, int(offer_id))
    turn.log("plan_declined", {"offer_id": offer_id})
    turn.say("agent_plan_declined")
