"""lookup indexes: opt-outs by chat, and the child side of foreign keys

Every inbound message and every delivery claim asks whether the chat opted out
or blocked the bot (``opt_outs`` by platform and user): without an index that
was a scan of every opt-out ever recorded, per message. The other indexes are
the child side of foreign keys that had none (reminders of an agreement, an
instalment or an outbox item; circumstances and audit entries of a
conversation), which erasing an account's data and deleting rows look up.

Revision ID: 0016_lookup_indexes
Revises: 0015_circumstances
"""

from __future__ import annotations

from alembic import op

revision = "0016_lookup_indexes"
down_revision = "0015_circumstances"
branch_labels = None
depends_on = None

INDEXES = [
    ("ix_opt_outs_user", "opt_outs", ["platform", "platform_user_id"]),
    ("ix_reminders_agreement_id", "reminders", ["agreement_id"]),
    ("ix_reminders_instalment_id", "reminders", ["instalment_id"]),
    ("ix_reminders_outbox_id", "reminders", ["outbox_id"]),
    ("ix_circumstances_conversation_id", "circumstances", ["conversation_id"]),
    ("ix_audit_log_conversation_id", "audit_log", ["conversation_id"]),
]


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
