"""Conversations and their log: messages, events, escalations, opt-outs, chat links,
the inbox of platform deliveries and the outbox of what is sent."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.store.models.base import Base

if TYPE_CHECKING:
    from bot.store.models.people import Account


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
    # Every inbound message and every delivery claim asks whether its chat opted out
    # or blocked the bot: one index probe, however many opt-outs are kept.
    __table_args__ = (Index("ix_opt_outs_user", "platform", "platform_user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"), index=True)
    platform: Mapped[str] = mapped_column(String(16))
    platform_user_id: Mapped[str] = mapped_column(String(128))
    source: Mapped[str] = mapped_column(String(32))  # typed | command | blocked | unsubscribe
    created_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class LinkToken(Base):
    """A deep-link token that has been used (single use)."""

    __tablename__ = "link_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_id: Mapped[str] = mapped_column(String(64), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    channel: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class InboxEvent(Base):
    """One change agents' screens should show (read by the live-update stream by id)."""

    __tablename__ = "inbox_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    conversation_id: Mapped[int | None] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(index=True)


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


# The live inbox reads deliveries by the time they were sent.
Index("ix_outbox_sent_at", OutboxItem.sent_at)
