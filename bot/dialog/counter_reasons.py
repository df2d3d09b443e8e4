"""Why a request was declined, in the debtor's words: the least per payment, the longest
term, the latest first day, the settlement floor, the frequencies allowed (the script's
``reason_<code>`` prompts, filled with the policy's figures)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from bot.dialog.offering import policy_of
from bot.dialog.plan_values import active_agreement
from bot.dialog.turn import TurnContext
from bot.negotiation.offers import (
    latest_first_date,
    settlement_approval_line,
    settlement_floor,
)
from bot.negotiation.policy import Policy
from bot.negotiation.schedule import Plan
from bot.scripts.vocabulary import OPTIONAL_PROMPTS
from bot.store.models import Offer


def N_(message: str) -> str:
    """Mark ``message`` for translation (it is translated when said)."""
    return message


# How often payments may fall due, in the debtor's words (``{frequencies}``).
_FREQUENCY_WORDS = {
    "weekly": N_("weekly"),
    "biweekly": N_("every two weeks"),
    "monthly": N_("monthly"),
}


def _regular_amount(plan: Plan) -> Decimal:
    """The amount of a plan's regular payments: its first, unless a first payment of its
    own leads them ("$500.00 now, then monthly payments of $228.82")."""
    amounts = [i.amount for i in plan.instalments]
    if len(amounts) > 2 and amounts[0] != amounts[1]:
        return amounts[1]
    return amounts[0]


def explain_reasons(
    turn: TurnContext,
    reasons: tuple[str, ...],
    policy: Policy,
    hardship: bool,
    *,
    smallest: Plan | None = None,
) -> str:
    """The reasons a request was declined, in the debtor's words (``smallest``: the plan
    countered, the one with the smallest payments allowed for ``below_smallest``)."""
    assert turn.account is not None
    acc = turn.account
    minimum = policy.minimum(acc.currency, hardship=hardship)
    floor = settlement_floor(acc.owed, acc.currency, policy) if acc.owed > 0 else None
    line = settlement_approval_line(acc.owed, acc.currency, policy) if acc.owed > 0 else None
    prompts = turn.script.prompts
    # Between the floor and the approval line a colleague decides: the least is not said
    # to be what the bot accepts (it would then wait for approval all the same).
    approved = floor is not None and line is not None and line > floor
    # A monthly plan asked to start too late keeps the day of the month asked, so it starts
    # before the latest day allowed: said, not left to contradict the plan below it.
    latest = latest_first_date(policy, turn.today)
    kept = smallest is not None and smallest.count > 1 and smallest.first_date < latest
    codes = [
        f"{code}_approval"
        if code == "below_settlement_floor" and approved
        else f"{code}_kept_day"
        if code == "start_too_late" and kept
        else code
        for code in reasons
    ]
    keys = [
        key if key in prompts else (OPTIONAL_PROMPTS.get(key, (None, None))[1] or key)
        for key in (f"reason_{code}" for code in codes)
    ]
    parts = [
        turn.text(
            key,
            minimum=turn.money(minimum),
            months=policy.months(hardship=hardship),
            days=policy.first_payment_within_days,
            latest=turn.day(policy.single_payment_latest(turn.today)),
            latest_start=turn.day(latest),
            first="" if smallest is None else turn.day(smallest.first_date),
            smallest="" if smallest is None else turn.money(_regular_amount(smallest)),
            floor="" if floor is None else turn.money(floor),
            approval="" if line is None else turn.money(line),
            percent=_percent(policy.settlement_min_percent),
            settle_days=policy.settlement_within_days,
            frequencies=_frequencies(turn, policy),
        )
        for key in keys
        if key in prompts
    ]
    separator = "；" if turn.locale.startswith("zh") else "; "
    return separator.join(dict.fromkeys(parts)) or turn.text("reason_other")


def _frequencies(turn: TurnContext, policy: Policy) -> str:
    """The frequencies the policy allows, in words: "every two weeks or monthly", "每两周或每月"."""
    words = [
        turn.engine.catalogs.gettext(turn.locale, _FREQUENCY_WORDS[f])
        for f in policy.frequencies
        if f in _FREQUENCY_WORDS
    ]
    zh = turn.locale.startswith("zh")
    if len(words) < 2:
        return "".join(words)
    last = ("或" if zh else " or ") + words[-1]
    return ("、" if zh else ", ").join(words[:-1]) + last


def _percent(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return text


# A payment in full moved past the discount's last day (optional: else said as before).
DISCOUNT_LOST = "discount_lost"


def discount_lost(turn: TurnContext, before: Plan | None, plan: Plan) -> None:
    """Says that the discount is gone when a payment in full (``plan``, without one) replaces
    a discounted one (``before``: the plan at the confirmation, else the one agreed): "can I
    push it to the 28th?" asked $137.29 more without a word."""
    if DISCOUNT_LOST not in turn.script.prompts or plan.count != 1 or plan.discount > 0:
        return
    saved = before.discount if before is not None and before.count == 1 else Decimal(0)
    settled = before is not None and before.kind == "settlement"
    if before is None and turn.account is not None:
        agreed = active_agreement(turn)
        if agreed is not None and len(agreed.instalments) == 1:
            saved = agreed.discount
            offer = turn.session.get(Offer, agreed.offer_id)
            settled = offer is not None and offer.kind == "settlement"
    if saved <= 0:
        return
    policy = policy_of(turn)  # a settlement's window, or paying everything early
    days = policy.settlement_within_days if settled else policy.pay_in_full_within_days
    until = turn.today + timedelta(days=days)
    turn.say(
        DISCOUNT_LOST,
        discount=turn.money(saved),
        until=turn.day(until),
        date=turn.day(plan.first_date),
        total=turn.money(plan.total),
    )
