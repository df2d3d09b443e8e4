"""After "your plan is recorded": the dialog's side of collection.

Hooks the flow calls, each small:

* :func:`payload_intent` — the buttons of reminders and of the plan state;
* :func:`handle` — "how do I pay" in any state (after verification), and the
  answers to a missed-payment follow-up (pay now, move it to the end, a person);
* :func:`after_verified` — a debtor with an active plan hears where it stands
  instead of new offers; a settled account is not offered plans;
* :func:`confirm_again` — before a plan is recorded: an offer past its
  validity (or whose first due date or discount window has passed) is re-quoted
  from today's balance and must be confirmed again; a confirmation long after
  the offer gets a short recap first;
* :func:`values` — the placeholders about the plan and how to pay.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, select

from bot.collection.ledger import MISSED, open_instalments
from bot.dialog.moving import count_move
from bot.dialog.offering import policy_of, store_offers
from bot.dialog.paying import (
    CHANGE_PLAN,
    FOLLOW_HUMAN,
    FOLLOW_MOVE,
    FOLLOW_PAY,
    HOW_TO_PAY,
)
from bot.dialog.plan_values import active_agreement, pay_text, words
from bot.dialog.proposals import requote
from bot.dialog.turn import Said, TurnContext
from bot.messages import Button
from bot.scripts.vocabulary import COLLECTION_FIELDS, ENGINE_STATES
from bot.store import agreements
from bot.store.models import Identity, Offer

# What the flow lends this module: ask/start the current step, enter a state.
Step = Callable[[TurnContext], None]
Enter = Callable[..., None]
PLAN_STATE, SETTLED_STATE = ENGINE_STATES
# Placeholders only this module fills.
FIELDS = COLLECTION_FIELDS
_OFFER_MADE_AT = select(Offer.created_at).where(Offer.id == bindparam("offer_id"))
_PAYLOADS = {
    HOW_TO_PAY: HOW_TO_PAY,
    CHANGE_PLAN: CHANGE_PLAN,
    FOLLOW_PAY: "pay_now",
    FOLLOW_MOVE: "move_to_end",
    FOLLOW_HUMAN: "human",
}


def payload_intent(payload: str) -> str | None:
    """The intent of a collection button, or None."""
    return _PAYLOADS.get(payload)


def plan_buttons(turn: TurnContext) -> tuple[Button, ...]:
    """The choices of the plan state: how to pay, change the plan."""
    return (
        Button(words(turn).text("how_to_pay_label"), HOW_TO_PAY),
        Button(words(turn).text("change_plan_label"), CHANGE_PLAN),
    )


def handle(turn: TurnContext, said: Said, *, fresh: bool, start: Step, ask: Step) -> bool:
    """Collection intents the engine answers in every state; False for any other.

    "How do I pay" needs the debtor verified in this chat (else they are asked
    to verify first, and told after). The buttons of a missed-payment follow-up
    also work for the verified platform user the follow-up was sent to.
    """
    intent = said.intent
    if intent not in (HOW_TO_PAY, "pay_now", "move_to_end"):
        return False
    follow_up = intent != HOW_TO_PAY
    if not (turn.verified or (follow_up and _reminded(turn))):
        turn.data["after_verify"] = HOW_TO_PAY
        turn.say("how_to_pay_verify_first")
        if fresh:
            start(turn)
        else:
            ask(turn)
        return True
    if intent == "move_to_end":
        _move_to_end(turn)
    else:
        turn.reply(pay_text(turn))
    turn.log("collection", {"intent": intent})
    if fresh:
        start(turn)
    else:
        ask(turn)
    return True


def _reminded(turn: TurnContext) -> bool:
    """Whether this platform user was verified for the account (reminders go to them)."""
    if turn.account is None:
        return False
    verified = turn.session.scalar(
        select(Identity.verified_at).where(
            Identity.platform == turn.conv.platform,
            Identity.platform_user_id == turn.conv.user_id,
            Identity.account_id == turn.account.id,
        )
    )
    return verified is not None


def after_verified(turn: TurnContext, enter: Enter) -> bool:
    """Right after verification: the plan in place, or nothing left to pay.

    Returns:
        True when the conversation went there (instead of new offers).
    """
    acc = turn.account
    if acc is None:
        return False
    wanted = turn.data.pop("after_verify", None)
    if acc.owed == 0 and active_agreement(turn) is None:
        turn.say("account_settled")
        turn.log("collection", {"settled": True})
        if SETTLED_STATE in turn.script.states:
            enter(turn, SETTLED_STATE, trigger="settled")
            return True
        return False
    if active_agreement(turn) is None or PLAN_STATE not in turn.script.states:
        if wanted == HOW_TO_PAY:
            turn.reply(pay_text(turn))
        return False
    turn.say("plan_status")
    turn.reply(pay_text(turn))
    enter(turn, PLAN_STATE, trigger="has_plan")
    return True


def confirm_again(turn: TurnContext, ask: Step) -> bool:
    """Check the pending offer before it is recorded.

    Returns:
        False when it may be recorded now; True when it was re-quoted or
        recapped instead (the debtor is asked to confirm again).
    """
    plan, offer_id = turn.pending_plan(), turn.data.get("pending_offer_id")
    if plan is None or offer_id is None or turn.account is None:
        return False
    made_at = turn.session.scalar(_OFFER_MADE_AT, {"offer_id": int(offer_id)})
    if made_at is None:
        return False
    settings = turn.engine.settings.collection
    age = turn.now - made_at
    window_end = made_at.astimezone(turn.now.tzinfo).date() + timedelta(
        days=policy_of(turn).pay_in_full_within_days
    )
    stale = (
        age > timedelta(hours=settings.offer_valid_hours)
        or plan.first_date < turn.today
        or (plan.discount > 0 and turn.today > window_end)
    )
    if stale:
        fresh_plan = requote(turn, plan)
        if fresh_plan is None:
            turn.say("account_settled")
            return True
        (new_id,) = store_offers(turn, [fresh_plan])
        turn.data["offers"] = []
        turn.data["pending_offer_id"] = new_id
        turn.data["pending_plan"] = fresh_plan.to_json()
        turn.log("offer_requoted", {"old_offer_id": int(offer_id), "offer_id": new_id})
        turn.say("offer_requoted", plan=turn.plan_label(fresh_plan))
        ask(turn)
        return True
    recapped = turn.data.get("recapped")
    gap = timedelta(minutes=settings.recap_after_minutes)
    just_recapped = (
        recapped is not None and recapped[0] == offer_id and _at(recapped[1]) + gap >= turn.now
    )
    if age > gap and not just_recapped:
        turn.data["recapped"] = [offer_id, turn.now.isoformat()]
        turn.log("offer_recapped", {"offer_id": int(offer_id)})
        turn.say("offer_recap", plan=turn.plan_label(plan))
        ask(turn)
        return True
    return False


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _move_to_end(turn: TurnContext) -> None:
    """Move the missed instalment to the end of the plan (once per plan by default)."""
    acc = turn.account
    assert acc is not None
    agreement = active_agreement(turn, lock=True)
    limit = turn.engine.settings.collection.moves_per_plan
    missed = [i for i in open_instalments(agreement) if i.status == MISSED] if agreement else []
    if agreement is None or not missed or agreement.moves_used >= limit:
        turn.say("move_not_possible")
        turn.reply(pay_text(turn))
        return
    inst = missed[0]
    last = max(agreement.instalments, key=lambda i: i.seq)
    new_due = _next_period(last.due_date, agreement.frequency)
    inst.closed_at = turn.now
    moved = agreements.add_moved_instalment(agreement, last.seq + 1, new_due, inst.remaining)
    count_move(turn, agreement, inst, new_due)
    turn.session.flush()
    # Said to the platform user the follow-up went to, verified in this chat or not.
    turn.reply(turn.text("moved_to_end", amount=turn.money(moved.amount), date=turn.day(new_due)))
    turn.reply(pay_text(turn))


def _next_period(last: Any, frequency: str | None) -> Any:
    from bot.negotiation.schedule import add_period

    return add_period(last, frequency or "monthly", 1)
