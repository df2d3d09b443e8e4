"""What the debtor proposes, judged against the policy: a plan of their own ("300 a
month", "分6期"), a settlement, "X now and the rest on D"; accepted as asked when the
policy allows, else countered with the closest plan and the reasons in their words.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from decimal import ROUND_UP, Decimal
from typing import Any

from bot.dialog.asked import asks_without_terms, bare_sum, counter_request, request_json
from bot.dialog.counter_reasons import discount_lost, explain_reasons
from bot.dialog.offering import (
    ask_approval,
    distinct_plans,
    escalate_hardship,
    pend,
    policy_of,
    store_offers,
)
from bot.dialog.turn import Said, TurnContext
from bot.escalations import Reason
from bot.money import payment_unit
from bot.negotiation.counter import CounterRequest, evaluate_counter
from bot.negotiation.offers import (
    default_first_date,
    hardship_offers,
    standard_offers,
)
from bot.negotiation.policy import Policy
from bot.negotiation.schedule import Plan
from bot.negotiation.settlement import evaluate_payments, evaluate_settlement, evaluate_split

# Counter-offer reasons that mean "more hardship than the policy allows".
_BEYOND_HARDSHIP = frozenset({"below_minimum", "too_long"})


# The least a settlement can be, asked for ("what's the lowest you'd accept to settle?";
# optional: else said as a counter-offer).
LEAST_ASKED = "settlement_least_asked"


def pause_on_offer(turn: TurnContext) -> date | None:
    """The day payments resume after a pause whose plans are the choices on screen."""
    resumes = turn.data.get("pause_resumes")
    if not isinstance(resumes, str) or date.fromisoformat(resumes) <= turn.today:
        return None
    resume = date.fromisoformat(resumes)
    for _offer_id, plan in turn.data.get("offers") or []:
        if Plan.from_json(plan).instalments[0].due_date == resume:
            return resume
    return None


def awaiting(data: Mapping[str, object]) -> tuple[int, Plan] | None:
    """The settlement offer waiting for approval in a conversation's context, if any."""
    held = data.get("settlement_awaiting")
    if not isinstance(held, list) or len(held) != 2:
        return None
    offer_id, plan = held
    return int(offer_id), Plan.from_json(plan)


def evaluate(turn: TurnContext) -> str:
    """``evaluate_counter``: accept what is inside policy, else counter and say why."""
    assert turn.account is not None
    acc = turn.account
    policy = policy_of(turn)
    said = turn.said
    if said is not None and asks_without_terms(said):
        # "can I pay less?", "could I pay on Fridays?", 我能先还一半吗: a wish with nothing to
        # build a plan from. Asked what would work, not handed a plan they did not ask for.
        turn.log("counter", {"request": None, "accepted": False, "reasons": ["no_terms"]})
        turn.say("counter_ask")
        return "retry"
    current = turn.pending_plan()
    if said is not None and current is not None and bare_sum(said) == current.total:
        # "fine, 40,000 then" at the confirmation of that very plan: the same plan again,
        # for a yes or a no (the words alone record nothing).
        turn.log("counter", {"request": None, "accepted": False, "reasons": ["same_plan"]})
        return "ok"
    early = _discounted_in_full(turn, said)
    if early is not None:
        # "I'll pay the 2608.46 this friday": the payment in full on offer, discount and all,
        # not a plan of the whole balance that starts with it and runs on for the discount.
        turn.log("counter", {"request": None, "accepted": True, "reasons": ["in_full_on_offer"]})
        pend(turn, *early)
        return "ok"
    if said is not None and said.amounts:
        proposal = said.proposal
        if _settling(turn, said):  # "what about 2000?" after a settlement counter-offer
            proposal = replace(proposal, settle=True)
        if proposal.settle or proposal.split or proposal.payments:
            outcome = proposed(turn, policy, Decimal(str(said.amounts[0].value)), proposal)
            if outcome is not None:
                return outcome
    elif said is not None and said.proposal.settle and acc.owed > 0:
        # "what's the lowest you'd accept to settle?": the least the policy allows, said as a
        # counter-offer to nothing (the debtor may take it or offer more)
        outcome = proposed(turn, policy, Decimal(0), said.proposal)
        if outcome is not None:
            return outcome
    elif said is not None and said.proposal.split and said.proposal.half and acc.owed > 0:
        # "half now and half at the end of the month": the first half rounded up.
        half = (acc.owed / 2).quantize(payment_unit(acc.currency), rounding=ROUND_UP)
        outcome = proposed(turn, policy, half, said.proposal)
        if outcome is not None:
            return outcome
    req = counter_request(turn)
    hardship = bool(turn.data.get("hardship"))
    # "and after the pause, 3000 a month?": while the pause is on offer, a plan asked for
    # with no day of its own starts when the pause ends (the policy's terms from then on).
    today = turn.today
    resume = pause_on_offer(turn)
    if resume is not None and req.first_date is None and req.first_amount is None:
        today = resume - (default_first_date(policy, turn.today) - turn.today)
    result = evaluate_counter(
        acc.owed, acc.currency, policy, today, req, hardship=hardship, current=current
    )
    turn.log(
        "counter",
        {
            "request": request_json(req),
            "accepted": result.accepted is not None,
            "reasons": list(result.reasons),
        },
    )
    if hardship and result.accepted is None and _BEYOND_HARDSHIP & set(result.reasons):
        # Smaller or longer than even the hardship terms allow: a person decides.
        reason = explain_reasons(turn, result.reasons, policy, hardship)
        turn.say("hardship_beyond_policy", reason=reason)
        escalate_hardship(turn)
        return "exhausted"
    if result.accepted is not None:
        discount_lost(turn, current, result.accepted)  # "push it to the 28th": no discount then
        shown = turn.data.get("offers", [])
        (offer_id,) = store_offers(turn, [result.accepted], made_by="debtor")
        pend(turn, offer_id, result.accepted)
        # The plans shown before stay choosable: "the second plan, then" at the confirmation.
        turn.data["offers"] = shown
        return "ok"
    rounds = int(turn.data.get("rounds", 0)) + 1
    turn.data["rounds"] = rounds
    if result.counter is None or rounds > policy.max_negotiation_rounds:
        turn.data["escalation_reason"] = Reason.NEGOTIATION_STALLED.value
        return "exhausted"
    others = (
        hardship_offers(acc.owed, acc.currency, policy, turn.today)
        if hardship
        else standard_offers(acc.owed, acc.currency, policy, turn.today)
    )
    store_offers(turn, distinct_plans([result.counter, *others]))
    turn.data.pop("pending_plan", None)
    turn.data.pop("pending_offer_id", None)
    turn.data["countered"] = True
    reasons = result.reasons
    if "too_long" in reasons and req.amount is not None:
        # "50 a month": the least each payment can be, the plan at its longest, said with
        # its figures (not the bare minimum per payment, which would take longer still).
        reasons = ("below_smallest", *(r for r in reasons if r not in _SMALLER_THAN_LONGEST))
    reason = explain_reasons(turn, reasons, policy, hardship, smallest=result.counter)
    _say_counter(turn, result.reasons, reason, result.counter)
    return "counter"


