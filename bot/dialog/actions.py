"""The actions a dialog script may name, and the guards.

Each action takes the :class:`TurnContext` and returns an outcome (``"ok"``,
``"fail"``, ``"counter"``, ``"exhausted"``, ``"locked"``, ``"next"``) or
``None`` when the conversation stays where it is (e.g. verification asks its
next question). Plans come from :mod:`bot.negotiation`; offers are stored as
:class:`~bot.store.models.Offer` rows and agreements recorded exactly once per
offer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal
from typing import Any

from bot.dialog import plan_values
from bot.dialog.identity import verify_identity
from bot.dialog.turn import Said, TurnContext
from bot.escalations import Reason
from bot.negotiation.counter import CounterRequest, evaluate_counter
from bot.negotiation.offers import hardship_offers, settlement_floor, standard_offers
from bot.negotiation.policy import Policy
from bot.negotiation.schedule import Plan
from bot.negotiation.settlement import evaluate_settlement, evaluate_split
from bot.scripts.vocabulary import HIGH, NORMAL, OPTIONAL_PROMPTS
from bot.store import agreements, circumstances

Action = Callable[[TurnContext], str | None]

_POLICIES: dict[str, Policy] = {}
# Counter-offer reasons that mean "more hardship than the policy allows".
_BEYOND_HARDSHIP = frozenset({"below_minimum", "too_long"})


def policy_of(turn: TurnContext) -> Policy:
    """The script's negotiation policy (parsed once per script text)."""
    script = turn.script
    policy = _POLICIES.get(script.sha256)
    if policy is None:
        policy = _POLICIES[script.sha256] = Policy.from_mapping(script.policy)
    return policy


def store_offers(turn: TurnContext, plans: list[Plan], *, made_by: str = "bot") -> list[int]:
    """Store ``plans`` as offers of this conversation and make them the current choices."""
    assert turn.account is not None
    rnd = int(turn.data.get("rounds", 0))
    if not plans:
        turn.data["offers"] = []
        return []
    rows = [
        {
            "conversation_id": turn.conv.id,
            "account_id": turn.account.id,
            "kind": p.kind,
            "currency": p.currency,
            "total": p.total,
            "discount": p.discount,
            "frequency": p.frequency,
            "schedule": p.schedule_rows(),
            "round": rnd,
            "made_by": made_by,
            "status": "proposed",
            "created_at": turn.now,
        }
        for p in plans
    ]
    ids = agreements.insert_offers(turn.conn, rows)
    turn.data["offers"] = [[i, p.to_json()] for i, p in zip(ids, plans, strict=True)]
    turn.data.pop("countered", None)
    return ids


def offered_plans(turn: TurnContext) -> list[Plan]:
    """The plans currently shown as choices."""
    return [Plan.from_json(p) for _, p in turn.data.get("offers", [])]


def quote_balance(turn: TurnContext) -> str:
    turn.say("balance_summary") if "balance_summary" in turn.script.prompts else None
    return "next"


def make_offers(turn: TurnContext) -> str:
    """``make_offers``: the plans to choose from.

    A debtor who told us in this conversation that times are hard keeps the smaller
    plans: "no, show other options" at the confirmation shows again the plans they
    were choosing from, and hardship said after the agreement gets the hardship plans.
    """
    assert turn.account is not None
    acc = turn.account
    said = turn.said
    told_now = said is not None and said.intent == "hardship"
    if (turn.data.get("hardship") or told_now) and acc.owed > 0:
        if turn.state.choices == "yes_no" and turn.data.get("offers") and not told_now:
            turn.data.pop("pending_plan", None)
            turn.data.pop("pending_offer_id", None)
            return "next"
        return make_hardship_offers(turn)
    turn.data["hardship"] = False
    turn.data.pop("pending_plan", None)
    turn.data.pop("pending_offer_id", None)
    if acc.owed <= 0:  # nothing left to plan
        store_offers(turn, [])
        return "next"
    policy = policy_of(turn)
    plans = standard_offers(acc.owed, acc.currency, policy, turn.today)
    told = circumstances.told_before(turn.session, acc.id, turn.conv.id)
    if told:
        # They told us before that times are hard: the longest plan the policy allows too.
        longest = hardship_offers(acc.owed, acc.currency, policy, turn.today)[-1:]
        if longest and not turn.data.get("remembered"):
            turn.data["remembered"] = True
            turn.say("circumstances_remembered")
            turn.log("circumstances_remembered", {"kinds": told})
        plans = distinct_plans([*plans, *longest])
    store_offers(turn, plans)
    return "next"


