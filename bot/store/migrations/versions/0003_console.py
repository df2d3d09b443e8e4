"""console: sign-in throttles, rate counters, API tokens, inbox events, lanes, presence

Revision ID: 0003_console
Revises: 0004_collection
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import bot.store.types

revision = "0003_console"
down_revision = "0004_collection"
branch_labels = None
depends_on = None


def _when(name: str, nullable: bool = False) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, bot.store.types.UTCDateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "login_throttles",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        _when("last_failure_at"),
        _when("blocked_until", nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_login_throttles")),
    )
    op.create_table(
        "rate_counters",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        _when("expires_at"),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_rate_counters")),
    )
    op.create_index(op.f("ix_rate_counters_expires_at"), "rate_counters", ["expires_at"])
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("scopes", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        _when("created_at"),
        _when("last_used_at", nullable=True),
        _when("revoked_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_tokens_token_hash")),
    )
    op.create_table(
        "inbox_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        _when("created_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbox_events")),
    )
    op.create_index(op.f("ix_inbox_events_created_at"), "inbox_events", ["created_at"])
    op.add_column(
        "escalations",
        sa.Column("lane", sa.String(length=16), server_default="main", nullable=False),
    )
    op.create_index(
        "ix_escalations_queue", "escalations", ["status", "lane", "priority", "created_at"]
    )
    op.create_index("ix_outbox_sent_at", "outbox", ["sent_at"])
    op.add_column(
        "users",
        sa.Column("presence", sa.String(length=8), server_default="online", nullable=False),
    )


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("presence")
    op.drop_index("ix_outbox_sent_at", table_name="outbox")
    op.drop_index("ix_escalations_queue", table_name="escalations")
    with op.batch_alter_table("escalations") as batch:
        batch.drop_column("lane")
    op.drop_index(op.f("ix_inbox_events_created_at"), table_name="inbox_events")
    op.drop_table("inbox_events")
    op.drop_table("api_tokens")
    op.drop_index(op.f("ix_rate_counters_expires_at"), table_name="rate_counters")
    op.drop_table("rate_counters")
    op.drop_table("login_throttles")
