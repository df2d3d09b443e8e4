"""Shared fixtures.

Every test that touches storage uses the ``db`` fixture, which runs it on SQLite
and on PostgreSQL. PostgreSQL comes from ``REPAYBOT_TEST_DATABASE_URL`` (default
``postgresql+psycopg://postgres@127.0.0.1:5432/test``); each test session
creates its own scratch database on that server, so parallel runs don't collide.
Outside CI an unreachable server skips the PostgreSQL half with a message; with
``CI=true`` it fails.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.config import Settings, load_settings
from bot.store.crypto import KeyMaterial, PersonalData
from bot.store.db import Database, normalize_url
from bot.store.migrate import upgrade
from bot.store.models import Base

PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

TEST_KEYS = KeyMaterial(
    encryption_keys=("kQ8d0m0b3q2mGg9l9m8u8zXy0T8b3P3n6oQm1m2x3yA=",),
    hmac_key="test-hmac-key",
    link_secret="test-link-secret",
)


REAL_PASSWORD_HASHER: list[object] = []  # the product's own, while the suite uses a cheap one

# Programs some tests need, by marker: outside CI a missing one skips those tests with
# one line saying what to install; with CI=true it fails them (like PostgreSQL).
NEEDS = {
    "browser": ("/usr/bin/chromium", "Debian's chromium (apt-get install chromium)"),
    "graphviz": ("dot", "Graphviz's dot program (apt-get install graphviz)"),
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Start the slowest tests first (browser and several server processes, then web), so
    that no worker is left alone with a long one at the end of a parallel run. Within each
    group the order is kept."""

    def weight(item: pytest.Item) -> int:
        if any(item.get_closest_marker(m) is not None for m in ("browser", "processes")):
            return 0
        return 1 if item.nodeid.startswith("tests/web/") else 2

    items.sort(key=weight)


def pytest_runtest_setup(item: pytest.Item) -> None:
    for marker, (program, what) in NEEDS.items():
        if item.get_closest_marker(marker) is None or shutil.which(program):
            continue
        message = f"needs {what}, which is not installed"
        if IN_CI:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)


@pytest.fixture(scope="session", autouse=True)
def _quick_password_hashes() -> Iterator[None]:
    """Argon2 with the lightest parameters: the same checks, without spending a large
    part of a second per sign-in. ``tests/test_users.py`` checks the real parameters."""
    from argon2 import PasswordHasher

    import bot.users

    real = bot.users._hasher
    REAL_PASSWORD_HASHER.append(real)
    bot.users._hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    bot.users._dummy_hash.cache_clear()
    yield
    bot.users._hasher = real
    bot.users._dummy_hash.cache_clear()


@pytest.fixture(scope="session")
def personal() -> PersonalData:
    """Personal-data crypto with fixed test keys."""
    return PersonalData(TEST_KEYS)


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite-template") / "template.db"
    db = Database(f"sqlite:///{path}")
    upgrade(db)
    db.stop()
    return path


@pytest.fixture(scope="session")
def _pg_url() -> Iterator[str]:
    base = normalize_url(os.environ.get("REPAYBOT_TEST_DATABASE_URL", PG_DEFAULT))
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    name = f"repaybot_test_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
            # A scratch database need not wait for the disk at every commit.
            conn.execute(text(f'ALTER DATABASE "{name}" SET synchronous_commit = off'))
    except Exception as exc:
        admin.dispose()
        message = f"PostgreSQL at {make_url(base).render_as_string()} is unreachable: {exc}"
        if IN_CI:
            pytest.fail(message, pytrace=False)
        pytest.skip(message + " (set REPAYBOT_TEST_DATABASE_URL to run the PostgreSQL half)")
    url = make_url(base).set(database=name).render_as_string(hide_password=False)
    db = Database(url)
    upgrade(db)
    db.stop()
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


# Empty every table and restart the sequences that moved. DELETE on a handful of rows
# takes milliseconds where TRUNCATE of every table takes a large part of a second.
_EMPTY_PG = ";".join(
    [f'DELETE FROM "{t.name}"' for t in reversed(Base.metadata.sorted_tables)]
    + [
        "SELECT setval(format('%%I.%%I', schemaname, sequencename)::regclass, 1, false)"
        " FROM pg_sequences WHERE schemaname = 'public' AND last_value IS NOT NULL"
    ]
)


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A migrated, empty database: SQLite and PostgreSQL."""
    if request.param == "sqlite":
        path = tmp_path / "test.db"
        shutil.copy(request.getfixturevalue("_sqlite_template"), path)
        database = Database(f"sqlite:///{path}")
    else:
        database = Database(request.getfixturevalue("_pg_url"))
        with database.engine.begin() as conn:
            conn.exec_driver_sql(_EMPTY_PG)
    yield database
    database.stop()


@pytest.fixture
def pg_url(request: pytest.FixtureRequest) -> str:
    """A migrated, empty PostgreSQL database alone, for tests of several server processes
    on one database (SQLite serves one process: DESIGN.md, "Scale-out")."""
    url: str = request.getfixturevalue("_pg_url")
    database = Database(url)
    with database.engine.begin() as conn:
        conn.exec_driver_sql(_EMPTY_PG)
    database.stop()
    return url


@pytest.fixture
def db_url(db: Database) -> str:
    """The URL of the ``db`` fixture's database (for CLI and app tests)."""
    return db.url


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    """Settings pointing at the test database with fixed keys."""
    env = {
        "REPAYBOT_DATABASE__URL": db_url,
        "REPAYBOT_SECURITY__ENCRYPTION_KEYS": TEST_KEYS.encryption_keys[0],
        "REPAYBOT_SECURITY__HMAC_KEY": TEST_KEYS.hmac_key,
        "REPAYBOT_SECURITY__LINK_SECRET": TEST_KEYS.link_secret,
        "REPAYBOT_SECURITY__KEY_FILE": str(tmp_path / "keys.json"),
        # Pages in the browser tests poll often: they wait for replies, not for a timer.
        "REPAYBOT_CONSOLE__QUEUE_POLL_SECONDS": "0.25",
    }
    return load_settings(None, environ=env)


@pytest.fixture
def now() -> datetime:
    """The fixed clock most tests use: a Tuesday afternoon in Shanghai."""
    return datetime(2026, 3, 10, 6, 0, tzinfo=UTC)