def make_hardship_offers(turn: TurnContext) -> str:
    assert turn.account is not None
    acc = turn.account
    plans = hardship_offers(acc.owed, acc.currency, policy_of(turn), turn.today)
    turn.data["hardship"] = True
    turn.data.pop("pending_plan", None)
    turn.data.pop("pending_offer_id", None)
    _change_plan(turn)  # a debtor with a plan: the plan chosen replaces it
    turn.log("hardship", {"offers": len(plans)})
    if not plans:
        # Even the hardship terms cannot split this balance: a person decides.
        turn.say("hardship_no_plan")
        _escalate_hardship(turn)
        return "next"
    turn.say("hardship_intro")
    store_offers(turn, plans)
    return "next"


def offer_pause(turn: TurnContext) -> str:
    """``offer_pause``: a breathing space, then hardship plans that start after it.

    The pause lasts what the debtor asked for, at most the policy's ``pause_max_days``
    (its end date is said in the debtor's language); with no pause allowed, or no
    plan possible after it, a person decides.
    """
    assert turn.account is not None
    acc = turn.account
    policy = policy_of(turn)
    said = turn.said
    asked = said.proposal.pause_days if said is not None else None
    turn.data["hardship"] = True
    _change_plan(turn)  # a debtor with a plan: the plan chosen after the pause replaces it
    if policy.pause_max_days <= 0 or acc.owed <= 0:
        turn.log("pause", {"asked_days": asked, "allowed": False})
        turn.say("pause_needs_person")
        _escalate_hardship(turn)
        return "next"
    days = min(asked or policy.pause_max_days, policy.pause_max_days)
    resume = turn.today + timedelta(days=days)
    plans = hardship_offers(acc.owed, acc.currency, policy, turn.today, first=resume)
    turn.log("pause", {"asked_days": asked, "days": days, "offers": len(plans)})
    if not plans:
        turn.say("pause_needs_person")
        _escalate_hardship(turn)
        return "next"
    if asked is not None and asked > policy.pause_max_days:
        turn.say("pause_longest", days=policy.pause_max_days)
    turn.say("pause_offer", end=turn.day(resume - timedelta(days=1)), first_date=turn.day(resume))
    store_offers(turn, plans)
    turn.data.pop("pending_plan", None)
    turn.data.pop("pending_offer_id", None)
    return "next"


def _pend(turn: TurnContext, offer_id: int, plan: Plan) -> None:
    turn.data["pending_offer_id"] = offer_id
    turn.data["pending_plan"] = plan.to_json()


def accept_offer(turn: TurnContext) -> str:
    said = turn.said
    offers = turn.data.get("offers", [])
    choice = said.choice if said else None
    if choice is None or not 1 <= choice <= len(offers):
        return "fail"
    offer_id, plan = offers[choice - 1]
    _pend(turn, int(offer_id), Plan.from_json(plan))
    turn.log("offer_chosen", {"offer_id": offer_id, "choice": choice})
    return "ok"


def accept_counter(turn: TurnContext) -> str:
    """``accept_counter``: a yes to "the closest plan I can offer is …" takes that plan.

    Without a counter-offer on the table a yes does not say which option, so the
    state's short question is asked again (not the whole menu).
    """
    offers = turn.data.get("offers", [])
    if turn.data.get("countered") and offers:
        offer_id, plan = offers[0]
        _pend(turn, int(offer_id), Plan.from_json(plan))
        turn.log("offer_chosen", {"offer_id": offer_id, "choice": 1, "counter": True})
        return "ok"
    turn.say(turn.state.again or turn.state.ask or "not_understood")
    return "retry"


