"""conversation facts: the funnel steps a conversation reached, kept on the conversation

Eleven 0/1 columns on ``conversations`` say what happened in it: a message went
out (``contacted``), the debtor wrote (``replied``), a verification was tried
(``verify_attempted``) or passed (``verified``), an offer was made
(``offered``), an agreement recorded (``agreed``), an escalation opened
(``escalated``; ``disputed``, ``distressed``, ``complained`` by its reason), and
the account opted out while it ran (``opted_out``: an opt-out of its account at
or after its start and, once closed, at or before its end).

Triggers set each fact in the transaction of the row that establishes it,
whichever code writes that row (the dialog engine, replies and reminders, the
console, imports): the conversation row is updated once per fact, when it
first becomes true. ``opted_out`` is also worked out again when a conversation
is created or its account, start or end changes. The upgrade fills the facts of
existing conversations from their messages, verification attempts, offers,
agreements, escalations and opt-outs (the derivation the report used).

Revision ID: 0013_conversation_facts
Revises: 0012_message_template
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_conversation_facts"
down_revision = "0012_message_template"
branch_labels = None
depends_on = None

FACTS = (
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
)
# bot.analytics.metrics: DISPUTE_REASONS, DISTRESS_REASONS, COMPLAINT_REASONS.
DISPUTE = "('dispute', 'already_paid')"
DISTRESS = "('distress')"
COMPLAINT = "('abuse', 'complaint')"

# One row per conversation with the facts derived from the rows that establish them.
DERIVED = f"""
SELECT c.id AS id,
  COALESCE(m.sent, 0) AS contacted,
  COALESCE(m.inb, 0) AS replied,
  CASE WHEN v.cid IS NOT NULL THEN 1 ELSE 0 END AS verify_attempted,
  COALESCE(v.ok, 0) AS verified,
  CASE WHEN o.cid IS NOT NULL THEN 1 ELSE 0 END AS offered,
  CASE WHEN a.cid IS NOT NULL THEN 1 ELSE 0 END AS agreed,
  CASE WHEN e.cid IS NOT NULL THEN 1 ELSE 0 END AS escalated,
  COALESCE(e.dispute, 0) AS disputed,
  COALESCE(e.distress, 0) AS distressed,
  COALESCE(e.complaint, 0) AS complained,
  CASE WHEN c.account_id IS NOT NULL AND EXISTS (SELECT 1 FROM opt_outs x
    WHERE x.account_id = c.account_id AND x.created_at >= c.started_at
    AND (c.closed_at IS NULL OR x.created_at <= c.closed_at)) THEN 1 ELSE 0 END AS opted_out
FROM conversations c
LEFT JOIN (SELECT conversation_id AS cid,
    MAX(CASE WHEN direction = 'out' THEN 1 ELSE 0 END) AS sent,
    MAX(CASE WHEN direction = 'in' AND sender = 'debtor' THEN 1 ELSE 0 END) AS inb
  FROM messages GROUP BY conversation_id) m ON m.cid = c.id
LEFT JOIN (SELECT conversation_id AS cid,
    MAX(CASE WHEN success THEN 1 ELSE 0 END) AS ok
  FROM verification_attempts GROUP BY conversation_id) v ON v.cid = c.id
LEFT JOIN (SELECT DISTINCT conversation_id AS cid FROM offers) o ON o.cid = c.id
LEFT JOIN (SELECT DISTINCT conversation_id AS cid FROM agreements
  WHERE conversation_id IS NOT NULL) a ON a.cid = c.id
LEFT JOIN (SELECT conversation_id AS cid,
    MAX(CASE WHEN reason IN {DISPUTE} THEN 1 ELSE 0 END) AS dispute,
    MAX(CASE WHEN reason IN {DISTRESS} THEN 1 ELSE 0 END) AS distress,
    MAX(CASE WHEN reason IN {COMPLAINT} THEN 1 ELSE 0 END) AS complaint
  FROM escalations GROUP BY conversation_id) e ON e.cid = c.id
