"""The JSON API under ``/api`` (documented at ``/openapi.json``).

It uses the console's sign-in: a session cookie from ``/console/login``, and
the session's CSRF token in an ``X-CSRF-Token`` header on every POST. A lender's
system uses an API token instead (``Authorization: Bearer rpb_...``), limited to
the token's scopes; every use is audited. The same
visibility rules as the console apply: agents see the queue and their own
conversations, admins see everything. Amounts are exact decimal strings and
timestamps ISO 8601.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query
from pydantic import BaseModel
from sqlalchemy import func, select

from bot.console import inbox
from bot.console.tokens import TokenCaller
from bot.store.models import Agreement, Conversation, Escalation
from bot.web.console import replies, service
from bot.web.console.auth import Principal
from bot.web.console.views import transcript
from bot.web.deps import ApiUser, AppDep, HeaderUser, scoped


class Me(BaseModel):
    """The signed-in user."""

    name: str
    role: str
    csrf_token: str


class QueueEntry(BaseModel):
    """One escalated conversation in the queue."""

    escalation_id: int
    conversation_id: int
    reason: str
    reason_label: str
    priority: int
    priority_label: str
    status: str
    claimed_by: str | None
    platform: str
    account_ref: str | None
    waiting_since: datetime
    last_message: str


class ClaimOutcome(BaseModel):
    """Who holds the conversation after a claim."""

    won: bool
    conversation_id: int
    claimed_by: str | None


class ConversationSummary(BaseModel):
    id: int
    platform: str
    state: str
    mode: str
    locale: str
    is_open: bool
    account_id: int | None
    escalation_status: str | None
    escalation_reason: str | None
    updated_at: datetime


class Line(BaseModel):
    id: int
    sender: str
    author: str | None
    text: str
    buttons: list[str]
    created_at: datetime
    delivery: str | None
    error: str | None


class ConversationDetail(ConversationSummary):
    messages: list[Line]


class TextIn(BaseModel):
    """A reply or note."""

    text: str


class Posted(BaseModel):
    ok: bool
    message_id: int | None = None


class InstalmentOut(BaseModel):
    due_date: date
    amount: str


class AgreementOut(BaseModel):
    id: int
    account_id: int
    conversation_id: int | None
    status: str
    currency: str
    total: str
    discount: str
    frequency: str | None
    script_version: str
    created_by: str
    created_at: datetime
    instalments: list[InstalmentOut]


def _summary(conv: Conversation, esc: Escalation | None) -> dict[str, Any]:
    return {
        "id": conv.id,
        "platform": conv.platform,
        "state": conv.state,
        "mode": conv.mode,
        "locale": conv.locale,
        "is_open": bool(conv.is_open),
        "account_id": conv.account_id,
        "escalation_status": esc.status if esc else None,
        "escalation_reason": esc.reason if esc else None,
        "updated_at": conv.updated_at,
    }


def _fail(exc: service.ConsoleError) -> HTTPException:
    return HTTPException(exc.status, exc.message)


router = APIRouter(prefix="/api", tags=["api"])


@router.get("/me", response_model=Me)
def me(user: ApiUser) -> Me:
    """The signed-in user and the CSRF token to send with POSTs."""
    return Me(name=user.name, role=user.role, csrf_token=user.csrf_token)


@router.get("/escalations", response_model=list[QueueEntry])
def escalations(
    app: AppDep,
    user: ApiUser,
    page: Annotated[int, Query(ge=1)] = 1,
    tab: Annotated[str, Query(pattern="^(mine|unassigned|open|closed)$")] = "open",
) -> list[QueueEntry]:
    """The queue: main lane first, then priority (0 urgent), then longest waiting; paged."""
    cfg = app.settings.console
    with app.db.session() as s:
        found = inbox.page(
            s,
            inbox.Viewer(user.user_id, user.is_admin),
            tab,
            inbox.Filters(),
            number=page,
            size=cfg.page_size,
            now=app.clock(),
            service_level=timedelta(minutes=cfg.service_level_minutes),
        )
    return [
        QueueEntry(
            escalation_id=r.escalation_id,
            conversation_id=r.conversation_id,
            reason=r.reason,
            reason_label=service.reason_label(r.reason),
            priority=r.priority,
            priority_label=service.PRIORITY_LABELS.get(r.priority, str(r.priority)),
            status=r.status,
            claimed_by=r.claimed_by,
            platform=r.platform,
            account_ref=r.account_ref,
            waiting_since=r.waiting_since,
            last_message=r.last_message,
        )
        for r in found.rows
    ]


@router.post(
    "/escalations/{escalation_id}/claim",
    response_model=ClaimOutcome,
    responses={409: {"description": "Another agent claimed it first (not named)."}},
)
def claim(escalation_id: int, app: AppDep, user: HeaderUser) -> ClaimOutcome:
    """Claim an escalated conversation; 409 if someone else was first."""
    try:
        result = service.claim(app.db, user, escalation_id, app.clock())
    except service.ConsoleError as exc:
        raise _fail(exc) from None
    if not result.won and result.claimed_by != user.name:
        raise HTTPException(409, "already claimed by another agent")
    return ClaimOutcome(
        won=True, conversation_id=result.conversation_id, claimed_by=result.claimed_by
    )


@router.get("/conversations", response_model=list[ConversationSummary])
def conversations(
    app: AppDep,
    user: ApiUser,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    open_only: Annotated[bool, Query(alias="open")] = False,
) -> list[ConversationSummary]:
    """Conversations the user may see, newest activity first."""
    with app.db.session() as s:
        newest = (
            select(func.max(Escalation.id))
            .where(Escalation.conversation_id == Conversation.id)
            .correlate(Conversation)
            .scalar_subquery()
        )
        q = (
            select(Conversation, Escalation)
            .outerjoin(Escalation, Escalation.id == newest)
            .order_by(Conversation.updated_at.desc(), Conversation.id)
        )
        if open_only:
            q = q.where(Conversation.is_open.is_(True))
        if not user.is_admin:
            q = q.where(
                (Escalation.status == service.OPEN)
                | ((Escalation.status == service.CLAIMED) & (Escalation.claimed_by == user.user_id))
            )
        return [ConversationSummary(**_summary(c, e)) for c, e in s.execute(q.limit(limit)).all()]


@router.get("/conversations/{conversation_id}", response_model=ConversationDetail)
def conversation(conversation_id: int, app: AppDep, user: ApiUser) -> ConversationDetail:
    """One conversation with its whole transcript and delivery status."""
    with app.db.session() as s:
        try:
            conv, esc = service.open_conversation(s, user, conversation_id)
        except service.ConsoleError as exc:
            raise _fail(exc) from None
        lines = [Line(**line.to_json()) for line in transcript(s, conv.id)]
        return ConversationDetail(**_summary(conv, esc), messages=lines)


@router.post("/conversations/{conversation_id}/reply", response_model=Posted)
def reply(conversation_id: int, body: TextIn, app: AppDep, user: HeaderUser) -> Posted:
    """Send a reply to the debtor through the outbox (needs the claim)."""
    try:
        mid = replies.reply(
            app.db, user, conversation_id, body.text, app.clock(), app.settings.compliance
        ).message_id
    except service.ConsoleError as exc:
        raise _fail(exc) from None
    return Posted(ok=True, message_id=mid)


@router.post("/conversations/{conversation_id}/notes", response_model=Posted)
def note(conversation_id: int, body: TextIn, app: AppDep, user: HeaderUser) -> Posted:
    """Add an internal note (never shown to the debtor; needs the claim)."""
    try:
        replies.add_note(app.db, user, conversation_id, body.text, app.clock())
    except service.ConsoleError as exc:
        raise _fail(exc) from None
    return Posted(ok=True)


@router.get("/agreements", response_model=list[AgreementOut])
def agreements(
    app: AppDep,
    _caller: Annotated[Principal | TokenCaller, Depends(scoped("agreements:read"))],
    since: Annotated[date | None, Query()] = None,
) -> list[AgreementOut]:
    """Recorded agreements, oldest first: admins, or an API token with ``agreements:read``."""
    with app.db.session() as s:
        q = select(Agreement).order_by(Agreement.id)
        if since is not None:
            q = q.where(Agreement.created_at >= datetime.combine(since, time.min, tzinfo=UTC))
        return [
            AgreementOut(
                id=a.id,
                account_id=a.account_id,
                conversation_id=a.conversation_id,
                status=a.status,
                currency=a.currency,
                total=str(a.total),
                discount=str(a.discount),
                frequency=a.frequency,
                script_version=a.script_version,
                created_by=a.created_by,
                created_at=a.created_at,
                instalments=[
                    InstalmentOut(due_date=i.due_date, amount=str(i.amount)) for i in a.instalments
                ],
            )
            for a in s.scalars(q).all()
        ]
