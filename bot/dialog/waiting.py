"""While a person has the chat: never a dead end.

Each debtor message is acknowledged (at most once per ``dialog.agent_ack_minutes``,
and not while a colleague is answering) with when a colleague will answer, and so is
the wait asked about ("when will someone answer?", 怎么没人回) at any time; in between, a
message with something in it (a question, a payment made, papers asked for) is noted for
the colleague in a line, and only a nudge ("hello?", "ok", 在吗) waits quietly. A question
the script's faq answers as plain facts ("will I go to jail?", 会影响征信吗) is answered at
once, before that line. A debtor
who asks for the bot back, or takes up an offer, carries on with the bot unless the
hand-over was for distress or a dispute: those stay with a person until one closes
them, in this conversation and in any later one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import func, select

from bot.dialog import faq, guardrails
from bot.dialog.asked import bare_sum
from bot.dialog.proposals import awaiting
from bot.dialog.turn import Said, TurnContext
from bot.escalations import Reason
from bot.store.models import Escalation, Message, Offer
from bot.understanding.handback import wants_bot_back
from bot.understanding.normalize import HAN

_LATIN_WORD = re.compile(r"[a-z0-9]+", re.IGNORECASE)
# A short question (folded text): a nudge such as "hello?" or 在吗 asks nothing.
_ASKS = re.compile(
    r"\b(?:how|what|whats|when|where|why|who|which|can|could)\b|怎么|怎样|为什么|为何|什么|哪|多少|几号|几点"
)
# The wait itself asked about ("when will someone answer?", "is anyone there?", 有人吗):
# answered with when a colleague will answer, however recently that was said.
_WHEN = re.compile(
    r"\b(?:when|how\s+long|no\s*one|nobody)\b|什么时候|啥时候|多久|多长时间|没人|没有人"
)
_ANYONE_THERE = re.compile(
    r"\b(?:any\s*one|any\s*body|some\s*one|some\s*body)\s+(?:there|here|around|home)\b"
    r"|有人(?:在)?(?:吗|嘛|么|不|没|没有)|有没有人|人呢|人(?:都)?去哪"
)
# Noted for the colleague, to a debtor telling of hard times (optional: else agent_noted).
HARD_TIMES = "agent_noted_hard_times"
# What taking up an offer looks like.
_ACCEPTS = frozenset({"choose", "pay_in_full", "instalments", "counter_offer"})


def open_reasons(turn: TurnContext) -> set[str]:
    """Reasons of this conversation's open or claimed escalations (data requests aside)."""
    rows = turn.session.scalars(
        select(Escalation.reason).where(
            Escalation.conversation_id == turn.conv.id,
            Escalation.status != guardrails.CLOSED,
        )
    )
    return set(rows) - {Reason.DATA_REQUEST}


def mark_acknowledged(turn: TurnContext) -> None:
    """The debtor was just told when a colleague will answer."""
    turn.data["acked_at"] = turn.now.isoformat()


class FlowSteps(NamedTuple):
    """The dialog steps the bot resumes with (given by the flow, which imports this)."""

    enter: Callable[[TurnContext, str], None]
    ask: Callable[[TurnContext], None]
    scripted: Callable[[TurnContext, Said], None]


def with_agent(turn: TurnContext, said: Said, steps: FlowSteps) -> None:
    """A debtor message while a person has the chat, after the engine's own paths."""
    if turn.replies:
        return
    reasons = open_reasons(turn)
    waiting = _settlement_waiting(turn, said) if Reason.SETTLEMENT_APPROVAL in reasons else None
    if waiting is not None:
        # "fine, 2000 then" while 2000 waits for approval: it is with a colleague already.
        turn.say("settlement_still_waiting", amount=turn.money(waiting),
                 agent_eta=guardrails.agent_eta(turn))  # fmt: skip
        mark_acknowledged(turn)
        return
    if reasons and not reasons & guardrails.HELD_BY_PERSON and _wants_bot(turn, said):
        _back_to_bot(turn, said, reasons, steps)
        return
    if _agent_answering(turn):
        return  # a colleague is talking with the debtor: the bot keeps out of it
    answered = faq.while_waiting(turn, said)  # "will I go to jail?": the facts at once
    if _ack_due(turn) or _asks_the_wait(said):
        if Reason.DISTRESS in reasons:  # where help is, each time: not only who will answer
            turn.say("case_open", hotline=guardrails.hotline(turn))
        else:
            turn.say("agent_waiting", agent_eta=guardrails.agent_eta(turn))
        mark_acknowledged(turn)
    elif said.circumstances or said.intent == "hardship":
        # "我爸上个月走了": a kind word, not only "noted"
        turn.say(HARD_TIMES if HARD_TIMES in turn.script.prompts else "agent_noted")
    elif answered or not _nudge(said):
        turn.say("agent_noted")


