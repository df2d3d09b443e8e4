"""console: an index for the inbox's history tab

Revision ID: 0010_inbox_history
Revises: 0009_channels

The history tab lists closed escalations newest first and every live update
counts them; with a long history both need an index led by ``status``.
"""

from __future__ import annotations

from alembic import op

revision = "0010_inbox_history"
down_revision = "0009_channels"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_escalations_history", "escalations", ["status", "closed_at", "id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_escalations_history", table_name="escalations")
