"""analytics: when each instalment was paid in full

Revision ID: 0008_instalment_paid_at
Revises: 0003_console
Create Date: 2026-12-06 13:45:00

The promise-kept rate needs to know whether an instalment was paid in full by
its due date. Instalments already paid get the time of the payment that
completed them, replayed from the payments' allocations in the order they were
applied.
"""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa
from alembic import op

import bot.store.types

revision = "0008_instalment_paid_at"
down_revision = "0003_console"
branch_labels = None
depends_on = None

_TS = bot.store.types.UTCDateTime(timezone=True)
_MONEY = bot.store.types.Money(precision=20, scale=4)


def upgrade() -> None:
    with op.batch_alter_table("instalments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("paid_at", _TS, nullable=True))
    _backfill()


def _backfill() -> None:
    payments = sa.table(
        "payments",
        sa.column("id", sa.Integer()),
        sa.column("paid_at", _TS),
        sa.column("allocations", sa.JSON()),
    )
    instalments = sa.table(
        "instalments",
        sa.column("id", sa.Integer()),
        sa.column("amount", _MONEY),
        sa.column("status", sa.String()),
        sa.column("paid_at", _TS),
    )
    conn = op.get_bind()
    amounts = {
        i: a
        for i, a in conn.execute(
            sa.select(instalments.c.id, instalments.c.amount).where(
                instalments.c.status == "paid"
            )
        )
    }
    if not amounts:
        return
    paid: dict[int, Decimal] = {}
    done: dict[int, object] = {}
    rows = conn.execute(
        sa.select(payments.c.paid_at, payments.c.allocations).order_by(payments.c.id)
    )
    for paid_at, allocations in rows:
        for inst_id, amount in allocations or []:
            if inst_id not in amounts or inst_id in done:
                continue
            paid[inst_id] = paid.get(inst_id, Decimal(0)) + Decimal(str(amount))
            if paid[inst_id] >= amounts[inst_id]:
                done[inst_id] = paid_at
    for inst_id, when in done.items():
        conn.execute(
            sa.update(instalments).where(instalments.c.id == inst_id).values(paid_at=when)
        )


def downgrade() -> None:
    with op.batch_alter_table("instalments", schema=None) as batch_op:
        batch_op.drop_column("paid_at")
