"""Escalations: the one place that opens, joins and closes a hand-over to a person.

An escalation puts a conversation in the agents' queue. The engine opens one
when a guardrail or the script hands the chat over; a data-rights request joins
the one already open; a STOP, a block, an agent or a hand-back closes them.
Every close is audited with why.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from enum import IntEnum, StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.store import audit as audit_rows
from bot.store import escalations as rows
from bot.store.models import Escalation


class Reason(StrEnum):
    """Why a conversation went to a person (the stored value is the enum's value)."""

    HUMAN_REQUESTED = "human_requested"
    DISTRESS = "distress"
    DISPUTE = "dispute"
    ALREADY_PAID = "already_paid"
    WRONG_PERSON = "wrong_person"
    HARDSHIP = "hardship"
    VERIFICATION_LOCKED = "verification_locked"
    NEGOTIATION_STALLED = "negotiation_stalled"
    NOT_UNDERSTOOD = "not_understood"
    ABUSE = "abuse"
    SCRIPT = "script"
    DATA_REQUEST = "data_request"
    BROKEN_PROMISE = "broken_promise"  # two instalments missed in a row (bot.collection)
    SETTLEMENT_APPROVAL = "settlement_approval"  # a settlement the policy leaves to a person
    REPRESENTED = "represented"  # a lawyer acts for the debtor: deal with the lawyer
    OTHERS_TOLD = "others_told"  # the debtor reports someone else was told of the debt

    @classmethod
    def parse(cls, value: str) -> Reason:
        """The reason named ``value``; an unknown name is a hand-over by the script."""
        try:
            return cls(value)
        except ValueError:
            return cls.SCRIPT


class Priority(IntEnum):
    """Queue order: lower comes first."""

    URGENT = 0
    HIGH = 1
    NORMAL = 2


OPEN = "open"
CLAIMED = "claimed"
CLOSED = "closed"


def open_escalation(
    session: Session,
    *,
    conversation_id: int,
    account_id: int | None,
    reason: Reason,
    priority: Priority,
    now: datetime,
) -> Escalation:
    """Add an open escalation for the conversation (its id comes with the next flush)."""
    return rows.add_escalation(
        session,
        conversation_id=conversation_id,
        account_id=account_id,
        reason=reason.value,
        priority=int(priority),
        status=OPEN,
        now=now,
    )


def current(session: Session, conversation_id: int) -> Escalation | None:
    """The conversation's open or claimed escalation, if any."""
    return session.scalars(
        select(Escalation)
        .where(Escalation.conversation_id == conversation_id, Escalation.status != CLOSED)
        .order_by(Escalation.id)
    ).first()


def join_or_open(
    session: Session,
    *,
    conversation_id: int,
    account_id: int | None,
    reason: Reason,
    priority: Priority,
    now: datetime,
) -> Escalation:
    """The escalation already open for the conversation, else a new one (flushed, with an id)."""
    found = current(session, conversation_id)
    if found is not None:
        session.flush()
        return found
    escalation = open_escalation(
        session,
        conversation_id=conversation_id,
        account_id=account_id,
        reason=reason,
        priority=priority,
        now=now,
    )
    session.flush()
    return escalation


def close(escalation: Escalation, now: datetime) -> bool:
    """Mark one escalation closed; False when it already was."""
    if escalation.status == CLOSED:
        return False
    escalation.status = CLOSED
    escalation.closed_at = now
    return True


def close_open(
    session: Session,
    conversation_ids: Iterable[int],
    now: datetime,
    *,
    why: str,
    actor: str,
    keep: Iterable[Reason] = (),
    audit: bool = True,
    account_id: int | None = None,
) -> list[Escalation]:
    """Close the open or claimed escalations of the conversations, so they leave the queue.

    Escalations whose reason is in ``keep`` stay open (a data-rights request must
    still be answered after a STOP). With ``audit``, one ``escalation.close``
    entry per conversation says ``why`` (for ``account_id`` when given, else the
    escalation's own account).

    Returns:
        The escalations closed (none when nothing was open).
    """
    ids = list(conversation_ids)
    if not ids:
        return []
    kept = [r.value for r in keep]
    closing = list(
        session.scalars(
            select(Escalation)
            .where(
                Escalation.conversation_id.in_(ids),
                Escalation.status != CLOSED,
                Escalation.reason.not_in(kept),
            )
            .order_by(Escalation.id)
        )
    )
    for escalation in closing:
        close(escalation, now)
    if audit:
        by_conversation: dict[int, list[Escalation]] = {}
        for escalation in closing:
            by_conversation.setdefault(escalation.conversation_id, []).append(escalation)
        for conversation_id, closed in by_conversation.items():
            audit_rows.record(
                session,
                actor=actor,
                action="escalation.close",
                account_id=account_id if account_id is not None else closed[0].account_id,
                conversation_id=conversation_id,
                details={"escalations": [e.id for e in closed], "reason": why},
                now=now,
            )
    return closing