"""

_OPTED = """EXISTS (SELECT 1 FROM opt_outs x WHERE x.account_id = NEW.account_id
  AND x.created_at >= NEW.started_at
  AND (NEW.closed_at IS NULL OR x.created_at <= NEW.closed_at))"""


# PostgreSQL: one plpgsql function per source table.
PG_FUNCTIONS = {
    "messages": """
  IF NEW.direction = 'out' THEN
    UPDATE conversations SET contacted = true WHERE id = NEW.conversation_id AND NOT contacted;
  ELSIF NEW.direction = 'in' AND NEW.sender = 'debtor' THEN
    UPDATE conversations SET replied = true WHERE id = NEW.conversation_id AND NOT replied;
  END IF;""",
    "verification_attempts": """
  UPDATE conversations SET verify_attempted = true, verified = verified OR NEW.success
    WHERE id = NEW.conversation_id AND (NOT verify_attempted OR (NEW.success AND NOT verified));""",
    "offers": """
  UPDATE conversations SET offered = true WHERE id = NEW.conversation_id AND NOT offered;""",
    "agreements": """
  IF NEW.conversation_id IS NOT NULL THEN
    UPDATE conversations SET agreed = true WHERE id = NEW.conversation_id AND NOT agreed;
  END IF;""",
    "escalations": f"""
  IF NEW.conversation_id IS NOT NULL THEN
    UPDATE conversations SET escalated = true,
      disputed = disputed OR NEW.reason IN {DISPUTE},
      distressed = distressed OR NEW.reason IN {DISTRESS},
      complained = complained OR NEW.reason IN {COMPLAINT}
    WHERE id = NEW.conversation_id AND (NOT escalated
      OR (NOT disputed AND NEW.reason IN {DISPUTE})
      OR (NOT distressed AND NEW.reason IN {DISTRESS})
      OR (NOT complained AND NEW.reason IN {COMPLAINT}));
  END IF;""",
    "opt_outs": """
  IF NEW.account_id IS NOT NULL THEN
    UPDATE conversations SET opted_out = true
    WHERE account_id = NEW.account_id AND NOT opted_out AND started_at <= NEW.created_at
      AND (closed_at IS NULL OR closed_at >= NEW.created_at);
  END IF;""",
}

# SQLite: one trigger per fact (a WHEN clause picks the rows), 0/1 for booleans.
SQLITE_TRIGGERS = {
    "messages_out": (
        "messages",
        "NEW.direction = 'out'",
        "UPDATE conversations SET contacted = 1 WHERE id = NEW.conversation_id AND contacted = 0",
    ),
    "messages_in": (
        "messages",
        "NEW.direction = 'in' AND NEW.sender = 'debtor'",
        "UPDATE conversations SET replied = 1 WHERE id = NEW.conversation_id AND replied = 0",
    ),
    "verification_attempts": (
        "verification_attempts",
        "1",
        "UPDATE conversations SET verify_attempted = 1,"
        " verified = MAX(verified, CASE WHEN NEW.success THEN 1 ELSE 0 END)"
        " WHERE id = NEW.conversation_id"
        " AND (verify_attempted = 0 OR (NEW.success AND verified = 0))",
    ),
    "offers": (
        "offers",
        "1",
        "UPDATE conversations SET offered = 1 WHERE id = NEW.conversation_id AND offered = 0",
    ),
    "agreements": (
        "agreements",
        "NEW.conversation_id IS NOT NULL",
        "UPDATE conversations SET agreed = 1 WHERE id = NEW.conversation_id AND agreed = 0",
    ),
    "escalations": (
        "escalations",
        "NEW.conversation_id IS NOT NULL",
        f"UPDATE conversations SET escalated = 1,"
        f" disputed = MAX(disputed, NEW.reason IN {DISPUTE}),"
        f" distressed = MAX(distressed, NEW.reason IN {DISTRESS}),"
        f" complained = MAX(complained, NEW.reason IN {COMPLAINT})"
        f" WHERE id = NEW.conversation_id AND (escalated = 0"
        f" OR (disputed = 0 AND NEW.reason IN {DISPUTE})"
        f" OR (distressed = 0 AND NEW.reason IN {DISTRESS})"
        f" OR (complained = 0 AND NEW.reason IN {COMPLAINT}))",
    ),
    "opt_outs": (
        "opt_outs",
        "NEW.account_id IS NOT NULL",
        "UPDATE conversations SET opted_out = 1 WHERE account_id = NEW.account_id"
        " AND opted_out = 0 AND started_at <= NEW.created_at"
        " AND (closed_at IS NULL OR closed_at >= NEW.created_at)",
    ),
}
def upgrade() -> None:
    # Added in place on both databases: a batch copy of ``conversations`` on SQLite
    # would trip the foreign keys that point at it.
    for name in FACTS:
        op.add_column(
            "conversations",
            sa.Column(name, sa.Boolean(), nullable=False, server_default=sa.false()),
        )
    bind = op.get_bind()
    sets = ", ".join(f"{n} = f.{n} = 1" for n in FACTS)
    if bind.dialect.name == "postgresql":
        op.execute("SET LOCAL work_mem = '256MB'")
        op.execute(f"UPDATE conversations AS c SET {sets} FROM ({DERIVED}) AS f WHERE f.id = c.id")
        for table, body in PG_FUNCTIONS.items():
            op.execute(
                f"CREATE FUNCTION conversation_facts_{table}() RETURNS trigger"
                f" LANGUAGE plpgsql AS $$\nBEGIN{body}\n  RETURN NULL;\nEND $$"
            )
            op.execute(
                f"CREATE TRIGGER conversation_facts AFTER INSERT ON {table}"
                f" FOR EACH ROW EXECUTE FUNCTION conversation_facts_{table}()"
            )
        op.execute("CREATE FUNCTION conversation_facts_opted_out() RETURNS trigger"
                   f" LANGUAGE plpgsql AS $$\nBEGIN\n  NEW.opted_out := NEW.account_id IS NOT NULL"
                   f" AND {_OPTED};\n  RETURN NEW;\nEND $$")  # fmt: skip
        op.execute(
            "CREATE TRIGGER conversation_facts_opted_out_insert BEFORE INSERT ON conversations"
            " FOR EACH ROW WHEN (NEW.account_id IS NOT NULL)"
            " EXECUTE FUNCTION conversation_facts_opted_out()"
        )
        op.execute(
            "CREATE TRIGGER conversation_facts_opted_out_update BEFORE UPDATE ON conversations"
            " FOR EACH ROW WHEN (OLD.account_id IS DISTINCT FROM NEW.account_id"
            " OR OLD.started_at IS DISTINCT FROM NEW.started_at"
            " OR OLD.closed_at IS DISTINCT FROM NEW.closed_at)"
            " EXECUTE FUNCTION conversation_facts_opted_out()"
        )
        return
    op.execute(f"UPDATE conversations AS c SET {sets} FROM ({DERIVED}) AS f WHERE f.id = c.id")
    for name, (table, when, body) in SQLITE_TRIGGERS.items():
        op.execute(
            f"CREATE TRIGGER conversation_facts_{name} AFTER INSERT ON {table}"
            f" WHEN {when} BEGIN {body}; END"
        )
    op.execute(
        "CREATE TRIGGER conversation_facts_opted_out_insert AFTER INSERT ON conversations"
        f" WHEN NEW.account_id IS NOT NULL BEGIN UPDATE conversations SET opted_out = {_OPTED}"
        " WHERE id = NEW.id; END"
    )
    op.execute(
        "CREATE TRIGGER conversation_facts_opted_out_update"
        " AFTER UPDATE OF account_id, started_at, closed_at ON conversations"
        " WHEN OLD.account_id IS NOT NEW.account_id OR OLD.started_at IS NOT NEW.started_at"
        " OR OLD.closed_at IS NOT NEW.closed_at BEGIN UPDATE conversations"
        f" SET opted_out = NEW.account_id IS NOT NULL AND {_OPTED} WHERE id = NEW.id; END"
    )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        for table in PG_FUNCTIONS:
            op.execute(f"DROP TRIGGER IF EXISTS conversation_facts ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS conversation_facts_{table}()")
        for when in ("insert", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS conversation_facts_opted_out_{when} ON conversations")
        op.execute("DROP FUNCTION IF EXISTS conversation_facts_opted_out()")
    else:
        for name in (*SQLITE_TRIGGERS, "opted_out_insert", "opted_out_update"):
            op.execute(f"DROP TRIGGER IF EXISTS conversation_facts_{name}")
    # In place, as added (SQLite drops a column itself since 3.35).
    for name in FACTS:
        op.drop_column("conversations", name)
