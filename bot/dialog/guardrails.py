"""What the engine does in every state, whatever the script says.

Talk to a human, stop/opt-out, dispute, already paid, distress, wrong person,
abuse, help and language switches. A script can only reword these prompts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import timedelta

from sqlalchemy import bindparam, func, select

from bot import escalations
from bot.dialog.context import ConversationContext
from bot.dialog.turn import TurnContext
from bot.escalations import Priority, Reason
from bot.scripts.vocabulary import HIGH, NORMAL, UNVERIFIED_SUFFIX, URGENT
from bot.store import identities, optouts
from bot.store.models import Conversation, Escalation, Message, OptOut
from bot.understanding.third_parties import names_a_lawyer_acting
from bot.understanding.words_safety import DECEASED

CLOSED = "closed"
# Hand-overs only a person may end: the bot never takes the chat back from these.
HELD_BY_PERSON = frozenset({Reason.DISTRESS, Reason.DISPUTE, Reason.ALREADY_PAID})
AGENT = "agent"


_DECEASED = re.compile(DECEASED)


def agent_eta(turn: TurnContext) -> str:
    """When a person will answer: shortly (business hours), else the next opening in the
    debtor's own time zone and city."""
    from bot.dialog.hours import agent_eta as eta

    return eta(turn)


def escalate(
    turn: TurnContext, reason: Reason, priority: Priority = NORMAL, *, notice: bool = True
) -> None:
    """Hand the conversation to an agent: an open escalation, mode ``agent``."""
    escalations.open_escalation(
        turn.session,
        conversation_id=turn.conv.id,
        account_id=turn.conv.account_id,
        reason=reason,
        priority=priority,
        now=turn.now,
    )
    turn.conv.mode = AGENT
    turn.log("escalation", {"reason": reason.value, "priority": int(priority)})
    if notice:
        turn.say("handoff_notice", agent_eta=agent_eta(turn))
        turn.data["acked_at"] = turn.now.isoformat()


def close_escalations(turn: TurnContext, why: str, *, keep: Iterable[Reason] = ()) -> list[int]:
    """Close the conversation's open or claimed escalations, so they leave the queue.

    The event and the audit entry say ``why`` (e.g. "debtor opted out");
    escalations whose reason is in ``keep`` stay open.

    Returns:
        The ids of the escalations closed (none when nothing was open).
    """
    conv = turn.conv
    closed = escalations.close_open(
        turn.session,
        [conv.id],
        turn.now,
        why=why,
        actor=turn.actor,
        keep=keep,
        account_id=conv.account_id,
    )
    ids = [e.id for e in closed]
    if ids:
        turn.log("escalation_closed", {"escalations": ids, "reason": why})
    return ids


def data_request(turn: TurnContext, text: str) -> bool:
    """A data-rights request ("delete my data", "你们有我哪些信息"): audit it and escalate.

    A person answers it (export or erasure needs checks the bot cannot make).
    The debtor is told what happens next unless an agent already has the chat.

    Returns:
        False when ``text`` asks for nothing of the kind.
    """
    from bot.compliance.requests import find_data_request, record_data_request

    kind = find_data_request(text) if text else None
    if kind is None:
        return False
    escalation = record_data_request(turn.session, turn.conv, kind, turn.now)
    turn.log("data_request", {"kind": kind, "escalation_id": escalation.id})
    if turn.conv.mode != AGENT:
        turn.conv.mode = AGENT
        key = "data_erase_notice" if kind == "erase" else "data_export_notice"
        turn.say(key, agent_eta=agent_eta(turn))
        turn.data["acked_at"] = turn.now.isoformat()
    return True


def disputed(turn: TurnContext) -> bool:
    """Whether the conversation's account is under dispute (collection paused)."""
    return turn.account is not None and turn.account.status == "disputed"


def collection_paused(turn: TurnContext) -> bool:
    """After verification: an account under dispute gets no offers, only a person.

    Says that collection is paused (what happens next, how to send proof) and
    hands the conversation to an agent. False when the account is not disputed.
    """
    if not disputed(turn):
        return _distress_case_open(turn)
    turn.log("collection_paused", {"account_status": "disputed"})
    turn.say("collection_paused")
    escalate(turn, Reason.DISPUTE, HIGH, notice=False)
    return True


def held_case(turn: TurnContext) -> str | None:
    """An open distress or dispute case on the account, from any conversation."""
    if turn.conv.account_id is None:
        return None
    return turn.session.scalar(_HELD_CASE, {"account_id": turn.conv.account_id})


_HELD_CASE = (
    select(Escalation.reason)
    .where(
        Escalation.account_id == bindparam("account_id"),
        Escalation.status != CLOSED,
        Escalation.reason.in_(sorted(HELD_BY_PERSON)),
    )
    .order_by(Escalation.priority)
    .limit(1)
)


def _distress_open_here(turn: TurnContext) -> bool:
    """Whether this conversation already has an open distress escalation."""
    return turn.session.scalar(_DISTRESS_HERE, {"conversation_id": turn.conv.id}) is not None


_DISTRESS_HERE = (
    select(Escalation.id)
    .where(
        Escalation.conversation_id == bindparam("conversation_id"),
        Escalation.status != CLOSED,
        Escalation.reason == Reason.DISTRESS,
    )
    .limit(1)
)


def _distress_case_open(turn: TurnContext) -> bool:
    """An open urgent distress case on the account: no plans until a person closes it."""
    if held_case(turn) is None:
        return False
    turn.log("collection_paused", {"open_case": "distress"})
    turn.say("case_open", hotline=hotline(turn))
    escalate(turn, Reason.DISTRESS, URGENT, notice=False)
    return True


