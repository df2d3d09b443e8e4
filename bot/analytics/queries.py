"""The account-level metrics (funnel and rates): one pass over the period's conversations.

Each conversation of the period gives its stored funnel facts (kept on the
conversation row when the message, verification attempt, offer, agreement,
escalation or opt-out that establishes each is written) packed as the bits of
one integer. They are ORed per account (and per group and account) and the
accounts are then counted per group and bit pattern: the database returns one
row per group and pattern (a few dozen), which are added up here per flag.

On PostgreSQL the accounts of the whole period and of each group come from one
scan (``GROUP BY account_id, ROLLUP(g)``), read in account order from
``ix_conversations_facts`` (migration 0014) so nothing is hashed or sorted per
conversation; SQLite, which has no ``ROLLUP``, runs the two groupings as the
branches of a ``UNION ALL``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    String,
    case,
    cast,
    func,
    literal,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from bot.analytics.dims import ALL, AnySelect, Period, group_expr, in_period
from bot.analytics.sql import bits_or
from bot.store.models import Account, Conversation

#: The flags, in bit order, and the conversation column each is read from.
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
_COLUMN = {"attempted": "verify_attempted"}
_BIT = {f: 1 << i for i, f in enumerate(FLAGS)}

#: Breakdowns by what the account is (each account in exactly one group).
ACCOUNT_LEVEL = ("creditor", "balance")
KEYS = (*FLAGS, "failed_verification", "conversations")


@dataclass
class Counts:
    """Accounts with each flag in one group (``FLAGS`` plus ``failed_verification``)."""

    values: dict[str, int] = field(default_factory=dict)

    def __getitem__(self, key: str) -> int:
        return self.values.get(key, 0)

    def add(self, bits: int, accounts: int, conversations: int) -> None:
        """Count ``accounts`` accounts whose flags are ``bits`` (with their conversations)."""
        v = self.values
        if not v:
            v.update(dict.fromkeys(KEYS, 0))
        for f, bit in _BIT.items():
            if bits & bit:
                v[f] += accounts
        if bits & _BIT["attempted"] and not bits & _BIT["verified"]:
            v["failed_verification"] += accounts
        v["conversations"] += conversations


def packed_facts() -> ColumnElement[int]:
    """A conversation's funnel facts as the bits of one integer (``FLAGS`` order)."""
    expr: ColumnElement[int] | None = None
    for i, f in enumerate(FLAGS):
        bit: ColumnElement[int] = cast(getattr(Conversation, _COLUMN.get(f, f)), Integer)
        if i:
            bit = bit.op("<<")(i)
        expr = bit if expr is None else expr.op("|")(bit)
    assert expr is not None
    return expr


def _conversation_rows(period: Period, by: str | None) -> Any:
    """One row per conversation of the period: account, group and packed facts."""
    q: AnySelect = select(
        Conversation.account_id.label("account_id"),
        group_expr(by).label("g"),
        packed_facts().label("bits"),
    ).select_from(Conversation)
    return in_period(q, period, by).subquery("conv")


def _per_account(session: Session, period: Period, by: str | None, overall: bool) -> Any:
    """``(whole, g, account_id, bits, n)``: the facts ORed per account (``whole`` = 1)
    and, with a breakdown, per group and account (``whole`` = 0; with ``overall``
    False, a breakdown by conversation gives only these)."""
    if by is None or by in ACCOUNT_LEVEL:
        rows = _conversation_rows(period, None)
        per = (
            select(
                rows.c.account_id,
                bits_or(rows.c.bits, len(FLAGS)).label("bits"),
                func.count().label("n"),
            )
            .group_by(rows.c.account_id)
            .subquery("per_account")
        )
        if by is None:
            return select(literal(1).label("whole"), literal(ALL).label("g"), per).subquery()
        # One group per account: each account's folded row is joined to the account
        # for its group, and the whole period is the sum of the groups.
        return (
            select(literal(0).label("whole"), group_expr(by).label("g"), per)
            .join(Account, Account.id == per.c.account_id)
            .subquery()
        )
    rows = _conversation_rows(period, by)
    bits, n = bits_or(rows.c.bits, len(FLAGS)).label("bits"), func.count().label("n")
    each = select(literal(0).label("whole"), rows.c.g, rows.c.account_id, bits, n).group_by(
        rows.c.account_id, rows.c.g
    )
    if not overall:
        return each.subquery()
    if session.get_bind().dialect.name == "postgresql":
        return (
            select(func.grouping(rows.c.g).label("whole"), rows.c.g, rows.c.account_id, bits, n)
            .group_by(rows.c.account_id, func.rollup(rows.c.g))
            .subquery()
        )
    whole = select(
        literal(1).label("whole"), literal(None, String).label("g"), rows.c.account_id, bits, n
    ).group_by(rows.c.account_id)
    return union_all(each, whole).subquery()


