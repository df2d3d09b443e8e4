"""What agents do in the console, independent of HTTP: queue, claim, access, reply, notes.

Rules:
    * The queue holds open escalations (anyone may claim them) and those claimed
      by the viewer; admins also see everyone's claimed ones.
    * Claiming is a conditional ``UPDATE ... WHERE status = 'open'``: of two
      agents claiming at once, exactly one changes a row and wins.
    * An agent may open a conversation whose current escalation is open or is
      theirs; admins may open any conversation.
    * Replying, notes, plans, hand-back and close need the claim.
    * Every action writes an :class:`~bot.store.models.AuditEntry`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session

from bot import escalations
from bot.compliance.outbound import active_opt_out
from bot.compliance.phrases import find_banned
from bot.config import ComplianceSettings
from bot.escalations import Reason
from bot.outbox import enqueue
from bot.store.db import Database
from bot.store.models import (
    Account,
    AuditEntry,
    Conversation,
    Escalation,
    Event,
    Message,
    User,
)
from bot.web.console.auth import Principal

OPEN, CLAIMED, CLOSED = "open", "claimed", "closed"
MAX_REPLY_LENGTH = 4000
# An agent reply after the debtor has been silent this long is a message nobody
# is waiting for: compliance rules for initiated contact apply to it.
INITIATED_AFTER = timedelta(hours=24)


def N_(message: str) -> str:
    """Mark ``message`` for translation (Babel extracts ``N_``); pages translate it."""
    return message


PRIORITY_LABELS = {0: N_("urgent"), 1: N_("high"), 2: N_("normal")}
REASON_LABELS: dict[str, str] = {
    Reason.HUMAN_REQUESTED: N_("Asked for a person"),
    Reason.DISTRESS: N_("Distress or self-harm words"),
    Reason.DISPUTE: N_("Disputes the debt"),
    Reason.HARDSHIP: N_("Needs more hardship help than policy allows"),
    Reason.VERIFICATION_LOCKED: N_("Locked out of verification"),
    Reason.NEGOTIATION_STALLED: N_("Negotiation stalled past the maximum rounds"),
    Reason.NOT_UNDERSTOOD: N_("Not understood 3 times in a row"),
    Reason.ABUSE: N_("Abusive messages"),
    Reason.ALREADY_PAID: N_("Says the debt is already paid"),
    Reason.WRONG_PERSON: N_("Says they are the wrong person"),
    Reason.SCRIPT: N_("Handed over by the dialog script"),
    Reason.DATA_REQUEST: N_("Asks to see or delete their personal data"),
    Reason.BROKEN_PROMISE: N_("Missed two payments in a row"),
}
# Stored words the pages show translated (``_(value)`` in the templates).
DISPLAY_WORDS = (
    # who wrote, conversation modes, channels
    N_("bot"), N_("agent"), N_("debtor"), N_("closed"), N_("web"), N_("telegram"), N_("wechat"),
    # delivery of a message
    N_("pending"), N_("sending"), N_("sent"), N_("delivered"), N_("failed"), N_("held"),
    N_("undeliverable"),
    # escalations, offers, agreements, accounts
    N_("open"), N_("claimed"), N_("proposed"), N_("accepted"), N_("declined"), N_("active"),
    N_("disputed"), N_("full"), N_("instalments"), N_("hardship"), N_("custom"),
    N_("weekly"), N_("biweekly"), N_("monthly"),
)  # fmt: skip


class ConsoleError(Exception):
    """An action the user may not take; ``status`` is the HTTP status to answer."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def reason_label(reason: str) -> str:
    """Why a conversation is in the queue, in words."""
    return REASON_LABELS.get(reason, reason.replace("_", " ").capitalize())


@dataclass(frozen=True, slots=True)
class QueueItem:
    """One row of the queue."""

    escalation_id: int
    conversation_id: int
    reason: str
    reason_label: str
    priority: int
    priority_label: str
    status: str
    claimed_by: str | None
    mine: bool
    platform: str
    account_ref: str | None
    waiting_since: datetime
    last_message: str


def audit(
    session: Session,
    principal: Principal | str,
    action: str,
    now: datetime,
    *,
    conversation: Conversation | None = None,
    **details: Any,
) -> None:
    """Append an audit entry for ``action`` by ``principal``."""
    actor = principal if isinstance(principal, str) else principal.name
    session.add(
        AuditEntry(
            actor=actor,
            action=action,
            account_id=conversation.account_id if conversation else None,
            conversation_id=conversation.id if conversation else None,
            details=details,
            created_at=now,
        )
    )