def opt_out(turn: TurnContext, source: str) -> None:
    """Record the opt-out, confirm once, and end the conversation."""
    conv = turn.conv
    optouts.add_opt_out(
        turn.session,
        account_id=conv.account_id,
        platform=conv.platform,
        platform_user_id=conv.user_id,
        source=source,
        now=turn.now,
    )
    turn.data["opted_out"] = True
    turn.log("opt_out", {"source": source})
    conv.mode = CLOSED


def opted_out(turn: TurnContext) -> bool:
    """Whether this platform user has an opt-out in force."""
    return _in_force(turn) is not None


def told_wrong_person(turn: TurnContext) -> bool:
    """Whether this platform user's opt-out in force says they are not the debtor."""
    return _in_force(turn) == "wrong_person"


def _in_force(turn: TurnContext) -> str | None:
    """The source of this platform user's latest opt-out in force, if any."""
    conv = turn.conv
    return turn.session.scalar(
        select(OptOut.source)
        .where(
            OptOut.platform == conv.platform,
            OptOut.platform_user_id == conv.user_id,
            OptOut.revoked_at.is_(None),
        )
        .order_by(OptOut.id.desc())
        .limit(1)
    )


def quiet_since_last_reply(turn: TurnContext) -> bool:
    """Whether nothing was sent to this platform user for a session's length
    (``dialog.resume_after_minutes``): a message now starts a new session."""
    conv = turn.conv
    last = turn.session.scalar(
        select(func.max(Message.created_at))
        .join(Conversation, Conversation.id == Message.conversation_id)
        .where(
            Conversation.platform == conv.platform,
            Conversation.user_id == conv.user_id,
            Message.direction == "out",
        )
    )
    pause = timedelta(minutes=turn.engine.settings.dialog.resume_after_minutes)
    return last is None or turn.now - last > pause


def opt_back_in(turn: TurnContext) -> None:
    """A debtor who writes again after opting out has opted back in."""
    conv = turn.conv
    optouts.revoke(turn.session, conv.platform, conv.user_id, turn.now)


def handle(turn: TurnContext, intent: str, *, command: bool = False) -> bool:
    """Handle an engine intent; False when ``intent`` is not one."""
    if intent == "stop":
        opt_out(turn, "command" if command else "typed")
        # Nobody may write to them now: the chat leaves the agents' queue. A
        # data-rights request stays open: the law still wants it answered; so does
        # someone else told of the debt, reported with the stop.
        keep = (Reason.DATA_REQUEST, Reason.OTHERS_TOLD)
        close_escalations(turn, "debtor opted out", keep=keep)
        if not represented(turn):
            turn.say("opt_out_confirmed")
    elif intent == "distress":
        # Said again, the same words would read as a machine's: the follow-up says the
        # debtor is heard, a person knows, and where help is now.
        again = _distress_open_here(turn)
        turn.say("distress_again" if again else "distress_support", hotline=hotline(turn))
        escalate(turn, Reason.DISTRESS, URGENT, notice=False)
    elif intent in ("dispute", "already_paid"):
        if turn.account is not None and turn.conv.account_id is not None:
            turn.account.status = "disputed"
        key = "dispute_notice" if intent == "dispute" else "already_paid_notice"
        # Before verification the notice itself says when a colleague will reply.
        told = not turn.verified and f"{key}{UNVERIFIED_SUFFIX}" in turn.script.prompts
        turn.say(key, agent_eta=agent_eta(turn))
        escalate(turn, Reason(intent), HIGH, notice=not told)
        if told:
            turn.data["acked_at"] = turn.now.isoformat()
    elif intent == "wrong_person":
        conv = turn.conv
        identities.forget(turn.session, conv.platform, conv.user_id)
        # A relative telling us the account holder died hears condolences, not "sorry for
        # the trouble" (the script's optional wrong_person_bereaved).
        bereaved = turn.said is not None and _DECEASED.search(turn.said.folded or "")
        key = "wrong_person_bereaved" if bereaved else "wrong_person_notice"
        turn.say(key if key in turn.script.prompts else "wrong_person_notice")
        conv.account_id = None
        turn.account = None
        turn.data = ConversationContext()
        opt_out(turn, "wrong_person")
    elif intent == "human":
        escalate(turn, Reason.HUMAN_REQUESTED, NORMAL)
    elif intent == "abuse":
        escalate(turn, Reason.ABUSE, NORMAL)
    else:
        return False
    return True


# Every channel a debtor may be reached on: a lawyer acting for them stops them all.
_EVERY_CHANNEL = ("telegram", "wechat", "web", "email", "sms", "terminal")


def represented(turn: TurnContext) -> bool:
    """A verified debtor who stops us because a lawyer acts for them: no channel is used
    for the account any more, and a colleague takes it up with the lawyer (the queue's
    ``represented`` case). The reply says so (the script's optional ``opt_out_represented``).
    """
    conv, said = turn.conv, turn.said
    if conv.account_id is None or not turn.verified or said is None:
        return False
    if not names_a_lawyer_acting(said.folded or ""):
        return False
    for platform in _EVERY_CHANNEL:
        if platform != conv.platform:
            optouts.add_opt_out(
                turn.session, account_id=conv.account_id, platform=platform,
                platform_user_id=conv.user_id, source="represented", now=turn.now,
            )  # fmt: skip
    escalate(turn, Reason.REPRESENTED, HIGH, notice=False)
    conv.mode = CLOSED  # nobody writes to the debtor: the case is the lawyer's
    known = "opt_out_represented" in turn.script.prompts
    turn.say("opt_out_represented" if known else "opt_out_confirmed")
    return True


def hotline(turn: TurnContext) -> str:
    """The crisis line for the debtor's language (the English one, or any, failing that)."""
    lines = turn.engine.settings.compliance.hotline
    return lines.get(turn.locale) or lines.get("en") or next(iter(lines.values()), "")
