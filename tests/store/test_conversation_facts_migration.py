"""Migration 0013 fills the funnel facts of existing conversations from their rows."""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.analytics import metrics
from bot.analytics.dims import Period
from bot.analytics.report import build_report
from bot.store.crypto import PersonalData
from bot.store.db import Database, normalize_url
from bot.store.migrate import alembic_config, current_revision, upgrade
from bot.store.models import Conversation, Escalation
from tests.analytics import history
from tests.conftest import PG_DEFAULT
from tests.store import facts

BEFORE = "0012_message_template"


@pytest.fixture(params=["sqlite", "postgresql"])
def scratch(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A database of its own (this test migrates down and up again)."""
    if request.param == "sqlite":
        database = Database(f"sqlite:///{tmp_path / 'facts.db'}")
        yield database
        database.stop()
        return
    request.getfixturevalue("_pg_url")  # skips (or fails in CI) without PostgreSQL
    base = normalize_url(os.environ.get("REPAYBOT_TEST_DATABASE_URL", PG_DEFAULT))
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    name = f"repaybot_facts_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    database = Database(make_url(base).set(database=name).render_as_string(hide_password=False))
    try:
        yield database
    finally:
        database.stop()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _migrate(db: Database, revision: str, *, down: bool = False) -> None:
    if not down:
        upgrade(db, revision)
        return
    cfg = alembic_config(db)
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)


def _report(db: Database) -> dict[str, Any]:
    period = Period(history.SINCE, history.UNTIL, history.AS_OF)
    with db.session() as s:
        return {
            "all": build_report(s, period).as_json(),
            "creditor": build_report(s, period, "creditor").as_json(),
        }


def test_upgrade_fills_the_facts_the_triggers_keep(
    scratch: Database, personal: PersonalData
) -> None:
    upgrade(scratch)
    with scratch.session() as s:
        history.build(s, personal)
    with scratch.session() as s:
        written = facts.stored(s)
        assert written == facts.derived(s)
    report = _report(scratch)
    assert report["all"]["funnel"]["contacted"] == 5  # the history of test_report.py

    _migrate(scratch, BEFORE, down=True)
    with scratch.engine.connect() as conn:
        columns = set(conn.exec_driver_sql("SELECT * FROM conversations LIMIT 0").keys())
    assert not columns & set(facts.FACTS)
    _migrate(scratch, "head")
    assert current_revision(scratch) is not None

    with scratch.session() as s:
        assert facts.stored(s) == written
    assert _report(scratch) == report

    # The triggers are back: a complaint escalation marks its conversation.
    with scratch.session() as s:
        conv = s.query(Conversation).filter(Conversation.account_id.is_not(None)).first()
        assert conv is not None
        at = conv.started_at + timedelta(minutes=5)
        s.add(Escalation(conversation_id=conv.id, account_id=conv.account_id, reason="abuse",
                         priority=2, created_at=at))  # fmt: skip
    with scratch.session() as s:
        after = facts.stored(s)
        assert after == facts.derived(s)
        assert after[conv.id]["complained"] == 1


def test_the_reasons_in_the_triggers_are_the_reports() -> None:
    def names(sql: str) -> set[str]:
        return set(re.findall(r"'([a-z_]+)'", sql))

    m = facts.MIGRATION
    assert names(m.DISPUTE) == set(metrics.DISPUTE_REASONS)
    assert names(m.DISTRESS) == set(metrics.DISTRESS_REASONS)
    assert names(m.COMPLAINT) == set(metrics.COMPLAINT_REASONS)
