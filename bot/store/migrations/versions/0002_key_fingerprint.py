"""key fingerprints: which keys wrote this database

Revision ID: 0002_key_fingerprint
Revises: 0001
Create Date: 2026-12-06 11:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import bot.store.types

revision = "0002_key_fingerprint"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "key_fingerprints",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("created_at", bot.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_key_fingerprints")),
        sa.UniqueConstraint(
            "purpose", "fingerprint", name=op.f("uq_key_fingerprints_purpose_fingerprint")
        ),
    )


def downgrade() -> None:
    op.drop_table("key_fingerprints")