def _settlement_waiting(turn: TurnContext, said: Said) -> Decimal | None:
    """The amount of the settlement offer waiting for approval, when ``said`` offers it again."""
    held = awaiting(turn.data)
    if held is None:
        return None
    total = held[1].total
    return total if bare_sum(said) == total else None


def _raised_settlement(turn: TurnContext, said: Said) -> bool:
    """One sum below the balance and nothing else: a settlement figure."""
    amount = bare_sum(said)
    return amount is not None and turn.account is not None and amount < turn.account.owed


def _asks_the_wait(said: Said) -> bool:
    """Whether the debtor asks when the colleague will answer (a person asked for again,
    with when: "when will someone reply?", 什么时候有人回复我) or whether anyone is there."""
    text = said.folded or said.text
    return (said.intent == "human" and _WHEN.search(text) is not None) or bool(
        _ANYONE_THERE.search(text)
    )


def _nudge(said: Said) -> bool:
    """A message with nothing for the colleague in it: two words, or four characters, and
    neither a question ("怎么还款", "how to pay?") nor a request for a person (找真人)."""
    text = (said.folded or said.text).strip()
    if (said.intent == "human" and not wants_bot_back(said.text)) or _ASKS.search(text):
        return False
    return len(HAN.findall(text)) <= 4 and len(_LATIN_WORD.findall(text)) <= 2


def _wants_bot(turn: TurnContext, said: Said) -> bool:
    if wants_bot_back(said.text):
        return True
    if not turn.verified:
        return False
    if said.intent in _ACCEPTS:
        return True
    return said.intent == "yes" and bool(turn.data.get("pending_plan"))


def _ack_due(turn: TurnContext) -> bool:
    last = turn.data.get("acked_at")
    return not last or turn.now - datetime.fromisoformat(str(last)) >= _pause(turn)


def _pause(turn: TurnContext) -> timedelta:
    return timedelta(minutes=turn.engine.settings.dialog.agent_ack_minutes)


def _agent_answering(turn: TurnContext) -> bool:
    """Whether a colleague wrote in the chat, or proposed a plan in it, within the last
    ``agent_ack_minutes``."""
    conv_id = turn.conv.id
    wrote = turn.session.scalar(
        select(func.max(Message.created_at)).where(
            Message.conversation_id == conv_id, Message.sender == "agent"
        )
    )
    proposed = turn.session.scalar(
        select(func.max(Offer.created_at)).where(
            Offer.conversation_id == conv_id, Offer.made_by.startswith("agent:")
        )
    )
    latest = max((t for t in (wrote, proposed) if t is not None), default=None)
    return latest is not None and turn.now - latest < _pause(turn)


def _back_to_bot(turn: TurnContext, said: Said, reasons: set[str], steps: FlowSteps) -> None:
    guardrails.close_escalations(
        turn, "debtor carried on with the bot", keep=(Reason.DATA_REQUEST,)
    )
    # Another settlement figure while one waited for approval: weighed like any offer (the
    # new one may need approval in its turn); the one that waited is no longer asked for.
    settling = turn.data.pop("settlement_awaiting", None) is not None
    turn.conv.mode = "bot"
    turn.data.pop("acked_at", None)
    turn.data["not_understood"] = 0
    turn.log("back_to_bot", {"reasons": sorted(reasons)})
    if not turn.verified:
        turn.say("bot_back")
        steps.enter(turn, _state_with_action(turn, "verify_identity"))
        return
    if settling and said.amounts and said.intent in _ACCEPTS and turn.state.choices == "offers":
        if _raised_settlement(turn, said):  # "what about 40,000?": the settlement raised
            said.proposal = replace(said.proposal, settle=True)
        steps.scripted(turn, said)
        return
    if turn.state.final or (turn.state.choices == "offers" and not turn.data.get("offers")):
        turn.say("bot_back")
        steps.enter(turn, _state_entering(turn, "make_offers"))
        return
    if said.intent in _ACCEPTS or said.intent == "yes":
        steps.scripted(turn, said)
        return
    turn.say("bot_back")
    steps.ask(turn)


def _state_with_action(turn: TurnContext, action: str) -> str:
    for name, st in turn.script.states.items():
        if any(rule.action == action for rule in st.on.values()):
            return name
    return turn.script.initial


def _state_entering(turn: TurnContext, action: str) -> str:
    for name, st in turn.script.states.items():
        if st.enter == action:
            return name
    return _state_with_action(turn, "accept_offer")