def _discounted_in_full(turn: TurnContext, said: Said | None) -> tuple[int, Plan] | None:
    """The discounted payment in full on offer, when the debtor names its very sum, alone,
    on a day no later than its own (or on no day): that offer and its id."""
    if said is None or len(said.amounts) != 1 or said.count or said.frequency:
        return None
    if said.proposal.split or said.proposal.payments:
        return None
    amount = Decimal(str(said.amounts[0].value))
    for offer_id, raw in turn.data.get("offers", []):
        plan = Plan.from_json(raw)
        early = all(day <= plan.first_date for day in said.dates)
        if plan.count == 1 and plan.discount > 0 and plan.total == amount and early:
            return int(offer_id), plan
    return None


def _settling(turn: TurnContext, said: Said) -> bool:
    """Whether a bare sum answers a settlement counter-offer ("那四萬呢", "what about 2000?").

    Right after "the least I can accept to settle is …", a sum below the balance with
    no number of payments, frequency or date is a new settlement offer, not a first
    payment of the whole balance.
    """
    offers = turn.data.get("offers", [])
    if not (turn.data.get("countered") and offers) or turn.account is None:
        return False
    if Plan.from_json(offers[0][1]).kind != "settlement":
        return False
    amount = bare_sum(said)
    return amount is not None and amount < turn.account.owed


