"""One payment of an agreed plan moved to another day ("can I pay the next one on the
20th instead?", 下一期能不能改到20号, 這期可以晚幾天嗎), without a new negotiation.

The plan stays: the next payment still to pay moves to the day asked for when that day
is within the policy (from today, before the payment after it, and at most
``first_payment_within_days`` after its own due date), once per plan
(``[collection] moves_per_plan``, shared with "move it to the end"). Asked without a
day, or for one beyond the limit, the debtor hears the latest day allowed and is asked
which day suits them; with no move left, a colleague is asked to help.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from decimal import ROUND_UP

from bot.collection.ledger import open_instalments
from bot.collection.reminder_times import reschedule
from bot.dialog.guardrails import agent_eta, escalate
from bot.dialog.offering import policy_of
from bot.dialog.plan_values import active_agreement, pay_text
from bot.dialog.turn import Said, TurnContext
from bot.escalations import Reason
from bot.money import payment_unit
from bot.scripts.vocabulary import ENGINE_STATES
from bot.store import audit
from bot.store.models import Agreement, Instalment
from bot.understanding.asked_in_fear import promises_to_pay

Step = Callable[[TurnContext], None]
PLAN_STATE = ENGINE_STATES[0]
MOVED, ASK_DAY, NEEDS_PERSON = "payment_moved", "payment_move_ask", "payment_move_needs_person"
PROMISE_NOTED = "payment_promise_noted"
# Part of the next payment promised, the rest later (optional: else read as before).
PART_NOTED = "part_payment_noted"
# The next payment said to be made just now (optional: else a colleague checks it).
PAID_NOTED = "instalment_paid_noted"

# One payment named and moved ("the next one on the 20th", "push this month's back a few
# days", 下一期改到20号, 这期可以晚几天吗), on folded text.
_ONE = (
    r"\b(?:next|this|that|upcoming|coming|first)\s+(?:one|payment|instal+ment|month'?s?(?:\s+payment)?)\b"
    r"|下一期|下期|这期|这一期|本期|这个月的|这次的?还款|下次还款|第一期|首期|第一笔"
)
_MOVE = (
    r"\b(?:move|push|change|shift|delay|postpone|put\s+off|instead|later|late|reschedule)\b"
    r"|改到|改成|改在|推迟|推到|推后|延后|延到|延期|晚|挪到|换到|换成|往后|缓几天|宽限"
)
_ASKS = re.compile(
    rf"(?:{_ONE}).{{0,40}}(?:{_MOVE})|(?:{_MOVE}).{{0,40}}(?:{_ONE})"
    # "can the first payment be on the 20th", 第一期能不能20号再还
    rf"|(?:{_ONE})\s+(?:be|fall|go\s+out|come\s+out)\s+(?:on|in)\b"
    rf"|(?:{_ONE}).{{0,12}}[号日].{{0,4}}[还付交缴]"
)


def asks_to_move_one(folded: str) -> bool:
    """Whether folded ``folded`` asks to move one payment of the plan to another day."""
    return _ASKS.search(folded) is not None


def handle(turn: TurnContext, said: Said, *, ask: Step) -> bool:
    """Move one payment of the plan in place, or ask which day, or hand over.

    Returns:
        False when the message is not about moving one payment (or the script has no
        words for it): the flow goes on as before.
    """
    asked = turn.data.pop("moving_payment", None)
    if turn.conv.state != PLAN_STATE or not turn.verified or turn.account is None:
        return False
    if not all(key in turn.script.prompts for key in (MOVED, ASK_DAY, NEEDS_PERSON)):
        return False
    if said.intent == "counter_offer" and (
        _promised(turn, said, ask) or _part_of_next(turn, said, ask)
    ):
        return True
    if said.intent == "already_paid" and _paid_next(turn, said, ask):
        return True
    if said.intent in _HALF_READINGS and _HALF_OF_ONE.search(said.folded or ""):
        return _part_of_next(turn, said, ask, half=True)
    wanted = asks_to_move_one(said.folded)
    if not (wanted or (asked and len(said.dates) == 1 and not said.amounts)):
        return False
    found = _next_due(turn, lock=True)
    if found is None:
        return False
    agreement, inst = found
    if agreement.moves_used >= turn.engine.settings.collection.moves_per_plan:
        turn.log("payment_move", {"moved": False, "reason": "no_moves_left"})
        turn.say(
            NEEDS_PERSON,
            amount=turn.money(inst.remaining),
            date=turn.day(inst.due_date),
            agent_eta=agent_eta(turn),
        )
        escalate(turn, Reason.HUMAN_REQUESTED, notice=False)
        return True
    latest = _latest(turn, agreement, inst)
    day = said.dates[0] if len(said.dates) == 1 else None
    if day is None or day < turn.today or day > latest or day == inst.due_date:
        turn.data["moving_payment"] = True
        turn.log("payment_move", {"moved": False, "asked": None if day is None else str(day)})
        turn.say(
            ASK_DAY,
            amount=turn.money(inst.remaining),
            date=turn.day(inst.due_date),
            latest=turn.day(latest),
        )
        return True
    _move(turn, agreement, inst, day)
    ask(turn)
    return True


def _next_due(turn: TurnContext, *, lock: bool = False) -> tuple[Agreement, Instalment] | None:
    """The plan in force and its next payment still to pay, if any."""
    agreement = active_agreement(turn, lock=lock)
    due = open_instalments(agreement) if agreement is not None else []
    if agreement is None or not due:
        return None
    return agreement, min(due, key=lambda i: (i.due_date, i.seq))


def _promised(turn: TurnContext, said: Said, ask: Step) -> bool:
    """The next payment promised ("thanks, I'll pay the 915 tonight", 我今晚就把3900还了):
    thanked and told how to pay, the plan kept; no new plan proposed for it.

    Only the amount of the next payment still to pay (rounded as people write it:
    less than one unit off), or no amount and a day promised ("我今晚就把钱还了"), on
    its due day or before; never a different amount."""
    if PROMISE_NOTED not in turn.script.prompts or len(said.amounts) > 1 or len(said.dates) > 1:
        return False
    if not said.amounts and not (said.dates and promises_to_pay(said.folded)):
        return False
    found = _next_due(turn)
    if found is None:
        return False
    _, inst = found
    day = said.dates[0] if said.dates else None
    off = abs(said.amounts[0].value - inst.remaining) if said.amounts else 0
    if off >= 1 or (day and day > inst.due_date):
        return False
    turn.log("payment_promised", {"seq": inst.seq, "day": None if day is None else str(day)})
    turn.say(PROMISE_NOTED, amount=turn.money(inst.remaining), date=turn.day(inst.due_date))
    turn.reply(pay_text(turn))
    ask(turn)
    return True


# Half of the next payment ("i can only pay half of this month's payment", 这期只能先还一半).
_HALF_OF_ONE = re.compile(
    r"\bhalf\s+(?:of\s+)?(?:this|the\s+next|next|my|the|this\s+month'?s?)\s+(?:month'?s?\s+)?"
    r"(?:payment|instal+ment|one|month)\b"
    r"|(?:这期|这一期|本期|这个月|下一期|下期)[^，。,.!?？]{0,6}一半|一半[^，。,.]{0,4}(?:这期|这个月)"
)
_HALF_READINGS = frozenset({"counter_offer", "unknown", "hardship", "instalments", "answer"})


def _part_of_next(turn: TurnContext, said: Said, ask: Step, *, half: bool = False) -> bool:
    """Part of the next payment now, the rest later ("I can only do 500 of this month's now,
    the rest next week", 只能先还三千五 剩下的下个月补上): thanked, the plan kept, and told
    what of the payment is still due when; it was a new plan of the whole balance in two
    payments, one "yes" away."""
    if PART_NOTED not in turn.script.prompts:
        return False
    if not half and (said.proposal.split is None or len(said.amounts) != 1):
        return False
    found = _next_due(turn)
    if found is None:
        return False
    _, inst = found
    unit = payment_unit(turn.account.currency if turn.account is not None else "")
    part = (inst.remaining / 2).quantize(unit, rounding=ROUND_UP) if half else said.amounts[0].value
    if not 0 < part < inst.remaining:
        return False
    turn.log("part_payment_promised", {"seq": inst.seq, "amount": str(part)})
    turn.say(
        PART_NOTED,
        amount=turn.money(part),
        rest=turn.money(inst.remaining - part),
        date=turn.day(inst.due_date),
    )
    ask(turn)
    return True


# A payment said to be made with a complaint beside it ("paid the 915 but you still sent a
# reminder", 还了怎么还在催): a colleague checks it, as before.
_COMPLAINT = re.compile(
    r"\b(?:but|still|again|twice|reminder|charged|missing|not\s+showing)\b"
    r"|还在催|又催|又发|重复|两次|没到账|没显示"
)


def _paid_next(turn: TurnContext, said: Said, ask: Step) -> bool:
    """The next payment of the plan said to be paid just now, by its own sum ("just sent the
    915.25", 我刚转了3900.16): thanked, the plan kept; collection is not paused for a
    colleague to check an instalment paid as agreed (a reminder follows only if it never
    arrives)."""
    if PAID_NOTED not in turn.script.prompts or len(said.amounts) != 1:
        return False
    if _COMPLAINT.search(said.folded):
        return False
    found = _next_due(turn)
    if found is None:
        return False
    _, inst = found
    if abs(said.amounts[0].value - inst.remaining) >= 1:
        return False
    turn.log("payment_said_made", {"seq": inst.seq, "amount": str(said.amounts[0].value)})
    turn.say(PAID_NOTED, amount=turn.money(inst.remaining))
    ask(turn)
    return True


def _latest(turn: TurnContext, agreement: Agreement, inst: Instalment) -> date:
    """The latest day ``inst`` may move to: within the policy's first-payment window of
    its due date, and before the payment after it."""
    latest = inst.due_date + timedelta(days=policy_of(turn).first_payment_within_days)
    later = [i.due_date for i in open_instalments(agreement) if i.due_date > inst.due_date]
    if later:
        latest = min(latest, min(later) - timedelta(days=1))
    return latest


def count_move(turn: TurnContext, agreement: Agreement, inst: Instalment, to: date) -> None:
    """One of the plan's moves used (``moves_per_plan``): payment ``inst`` moved ``to``
    a day, audited as the debtor's."""
    assert turn.account is not None
    agreement.moves_used += 1
    audit.record(
        turn.session,
        actor="debtor",
        action="instalment.moved",
        account_id=turn.account.id,
        conversation_id=turn.conv.id,
        details={"agreement_id": agreement.id, "seq": inst.seq, "to": to.isoformat()},
        now=turn.now,
    )


def _move(turn: TurnContext, agreement: Agreement, inst: Instalment, day: date) -> None:
    acc = turn.account
    assert acc is not None
    old = inst.due_date
    inst.due_date = day
    count_move(turn, agreement, inst, day)
    # Its reminders go with it: no "due today" on the old day, no "missed" before the new one.
    reschedule(turn.session, turn.engine.settings.collection, inst, acc.timezone or "UTC")
    turn.session.flush()
    turn.log("payment_move", {"moved": True, "from": old.isoformat(), "to": day.isoformat()})
    turn.say(MOVED, amount=turn.money(inst.remaining), date=turn.day(day), old_date=turn.day(old))
