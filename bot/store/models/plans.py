"""Plans and money: offers, agreements and their instalments, payments received,
reminders to send."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.store.models.base import Base


class Offer(Base):
    """A plan proposed to (or by) the debtor."""

    __tablename__ = "offers"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # full | instalments | hardship | custom
    currency: Mapped[str] = mapped_column(String(3))
    total: Mapped[Decimal]
    discount: Mapped[Decimal]
    frequency: Mapped[str | None] = mapped_column(String(16))
    schedule: Mapped[list[Any]] = mapped_column(JSON)  # [[iso date, "amount"], ...]
    round: Mapped[int] = mapped_column(Integer, default=0)
    made_by: Mapped[str] = mapped_column(String(64), default="bot")
    status: Mapped[str] = mapped_column(String(16), default="proposed")
    created_at: Mapped[datetime]


class Agreement(Base):
    """A repayment agreement the debtor confirmed; recorded exactly once per offer.

    ``status``: active → completed (all paid), superseded (a new plan replaced
    it), broken (two misses in a row) or cancelled. At most one agreement per
    account is active: a partial unique index enforces it on every database.
    """

    __tablename__ = "agreements"
    __table_args__ = (
        Index(
            "uq_agreements_one_active",
            "account_id",
            unique=True,
            sqlite_where=text("status = 'active'"),
            postgresql_where=text("status = 'active'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    conversation_id: Mapped[int | None] = mapped_column(ForeignKey("conversations.id"), index=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offers.id"), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="active")
    currency: Mapped[str] = mapped_column(String(3))
    total: Mapped[Decimal]
    discount: Mapped[Decimal]
    frequency: Mapped[str | None] = mapped_column(String(16))
    script_version: Mapped[str] = mapped_column(String(64))
    created_by: Mapped[str] = mapped_column(String(64), default="bot")
    created_at: Mapped[datetime]
    # Collection: how often a missed instalment was moved to the end; when it ended.
    moves_used: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    closed_at: Mapped[datetime | None]

    instalments: Mapped[list[Instalment]] = relationship(
        order_by="Instalment.seq", cascade="all, delete-orphan"
    )


class Instalment(Base):
    __tablename__ = "instalments"
    __table_args__ = (UniqueConstraint("agreement_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id"))
    seq: Mapped[int] = mapped_column(Integer)
    due_date: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal]
    # Collection: what has been paid towards it; open | partial | paid | missed.
    paid: Mapped[Decimal] = mapped_column(default=Decimal(0), server_default="0")
    status: Mapped[str] = mapped_column(String(8), default="open", server_default="open")
    # When the payment that completed it was made (the payment's own time, not the import's).
    paid_at: Mapped[datetime | None]
    # Set when the instalment no longer counts (its plan was superseded or ended).
    closed_at: Mapped[datetime | None]

    @property
    def remaining(self) -> Decimal:
        """What is still due on this instalment."""
        return max(self.amount - self.paid, Decimal(0))


# -- collection: payments in and reminders out ---------------------------------


class Payment(Base):
    """A payment received for an account (CSV import or signed webhook).

    ``external_id`` is the payment system's id: the same payment reported twice
    is stored once. ``applied`` went to the balance, ``credit`` was more than
    was owed and is held.
    """

    __tablename__ = "payments"

    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str] = mapped_column(String(128), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    amount: Mapped[Decimal]
    currency: Mapped[str] = mapped_column(String(3))
    paid_at: Mapped[datetime]
    source: Mapped[str] = mapped_column(String(16))  # csv | webhook
    applied: Mapped[Decimal]
    credit: Mapped[Decimal]
    allocations: Mapped[list[Any]] = mapped_column(
        JSON, default=list
    )  # [[instalment id, "amount"]]
    created_at: Mapped[datetime]


class Reminder(Base):
    """One reminder or follow-up about one instalment, sent at most once.

    ``key`` (``<instalment id>:<kind>``) is unique, so several schedulers cannot
    create the same reminder twice; a scheduler claims due rows with
    ``FOR UPDATE SKIP LOCKED``. ``status``: pending → queued (in the outbox),
    skipped (nothing to send, e.g. already paid; audited).
    """

    __tablename__ = "reminders"
    __table_args__ = (Index("ix_reminders_due", "status", "due_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # before_due | due | missed
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id"), index=True)
    instalment_id: Mapped[int] = mapped_column(ForeignKey("instalments.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    due_at: Mapped[datetime]
    outbox_id: Mapped[int | None] = mapped_column(ForeignKey("outbox.id"), index=True)
    note: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime]
    done_at: Mapped[datetime | None]
