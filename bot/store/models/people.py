"""Debtors' accounts and what identifies and reaches them: identities, verification
attempts, circumstances told, contact channels."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.store.models.base import Base


class Account(Base):
    """A debtor's account as imported from the lender."""

    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_ref: Mapped[str] = mapped_column(String(64), unique=True)
    full_name_enc: Mapped[bytes] = mapped_column(LargeBinary)
    dob_hash: Mapped[str | None] = mapped_column(String(64))
    id_last4_hash: Mapped[str | None] = mapped_column(String(64))
    phone_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    email_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    creditor: Mapped[str] = mapped_column(String(200))
    currency: Mapped[str] = mapped_column(String(3))
    principal: Mapped[Decimal]
    interest: Mapped[Decimal]
    fees: Mapped[Decimal]
    due_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="active")
    locale: Mapped[str] = mapped_column(String(16))
    timezone: Mapped[str] = mapped_column(String(64))
    compliance_profile: Mapped[str | None] = mapped_column(String(16))
    row_hash: Mapped[str] = mapped_column(String(64))
    legal_hold: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    last_activity_at: Mapped[datetime | None]
    # Collection: payments applied to the balance, what was waived when a
    # discounted plan was completed, and overpayments held as credit.
    paid: Mapped[Decimal] = mapped_column(default=Decimal(0), server_default="0")
    waived: Mapped[Decimal] = mapped_column(default=Decimal(0), server_default="0")
    credit: Mapped[Decimal] = mapped_column(default=Decimal(0), server_default="0")

    @property
    def total(self) -> Decimal:
        """Principal plus interest plus fees."""
        return self.principal + self.interest + self.fees

    @property
    def owed(self) -> Decimal:
        """What is still owed: the total less payments and anything waived."""
        return max(self.total - self.paid - self.waived, Decimal(0))


class Identity(Base):
    """A platform user bound to an account (by deep link or verification)."""

    __tablename__ = "identities"
    __table_args__ = (UniqueConstraint("platform", "platform_user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    platform: Mapped[str] = mapped_column(String(16))
    platform_user_id: Mapped[str] = mapped_column(String(128))
    chat_id: Mapped[str] = mapped_column(String(128))
    bound_at: Mapped[datetime]
    expires_at: Mapped[datetime | None]
    verified_at: Mapped[datetime | None]
    unreachable: Mapped[bool] = mapped_column(Boolean, default=False)


class VerificationAttempt(Base):
    __tablename__ = "verification_attempts"
    __table_args__ = (Index("ix_verification_attempts_account_time", "account_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id"), index=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    field: Mapped[str] = mapped_column(String(16))
    success: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime]


class Circumstance(Base):
    """Hardship or vulnerability a verified debtor told us about (job loss, illness, a death).

    Only the kind is kept, with when and on which channel it was said; the words stay in
    the transcript. Erased with the account's personal data.
    """

    __tablename__ = "circumstances"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    conversation_id: Mapped[int | None] = mapped_column(ForeignKey("conversations.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str] = mapped_column(String(16))
    said_at: Mapped[datetime]


# -- channels: where an account can be reached, and whether it may be ----------


class ContactChannel(Base):
    """One address of a debtor on one channel (an email address, a mobile number).

    ``chat_id`` is a keyed hash of the normalised address (the conversation's
    chat id on that channel); the address itself is stored only encrypted.
    ``consent``: ``unknown``, ``granted`` (the debtor opted in, e.g. SMS START)
    or ``revoked`` (opted out on this channel). ``unusable_at`` is set when the
    channel failed for good (a bounce, an invalid number, a carrier block):
    nothing more is sent there until the debtor writes from it again.
    """

    __tablename__ = "contact_channels"
    __table_args__ = (UniqueConstraint("platform", "chat_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"), index=True)
    platform: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(128))
    address_enc: Mapped[bytes] = mapped_column(LargeBinary)
    consent: Mapped[str] = mapped_column(String(16), default="unknown")
    unusable_at: Mapped[datetime | None]
    unusable_reason: Mapped[str | None] = mapped_column(Text)
    last_inbound_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
