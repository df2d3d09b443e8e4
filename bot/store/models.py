"""Database models.

Record, don't overwrite: messages, events, offers, agreements, verification
attempts and audit entries are appended; a conversation row is the current
snapshot beside that log. Personal data is stored only encrypted (name, phone,
email) or as keyed hashes (date of birth, ID last-4); see :mod:`bot.store.crypto`.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from bot.store.types import Money, UTCDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {
        datetime: UTCDateTime(),
        Decimal: Money(),
        dict[str, Any]: JSON(),
        list[Any]: JSON(),
    }


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


class Conversation(Base):
    """The current snapshot of one chat with the bot.

    ``is_open`` is True while the conversation runs and NULL once closed, so the
    unique constraint allows one open conversation per chat and any number of
    closed ones.
    """

    __tablename__ = "conversations"
    __table_args__ = (
        UniqueConstraint("platform", "chat_id", "is_open"),
        # The report folds conversations per account from this index (migration 0014).
        Index(
            "ix_conversations_facts",
            "account_id",
            "started_at",
            postgresql_include=[
                "platform", "locale", "script_version_id", "experiment_arm_id",
                "contacted", "replied", "verify_attempted", "verified", "offered", "agreed",
                "escalated", "disputed", "distressed", "complained", "opted_out",
            ],
        ),
    )  # fmt: skip

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(128))
    user_id: Mapped[str] = mapped_column(String(128))
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"), index=True)
    state: Mapped[str] = mapped_column(String(64))
    context: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    mode: Mapped[str] = mapped_column(String(8), default="bot")
    locale: Mapped[str] = mapped_column(String(16))
    script_version_id: Mapped[int | None] = mapped_column(ForeignKey("script_versions.id"))
    # Analytics: the experiment arm this conversation's script version was picked by.
    experiment_arm_id: Mapped[int | None] = mapped_column(ForeignKey("experiment_arms.id"))
    is_open: Mapped[bool | None] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[datetime] = mapped_column(index=True)
    updated_at: Mapped[datetime]
    last_inbound_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    # Funnel facts: what happened in this conversation, for the report. Database triggers
    # (migration 0013) set each one in the transaction of the row that establishes it, so
    # the application never writes them: a message out (contacted), a debtor's message in
    # (replied), a verification attempt (verify_attempted) and a passed one (verified), an
    # offer, an agreement, an escalation (and whether its reason was a dispute, distress or
    # a complaint), an opt-out of the account while the conversation ran.
    contacted: Mapped[bool] = mapped_column(server_default=false())
    replied: Mapped[bool] = mapped_column(server_default=false())
    verify_attempted: Mapped[bool] = mapped_column(server_default=false())
    verified: Mapped[bool] = mapped_column(server_default=false())
    offered: Mapped[bool] = mapped_column(server_default=false())
    agreed: Mapped[bool] = mapped_column(server_default=false())
    escalated: Mapped[bool] = mapped_column(server_default=false())
    disputed: Mapped[bool] = mapped_column(server_default=false())
    distressed: Mapped[bool] = mapped_column(server_default=false())
    complained: Mapped[bool] = mapped_column(server_default=false())
    opted_out: Mapped[bool] = mapped_column(server_default=false())

    # The facts are read from the row when first used, never taken from an INSERT's
    # RETURNING: a trigger may set one later in the same transaction.
    __mapper_args__ = {"version_id_col": version, "eager_defaults": False}

    account: Mapped[Account | None] = relationship()


class Message(Base):
    """One message in a conversation, in either direction.

    Inbound messages carry the platform's message id; the unique constraint on
    (platform, platform_message_id) makes a redelivered update harmless.
    Replies point at the inbound message that caused them.
    """

    __tablename__ = "messages"
    __table_args__ = (
        UniqueConstraint("platform", "platform_message_id"),
        # The first agent reply after an escalation (migration 0014).
        Index(
            "ix_messages_agent_replies",
            "conversation_id",
            "created_at",
            sqlite_where=text("sender = 'agent'"),
            postgresql_where=text("sender = 'agent'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id"), index=True)
    platform: Mapped[str] = mapped_column(String(16))
    platform_message_id: Mapped[str | None] = mapped_column(String(128))
    direction: Mapped[str] = mapped_column(String(3))  # in | out
    sender: Mapped[str] = mapped_column(String(8))  # debtor | bot | agent | system
    text: Mapped[str] = mapped_column(Text, default="")
    payload: Mapped[str | None] = mapped_column(String(200))
    # A started message that goes as a platform template (WeChat template messages
    # outside the customer-service window): {"id": ..., "fields": {...}}; None otherwise.
    template: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    buttons: Mapped[list[Any]] = mapped_column(JSON, default=list)
    in_reply_to_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"), index=True)
    author_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]


class Event(Base):
    """An append-only log entry: a transition, an action, an intent understood."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int | None] = mapped_column(ForeignKey("conversations.id"), index=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    actor: Mapped[str] = mapped_column(String(64), default="bot")
    created_at: Mapped[datetime]


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