def queue(session: Session, principal: Principal) -> list[QueueItem]:
    """The queue as ``principal`` sees it: priority first, then longest waiting."""
    q = (
        select(Escalation, Conversation, Account.account_ref, User.name)
        .join(Conversation, Conversation.id == Escalation.conversation_id)
        .outerjoin(Account, Account.id == Conversation.account_id)
        .outerjoin(User, User.id == Escalation.claimed_by)
        .where(Escalation.status.in_([OPEN, CLAIMED]))
        .order_by(Escalation.priority, Escalation.created_at, Escalation.id)
    )
    if not principal.is_admin:
        q = q.where(
            (Escalation.status == OPEN)
            | ((Escalation.status == CLAIMED) & (Escalation.claimed_by == principal.user_id))
        )
    items = []
    for esc, conv, ref, claimer in session.execute(q).all():
        last = session.scalar(
            select(Message.text)
            .where(Message.conversation_id == conv.id, Message.direction == "in")
            .order_by(Message.id.desc())
            .limit(1)
        )
        items.append(
            QueueItem(
                escalation_id=esc.id,
                conversation_id=conv.id,
                reason=esc.reason,
                reason_label=reason_label(esc.reason),
                priority=esc.priority,
                priority_label=PRIORITY_LABELS.get(esc.priority, str(esc.priority)),
                status=esc.status,
                claimed_by=claimer,
                mine=esc.claimed_by == principal.user_id,
                platform=conv.platform,
                account_ref=ref,
                waiting_since=esc.created_at,
                last_message=(last or "")[:160],
            )
        )
    return items


def current_escalation(session: Session, conversation_id: int) -> Escalation | None:
    """The newest escalation of a conversation (open, claimed or closed), if any."""
    return session.scalar(
        select(Escalation)
        .where(Escalation.conversation_id == conversation_id)
        .order_by(Escalation.id.desc())
        .limit(1)
    )


def can_view(principal: Principal, escalation: Escalation | None) -> bool:
    """Whether ``principal`` may open a conversation whose newest escalation is this."""
    if principal.is_admin:
        return True
    if escalation is None:
        return False
    if escalation.status == OPEN:
        return True
    return escalation.claimed_by == principal.user_id


def open_conversation(
    session: Session, principal: Principal, conversation_id: int
) -> tuple[Conversation, Escalation | None]:
    """The conversation and its newest escalation, if ``principal`` may see them.

    Raises:
        ConsoleError: 404 if there is no such conversation, 403 if it is not theirs.
    """
    conv = session.get(Conversation, conversation_id)
    if conv is None:
        raise ConsoleError("No such conversation.", 404)
    esc = current_escalation(session, conversation_id)
    if not can_view(principal, esc):
        raise ConsoleError("This conversation is assigned to another agent.", 403)
    return conv, esc


def require_claim(
    session: Session, principal: Principal, conversation_id: int, *, lock: bool = False
) -> tuple[Conversation, Escalation]:
    """The conversation and escalation ``principal`` has claimed, or ConsoleError."""
    conv, esc = open_conversation(session, principal, conversation_id)
    if lock:
        locked = session.scalar(
            select(Conversation).where(Conversation.id == conv.id).with_for_update()
        )
        assert locked is not None
        conv = locked
    if esc is None or esc.status != CLAIMED or esc.claimed_by != principal.user_id:
        raise ConsoleError("Claim this conversation first.", 409)
    return conv, esc


@dataclass(frozen=True, slots=True)
class ClaimResult:
    """The outcome of a claim: who holds the conversation now."""

    won: bool
    conversation_id: int
    claimed_by: str | None


def claim(db: Database, principal: Principal, escalation_id: int, now: datetime) -> ClaimResult:
    """Claim an open escalation; exactly one of several simultaneous claimers wins.

    Raises:
        ConsoleError: 404 if there is no such escalation.
    """
    with db.session() as s:
        result = cast(
            CursorResult[Any],
            s.execute(
                update(Escalation)
                .where(Escalation.id == escalation_id, Escalation.status == OPEN)
                .values(status=CLAIMED, claimed_by=principal.user_id, claimed_at=now)
                .execution_options(synchronize_session=False)
            ),
        )
        won = result.rowcount == 1
        esc = s.get(Escalation, escalation_id)
        if esc is None:
            raise ConsoleError("No such escalation.", 404)
        s.refresh(esc)
        conv = s.get(Conversation, esc.conversation_id)
        holder = s.get(User, esc.claimed_by) if esc.claimed_by else None
        if won:
            audit(s, principal, "claim", now, conversation=conv, escalation_id=esc.id)
        return ClaimResult(won, esc.conversation_id, holder.name if holder else None)


