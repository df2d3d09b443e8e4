"""analytics: an experiment arm may be a named variant of the script's prompts

Revision ID: 0011_arm_variant
Revises: 0010_inbox_history
Create Date: 2026-12-06 14:15:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_arm_variant"
down_revision = "0010_inbox_history"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("experiment_arms", schema=None) as batch_op:
        batch_op.add_column(sa.Column("variant", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("experiment_arms", schema=None) as batch_op:
        batch_op.drop_column("variant")
