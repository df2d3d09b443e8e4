"""Every statement of the message path finds its rows through an index.

A debtor's message is answered in one transaction whose statements look up the
chat's conversation, whether it opted out or blocked the bot, the account's open
cases, and write the replies and their outbox items; the delivery core then claims
and records them. Each of those must cost the same with ten opt-outs or a
million: no statement may read a whole table that grows with debtors or messages
(an opt-out lookup without an index read every opt-out ever recorded, per
message). The plans are read from the database itself: SQLite's ``EXPLAIN QUERY
PLAN``, and PostgreSQL's ``EXPLAIN`` with sequential scans priced out, so a
sequential scan in its plan means there was no index to use.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import event, text

from bot.app import App
from bot.store.outbox import Outcomes
from tests.dialog.conftest import Debtor

# Tables whose rows grow with debtors, chats and messages (not settings such as
# experiments or script versions, which stay small).
GROWING = {
    "accounts", "agreements", "audit_log", "circumstances", "conversations", "escalations",
    "events", "identities", "instalments", "messages", "offers", "opt_outs", "outbox",
    "reminders", "verification_attempts",
}  # fmt: skip


def _statements(app: App, run: Any) -> dict[str, Any]:
    seen: dict[str, Any] = {}

    def log(_conn: Any, _cursor: Any, statement: str, params: Any, _ctx: Any, many: bool) -> None:
        if statement.lstrip().startswith(("SELECT", "UPDATE", "DELETE", "INSERT", "WITH")):
            seen.setdefault(statement, params[0] if many and isinstance(params, list) else params)

    event.listen(app.db.engine, "before_cursor_execute", log)
    try:
        run()
    finally:
        event.remove(app.db.engine, "before_cursor_execute", log)
    return seen


def _full_scans(app: App, statements: dict[str, Any]) -> list[str]:
    found = []
    with app.db.engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        cur = raw.cursor()
        if app.db.dialect == "sqlite":
            pattern = re.compile(r"^SCAN (\w+)")
            explain = "EXPLAIN QUERY PLAN "
        else:
            conn.execute(text("SET enable_seqscan = off"))
            pattern = re.compile(r"Seq Scan on (\w+)")
            explain = "EXPLAIN "
        for statement, params in statements.items():
            cur.execute(explain + statement, params)
            for row in cur.fetchall():
                line = str(row[3] if app.db.dialect == "sqlite" else row[0]).strip()
                match = pattern.search(line)
                if match and match.group(1) in GROWING:
                    found.append(f"{match.group(1)}: {' '.join(statement.split())[:160]}")
        conn.rollback()
    return found


@pytest.mark.parametrize("locale", ["en", "zh_CN"])
def test_the_message_path_reads_no_growing_table_whole(
    app: App, new_chat: Any, accounts: dict[str, Debtor], locale: str
) -> None:
    debtor = accounts[locale]

    def negotiate() -> None:
        chat = new_chat("index-1")
        chat.start(debtor.ref, locale=locale)
        chat.verify(debtor)
        chat.say("I can pay 50 a month" if locale == "en" else "每月只能还50")
        chat.say("1")
        chat.say("yes" if locale == "en" else "是")
        chat.say("when is the next payment?" if locale == "en" else "下次什么时候还")
        other = new_chat("index-2")
        other.start(debtor.ref, locale=locale)
        other.say("STOP")
        other.say("hello")
        items = app.outbox.claim_due("telegram", 100, 120, 0.0)
        assert items, "the replies were queued for delivery"
        app.outbox.record(Outcomes(sent=[(i.id, f"tg-{i.id}") for i in items]))

    statements = _statements(app, negotiate)
    assert len(statements) > 20  # the whole path ran: lookups, writes, claim, outcomes
    assert _full_scans(app, statements) == []
