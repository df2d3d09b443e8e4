"""A colleague's decision on a settlement the policy leaves to a person.

A debtor's offer to settle between the policy floor (``settlement.min_percent``) and
the approval line (``settlement.approval_below_percent``) is kept on the conversation
and escalated (reason ``settlement_approval``). The colleague decides in one action:

- **approve**: the offer is recorded as the agreement, exactly as the debtor made it,
  and the debtor is told in their language (``settlement_approved``, then the
  agreement summary and how to pay);
- **decline**: the offer is marked declined, the debtor is told
  (``settlement_declined``) and offered the usual plans again.

Either way the bot has the chat again and the escalation is closed.
"""

from __future__ import annotations

from bot.dialog import guardrails
from bot.dialog.agent_plan import AGENT_PLAN, confirm_state
from bot.dialog.flow import scripted
from bot.dialog.proposals import awaiting
from bot.dialog.turn import Said, TurnContext
from bot.store import agreements


class NothingToDecide(LookupError):
    """No settlement offer waits for a decision in this conversation (or it cannot be
    approved any more); the message says why."""


def decide(turn: TurnContext, *, approve: bool) -> None:
    """Approve or decline the settlement offer that waits in ``turn``'s conversation.

    Raises:
        NothingToDecide: no offer waits, the debtor is not verified, or (to approve)
            its payment day has gone by.
    """
    held = awaiting(turn.data)
    if held is None or not turn.verified:
        raise NothingToDecide("no settlement offer waits for approval in this conversation")
    offer_id, plan = held
    if approve and plan.first_date < turn.today:
        raise NothingToDecide(
            f"the offer's payment day ({plan.first_date.isoformat()}) has gone by; "
            "propose the settlement with a new date instead"
        )
    name = confirm_state(turn)
    turn.data.pop("settlement_awaiting")
    turn.data.pop(AGENT_PLAN, None)
    turn.data["offers"] = []
    turn.conv.mode = "bot"
    turn.conv.state = name
    amount = turn.money(plan.total)
    if approve:
        turn.log("settlement_approved", {"offer_id": offer_id, "by": turn.actor})
        turn.data["pending_offer_id"] = offer_id
        turn.data["pending_plan"] = plan.to_json()
        turn.say("settlement_approved", amount=amount)
        scripted(turn, Said("yes"))  # records the agreement and sends the summary
        guardrails.close_escalations(turn, "settlement approved")
        return
    turn.log("settlement_declined", {"offer_id": offer_id, "by": turn.actor})
    agreements.decline_offer(turn.conn, offer_id)
    turn.data.pop("pending_offer_id", None)
    turn.data.pop("pending_plan", None)
    turn.say("settlement_declined", amount=amount)
    guardrails.close_escalations(turn, "settlement declined")
    scripted(turn, Said("no"))  # the usual plans again