def release(db: Database, principal: Principal, conversation_id: int, now: datetime) -> None:
    """Put a claimed conversation back in the queue for another agent."""
    with db.session() as s:
        conv, esc = require_claim(s, principal, conversation_id)
        esc.status, esc.claimed_by, esc.claimed_at = OPEN, None, None
        audit(s, principal, "release", now, conversation=conv, escalation_id=esc.id)


def reply(
    db: Database,
    principal: Principal,
    conversation_id: int,
    text: str,
    now: datetime,
    compliance: ComplianceSettings | None = None,
) -> int:
    """Send ``text`` to the debtor on their platform through the outbox.

    A reply with threatening or harassing wording (the banned-phrase list plus
    ``[compliance] extra_banned_phrases``) is held: nothing is sent, the agent is
    told which words to change, and the hold is audited.

    Returns:
        The id of the stored message.

    Raises:
        ConsoleError: the text is empty, too long or held for its tone, the
            debtor has opted out (STOP) on this channel, or the claim is missing.
    """
    compliance = compliance or ComplianceSettings()
    text = text.strip()
    if not text:
        raise ConsoleError("Write a reply first.")
    if len(text) > MAX_REPLY_LENGTH:
        raise ConsoleError(f"A reply can be at most {MAX_REPLY_LENGTH} characters.")
    banned = find_banned(text, compliance.extra_banned_phrases)
    if banned:
        with db.session() as s:
            conv, _esc = require_claim(s, principal, conversation_id)
            audit(s, principal, "reply.held_tone", now, conversation=conv, phrases=banned)
        words = ", ".join(f"“{w}”" for w in banned)
        raise ConsoleError(
            f"Not sent: this reply may read as a threat or harassment ({words}). Please reword it."
        )
    stopped: datetime | None = None
    with db.session() as s:
        # STOP first: it also closes the claim, and the agent must hear why nothing was sent.
        conv, _seen = open_conversation(s, principal, conversation_id)
        stop = active_opt_out(s, conv)
        if stop is None:
            conv, _esc = require_claim(s, principal, conversation_id, lock=True)
            stop = active_opt_out(s, conv)
        if stop is not None:  # the hold is committed before the agent is told
            stopped = stop.created_at
            audit(s, principal, "reply.held_opt_out", now, conversation=conv)
        else:
            initiated = conv.last_inbound_at is None or now - conv.last_inbound_at > INITIATED_AFTER
            msg, _item = enqueue(
                s,
                conv,
                text,
                now=now,
                sender="agent",
                author_user_id=principal.user_id,
                initiated=initiated,
                compliance=compliance,
            )
            audit(s, principal, "reply", now, conversation=conv, message_id=msg.id)
            message_id = msg.id
    if stopped is not None:
        raise ConsoleError(
            "Not sent: the debtor asked us to stop messaging them here "
            f"({stopped:%Y-%m-%d}). Close the conversation when you are done.",
            409,
        )
    return message_id


def add_note(
    db: Database, principal: Principal, conversation_id: int, text: str, now: datetime
) -> None:
    """Add an internal note (never shown to the debtor), stored as an Event row."""
    text = text.strip()
    if not text:
        raise ConsoleError("Write a note first.")
    with db.session() as s:
        conv, _ = open_conversation(s, principal, conversation_id)
        s.add(
            Event(
                conversation_id=conv.id,
                account_id=conv.account_id,
                kind="note",
                data={"text": text[:MAX_REPLY_LENGTH], "user_id": principal.user_id},
                actor=principal.name,
                created_at=now,
            )
        )
        audit(s, principal, "note", now, conversation=conv)


def refuse_if_opted_out(session: Session, conv: Conversation) -> None:
    """Raise :class:`ConsoleError` (409) when the debtor said STOP on this channel."""
    stop = active_opt_out(session, conv)
    if stop is not None:
        raise ConsoleError(
            "Not sent: the debtor asked us to stop messaging them here "
            f"({stop.created_at:%Y-%m-%d}). Close the conversation when you are done.",
            409,
        )


def close_escalation(s: Session, esc: Escalation, now: datetime) -> None:
    """Mark an escalation closed (idempotent)."""
    escalations.close(esc, now)
