"""Run the report's independent statements at once, on one PostgreSQL snapshot.

The report's statements (conversations, agreements, escalations, where
conversations ended) read the same rows and depend on nothing of each other.
On PostgreSQL, when the caller's session has not run a statement yet (so it
holds nothing the other connections could not see), the session opens a
``REPEATABLE READ`` transaction and exports its snapshot; each other
statement runs on a connection of its own (read-only) that imports that snapshot, so every
statement sees exactly the same committed rows (more consistent than one
``READ COMMITTED`` transaction, where each statement takes its own snapshot)
and the server works on them in parallel. Otherwise they run one after the
other in the caller's session.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

Statement = Callable[[Session], Any]

#: A PostgreSQL snapshot id (``pg_export_snapshot()``), e.g. ``00000003-0000001B-1``.
_SNAPSHOT = re.compile(r"^[0-9A-F]+(-[0-9A-F]+)+$")


def _settings(session: Session, settings: dict[str, str]) -> None:
    for name, value in settings.items():
        session.execute(text(f"SET LOCAL {name} = '{value}'"))


def _on_snapshot(engine: Engine, snapshot: str, settings: dict[str, str], run: Statement) -> Any:
    with Session(bind=engine) as session:
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        session.execute(text(f"SET TRANSACTION SNAPSHOT '{snapshot}'"))
        session.execute(text("SET TRANSACTION READ ONLY"))
        _settings(session, settings)
        try:
            return run(session)
        finally:
            session.rollback()


def _unused(session: Session) -> bool:
    """Whether the session has not talked to the database yet (a transaction begun with
    ``session.begin()`` holds no connection until the first statement)."""
    tx = session.get_transaction()
    if tx is None:
        return True
    # SQLAlchemy keeps a transaction's connections here; if that ever changes, the
    # statements simply run one after the other.
    connections = getattr(tx, "_connections", None)
    return isinstance(connections, dict) and not connections and tx.parent is None


def run_all(
    session: Session, statements: Sequence[Statement], settings: dict[str, str]
) -> list[Any]:
    """The results of ``statements`` (in order), each given a session to run in.

    ``settings`` are ``SET LOCAL`` in every transaction on PostgreSQL.
    """
    bind = session.get_bind()
    postgres = bind.dialect.name == "postgresql"
    if not postgres or not _unused(session) or not isinstance(bind, Engine):
        if postgres:
            _settings(session, settings)
        return [run(session) for run in statements]
    session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    snapshot = str(session.scalar(text("SELECT pg_export_snapshot()")))
    if not _SNAPSHOT.match(snapshot):  # pragma: no cover - PostgreSQL's own format
        raise RuntimeError(f"unexpected snapshot id {snapshot!r}")
    _settings(session, settings)
    first, rest = statements[0], statements[1:]
    with ThreadPoolExecutor(max_workers=len(rest), thread_name_prefix="report") as pool:
        futures = [pool.submit(_on_snapshot, bind, snapshot, settings, run) for run in rest]
        results = [first(session)]
        results.extend(f.result() for f in futures)
    return results
