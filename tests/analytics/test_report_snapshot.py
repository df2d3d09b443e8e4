"""On PostgreSQL the report's statements run at once on one snapshot: same figures,
and rows committed while it runs are in none of them."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from bot.analytics import snapshot
from bot.analytics.dims import Period
from bot.analytics.report import PG_SETTINGS, build_report
from bot.store.crypto import PersonalData
from bot.store.db import Database
from bot.store.models import Conversation
from tests.analytics import history


@pytest.mark.parametrize("by", [None, "creditor", "language"])
def test_at_once_or_one_after_the_other_the_figures_are_the_same(
    db: Database, personal: PersonalData, by: str | None
) -> None:
    with db.session() as s:
        history.build(s, personal)
    period = Period(history.SINCE, history.UNTIL, history.AS_OF)
    with db.session() as s:
        at_once = build_report(s, period, by).as_json()  # a fresh session
    with db.session() as s:
        s.execute(select(1))  # the session has run a statement: one after the other
        in_turn = build_report(s, period, by).as_json()
    assert at_once == in_turn


@pytest.mark.parametrize("db", ["postgresql"], indirect=True)
def test_every_statement_sees_the_snapshot_taken_first(db: Database) -> None:
    def count(s: Session) -> Any:
        return s.scalar(select(text("count(*)")).select_from(Conversation))

    def insert_then_count(s: Session) -> Any:
        # Another connection commits a conversation after the snapshot was taken.
        with db.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO conversations (platform, chat_id, user_id, state, context, mode,"
                    " locale, is_open, version, started_at, updated_at) VALUES ('telegram', 'x',"
                    " 'x', 'start', '{}', 'bot', 'en', true, 0, now(), now())"
                )
            )
        return count(s)

    with db.session() as s:
        first, second = snapshot.run_all(s, [insert_then_count, count], PG_SETTINGS)
    assert (first, second) == (0, 0)
    with db.session() as s:
        assert count(s) == 1
