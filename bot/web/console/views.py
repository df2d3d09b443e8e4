"""Read models for the conversation page: transcript, account, offers, agreements, notes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.compliance.outbound import active_opt_out
from bot.dialog.proposals import awaiting
from bot.store import circumstances
from bot.store.crypto import PersonalData
from bot.store.destinations import last_used
from bot.store.models import (
    Account,
    Agreement,
    Conversation,
    Escalation,
    Event,
    Identity,
    Message,
    Offer,
    OutboxItem,
    Payment,
    User,
    VerificationAttempt,
)
from bot.web.console.words import circumstance_label


@dataclass(frozen=True, slots=True)
class TranscriptLine:
    """One message as the agent sees it, with its delivery status if outbound."""

    id: int
    sender: str
    author: str | None
    text: str
    buttons: list[str]
    created_at: datetime
    delivery: str | None
    error: str | None

    def to_json(self) -> dict[str, Any]:
        """JSON-ready form (for the API)."""
        return {
            "id": self.id,
            "sender": self.sender,
            "author": self.author,
            "text": self.text,
            "buttons": self.buttons,
            "created_at": self.created_at.isoformat(),
            "delivery": self.delivery,
            "error": self.error,
        }


@dataclass(frozen=True, slots=True)
class AccountView:
    """What the agent needs to know about the debtor's account."""

    ref: str
    name: str
    creditor: str
    currency: str
    principal: Decimal
    interest: Decimal
    fees: Decimal
    total: Decimal
    due_date: date
    status: str
    locale: str
    timezone: str


@dataclass(frozen=True, slots=True)
class OfferView:
    id: int
    kind: str
    currency: str
    total: Decimal
    discount: Decimal
    frequency: str | None
    schedule: list[Any]
    made_by: str
    status: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class AgreementView:
    id: int
    status: str
    currency: str
    total: Decimal
    discount: Decimal
    frequency: str | None
    created_by: str
    created_at: datetime
    # (due date, amount, status, paid)
    instalments: list[tuple[date, Decimal, str, Decimal]]


@dataclass(frozen=True, slots=True)
class NoteView:
    author: str
    text: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class SettlementView:
    """The debtor's settlement offer that waits for a colleague's approval."""

    amount: Decimal
    currency: str
    pay_by: date
    #: The offer as a share of what is owed (whole percent, rounded down).
    percent: int


@dataclass
class ConversationView:
    """Everything on the conversation page."""

    conversation: Conversation
    escalation: Escalation | None
    claimed_by: str | None
    account: AccountView | None
    verified: bool
    failed_verifications: int
    transcript: list[TranscriptLine] = field(default_factory=list)
    # When the debtor said STOP on this channel (nothing more may be sent), if they did.
    opted_out_at: datetime | None = None
    offers: list[OfferView] = field(default_factory=list)
    agreements: list[AgreementView] = field(default_factory=list)
    notes: list[NoteView] = field(default_factory=list)
    # Payments received for the account: (paid at, amount, currency, external id).
    payments: list[tuple[datetime, Decimal, str, str]] = field(default_factory=list)
    # The account's conversation the debtor wrote in since, on a channel that works:
    # replies go there instead of here.
    replies_in: Conversation | None = None
    # Hardship or vulnerability the debtor told us about: (label msgid, said at, channel).
    circumstances: list[tuple[str, datetime, str]] = field(default_factory=list)
    # A settlement offer waiting for approval (escalation reason settlement_approval).
    settlement: SettlementView | None = None


def transcript(session: Session, conversation_id: int, after: int = 0) -> list[TranscriptLine]:
    """Messages of a conversation in order (after message id ``after``)."""
    rows = session.execute(
        select(Message, OutboxItem, User.name)
        .outerjoin(OutboxItem, OutboxItem.message_id == Message.id)
        .outerjoin(User, User.id == Message.author_user_id)
        .where(Message.conversation_id == conversation_id, Message.id > after)
        .order_by(Message.id)
    ).all()
    return [
        TranscriptLine(
            id=m.id,
            sender=m.sender,
            author=author,
            text=m.text or (f"[{m.payload}]" if m.payload else ""),
            buttons=[str(b[0]) for b in (m.buttons or [])],
            created_at=m.created_at,
            delivery=item.status if item else None,
            error=item.error if item else None,
        )
        for m, item, author in rows
    ]


