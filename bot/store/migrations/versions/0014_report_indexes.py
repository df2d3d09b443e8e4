"""report indexes: the conversations' facts in account order, agent replies per conversation

``ix_conversations_facts`` orders conversations by account and start and (on
PostgreSQL) carries the funnel facts and the columns the report groups by, so
the report folds a period's conversations per account from the index alone,
in order, without sorting or hashing a row per conversation. None of them
changes with every message (the state and timestamps are not in it), so those
updates stay in place (HOT).

``ix_messages_agent_replies`` holds only the agents' messages, so the first
agent reply after each escalation is one index probe.

Revision ID: 0014_report_indexes
Revises: 0013_conversation_facts
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014_report_indexes"
down_revision = "0013_conversation_facts"
branch_labels = None
depends_on = None

#: The columns the report reads from a conversation besides its account and start.
CARRIED = [
    "platform",
    "locale",
    "script_version_id",
    "experiment_arm_id",
    "contacted",
    "replied",
    "verify_attempted",
    "verified",
    "offered",
    "agreed",
    "escalated",
    "disputed",
    "distressed",
    "complained",
    "opted_out",
]


def upgrade() -> None:
    op.create_index(
        "ix_conversations_facts",
        "conversations",
        ["account_id", "started_at"],
        postgresql_include=CARRIED,
    )
    op.create_index(
        "ix_messages_agent_replies",
        "messages",
        ["conversation_id", "created_at"],
        sqlite_where=sa.text("sender = 'agent'"),
        postgresql_where=sa.text("sender = 'agent'"),
    )


def downgrade() -> None:
    op.drop_index("ix_messages_agent_replies", table_name="messages")
    op.drop_index("ix_conversations_facts", table_name="conversations")
