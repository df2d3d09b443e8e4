"""From a chosen plan to a recorded agreement: the plan picked from the choices, a yes
to the counter-offer, and the agreement recorded exactly once per offer (replacing
the account's active plan, if any).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from bot.dialog import plan_values
from bot.dialog.offering import ask_approval, needs_approval, pend
from bot.dialog.turn import TurnContext
from bot.negotiation.schedule import Plan
from bot.store import agreements


def accept_offer(turn: TurnContext) -> str:
    said = turn.said
    offers = turn.data.get("offers", [])
    choice = said.choice if said else None
    if choice is None or not 1 <= choice <= len(offers):
        return "fail"
    offer_id, plan = offers[choice - 1]
    turn.log("offer_chosen", {"offer_id": offer_id, "choice": choice})
    _take(turn, int(offer_id), Plan.from_json(plan))
    return "ok"


def accept_counter(turn: TurnContext) -> str:
    """``accept_counter``: a yes to "the closest plan I can offer is …" takes that plan.

    Without a counter-offer on the table a yes does not say which option, so the
    state's short question is asked again (not the whole menu).
    """
    offers = turn.data.get("offers", [])
    if turn.data.get("countered") and offers:
        offer_id, plan = offers[0]
        turn.log("offer_chosen", {"offer_id": offer_id, "choice": 1, "counter": True})
        _take(turn, int(offer_id), Plan.from_json(plan))
        return "ok"
    turn.say(turn.state.again or turn.state.ask or "not_understood")
    return "retry"


def _take(turn: TurnContext, offer_id: int, plan: Plan) -> None:
    """The plan chosen waits for a yes; a settlement below the approval line (the least
    the bot may offer, taken up) goes to a colleague first, as one offered by the debtor."""
    if needs_approval(turn, plan):
        ask_approval(turn, offer_id, plan)
    else:
        pend(turn, offer_id, plan)


def record_agreement(turn: TurnContext) -> str:
    """Record the pending plan as an agreement with its instalments, once per offer."""
    assert turn.account is not None
    plan = turn.pending_plan()
    offer_id = turn.data.get("pending_offer_id")
    if plan is None or offer_id is None:
        return "fail"
    # Marking the offer accepted is what makes this happen once per offer.
    accepted = agreements.accept_offer(turn.conn, int(offer_id))
    if not accepted:
        return "next"
    made_by = accepted[0][0]
    replaced = _supersede_active(turn)
    row: dict[str, Any] = {
        "account_id": turn.account.id,
        "conversation_id": turn.conv.id,
        "offer_id": int(offer_id),
        "status": "active",
        "currency": plan.currency,
        "total": plan.total,
        "discount": plan.discount,
        "frequency": plan.frequency,
        "script_version": turn.compiled.label,
        "created_by": made_by if made_by != "debtor" else "bot",
        "created_at": turn.now,
        "moves_used": 0,
    }
    agreement_id = agreements.insert_agreement(turn.conn, row)
    instalments = [
        {
            "agreement_id": agreement_id,
            "seq": i,
            "due_date": x.due_date,
            "amount": x.amount,
            "paid": Decimal(0),
            "status": "open",
        }
        for i, x in enumerate(plan.instalments, start=1)
    ]
    agreements.insert_instalments(turn.conn, instalments)
    plan_values.recorded(turn, turn.account.id, {**row, "id": agreement_id}, instalments)
    turn.data["agreement_id"] = agreement_id
    turn.data.pop("superseding", None)
    turn.log("agreement", {"agreement_id": agreement_id, "offer_id": int(offer_id)})
    if replaced is not None:
        turn.say("plan_superseded")
    return "next"


def _supersede_active(turn: TurnContext) -> int | None:
    """Close the account's active plan (if any) before a new one is recorded.

    One active agreement per account: the database refuses a second one.
    """
    from bot.collection.ledger import supersede

    assert turn.account is not None
    old = plan_values.active_agreement(turn, lock=True)
    if old is None:
        return None
    supersede(turn.session, old, turn.now, by=turn.actor, reason="replaced by a new plan")
    plan_values.recorded(turn, turn.account.id, None)
    turn.log("agreement_superseded", {"agreement_id": old.id})
    return old.id
