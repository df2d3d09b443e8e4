"""The plans a debtor chooses from: the standard ones, smaller ones in hard times, and
those that start after a breathing space.

The plans come from :mod:`bot.negotiation`; each set shown is stored as
:class:`~bot.store.models.Offer` rows of the conversation and becomes the current
choices (``offers`` in the conversation's context).
"""

from __future__ import annotations

from datetime import date, timedelta

from bot.dialog import plan_values
from bot.dialog.turn import TurnContext
from bot.escalations import Reason
from bot.negotiation import settlement
from bot.negotiation.offers import hardship_offers, standard_offers
from bot.negotiation.policy import Policy
from bot.negotiation.schedule import Plan
from bot.scripts.vocabulary import NORMAL
from bot.store import agreements, circumstances

_POLICIES: dict[str, Policy] = {}
# Said when a plan in force is to be changed (optional).
CHANGE_PLAN_KEPT = "change_plan_kept"
# Said before the smaller plans to a debtor who told of a death (optional: else hardship_intro).
HARDSHIP_BEREAVED = "hardship_intro_bereaved"
# Said before a pause to a debtor who told of a death (optional: else nothing).
CONDOLENCES = "condolences"


def needs_approval(turn: TurnContext, plan: Plan) -> bool:
    """Whether ``plan`` settles for less than the script's policy lets the bot accept alone."""
    return settlement.needs_approval(plan, policy_of(turn))


def ask_approval(turn: TurnContext, offer_id: int, plan: Plan) -> None:
    """A settlement below the approval line: kept for the colleague who approves or
    declines it (:mod:`bot.dialog.approval`), the debtor told so, a person asked."""
    from bot.dialog.guardrails import escalate

    turn.data["settlement_awaiting"] = [offer_id, plan.to_json()]
    turn.say("settlement_approval", amount=turn.money(plan.total))
    turn.data["offers"] = []
    escalate(turn, Reason.SETTLEMENT_APPROVAL, NORMAL)


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


def pend(turn: TurnContext, offer_id: int, plan: Plan) -> None:
    """Make ``plan`` (offer ``offer_id``) the one the debtor is asked to confirm."""
    turn.data["pending_offer_id"] = offer_id
    turn.data["pending_plan"] = plan.to_json()


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
    change_plan(turn, told=False)  # a debtor with a plan: the plan chosen replaces it
    turn.log("hardship", {"offers": len(plans)})
    if not plans:
        # Even the hardship terms cannot split this balance: a person decides.
        turn.say("hardship_no_plan")
        escalate_hardship(turn)
        return "next"
    said = turn.said
    bereaved = said is not None and "bereavement" in said.circumstances
    turn.say(HARDSHIP_BEREAVED if bereaved and HARDSHIP_BEREAVED in turn.script.prompts
             else "hardship_intro")  # fmt: skip
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
    if (
        said is not None
        and "bereavement" in said.circumstances
        and CONDOLENCES in turn.script.prompts
    ):
        turn.say(CONDOLENCES)  # "my wife passed away … can you give me until June?"
    # a debtor with a plan: the plan chosen after the pause replaces it
    change_plan(turn, told=False)
    if policy.pause_max_days <= 0 or acc.owed <= 0:
        turn.log("pause", {"asked_days": asked, "allowed": False})
        turn.say("pause_needs_person")
        escalate_hardship(turn)
        return "next"
    days = min(asked or policy.pause_max_days, policy.pause_max_days)
    resume = turn.today + timedelta(days=days)
    offered = turn.data.get("pause_resumes")
    if asked is None and isinstance(offered, str) and date.fromisoformat(offered) > turn.today:
        # "when does the pause end?": the pause already offered, not the longest one
        resume = date.fromisoformat(offered)
        days = (resume - turn.today).days
    plans = hardship_offers(acc.owed, acc.currency, policy, turn.today, first=resume)
    turn.log("pause", {"asked_days": asked, "days": days, "offers": len(plans)})
    if not plans:
        turn.say("pause_needs_person")
        escalate_hardship(turn)
        return "next"
    if asked is not None and asked > policy.pause_max_days:
        turn.say("pause_longest", days=policy.pause_max_days)
    turn.say("pause_offer", end=turn.day(resume - timedelta(days=1)), first_date=turn.day(resume))
    turn.data["pause_resumes"] = resume.isoformat()
    store_offers(turn, plans)
    turn.data.pop("pending_plan", None)
    turn.data.pop("pending_offer_id", None)
    return "next"


def escalate_hardship(turn: TurnContext) -> None:
    """Hand a hardship case the policy cannot meet to a person (nothing left pending)."""
    from bot.dialog.guardrails import escalate

    turn.data.pop("escalation_reason", None)
    turn.data.pop("pending_plan", None)
    turn.data.pop("pending_offer_id", None)
    escalate(turn, Reason.HARDSHIP, NORMAL)


def change_plan(turn: TurnContext, *, told: bool = True) -> str:
    """``change_plan``: new offers will replace the active plan once one is confirmed.

    Asked for (``told``), the debtor hears first that the plan stands until then; the
    smaller plans offered for hard times come with words of their own."""
    acc = turn.account
    agreement = plan_values.active_agreement(turn) if acc is not None else None
    if agreement is not None:
        turn.data["superseding"] = agreement.id
        turn.log("change_plan", {"agreement_id": agreement.id})
        if told and CHANGE_PLAN_KEPT in turn.script.prompts:
            turn.say(CHANGE_PLAN_KEPT)  # the debtor is not left wondering whether it still holds
    return "next"
