"""The agents' inbox: tabs, filters, pages and counts, each page in one query.

Tabs:
    * ``mine``: escalations the viewer has claimed;
    * ``unassigned``: open escalations nobody has claimed;
    * ``open``: both (admins also see everyone's claimed ones);
    * ``closed``: history, searchable by account reference and date (agents see
      the ones they handled, admins all).

Rows are ordered main lane first (the ``unverified`` lane of anonymous web chats
waits behind it), then by priority and waiting time. The debtor's last message
comes from a correlated subquery, so a page is one query however long the queue;
the counts per tab are one more.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, and_, case, func, or_, select
from sqlalchemy.orm import Session

from bot.store.models import Account, Conversation, Escalation, Message, User

TABS = ("mine", "unassigned", "open", "closed")
OPEN, CLAIMED, CLOSED = "open", "claimed", "closed"


@dataclass(frozen=True, slots=True)
class Viewer:
    """Who is looking: their user id and whether they are an admin."""

    user_id: int
    is_admin: bool


@dataclass(frozen=True, slots=True)
class Filters:
    """What the inbox is narrowed to (empty strings mean any)."""

    reason: str = ""
    priority: str = ""
    language: str = ""
    platform: str = ""
    account: str = ""  # account reference (prefix match), closed tab search
    since: date | None = None
    until: date | None = None
    # stored reasons that mean the chosen ``reason`` (older rows use aliases)
    reason_aliases: tuple[str, ...] = ()

    def query(self) -> dict[str, str]:
        """The filters as URL query parameters (for links between pages)."""
        names = ("reason", "priority", "language", "platform", "account", "since", "until")
        values = {name: getattr(self, name) for name in names}
        return {k: str(v) for k, v in values.items() if v not in ("", None)}


@dataclass(frozen=True, slots=True)
class Row:
    """One escalation in the inbox."""

    escalation_id: int
    conversation_id: int
    reason: str
    priority: int
    status: str
    lane: str
    claimed_by: str | None
    mine: bool
    platform: str
    language: str
    account_ref: str | None
    waiting_since: datetime
    closed_at: datetime | None
    last_message: str
    breached: bool


@dataclass
class Page:
    """One page of one tab, with the counts of every tab."""

    tab: str
    rows: list[Row]
    number: int
    pages: int
    total: int
    counts: dict[str, int] = field(default_factory=dict)


def _visible(q: Select[Any], viewer: Viewer, tab: str) -> Select[Any]:
    mine = and_(Escalation.status == CLAIMED, Escalation.claimed_by == viewer.user_id)
    if tab == "mine":
        return q.where(mine)
    if tab == "unassigned":
        return q.where(Escalation.status == OPEN)
    if tab == "open":
        if viewer.is_admin:
            return q.where(Escalation.status.in_((OPEN, CLAIMED)))
        return q.where(or_(Escalation.status == OPEN, mine))
    q = q.where(Escalation.status == CLOSED)
    return q if viewer.is_admin else q.where(Escalation.claimed_by == viewer.user_id)


def _filtered(q: Select[Any], f: Filters, tab: str) -> Select[Any]:
    if f.reason:
        q = q.where(Escalation.reason.in_((f.reason, *f.reason_aliases)))
    if f.priority.isdigit():
        q = q.where(Escalation.priority == int(f.priority))
    if f.language:
        q = q.where(Conversation.locale == f.language)
    if f.platform:
        q = q.where(Conversation.platform == f.platform)
    if f.account:
        q = q.where(Account.account_ref.startswith(f.account, autoescape=True))
    column = Escalation.closed_at if tab == "closed" else Escalation.created_at
    if f.since is not None:
        q = q.where(column >= datetime.combine(f.since, time.min).astimezone())
    if f.until is not None:
        q = q.where(column < datetime.combine(f.until + timedelta(days=1), time.min).astimezone())
    return q


def _needs_join(f: Filters) -> bool:
    return bool(f.language or f.platform or f.account)


def _joined(q: Any) -> Select[Any]:
    joined: Select[Any] = q.join(
        Conversation, Conversation.id == Escalation.conversation_id
    ).outerjoin(Account, Account.id == Conversation.account_id)
    return joined


def page(
    session: Session,
    viewer: Viewer,
    tab: str,
    filters: Filters,
    *,
    number: int,
    size: int,
    now: datetime,
    service_level: timedelta,
) -> Page:
    """Rows of ``tab`` page ``number`` (from 1) and the counts of every tab."""
    tab = tab if tab in TABS else "open"
    counts = tab_counts(session, viewer, filters)
    total = counts[tab]
    pages = max(1, -(-total // size))
    number = min(max(1, number), pages)
    # The page's ids first (the sort uses ix_escalations_queue), then the rows' details
    # and the debtor's last message for those ids only: one statement, however long the queue.
    wrap = _joined if _needs_join(filters) else (lambda q: q)
    ids = _filtered(_visible(wrap(select(Escalation.id)), viewer, tab), filters, tab)
    if tab == "closed":
        ids = ids.order_by(Escalation.closed_at.desc(), Escalation.id.desc())
    else:
        ids = ids.order_by(
            Escalation.lane, Escalation.priority, Escalation.created_at, Escalation.id
        )
    chosen = ids.limit(size).offset((number - 1) * size).subquery()
    last = (
        select(Message.text)
        .where(Message.conversation_id == Escalation.conversation_id, Message.direction == "in")
        .order_by(Message.id.desc())
        .limit(1)
        .correlate(Escalation)
        .scalar_subquery()
    )
    q = _joined(
        select(
            Escalation.id,
            Escalation.conversation_id,
            Escalation.reason,
            Escalation.priority,
            Escalation.status,
            Escalation.lane,
            Escalation.claimed_by,
            Escalation.created_at,
            Escalation.closed_at,
            Conversation.platform,
            Conversation.locale,
            Account.account_ref,
            User.name,
            last,
        )
        .join(chosen, chosen.c.id == Escalation.id)
        .outerjoin(User, User.id == Escalation.claimed_by)
    )
    if tab == "closed":
        q = q.order_by(Escalation.closed_at.desc(), Escalation.id.desc())
    else:
        q = q.order_by(Escalation.lane, Escalation.priority, Escalation.created_at, Escalation.id)
    rows = []
    for r in session.execute(q).all():
        waiting = now - r.created_at
        rows.append(
            Row(
                escalation_id=r.id,
                conversation_id=r.conversation_id,
                reason=r.reason,
                priority=r.priority,
                status=r.status,
                lane=r.lane,
                claimed_by=r.name,
                mine=r.claimed_by == viewer.user_id,
                platform=r.platform,
                language=r.locale,
                account_ref=r.account_ref,
                waiting_since=r.created_at,
                closed_at=r.closed_at,
                last_message=(r[-1] or "")[:160],
                breached=r.status == OPEN and waiting > service_level,
            )
        )
    return Page(tab, rows, number, pages, total, counts)


def tab_counts(session: Session, viewer: Viewer, filters: Filters) -> dict[str, int]:
    """How many escalations each tab holds under ``filters`` (two index range counts).

    The open tabs count only open and claimed rows and the history only closed ones,
    each through an index led by ``status``, so a long history does not slow the
    counts every live update asks for.
    """
    mine = and_(Escalation.status == CLAIMED, Escalation.claimed_by == viewer.user_id)
    unassigned = Escalation.status == OPEN
    everyone = Escalation.status.in_((OPEN, CLAIMED)) if viewer.is_admin else or_(unassigned, mine)

    def n(cond: Any) -> Any:
        return func.coalesce(func.sum(case((cond, 1), else_=0)), 0)

    # the date filter applies to the waiting time of open tabs and the closing time of history
    wrap = _joined if _needs_join(filters) else (lambda q: q.select_from(Escalation))
    base = _filtered(
        wrap(select(n(mine), n(unassigned), n(everyone))).where(
            Escalation.status.in_((OPEN, CLAIMED))
        ),
        filters,
        "open",
    )
    hist = _filtered(
        _visible(wrap(select(func.count(Escalation.id))), viewer, "closed"), filters, "closed"
    )
    row = session.execute(base).one()
    closed_count = session.scalar(hist) or 0
    return {
        "mine": int(row[0]),
        "unassigned": int(row[1]),
        "open": int(row[2]),
        "closed": int(closed_count),
    }
