"""message template: a started message that goes as a platform template (WeChat)

Revision ID: 0012_message_template
Revises: 0011_arm_variant
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_message_template"
down_revision = "0011_arm_variant"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("template", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("template")