def proposed(turn: TurnContext, policy: Policy, amount: Decimal, proposal: Any) -> str | None:
    """A settlement, a two-payment split or payments on days of the debtor's own, as the
    debtor put them; None: an ordinary request.

    Accepted as asked when the policy allows (a settlement below the approval line goes
    to a person with the offer on record); otherwise the best the policy allows is the
    first of the choices, with the reasons.
    """
    assert turn.account is not None
    acc = turn.account
    hardship = bool(turn.data.get("hardship"))
    said = turn.said
    if proposal.payments and said is not None:
        parts = [(Decimal(str(said.amounts[i].value)), day) for i, day in proposal.payments]
        # The rest, when no day is named for it, monthly at the pace of the payments named.
        found = evaluate_payments(
            acc.owed, acc.currency, policy, turn.today, parts, proposal.rest,
            hardship=hardship, then_monthly=True,
        )  # fmt: skip
        if found is None:
            return None  # part of the balance has no day: an ordinary request
        answer = found
    elif proposal.split is not None:
        first, rest = proposal.split
        answer = evaluate_split(
            acc.owed, acc.currency, policy, turn.today, amount, first, rest, hardship=hardship
        )
    elif amount < acc.owed:
        answer = evaluate_settlement(
            acc.owed,
            acc.currency,
            policy,
            turn.today,
            amount,
            (turn.said.dates[0] if turn.said is not None and turn.said.dates else None),
        )
    else:
        return None  # the whole balance or more: an ordinary payment in full
    turn.log(
        "proposal",
        {
            "kind": "payments"
            if proposal.payments
            else "split"
            if proposal.split is not None
            else "settlement",
            "amount": str(amount),
            "accepted": answer.accepted,
            "needs_approval": answer.needs_approval,
            "reasons": list(answer.reasons),
        },
    )
    if answer.plan is None and "exceeds_balance" in answer.reasons:
        return None
    if answer.accepted and answer.plan is not None:
        shown = turn.data.get("offers", [])
        (offer_id,) = store_offers(turn, [answer.plan], made_by="debtor")
        if answer.needs_approval:
            ask_approval(turn, offer_id, answer.plan)
            return "exhausted"
        pend(turn, offer_id, answer.plan)
        turn.data["offers"] = shown
        return "ok"
    rounds = int(turn.data.get("rounds", 0)) + 1
    turn.data["rounds"] = rounds
    if rounds > policy.max_negotiation_rounds:
        turn.data["escalation_reason"] = Reason.NEGOTIATION_STALLED.value
        return "exhausted"
    others = (
        hardship_offers(acc.owed, acc.currency, policy, turn.today)
        if hardship
        else standard_offers(acc.owed, acc.currency, policy, turn.today)
    )
    best = [answer.plan] if answer.plan is not None else []
    store_offers(turn, distinct_plans([*best, *others]))
    turn.data.pop("pending_plan", None)
    turn.data.pop("pending_offer_id", None)
    reason = explain_reasons(turn, answer.reasons, policy, hardship)
    if answer.plan is None:
        turn.say("proposal_declined", reason=reason)
    else:
        turn.data["countered"] = True
        if amount == 0 and LEAST_ASKED in turn.script.prompts:
            # asked, not offered: the least said plainly, no "I can't agree to that"
            turn.say(LEAST_ASKED, reason=reason, plan=turn.plan_label(answer.plan))
        else:
            _say_counter(turn, answer.reasons, reason, answer.plan)
    return "counter"


def _say_counter(turn: TurnContext, reasons: tuple[str, ...], reason: str, plan: Plan) -> None:
    """ "I can't agree to that: …, the closest plan is …"; an offer of more than is owed
    is not refused as if it were too little ("you owe … in all, no need to pay more").

    Pushed back to the same best plan again ("no, still too much, 150 a month"), the
    debtor hears that it is the best allowed and what else there is (the plans, telling
    us of hard times, a person), not the same words again (``counter_repeated``).
    """
    label = turn.plan_label(plan)
    key = "counter_exceeds_balance" if reasons == ("exceeds_balance",) else "counter_declined"
    if key == "counter_declined" and turn.data.get("last_counter") == label:
        key = "counter_repeated"
    turn.data["last_counter"] = label
    turn.say(key, reason=reason, plan=label)


# Reasons an amount too small for the longest plan gives, said as ``below_smallest``.
_SMALLER_THAN_LONGEST = frozenset({"too_long", "below_minimum"})


def requote(turn: TurnContext, old: Plan) -> Plan | None:
    """``old`` offered again from today's balance and dates (same shape where allowed).

    Returns:
        None when nothing is owed any more.
    """
    assert turn.account is not None
    acc = turn.account
    if acc.owed <= 0:
        return None
    policy = policy_of(turn)
    hardship = bool(turn.data.get("hardship"))
    if old.kind == "settlement" and old.total < acc.owed:
        settled = evaluate_settlement(acc.owed, acc.currency, policy, turn.today, old.total)
        if settled.plan is not None and not settled.needs_approval:
            return settled.plan
    if old.frequency is None and old.count == 2 and old.first_amount < acc.owed:
        split = evaluate_split(
            acc.owed,
            acc.currency,
            policy,
            turn.today,
            old.first_amount,
            None,
            max(old.last_date, turn.today),
            hardship=hardship,
        )
        if split.plan is not None:
            return split.plan
    req = CounterRequest(
        count=None if old.count == 1 else old.count,
        frequency=old.frequency if old.count > 1 else None,
        lump_sum=old.count == 1,
    )
    result = evaluate_counter(acc.owed, acc.currency, policy, turn.today, req, hardship=hardship)
    return result.plan
