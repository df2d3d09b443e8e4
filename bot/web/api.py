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

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Depends, HTTPException, Query
from pydantic import BaseModel
from sqlalchemy import select

from bot.console.tokens import TokenCaller
from bot.store.models import Agreement, Conversation, Escalation
from bot.web.console import service
from bot.web.console.auth import ConsoleAuth, Guards, Principal
from bot.web.console.views import transcript
from bot.web.deps import scoped

if TYPE_CHECKING:
    from bot.app import App


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


def api_router(app: App) -> APIRouter:
    """The ``/api`` routes."""
    router = APIRouter(prefix="/api", tags=["api"])
    guards = Guards(ConsoleAuth(app))
    user_dep = Depends(guards.api_user)
    post_dep = Depends(guards.header_csrf)

    @router.get("/me", response_model=Me)
    def me(user: Principal = user_dep) -> Me:
        """The signed-in user and the CSRF token to send with POSTs."""
        return Me(name=user.name, role=user.role, csrf_token=user.csrf_token)

    @router.get("/escalations", response_model=list[QueueEntry])
    def escalations(user: Principal = user_dep) -> list[QueueEntry]:
        """The queue: priority first (0 urgent), then longest waiting."""
        with app.db.session() as s:
            items = service.queue(s, user)
        return [
            QueueEntry(
                escalation_id=i.escalation_id,
                conversation_id=i.conversation_id,
                reason=i.reason,
                reason_label=i.reason_label,
                priority=i.priority,
                priority_label=i.priority_label,
                status=i.status,
                claimed_by=i.claimed_by,
                platform=i.platform,
                account_ref=i.account_ref,
                waiting_since=i.waiting_since,
                last_message=i.last_message,
            )
            for i in items
        ]

    @router.post(
        "/escalations/{escalation_id}/claim",
        response_model=ClaimOutcome,
        responses={409: {"description": "Another agent claimed it first (not named)."}},
    )
    def claim(escalation_id: int, user: Principal = post_dep) -> ClaimOutcome:
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
        user: Principal = user_dep,
        limit: int = Query(100, ge=1, le=1000),
        open_only: bool = Query(False, alias="open"),
    ) -> list[ConversationSummary]:
        """Conversations the user may see, newest activity first."""
        with app.db.session() as s:
            q = select(Conversation).order_by(Conversation.updated_at.desc(), Conversation.id)
            if open_only:
                q = q.where(Conversation.is_open.is_(True))
            out = []
            for conv in s.scalars(q).all():
                esc = service.current_escalation(s, conv.id)
                if service.can_view(user, esc):
                    out.append(ConversationSummary(**_summary(conv, esc)))
                if len(out) >= limit:
                    break
            return out

    @router.get("/conversations/{conversation_id}", response_model=ConversationDetail)
    def conversation(conversation_id: int, user: Principal = user_dep) -> ConversationDetail:
        """One conversation with its whole transcript and delivery status."""
        with app.db.session() as s:
            try:
                conv, esc = service.open_conversation(s, user, conversation_id)
            except service.ConsoleError as exc:
                raise _fail(exc) from None
            lines = [Line(**line.to_json()) for line in transcript(s, conv.id)]
            return ConversationDetail(**_summary(conv, esc), messages=lines)

    @router.post("/conversations/{conversation_id}/reply", response_model=Posted)
    def reply(conversation_id: int, body: TextIn, user: Principal = post_dep) -> Posted:
        """Send a reply to the debtor through the outbox (needs the claim)."""
        try:
            mid = service.reply(
                app.db, user, conversation_id, body.text, app.clock(), app.settings.compliance
            )
        except service.ConsoleError as exc:
            raise _fail(exc) from None
        return Posted(ok=True, message_id=mid)

    @router.post("/conversations/{conversation_id}/notes", response_model=Posted)
    def note(conversation_id: int, body: TextIn, user: Principal = post_dep) -> Posted:
        """Add an internal note (never shown to the debtor)."""
        try:
            service.add_note(app.db, user, conversation_id, body.text, app.clock())
        except service.ConsoleError as exc:
            raise _fail(exc) from None
        return Posted(ok=True)

    @router.get("/agreements", response_model=list[AgreementOut])
    def agreements(
        _caller: Principal | TokenCaller = Depends(scoped("agreements:read")),
        since: date | None = Query(None),
    ) -> list[AgreementOut]:
        """Recorded agreements, oldest first: admins, or an API token with ``agreements:read``."""
        with app.db.session() as s:
            q = select(Agreement).order_by(Agreement.id)
            rows = s.scalars(q).all()
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
                        InstalmentOut(due_date=i.due_date, amount=str(i.amount))
                        for i in a.instalments
                    ],
                )
                for a in rows
                if since is None or a.created_at.date() >= since
            ]

    return router