@dataclass
class ConversationFigures:
    """What one pass over the conversations of a period gives.

    Attributes:
        overall: accounts per flag over the whole period.
        groups: the same per group of the breakdown (``{"all": overall}`` without one).
        ended_in: conversations without an agreement: last step → state → count.
    """

    overall: Counts = field(default_factory=Counts)
    groups: dict[str, Counts] = field(default_factory=dict)
    ended_in: dict[str, dict[str, int]] = field(default_factory=dict)


def conversation_figures(
    session: Session, period: Period, by: str | None, *, overall: bool = True, ended: bool = True
) -> ConversationFigures:
    """Accounts per flag, overall and per group (one statement), and where conversations ended.

    With ``overall`` False a breakdown by conversation (an account can be in
    several groups) leaves ``overall`` empty: the report counts it in a
    statement of its own, at the same time.
    """
    per = _per_account(session, period, by, overall)
    statement = select(per.c.whole, per.c.g, per.c.bits, func.count(), func.sum(per.c.n)).group_by(
        per.c.whole, per.c.g, per.c.bits
    )
    out = ConversationFigures()
    for whole, g, bits, accounts, conversations in session.execute(statement):
        counts = out.overall if whole == 1 else out.groups.setdefault(str(g), Counts())
        counts.add(int(bits or 0), int(accounts), int(conversations or 0))
    if by is None:
        out.groups = {ALL: out.overall} if out.overall.values else {}
    elif by in ACCOUNT_LEVEL:
        for counts in out.groups.values():
            for k in KEYS:
                out.overall.values[k] = out.overall.values.get(k, 0) + counts[k]
    if ended:
        out.ended_in = ended_in(session, period)
    return out


def _step() -> ColumnElement[str]:
    """The furthest funnel step a conversation reached (before agreeing)."""
    c = Conversation
    return case(
        (c.offered.is_(True), literal("offered")),
        (c.verified.is_(True), literal("verified")),
        (c.replied.is_(True), literal("replied")),
        (c.contacted.is_(True), literal("contacted")),
        else_=literal("not_contacted"),
    )


def ended_in(session: Session, period: Period) -> dict[str, dict[str, int]]:
    """Where conversations that went no further stopped: last step → state → count.

    Only conversations without an agreement are counted; a conversation's last
    step is the furthest funnel step it reached.
    """
    step = _step().label("step")
    q: AnySelect = select(step, Conversation.state, func.count()).select_from(Conversation)
    q = in_period(q, period, None).where(Conversation.agreed.is_(False))
    out: dict[str, dict[str, int]] = {}
    for s, state, n in session.execute(q.group_by(step, Conversation.state)):
        out.setdefault(str(s), {})[str(state)] = int(n)
    return out


def account_counts(session: Session, period: Period, by: str | None) -> dict[str, Counts]:
    """Accounts per flag (and ``conversations``), per group (one row per group)."""
    return conversation_figures(session, period, by, overall=False, ended=False).groups


def contacted_accounts(period: Period, by: str) -> AnySelect:
    """``(g, account_id)`` of every account contacted in a conversation of each group."""
    g = group_expr(by).label("g")
    q: AnySelect = select(g, Conversation.account_id).select_from(Conversation)
    q = in_period(q, period, by).where(Conversation.contacted.is_(True))
    return q.group_by(g, Conversation.account_id)
