"""Database connection: engine, sessions, SQLite tuning, clear connection errors."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

T = TypeVar("T")


class DatabaseError(Exception):
    """The database cannot be used (bad URL, unreachable server, not migrated)."""


def normalize_url(url: str) -> str:
    """Use psycopg 3 for plain ``postgresql://`` URLs."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


@functools.lru_cache(maxsize=512)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def local_date(stored: str | None, zone: str | None) -> str | None:
    """The calendar day (ISO) of a stored UTC timestamp in time zone ``zone`` (UTC when
    the name is unknown): SQLite's ``local_date(ts, tz)``, which it lacks."""
    if stored is None:
        return None
    moment = datetime.fromisoformat(stored).replace(tzinfo=UTC)
    try:
        tz: tzinfo = _zone(zone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        tz = UTC
    return moment.astimezone(tz).date().isoformat()


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.create_function("local_date", 2, local_date, deterministic=True)
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def _sqlite_begin(conn: Any) -> None:
    # pysqlite defers BEGIN; take the write lock at the start of each transaction so
    # two writers serialise instead of failing with "database is locked" on upgrade.
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str, echo: bool = False) -> Engine:
    """Create an engine for ``url`` with the settings repaybot relies on."""
    url = normalize_url(url)
    # Statement parameters carry what debtors type: keep them out of logs and error
    # messages (which end up in logs) even when echo is on.
    common: dict[str, Any] = {"echo": echo, "hide_parameters": True}
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseError(f"database.url is not a valid database URL: {url!r}") from None
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(
            parsed, **common, connect_args={"check_same_thread": False, "timeout": 30}
        )
        event.listen(engine, "connect", _sqlite_pragmas)

        @event.listens_for(engine, "connect")
        def _no_autobegin(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None

        event.listen(engine, "begin", _sqlite_begin)
        return engine
    if parsed.get_backend_name() == "postgresql":
        return create_engine(parsed, **common, pool_pre_ping=True, pool_size=10)
    raise DatabaseError(
        f"database.url: unsupported database {parsed.get_backend_name()!r} "
        "(use sqlite:///file.db or postgresql+psycopg://...)"
    )


class Database:
    """Owns the engine and hands out sessions; ``start`` checks the connection."""

    def __init__(self, url: str, echo: bool = False) -> None:
        self.url = normalize_url(url)
        self.engine = make_engine(self.url, echo=echo)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.stopped = False
        self._executor: ThreadPoolExecutor | None = None
        event.listen(self.engine, "checkin", self._close_if_stopped)

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """Run blocking database work ``fn(*args)`` off the event loop.

        SQLite allows one writer at a time, so its work runs on one thread: the
        transactions queue here instead of waiting on the file lock. PostgreSQL
        gets a thread per pooled connection.
        """
        if self._executor is None:
            workers = 1 if self.dialect == "sqlite" else 10
            self._executor = ThreadPoolExecutor(workers, thread_name_prefix="db")
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, functools.partial(fn, *args))

    def _close_if_stopped(self, dbapi_conn: Any, _record: Any) -> None:
        # A connection still in use when stop() ran comes back to a pool that was
        # disposed and would never close it: close it here instead.
        if self.stopped and dbapi_conn is not None:
            dbapi_conn.close()

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    def check(self) -> None:
        """Connect once; raise DatabaseError with a readable reason if that fails."""
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except OperationalError as exc:
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            raise DatabaseError(
                f"cannot connect to the database {self.safe_url}: {reason}"
            ) from None

    @property
    def missing_file(self) -> str | None:
        """The SQLite file of this URL when it does not exist (connecting would create it)."""
        url = make_url(self.url)
        name = url.database or ""
        if url.get_backend_name() != "sqlite" or not name or name == ":memory:":
            return None
        if name.startswith("file:"):
            return None
        return None if Path(name).exists() else name

    @property
    def safe_url(self) -> str:
        """The URL with any password hidden."""
        return make_url(self.url).render_as_string(hide_password=True)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in a transaction: committed on success, rolled back on error."""
        with self.sessions() as s, s.begin():
            yield s

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A Core connection in a transaction: committed on success, rolled back on error.

        Lighter than :meth:`session` for work that needs no ORM objects (the
        delivery core's claims and outcomes).
        """
        with self.engine.begin() as conn:
            yield conn

    def stop(self) -> None:
        """Close every pooled connection; connections in use close when given back."""
        self.stopped = True
        if self._executor is not None:
            self._executor.shutdown(wait=False)
            self._executor = None
        self.engine.dispose()
