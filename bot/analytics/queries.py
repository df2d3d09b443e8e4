"""The account-level metrics (funnel and rates) in two SQL aggregations.

Each conversation of the period gets 0/1 flags from per-conversation
aggregates of messages, verification attempts, offers, agreements,
escalations and opt-outs (joined, not looked up row by row); the flags are
folded per (group, account) and then summed per group. No row is read into
Python: the database returns one row per group.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, literal, or_, select
from sqlalchemy.orm import Session

from bot.analytics.dims import AnySelect, Period, group_expr, in_period
from bot.analytics.metrics import COMPLAINT_REASONS, DISPUTE_REASONS, DISTRESS_REASONS
from bot.store.models import (
    Agreement,
    Conversation,
    Escalation,
    Message,
    Offer,
    OptOut,
    VerificationAttempt,
)

FLAGS = (
    "contacted",
    "replied",
    "verified",
    "attempted",
    "offered",
    "agreed",
    "escalated",
    "disputed",
    "distressed",
    "complained",
    "opted_out",
)


@dataclass
class Counts:
    """Accounts with each flag in one group (``FLAGS`` plus ``failed_verification``)."""

    values: dict[str, int] = field(default_factory=dict)

    def __getitem__(self, key: str) -> int:
        return self.values.get(key, 0)


def _flag(cond: ColumnElement[bool]) -> ColumnElement[int]:
    return func.max(case((cond, 1), else_=0))


def _conversation_flags(period: Period, by: str | None) -> AnySelect:
    """One row per conversation of the period: account, group and 0/1 flags."""
    msgs = (
        select(
            Message.conversation_id.label("cid"),
            _flag(Message.direction == "out").label("out"),
            _flag(and_(Message.direction == "in", Message.sender == "debtor")).label("inb"),
        )
        .group_by(Message.conversation_id)
        .subquery()
    )
    ver = (
        select(
            VerificationAttempt.conversation_id.label("cid"),
            _flag(VerificationAttempt.success.is_(True)).label("ok"),
        )
        .group_by(VerificationAttempt.conversation_id)
        .subquery()
    )
    offers = select(Offer.conversation_id.label("cid")).group_by(Offer.conversation_id).subquery()
    agreements = (
        select(Agreement.conversation_id.label("cid"))
        .where(Agreement.conversation_id.is_not(None))
        .group_by(Agreement.conversation_id)
        .subquery()
    )
    esc = (
        select(
            Escalation.conversation_id.label("cid"),
            _flag(Escalation.reason.in_(DISPUTE_REASONS)).label("dispute"),
            _flag(Escalation.reason.in_(DISTRESS_REASONS)).label("distress"),
            _flag(Escalation.reason.in_(COMPLAINT_REASONS)).label("complaint"),
        )
        .group_by(Escalation.conversation_id)
        .subquery()
    )
    opted = (
        select(Conversation.id.label("cid"))
        .join(OptOut, OptOut.account_id == Conversation.account_id)
        .where(
            OptOut.created_at >= Conversation.started_at,
            or_(Conversation.closed_at.is_(None), OptOut.created_at <= Conversation.closed_at),
            *period.where(),
        )
        .group_by(Conversation.id)
        .subquery()
    )

    def has(col: Any) -> ColumnElement[int]:
        return case((col.is_not(None), 1), else_=0)

    def one(col: Any) -> ColumnElement[int]:
        return func.coalesce(col, 0)

    q: AnySelect = select(
        Conversation.account_id.label("account_id"),
        Conversation.state.label("state"),
        group_expr(by).label("g"),
        one(msgs.c.out).label("contacted"),
        one(msgs.c.inb).label("replied"),
        one(ver.c.ok).label("verified"),
        has(ver.c.cid).label("attempted"),
        has(offers.c.cid).label("offered"),
        has(agreements.c.cid).label("agreed"),
        has(esc.c.cid).label("escalated"),
        one(esc.c.dispute).label("disputed"),
        one(esc.c.distress).label("distressed"),
        one(esc.c.complaint).label("complained"),
        has(opted.c.cid).label("opted_out"),
    ).select_from(Conversation)
    q = in_period(q, period, by)
    for sub in (msgs, ver, offers, agreements, esc, opted):
        q = q.outerjoin(sub, sub.c.cid == Conversation.id)
    return q


def account_counts(session: Session, period: Period, by: str | None) -> dict[str, Counts]:
    """Accounts per flag (and ``conversations``), per group (one row per group)."""
    conv = _conversation_flags(period, by).subquery()
    per_account = (
        select(
            conv.c.g,
            conv.c.account_id,
            func.count().label("conversations"),
            *(func.max(conv.c[f]).label(f) for f in FLAGS),
        )
        .group_by(conv.c.g, conv.c.account_id)
        .subquery()
    )
    failed = case((and_(per_account.c.attempted == 1, per_account.c.verified == 0), 1), else_=0)
    q = select(
        per_account.c.g,
        *(func.sum(per_account.c[f]).label(f) for f in FLAGS),
        func.sum(failed).label("failed_verification"),
        func.sum(per_account.c.conversations).label("conversations"),
    ).group_by(per_account.c.g)
    out: dict[str, Counts] = {}
    for row in session.execute(q).mappings():
        out[str(row["g"])] = Counts({k: int(v or 0) for k, v in row.items() if k != "g"})
    return out


def contacted_accounts(period: Period, by: str) -> AnySelect:
    """``(g, account_id)`` of every account contacted in a conversation of each group."""
    conv = _conversation_flags(period, by).subquery()
    return (
        select(conv.c.g, conv.c.account_id)
        .where(conv.c.contacted == 1)
        .group_by(conv.c.g, conv.c.account_id)
    )


def ended_in(session: Session, period: Period) -> dict[str, dict[str, int]]:
    """Where conversations that went no further stopped: last step → state → count.

    Only conversations without an agreement are counted; a conversation's last
    step is the furthest funnel step it reached.
    """
    conv = _conversation_flags(period, None).subquery()
    step = case(
        (conv.c.offered == 1, literal("offered")),
        (conv.c.verified == 1, literal("verified")),
        (conv.c.replied == 1, literal("replied")),
        (conv.c.contacted == 1, literal("contacted")),
        else_=literal("not_contacted"),
    )
    inner = select(step.label("step"), conv.c.state).where(conv.c.agreed == 0).subquery()
    q = select(inner.c.step, inner.c.state, func.count()).group_by(inner.c.step, inner.c.state)
    out: dict[str, dict[str, int]] = {}
    for s, state, n in session.execute(q):
        out.setdefault(str(s), {})[str(state)] = int(n)
    return out
