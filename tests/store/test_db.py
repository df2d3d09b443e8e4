"""Connection settings repaybot relies on: SQLite tuning, psycopg 3 with pre-ping."""

from __future__ import annotations

import gc
import warnings
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from bot.store.db import Database, DatabaseError, normalize_url


def test_sqlite_connections_use_wal_normal_sync_foreign_keys_and_busy_timeout(
    tmp_path: Path,
) -> None:
    db = Database(f"sqlite:///{tmp_path / 'x.db'}")
    try:
        with db.engine.connect() as conn:
            pragmas = {
                name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
            }
    finally:
        db.stop()
    # synchronous: 0 OFF, 1 NORMAL, 2 FULL
    assert pragmas == {
        "journal_mode": "wal",
        "synchronous": 1,
        "foreign_keys": 1,
        "busy_timeout": 10000,
    }


def test_foreign_keys_are_enforced(db: Database) -> None:
    with pytest.raises(IntegrityError), db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO identities (account_id, platform, platform_user_id, chat_id,"
                " bound_at, unreachable) VALUES (999, 't', 'u', 'c', :t, false)"
            ),
            {"t": datetime(2026, 1, 1, tzinfo=UTC)},
        )


def test_postgresql_uses_psycopg3_and_pre_ping(_pg_url: str) -> None:
    db = Database(_pg_url.replace("postgresql+psycopg://", "postgresql://"))
    try:
        assert db.engine.dialect.driver == "psycopg"
        assert db.engine.pool._pre_ping is True  # type: ignore[attr-defined]
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT 1")).scalar() == 1
    finally:
        db.stop()


def test_plain_postgresql_urls_use_psycopg3() -> None:
    assert normalize_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalize_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalize_url("sqlite:///x.db") == "sqlite:///x.db"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://u@h/db", "unsupported database 'mysql'"),
        ("not a url", "not a valid database URL"),
    ],
)
def test_unusable_urls_are_clear_errors(url: str, message: str) -> None:
    with pytest.raises(DatabaseError, match=message):
        Database(url)


def test_unreachable_server_is_one_readable_line() -> None:
    db = Database("postgresql+psycopg://postgres@127.0.0.1:1/nope")
    try:
        with pytest.raises(DatabaseError) as err:
            db.check()
    finally:
        db.stop()
    assert str(err.value).startswith("cannot connect to the database postgresql+psycopg://")
    assert "\n" not in str(err.value)


def test_a_connection_in_use_at_stop_is_closed_when_given_back(db_url: str) -> None:
    db = Database(db_url)
    conn = db.engine.connect()
    conn.execute(text("SELECT 1"))
    raw = conn.connection.dbapi_connection
    db.stop()  # e.g. the app stops while a worker thread still holds a session
    conn.close()
    with pytest.raises(Exception, match="closed"):
        raw.cursor().execute("SELECT 1")  # type: ignore[union-attr]
    del conn, raw
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        del db
        gc.collect()
    assert [w for w in caught if issubclass(w.category, ResourceWarning)] == []
