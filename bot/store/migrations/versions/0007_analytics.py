"""analytics: experiments on script versions, the arm on each conversation

Revision ID: 0007_analytics
Revises: 0002_key_fingerprint
Create Date: 2026-12-06 11:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import bot.store.types

revision = "0007_analytics"
down_revision = "0002_key_fingerprint"
branch_labels = None
depends_on = None

_MONEY = bot.store.types.Money(precision=20, scale=4)
_TS = bot.store.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "experiments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("baseline", _MONEY, nullable=False),
        sa.Column("min_effect", _MONEY, nullable=False),
        sa.Column("alpha", _MONEY, nullable=False),
        sa.Column("power", _MONEY, nullable=False),
        sa.Column("sample_size", sa.Integer(), nullable=False),
        sa.Column("started_by", sa.String(length=64), nullable=False),
        sa.Column("started_at", _TS, nullable=False),
        sa.Column("finished_at", _TS, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_experiments")),
        sa.UniqueConstraint("name", name=op.f("uq_experiments_name")),
    )
    op.create_table(
        "experiment_arms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("experiment_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("script_version_id", sa.Integer(), nullable=False),
        sa.Column("share", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("stopped_reason", sa.Text(), nullable=True),
        sa.Column("stopped_at", _TS, nullable=True),
        sa.ForeignKeyConstraint(
            ["experiment_id"],
            ["experiments.id"],
            name=op.f("fk_experiment_arms_experiment_id_experiments"),
        ),
        sa.ForeignKeyConstraint(
            ["script_version_id"],
            ["script_versions.id"],
            name=op.f("fk_experiment_arms_script_version_id_script_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_experiment_arms")),
        sa.UniqueConstraint(
            "experiment_id", "position", name=op.f("uq_experiment_arms_experiment_id_position")
        ),
    )
    op.create_index(
        op.f("ix_experiment_arms_experiment_id"), "experiment_arms", ["experiment_id"]
    )
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("experiment_arm_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            op.f("fk_conversations_experiment_arm_id_experiment_arms"),
            "experiment_arms",
            ["experiment_arm_id"],
            ["id"],
        )
    # The report joins agreements to the conversation they were made in.
    op.create_index("ix_agreements_conversation_id", "agreements", ["conversation_id"])
    op.create_index("ix_conversations_started_at", "conversations", ["started_at"])


def downgrade() -> None:
    op.drop_index("ix_conversations_started_at", table_name="conversations")
    op.drop_index("ix_agreements_conversation_id", table_name="agreements")
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.drop_constraint(
            op.f("fk_conversations_experiment_arm_id_experiment_arms"), type_="foreignkey"
        )
        batch_op.drop_column("experiment_arm_id")
    op.drop_index(op.f("ix_experiment_arms_experiment_id"), table_name="experiment_arms")
    op.drop_table("experiment_arms")
    op.drop_table("experiments")
