"""What agents do in the console, independent of HTTP: queue, claim, access, audit.

Replies to the debtor and internal notes are :mod:`bot.web.console.replies`.

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
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import escalations
from bot.compliance.outbound import active_opt_out
from bot.console import events
from bot.store import audit as audit_rows
from bot.store import escalations as escalation_rows
from bot.store.db import Database
from bot.store.models import (
    Account,
    Conversation,
    Escalation,
    Message,
    User,
)
from bot.web.console.auth import Principal

# re-exported: callers use service.<name>
from bot.web.console.words import (
    DISPLAY_WORDS as DISPLAY_WORDS,
)
from bot.web.console.words import (
    N_ as N_,
)
from bot.web.console.words import (
    NOT_YOURS as NOT_YOURS,
)
from bot.web.console.words import (
    PRIORITY_LABELS as PRIORITY_LABELS,
)
from bot.web.console.words import (
    REASON_LABELS as REASON_LABELS,
)
from bot.web.console.words import (
    STOPPED as STOPPED,
)
from bot.web.console.words import (
    ConsoleError as ConsoleError,
)
from bot.web.console.words import (
    reason_aliases as reason_aliases,
)
from bot.web.console.words import (
    reason_choices as reason_choices,
)
from bot.web.console.words import (
    reason_label as reason_label,
)

OPEN, CLAIMED, CLOSED = "open", "claimed", "closed"


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
    lane: str = "main"


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
    audit_rows.record(
        session,
        actor=actor,
        action=action,
        account_id=conversation.account_id if conversation else None,
        conversation_id=conversation.id if conversation else None,
        details=details,
        now=now,
    )


def queue(session: Session, principal: Principal) -> list[QueueItem]:
    """The queue as ``principal`` sees it: priority first, then longest waiting."""
    q = (
        select(Escalation, Conversation, Account.account_ref, User.name)
        .join(Conversation, Conversation.id == Escalation.conversation_id)
        .outerjoin(Account, Account.id == Conversation.account_id)
        .outerjoin(User, User.id == Escalation.claimed_by)
        .where(Escalation.status.in_([OPEN, CLAIMED]))
        # the unverified lane ("unverified" sorts after "main") waits behind the main one
        .order_by(Escalation.lane, Escalation.priority, Escalation.created_at, Escalation.id)
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
                lane=esc.lane,
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
        raise ConsoleError(N_("No such conversation."), 404)
    esc = current_escalation(session, conversation_id)
    if not can_view(principal, esc):
        raise ConsoleError(NOT_YOURS, 403)
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
        raise ConsoleError(N_("Claim this conversation first."), 409)
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
        won = escalation_rows.claim_open(
            s, escalation_id, principal.user_id, now, open_status=OPEN, claimed_status=CLAIMED
        )
        esc = s.get(Escalation, escalation_id)
        if esc is None:
            raise ConsoleError(N_("No such escalation."), 404)
        s.refresh(esc)
        conv = s.get(Conversation, esc.conversation_id)
        holder = s.get(User, esc.claimed_by) if esc.claimed_by else None
        if won:
            audit(s, principal, "claim", now, conversation=conv, escalation_id=esc.id)
            events.publish(
                s,
                events.ASSIGNEE_CHANGED,
                esc.conversation_id,
                now,
                to_user_id=principal.user_id,
                was_open=True,
            )
        return ClaimResult(won, esc.conversation_id, holder.name if holder else None)


def release(db: Database, principal: Principal, conversation_id: int, now: datetime) -> None:
    """Put a claimed conversation back in the queue for another agent."""
    with db.session() as s:
        conv, esc = require_claim(s, principal, conversation_id)
        esc.status, esc.claimed_by, esc.claimed_at = OPEN, None, None
        audit(s, principal, "release", now, conversation=conv, escalation_id=esc.id)
        events.publish(s, events.ASSIGNEE_CHANGED, conv.id, now, from_user_id=principal.user_id)


def transfer(
    db: Database, principal: Principal, conversation_id: int, to_name: str, now: datetime
) -> str:
    """Hand a claimed conversation to a named colleague (audited as ``transfer``).

    The holder of the claim (or an admin) may transfer it to any active user.

    Returns:
        The colleague's name.

    Raises:
        ConsoleError: no claim, no such active colleague, or it is theirs already.
    """
    with db.session() as s:
        conv, esc = open_conversation(s, principal, conversation_id)
        if (
            esc is None
            or esc.status != CLAIMED
            or not (principal.is_admin or esc.claimed_by == principal.user_id)
        ):
            raise ConsoleError(N_("Claim this conversation first."), 409)
        target = s.scalar(select(User).where(User.name == to_name.strip(), User.active.is_(True)))
        if target is None:
            raise ConsoleError(N_("There is no active colleague called %(name)s."), name=to_name)
        if target.id == esc.claimed_by:
            raise ConsoleError(N_("%(name)s has this conversation already."), name=target.name)
        before = esc.claimed_by
        esc.claimed_by, esc.claimed_at = target.id, now
        audit(s, principal, "transfer", now, conversation=conv, escalation_id=esc.id,
              to=target.name)  # fmt: skip
        events.publish(
            s, events.ASSIGNEE_CHANGED, conv.id, now, from_user_id=before, to_user_id=target.id,
            to=target.name,
        )  # fmt: skip
        return target.name


def refuse_if_opted_out(session: Session, conv: Conversation) -> None:
    """Raise :class:`ConsoleError` (409) when the debtor said STOP on this channel."""
    stop = active_opt_out(session, conv)
    if stop is not None:
        raise ConsoleError(STOPPED, 409, date=f"{stop.created_at:%Y-%m-%d}")


def close_escalation(s: Session, esc: Escalation, now: datetime) -> None:
    """Mark an escalation closed (idempotent)."""
    if esc.status != CLOSED:
        events.publish(s, events.STATUS_CHANGED, esc.conversation_id, now, status=CLOSED)
    escalations.close(esc, now)
