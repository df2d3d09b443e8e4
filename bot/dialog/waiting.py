"""While a person has the chat: never a dead end.

Each debtor message is acknowledged (at most once per ``dialog.agent_ack_minutes``,
and not while a colleague is answering) with when a colleague will answer. A debtor
who asks for the bot back, or takes up an offer, carries on with the bot unless the
hand-over was for distress or a dispute: those stay with a person until one closes
them, in this conversation and in any later one.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from bot.dialog import guardrails
from bot.dialog.turn import Said, TurnContext
from bot.store.models import Escalation, Message
from bot.understanding.handback import wants_bot_back

# Hand-overs only a person may end.
HELD_BY_PERSON = frozenset({"distress", "dispute", "already_paid"})
ACKED_AT = "acked_at"
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
    return set(rows) - {guardrails.DATA_REQUEST}


def held_case(turn: TurnContext) -> str | None:
    """An open distress or dispute case on the account, from any conversation."""
    if turn.conv.account_id is None:
        return None
    return turn.session.scalar(
        select(Escalation.reason)
        .where(
            Escalation.account_id == turn.conv.account_id,
            Escalation.status != guardrails.CLOSED,
            Escalation.reason.in_(sorted(HELD_BY_PERSON)),
        )
        .order_by(Escalation.priority)
        .limit(1)
    )


def mark_acknowledged(turn: TurnContext) -> None:
    """The debtor was just told when a colleague will answer."""
    turn.data[ACKED_AT] = turn.now.isoformat()


def with_agent(turn: TurnContext, said: Said) -> None:
    """A debtor message while a person has the chat, after the engine's own paths."""
    if turn.replies:
        return
    reasons = open_reasons(turn)
    if reasons and not reasons & HELD_BY_PERSON and _wants_bot(turn, said):
        _back_to_bot(turn, said, reasons)
        return
    if _ack_due(turn):
        turn.say("agent_waiting", agent_eta=guardrails.agent_eta(turn))
        mark_acknowledged(turn)


def _wants_bot(turn: TurnContext, said: Said) -> bool:
    if wants_bot_back(said.text):
        return True
    if not turn.verified:
        return False
    if said.intent in _ACCEPTS:
        return True
    return said.intent == "yes" and bool(turn.data.get("pending_plan"))


def _ack_due(turn: TurnContext) -> bool:
    pause = timedelta(minutes=turn.engine.app.settings.dialog.agent_ack_minutes)
    last = turn.data.get(ACKED_AT)
    if last and turn.now - datetime.fromisoformat(str(last)) < pause:
        return False
    answered = turn.session.scalar(
        select(func.max(Message.created_at)).where(
            Message.conversation_id == turn.conv.id, Message.sender == "agent"
        )
    )
    return answered is None or turn.now - answered >= pause


def _back_to_bot(turn: TurnContext, said: Said, reasons: set[str]) -> None:
    from bot.dialog import flow

    guardrails.close_escalations(
        turn, "debtor carried on with the bot", keep=(guardrails.DATA_REQUEST,)
    )
    turn.conv.mode = "bot"
    turn.data.pop(ACKED_AT, None)
    turn.data["not_understood"] = 0
    turn.log("back_to_bot", {"reasons": sorted(reasons)})
    if not turn.verified:
        turn.say("bot_back")
        flow.enter(turn, _state_with_action(turn, "verify_identity"), trigger="back_to_bot")
        return
    if turn.state.final or (turn.state.choices == "offers" and not turn.data.get("offers")):
        turn.say("bot_back")
        flow.enter(turn, _state_entering(turn, "make_offers"), trigger="back_to_bot")
        return
    if said.intent in _ACCEPTS or said.intent == "yes":
        flow.scripted(turn, said)
        return
    turn.say("bot_back")
    flow.ask(turn)


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