def account_view(account: Account, personal: PersonalData) -> AccountView:
    """The account with the debtor's name decrypted."""
    return AccountView(
        ref=account.account_ref,
        name=personal.decrypt(account.full_name_enc),
        creditor=account.creditor,
        currency=account.currency,
        principal=account.principal,
        interest=account.interest,
        fees=account.fees,
        total=account.owed,  # still owed, after payments
        due_date=account.due_date,
        status=account.status,
        locale=account.locale,
        timezone=account.timezone,
    )


def conversation_view(
    session: Session,
    conv: Conversation,
    escalation: Escalation | None,
    personal: PersonalData,
) -> ConversationView:
    """Assemble the conversation page's data."""
    claimer = (
        session.get(User, escalation.claimed_by) if escalation and escalation.claimed_by else None
    )
    account = session.get(Account, conv.account_id) if conv.account_id else None
    verified = bool(conv.context.get("verified")) if conv.context else False
    if not verified and account is not None:
        verified = (
            session.scalar(
                select(func.count(Identity.id)).where(
                    Identity.account_id == account.id,
                    Identity.platform == conv.platform,
                    Identity.platform_user_id == conv.user_id,
                    Identity.verified_at.is_not(None),
                )
            )
            or 0
        ) > 0
    failed = (
        session.scalar(
            select(func.count(VerificationAttempt.id)).where(
                VerificationAttempt.conversation_id == conv.id,
                VerificationAttempt.success.is_(False),
            )
        )
        or 0
    )
    view = ConversationView(
        conversation=conv,
        escalation=escalation,
        claimed_by=claimer.name if claimer else None,
        account=account_view(account, personal) if account else None,
        verified=verified,
        failed_verifications=failed,
        transcript=transcript(session, conv.id),
    )
    stop = active_opt_out(session, conv)
    view.opted_out_at = stop.created_at if stop is not None else None
    view.replies_in = last_used(session, conv)
    if account is not None:
        view.offers = [
            OfferView(
                o.id,
                o.kind,
                o.currency,
                o.total,
                o.discount,
                o.frequency,
                o.schedule,
                o.made_by,
                o.status,
                o.created_at,
            )
            for o in session.scalars(
                select(Offer).where(Offer.account_id == account.id).order_by(Offer.id.desc())
            ).all()[:20]
        ]
        view.agreements = [
            AgreementView(
                a.id,
                a.status,
                a.currency,
                a.total,
                a.discount,
                a.frequency,
                a.created_by,
                a.created_at,
                [(i.due_date, i.amount, i.status, i.paid) for i in a.instalments],
            )
            for a in session.scalars(
                select(Agreement).where(Agreement.account_id == account.id).order_by(Agreement.id)
            ).all()
        ]
    held = awaiting(conv.context or {})
    if account is not None and held is not None:
        plan = held[1]
        share = int(plan.total * 100 // plan.balance) if plan.balance > 0 else 100
        view.settlement = SettlementView(plan.total, plan.currency, plan.first_date, share)
    if account is not None:
        view.circumstances = [
            (circumstance_label(c.kind), c.said_at, c.channel)
            for c in circumstances.of_account(session, account.id)
        ]
        view.payments = [
            (p.paid_at, p.amount, p.currency, p.external_id)
            for p in session.scalars(
                select(Payment).where(Payment.account_id == account.id).order_by(Payment.paid_at)
            ).all()
        ]
    view.notes = [
        NoteView(e.actor, str(e.data.get("text", "")), e.created_at)
        for e in session.scalars(
            select(Event)
            .where(Event.conversation_id == conv.id, Event.kind == "note")
            .order_by(Event.id)
        ).all()
    ]
    return view
