"""channels: per-account addresses on email and SMS, consent and unusable channels

Revision ID: 0009_channels
Revises: 0008_instalment_paid_at
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import bot.store.types

revision = "0009_channels"
down_revision = "0008_instalment_paid_at"
branch_labels = None
depends_on = None


def _when(name: str, nullable: bool = False) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, bot.store.types.UTCDateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "contact_channels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("chat_id", sa.String(length=128), nullable=False),
        sa.Column("address_enc", sa.LargeBinary(), nullable=False),
        sa.Column("consent", sa.String(length=16), nullable=False),
        _when("unusable_at", nullable=True),
        sa.Column("unusable_reason", sa.Text(), nullable=True),
        _when("last_inbound_at", nullable=True),
        _when("created_at"),
        _when("updated_at"),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_contact_channels_account_id_accounts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_channels")),
        sa.UniqueConstraint("platform", "chat_id", name=op.f("uq_contact_channels_platform_chat_id")),
    )
    op.create_index(
        op.f("ix_contact_channels_account_id"), "contact_channels", ["account_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_contact_channels_account_id"), table_name="contact_channels")
    op.drop_table("contact_channels")
