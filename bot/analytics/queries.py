"""The account-level metrics (funnel and rates) in two SQL aggregations.

Each conversation of the period gives 0/1 flags from its stored funnel facts
(kept on the conversation row when the message, verification attempt, offer,
agreement, escalation or opt-out that establishes each is written); the flags
are folded per (group, account) and then summed per group. No row is read into
Python: the database returns one row per group.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    String,
    and_,
    case,
    func,
    literal,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from bot.analytics.dims import ALL, AnySelect, Period, group_expr, in_period
from bot.analytics.sql import bits_or
from bot.store.models import (
    Conversation,
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


#: Breakdowns by what the account is (each account in exactly one group).
ACCOUNT_LEVEL = ("creditor", "balance")


@dataclass
class Counts:
    """Accounts with each flag in one group (``FLAGS`` plus ``failed_verification``)."""

    values: dict[str, int] = field(default_factory=dict)

    def __getitem__(self, key: str) -> int:
        return self.values.get(key, 0)


def _flag(cond: ColumnElement[bool]) -> ColumnElement[int]:
    return func.max(case((cond, 1), else_=0))


def _conversation_flags(period: Period, by: str | None) -> AnySelect:
    """One row per conversation of the period: account, group and 0/1 flags.

    The flags are the conversation's stored funnel facts (see
    :class:`bot.store.models.Conversation`), set when the message, verification
    attempt, offer, agreement, escalation or opt-out that establishes each was
    written.
    """

    def flag(col: Any) -> ColumnElement[int]:
        return case((col.is_(True), 1), else_=0)

    c = Conversation
    q: AnySelect = select(
        c.account_id.label("account_id"),
        c.state.label("state"),
        group_expr(by).label("g"),
        flag(c.contacted).label("contacted"),
        flag(c.replied).label("replied"),
        flag(c.verified).label("verified"),
        flag(c.verify_attempted).label("attempted"),
        flag(c.offered).label("offered"),
        flag(c.agreed).label("agreed"),
        flag(c.escalated).label("escalated"),
        flag(c.disputed).label("disputed"),
        flag(c.distressed).label("distressed"),
        flag(c.complained).label("complained"),
        flag(c.opted_out).label("opted_out"),
    ).select_from(Conversation)
    return in_period(q, period, by)


@dataclass
class ConversationFigures:
    """What one pass over the conversations of a period gives.

    Attributes:
        overall: accounts per flag over the whole period.
        groups: the same per group of the breakdown (empty without one).
        ended_in: conversations without an agreement: last step → state → count.
    """

    overall: Counts = field(default_factory=Counts)
    groups: dict[str, Counts] = field(default_factory=dict)
    ended_in: dict[str, dict[str, int]] = field(default_factory=dict)


def _step(conv: Any) -> ColumnElement[str]:
    """The furthest funnel step a conversation reached (before agreeing)."""
    return case(
        (conv.c.offered == 1, literal("offered")),
        (conv.c.verified == 1, literal("verified")),
        (conv.c.replied == 1, literal("replied")),
        (conv.c.contacted == 1, literal("contacted")),
        else_=literal("not_contacted"),
    )


def conversation_figures(
    session: Session, period: Period, by: str | None, *, overall: bool = True, ended: bool = True
) -> ConversationFigures:
    """Accounts per flag, overall and per group, and where conversations ended: one statement.

    The conversations' flags are read once for the whole period (per account),
    once for its groups (per account and group; only this read joins the
    account or version a breakdown needs) and once for ``ended_in`` (per
    conversation). The database returns one row per group and one per (step,
    state).
    """
    whole = _conversation_flags(period, None).subquery("whole_conv")
    # An account belongs to one group of an account-level breakdown, so there the
    # period's counts are the sums of its groups' (no second pass over the accounts).
    from_groups = by in ACCOUNT_LEVEL
    branches = []
    if (overall and not from_groups) or by is None:
        flags = [whole.c.account_id, *(whole.c[f] for f in FLAGS)]
        branches.append(select(literal(1).label("whole"), literal(ALL).label("g"), *flags))
    if by is not None:
        conv = _conversation_flags(period, by).subquery("group_conv")
        flags = [conv.c.account_id, *(conv.c[f] for f in FLAGS)]
        branches.append(select(literal(0).label("whole"), conv.c.g, *flags))
    rows = union_all(*branches).subquery() if len(branches) > 1 else branches[0].subquery()
    # Per account the flags are ORed as bits of one integer (one aggregate, not eleven).
    packed = sum(
        (case((rows.c[f] == 1, 1 << i), else_=0) for i, f in enumerate(FLAGS)),
        start=literal(0, Integer),
    )
    per_account = (
        select(
            rows.c.whole,
            rows.c.g,
            func.count().label("conversations"),
            bits_or(packed, len(FLAGS)).label("bits"),
        )
        .group_by(rows.c.whole, rows.c.g, rows.c.account_id)
        .subquery()
    )

    def has(f: str) -> ColumnElement[bool]:
        return per_account.c.bits.op("&")(1 << FLAGS.index(f)) != 0

    failed = case((and_(has("attempted"), ~has("verified")), 1), else_=0)
    none = literal(None, Integer)
    counts = select(
        literal("count").label("kind"),
        per_account.c.whole,
        per_account.c.g,
        literal(None, String).label("state"),
        *(func.sum(case((has(f), 1), else_=0)).label(f) for f in FLAGS),
        func.sum(failed).label("failed_verification"),
        func.sum(per_account.c.conversations).label("conversations"),
    ).group_by(per_account.c.whole, per_account.c.g)
    statement: Any = counts
    if ended:
        step = _step(whole)
        ends = (
            select(
                literal("end"),
                literal(1),
                step,
                whole.c.state,
                *(none for _ in FLAGS),
                none,
                func.count(),
            )
            .where(whole.c.agreed == 0)
            .group_by(step, whole.c.state)
        )
        statement = union_all(counts, ends)
    out = ConversationFigures()
    for row in session.execute(statement).mappings():
        if row["kind"] == "end":
            out.ended_in.setdefault(str(row["g"]), {})[str(row["state"])] = int(
                row["conversations"]
            )
            continue
        values = {k: int(row[k] or 0) for k in (*FLAGS, "failed_verification", "conversations")}
        if row["whole"] == 1:
            out.overall = Counts(values)
        else:
            out.groups[str(row["g"])] = Counts(values)
    if by is None:
        out.groups = {ALL: out.overall}
    elif overall and from_groups and out.groups:
        keys = (*FLAGS, "failed_verification", "conversations")
        out.overall = Counts({k: sum(c[k] for c in out.groups.values()) for k in keys})
    return out


def account_counts(session: Session, period: Period, by: str | None) -> dict[str, Counts]:
    """Accounts per flag (and ``conversations``), per group (one row per group)."""
    found = conversation_figures(session, period, by, overall=by is None, ended=False)
    if by is None:
        return {ALL: found.overall} if found.overall.values else {}
    return found.groups


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
    return conversation_figures(session, period, None).ended_in