class VerificationAttempt(Base):
    __tablename__ = "verification_attempts"
    __table_args__ = (Index("ix_verification_attempts_account_time", "account_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id"), index=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    field: Mapped[str] = mapped_column(String(16))
    success: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime]


class User(Base):
    """A console user: an agent or an admin."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(8))  # agent | admin
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None]
    created_at: Mapped[datetime]
    # The agent's chosen presence ("online" or "away"); no recent activity also reads as away.
    presence: Mapped[str] = mapped_column(String(8), default="online", server_default="online")


class ScriptVersion(Base):
    """One saved version of a dialog script; exactly one per name is active."""

    __tablename__ = "script_versions"
    __table_args__ = (UniqueConstraint("name", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    comment: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]

    @property
    def label(self) -> str:
        """``name@version``, as recorded on agreements."""
        return f"{self.name}@{self.version}"


class OutboxItem(Base):
    """A reply waiting to be delivered, written in the same transaction as the state.

    ``status``: pending → sending → sent, or failed (retried later), held
    (compliance: waiting for the contact window), undeliverable (never retried).
    """

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id"), unique=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id"), index=True)
    platform: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(128))
    initiated: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime]
    sent_message_id: Mapped[str | None] = mapped_column(String(128))
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]


class Escalation(Base):
    __tablename__ = "escalations"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id"), index=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"), index=True)
    reason: Mapped[str] = mapped_column(String(32))
    priority: Mapped[int] = mapped_column(Integer)  # 0 urgent, 1 high, 2 normal
    status: Mapped[str] = mapped_column(String(8), default="open")  # open|claimed|closed
    claimed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]
    claimed_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    # "main", or "unverified": anonymous web chats wait in a lower-priority lane.
    lane: Mapped[str] = mapped_column(String(16), default="main", server_default="main")

    __table_args__ = (
        Index("ix_escalations_queue", "status", "lane", "priority", "created_at"),
        # the inbox's history tab: newest closed first
        Index("ix_escalations_history", "status", "closed_at", "id"),
    )


class OptOut(Base):
    __tablename__ = "opt_outs"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"), index=True)
    platform: Mapped[str] = mapped_column(String(16))
    platform_user_id: Mapped[str] = mapped_column(String(128))
    source: Mapped[str] = mapped_column(String(32))  # typed | command | blocked | unsubscribe
    created_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class Circumstance(Base):
    """Hardship or vulnerability a verified debtor told us about (job loss, illness, a death).

    Only the kind is kept, with when and on which channel it was said; the words stay in
    the transcript. Erased with the account's personal data.
    """

    __tablename__ = "circumstances"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    conversation_id: Mapped[int | None] = mapped_column(ForeignKey("conversations.id"))
    kind: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str] = mapped_column(String(16))
    said_at: Mapped[datetime]


class LinkToken(Base):
    """A deep-link token that has been used (single use)."""

    __tablename__ = "link_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_id: Mapped[str] = mapped_column(String(64), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    channel: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class KeyValue(Base):
    """Small shared values all workers see (e.g. a platform access token)."""

    __tablename__ = "kv"

    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    expires_at: Mapped[datetime | None]


class ConsoleSession(Base):
    __tablename__ = "console_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]


class AuditEntry(Base):
    """Who did what, when, and which rule decided it."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"), index=True)
    conversation_id: Mapped[int | None] = mapped_column(ForeignKey("conversations.id"))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime]