def counter_request(turn: TurnContext) -> CounterRequest:
    """What the debtor asked for, from the understood message."""
    said = turn.said
    assert said is not None
    amount = Decimal(str(said.amounts[0].value)) if said.amounts else None
    first = said.dates[0] if said.dates else None
    if first is None and said.past_date:
        # A day that has gone by ("on 2026-03-01"): said so, not silently replaced.
        first = turn.today - timedelta(days=1)
    lump = said.intent == "pay_in_full" or (
        amount is not None and first is not None and said.frequency is None and said.count is None
    )
    count = said.count
    if said.intent == "instalments" and count is None and amount is None and first is None:
        count = None
    return CounterRequest(
        amount=amount, count=count, frequency=said.frequency, first_date=first, lump_sum=lump
    )


def evaluate(turn: TurnContext) -> str:
    """``evaluate_counter``: accept what is inside policy, else counter and say why."""
    assert turn.account is not None
    acc = turn.account
    policy = policy_of(turn)
    said = turn.said
    if said is not None and said.amounts:
        proposal = said.proposal
        if _settling(turn, said):  # "what about 2000?" after a settlement counter-offer
            proposal = replace(proposal, settle=True)
        if proposal.settle or proposal.split:
            outcome = proposed(turn, policy, Decimal(str(said.amounts[0].value)), proposal)
            if outcome is not None:
                return outcome
    req = counter_request(turn)
    hardship = bool(turn.data.get("hardship"))
    current = turn.pending_plan()
    result = evaluate_counter(
        acc.owed, acc.currency, policy, turn.today, req, hardship=hardship, current=current
    )
    turn.log(
        "counter",
        {
            "request": _request_json(req),
            "accepted": result.accepted is not None,
            "reasons": list(result.reasons),
        },
    )
    if hardship and result.accepted is None and _BEYOND_HARDSHIP & set(result.reasons):
        # Smaller or longer than even the hardship terms allow: a person decides.
        reason = explain_reasons(turn, result.reasons, policy, hardship)
        turn.say("hardship_beyond_policy", reason=reason)
        _escalate_hardship(turn)
        return "exhausted"
    if result.accepted is not None:
        shown = turn.data.get("offers", [])
        (offer_id,) = store_offers(turn, [result.accepted], made_by="debtor")
        _pend(turn, offer_id, result.accepted)
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
    reason = explain_reasons(turn, result.reasons, policy, hardship)
    _say_counter(turn, result.reasons, reason, result.counter)
    return "counter"


def _settling(turn: TurnContext, said: Said) -> bool:
    """Whether a bare sum answers a settlement counter-offer ("那四萬呢", "what about 2000?").

    Right after "the least I can accept to settle is …", a sum below the balance with
    no number of payments, frequency or date is a new settlement offer, not a first
    payment of the whole balance.
    """
    offers = turn.data.get("offers", [])
    if not (turn.data.get("countered") and offers) or turn.account is None:
        return False
    if Plan.from_json(offers[0][1]).kind != "settlement" or len(said.amounts) != 1:
        return False
    if said.count or said.frequency or said.dates or said.proposal.split:
        return False
    return Decimal(str(said.amounts[0].value)) < turn.account.owed


def proposed(turn: TurnContext, policy: Policy, amount: Decimal, proposal: Any) -> str | None:
    """A settlement or a two-payment split, as the debtor put it; None: an ordinary request.

    Accepted as asked when the policy allows (a settlement below the approval line goes
    to a person with the offer on record); otherwise the best the policy allows is the
    first of the choices, with the reasons.
    """
    assert turn.account is not None
    acc = turn.account
    hardship = bool(turn.data.get("hardship"))
    if proposal.split is not None:
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
            "kind": "split" if proposal.split is not None else "settlement",
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
            # Kept for the colleague who approves or declines it (bot.dialog.approval).
            turn.data["settlement_awaiting"] = [offer_id, answer.plan.to_json()]
            turn.say("settlement_approval", amount=turn.money(answer.plan.total))
            from bot.dialog.guardrails import escalate

            turn.data["offers"] = []
            escalate(turn, Reason.SETTLEMENT_APPROVAL, NORMAL)
            return "exhausted"
        _pend(turn, offer_id, answer.plan)
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
        _say_counter(turn, answer.reasons, reason, answer.plan)
    return "counter"


