"""circumstances: hardship and vulnerability a debtor told us about, per account

Revision ID: 0015_circumstances
Revises: 0014_report_indexes
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.store.types import UTCDateTime

revision = "0015_circumstances"
down_revision = "0014_report_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "circumstances",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "account_id",
            sa.Integer(),
            sa.ForeignKey("accounts.id", name="fk_circumstances_account_id_accounts"),
            nullable=False,
        ),
        sa.Column(
            "conversation_id",
            sa.Integer(),
            sa.ForeignKey("conversations.id", name="fk_circumstances_conversation_id_conversations"),
            nullable=True,
        ),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("said_at", UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_circumstances"),
    )
    op.create_index("ix_circumstances_account_id", "circumstances", ["account_id"])


def downgrade() -> None:
    op.drop_index("ix_circumstances_account_id", table_name="circumstances")
    op.drop_table("circumstances")
