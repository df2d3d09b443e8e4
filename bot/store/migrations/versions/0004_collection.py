"""collection: one active agreement per account, payments, reminders

Revision ID: 0004_collection
Revises: 0007_analytics
Create Date: 2026-12-06 11:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import bot.store.types

revision = "0004_collection"
down_revision = "0007_analytics"
branch_labels = None
depends_on = None

_MONEY = bot.store.types.Money(precision=20, scale=4)


def upgrade() -> None:
    # Databases from before this revision may hold several active agreements for
    # one account: the newest stays active, the older ones become superseded.
    op.execute(
        "UPDATE agreements SET status = 'superseded' WHERE status = 'active' AND id NOT IN "
        "(SELECT max(id) FROM agreements WHERE status = 'active' GROUP BY account_id)"
    )
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("paid", _MONEY, server_default="0", nullable=False))
        batch_op.add_column(sa.Column("waived", _MONEY, server_default="0", nullable=False))
        batch_op.add_column(sa.Column("credit", _MONEY, server_default="0", nullable=False))
    with op.batch_alter_table("agreements", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("moves_used", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(
            sa.Column("closed_at", bot.store.types.UTCDateTime(timezone=True), nullable=True)
        )
    op.create_index(
        "uq_agreements_one_active",
        "agreements",
        ["account_id"],
        unique=True,
        sqlite_where=sa.text("status = 'active'"),
        postgresql_where=sa.text("status = 'active'"),
    )
    with op.batch_alter_table("instalments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("paid", _MONEY, server_default="0", nullable=False))
        batch_op.add_column(
            sa.Column("status", sa.String(length=8), server_default="open", nullable=False)
        )
        batch_op.add_column(
            sa.Column("closed_at", bot.store.types.UTCDateTime(timezone=True), nullable=True)
        )
    op.create_table(
        "payments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("external_id", sa.String(length=128), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("amount", _MONEY, nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("paid_at", bot.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("applied", _MONEY, nullable=False),
        sa.Column("credit", _MONEY, nullable=False),
        sa.Column("allocations", sa.JSON(), nullable=False),
        sa.Column("created_at", bot.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_payments_account_id_accounts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payments")),
        sa.UniqueConstraint("external_id", name=op.f("uq_payments_external_id")),
    )
    op.create_index(op.f("ix_payments_account_id"), "payments", ["account_id"], unique=False)
    op.create_table(
        "reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("instalment_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("due_at", bot.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("outbox_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=200), nullable=True),
        sa.Column("created_at", bot.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("done_at", bot.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_reminders_account_id_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["agreement_id"], ["agreements.id"], name=op.f("fk_reminders_agreement_id_agreements")
        ),
        sa.ForeignKeyConstraint(
            ["instalment_id"],
            ["instalments.id"],
            name=op.f("fk_reminders_instalment_id_instalments"),
        ),
        sa.ForeignKeyConstraint(
            ["outbox_id"], ["outbox.id"], name=op.f("fk_reminders_outbox_id_outbox")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminders")),
        sa.UniqueConstraint("key", name=op.f("uq_reminders_key")),
    )
    op.create_index(op.f("ix_reminders_account_id"), "reminders", ["account_id"], unique=False)
    op.create_index("ix_reminders_due", "reminders", ["status", "due_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_reminders_due", table_name="reminders")
    op.drop_index(op.f("ix_reminders_account_id"), table_name="reminders")
    op.drop_table("reminders")
    op.drop_index(op.f("ix_payments_account_id"), table_name="payments")
    op.drop_table("payments")
    with op.batch_alter_table("instalments", schema=None) as batch_op:
        batch_op.drop_column("closed_at")
        batch_op.drop_column("status")
        batch_op.drop_column("paid")
    op.drop_index("uq_agreements_one_active", table_name="agreements")
    with op.batch_alter_table("agreements", schema=None) as batch_op:
        batch_op.drop_column("closed_at")
        batch_op.drop_column("moves_used")
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.drop_column("credit")
        batch_op.drop_column("waived")
        batch_op.drop_column("paid")