def _say_counter(turn: TurnContext, reasons: tuple[str, ...], reason: str, plan: Plan) -> None:
    """ "I can't agree to that: …, the closest plan is …"; an offer of more than is owed
    is not refused as if it were too little ("you owe … in all, no need to pay more")."""
    key = "counter_exceeds_balance" if reasons == ("exceeds_balance",) else "counter_declined"
    turn.say(key, reason=reason, plan=turn.plan_label(plan))


def distinct_plans(plans: list[Plan]) -> list[Plan]:
    """``plans`` without near-duplicates: one plan per number of payments and frequency.

    The first of each kind is kept (the counter-offer comes first), so "6 monthly
    payments of $460.00" is not shown next to "6 monthly payments of $457.62".
    """
    seen: dict[tuple[int, str | None, str], Plan] = {}
    for plan in plans:
        kind = "settlement" if plan.kind == "settlement" else ""
        seen.setdefault((plan.count, plan.frequency if plan.count > 1 else None, kind), plan)
    return list(seen.values())


def explain_reasons(
    turn: TurnContext, reasons: tuple[str, ...], policy: Policy, hardship: bool
) -> str:
    """The reasons a request was declined, in the debtor's words."""
    assert turn.account is not None
    acc = turn.account
    minimum = policy.minimum(acc.currency, hardship=hardship)
    floor = settlement_floor(acc.owed, acc.currency, policy) if acc.owed > 0 else None
    prompts = turn.script.prompts
    keys = [
        key if key in prompts else (OPTIONAL_PROMPTS.get(key, (None, None))[1] or key)
        for key in (f"reason_{code}" for code in reasons)
    ]
    parts = [
        turn.text(
            key,
            minimum=turn.money(minimum),
            months=policy.months(hardship=hardship),
            days=policy.first_payment_within_days,
            latest=turn.day(policy.single_payment_latest(turn.today)),
            floor="" if floor is None else turn.money(floor),
            percent=_percent(policy.settlement_min_percent),
            settle_days=policy.settlement_within_days,
        )
        for key in keys
        if key in prompts
    ]
    separator = "；" if turn.locale.startswith("zh") else "; "
    return separator.join(dict.fromkeys(parts)) or turn.text("reason_other")


def _percent(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return text


def _request_json(req: CounterRequest) -> dict[str, Any]:
    return {
        "amount": None if req.amount is None else str(req.amount),
        "count": req.count,
        "frequency": req.frequency,
        "first_date": None if req.first_date is None else req.first_date.isoformat(),
        "lump_sum": req.lump_sum,
    }


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


def _escalate_hardship(turn: TurnContext) -> None:
    from bot.dialog.guardrails import escalate

    turn.data.pop("escalation_reason", None)
    turn.data.pop("pending_plan", None)
    turn.data.pop("pending_offer_id", None)
    escalate(turn, Reason.HARDSHIP, NORMAL)


def _change_plan(turn: TurnContext) -> str:
    """``change_plan``: new offers will replace the active plan once one is confirmed."""
    acc = turn.account
    agreement = plan_values.active_agreement(turn) if acc is not None else None
    if agreement is not None:
        turn.data["superseding"] = agreement.id
        turn.log("change_plan", {"agreement_id": agreement.id})
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
    "change_plan": _change_plan,
    "plan_status": _plan_status,
}


GUARDS: dict[str, Callable[[Any], bool]] = {
    "verified": lambda t: bool(t.verified),
    "has_offers": lambda t: bool(t.data.get("offers")),
    "has_pending_plan": lambda t: bool(t.data.get("pending_plan")),
    "rounds_left": lambda t: int(t.data.get("rounds", 0)) < policy_of(t).max_negotiation_rounds,
}