# --- console: sign-in throttles, rate counters, API tokens, inbox events ---


class LoginThrottle(Base):
    """Failed sign-ins for one user name or one client address, and the delay they earned."""

    __tablename__ = "login_throttles"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)  # "user:NAME" | "addr:IP"
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[datetime]
    blocked_until: Mapped[datetime | None]


class RateCounter(Base):
    """A fixed-window counter shared by every worker (web chat limits)."""

    __tablename__ = "rate_counters"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
    expires_at: Mapped[datetime] = mapped_column(index=True)


class ApiToken(Base):
    """A token a lender's system uses for the JSON API; only its SHA-256 is kept."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    scopes: Mapped[list[Any]] = mapped_column(JSON, default=list)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]


class InboxEvent(Base):
    """One change agents' screens should show (read by the live-update stream by id)."""

    __tablename__ = "inbox_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    conversation_id: Mapped[int | None] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(index=True)


# The live inbox reads deliveries by the time they were sent.
Index("ix_outbox_sent_at", OutboxItem.sent_at)
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
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id"))
    instalment_id: Mapped[int] = mapped_column(ForeignKey("instalments.id"))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    due_at: Mapped[datetime]
    outbox_id: Mapped[int | None] = mapped_column(ForeignKey("outbox.id"))
    note: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime]
    done_at: Mapped[datetime | None]


class KeyFingerprint(Base):
    """A fingerprint (never the key) of a key that wrote this database's personal data."""

    __tablename__ = "key_fingerprints"
    __table_args__ = (UniqueConstraint("purpose", "fingerprint"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[str] = mapped_column(String(16))  # "encryption" or "hmac"
    fingerprint: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]


# -- analytics: experiments on script versions ----------------------------------


class Experiment(Base):
    """A comparison of script versions on a share of new conversations.

    The sample size per arm is fixed when it starts (from the baseline rate and
    the smallest lift worth finding), so nobody stops it early on a lucky look.
    ``status``: running → finished (by an admin).
    """

    __tablename__ = "experiments"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="running")
    baseline: Mapped[Decimal]
    min_effect: Mapped[Decimal]
    alpha: Mapped[Decimal]
    power: Mapped[Decimal]
    sample_size: Mapped[int] = mapped_column(Integer)
    started_by: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]

    arms: Mapped[list[ExperimentArm]] = relationship(order_by="ExperimentArm.position")


class ExperimentArm(Base):
    """One arm: a script version and its share of the traffic (the first is the control).

    ``status``: active, or stopped (by the safety rule or an admin; its
    accounts then get the control version and are no longer counted).
    """

    __tablename__ = "experiment_arms"
    __table_args__ = (UniqueConstraint("experiment_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    experiment_id: Mapped[int] = mapped_column(ForeignKey("experiments.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(32))
    script_version_id: Mapped[int] = mapped_column(ForeignKey("script_versions.id"))
    # A named variant of the version's prompts ("choose_plan@firm" is said for
    # "choose_plan"); None: the prompts as they are.
    variant: Mapped[str | None] = mapped_column(String(32))
    share: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="active")
    stopped_reason: Mapped[str | None] = mapped_column(Text)
    stopped_at: Mapped[datetime | None]


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
