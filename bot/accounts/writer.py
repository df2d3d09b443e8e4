"""Batch upsert of validated account rows, with encryption off the main process.

For each batch: one ``SELECT`` of its refs and their ``row_hash``; unchanged rows
are counted and skipped (never re-encrypted); new and changed rows are encrypted,
then inserted in bulk or updated by primary key in one transaction. ``status``,
``legal_hold`` and ``created_at`` are never updated.

Encryption (Fernet, three fields a row) is the dominant cost, so it can run in a
process pool while the main process reads, validates and writes the next
batches. Writes stay in file order: a batch that shares a ref with a batch still
being encrypted waits for it to be written first, so the later row always wins.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from multiprocessing import get_context
from typing import Any, ParamSpec, TypeVar, cast

from sqlalchemy import Table, select
from sqlalchemy.exc import IntegrityError

from bot.accounts.rows import AccountRow
from bot.store.accounts import AccountWrites
from bot.store.crypto import KeyMaterial, PersonalData
from bot.store.db import Database
from bot.store.models import Account

P = ParamSpec("P")
T = TypeVar("T")

# (name, ISO date of birth, ID last-4, phone, email) in clear, and what is stored:
# (name, dob_hash, id_last4_hash, phone, email).
Clear = tuple[str, str | None, str | None, str | None, str | None]
Protected = tuple[bytes, str | None, str | None, bytes | None, bytes | None]

# Columns that differ per row, then those equal for every row of an import.
_ROW_COLUMNS = (
    "account_ref",
    "full_name_enc",
    "dob_hash",
    "id_last4_hash",
    "phone_enc",
    "email_enc",
    "creditor",
    "currency",
    "principal",
    "interest",
    "fees",
    "due_date",
    "locale",
    "timezone",
    "row_hash",
)
_CONSTANT_COLUMNS = ("status", "legal_hold", "created_at", "updated_at")
_INSERT_COLUMNS = _ROW_COLUMNS + _CONSTANT_COLUMNS
_UPDATE_COLUMNS = (*_ROW_COLUMNS[1:], "updated_at")
# Per-row values whose stored form differs from the Python value (Money, Date).
_CONVERTED = ("principal", "interest", "fees", "due_date")


@dataclass(slots=True)
class Pending:
    """A validated row waiting to be written, with its keyed row hash."""

    row: AccountRow
    row_hash: str


@dataclass
class Counts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0


def clear_fields(row: AccountRow) -> Clear:
    """The personal data of a row, as strings (cheap to send to a worker)."""
    dob = row.date_of_birth.isoformat() if row.date_of_birth else None
    return (row.full_name, dob, row.id_last4, row.phone, row.email)


def protect(personal: PersonalData, rows: Sequence[Clear]) -> list[Protected]:
    """Encrypt name, phone and email; hash date of birth and ID last-4.

    The hash kinds and normalisations (``dob`` + ISO date, ``id_last4`` + upper
    case) are the ones identity verification compares against.
    """
    enc = personal.encrypt
    dig = personal.digest
    return [
        (
            enc(name),
            dig("dob", dob) if dob else None,
            dig("id_last4", last4) if last4 else None,
            enc(phone) if phone else None,
            enc(email) if email else None,
        )
        for name, dob, last4, phone, email in rows
    ]


_worker_personal: PersonalData | None = None


def _init_worker(keys: KeyMaterial) -> None:
    global _worker_personal
    _worker_personal = PersonalData(keys)


def _protect_in_worker(rows: list[Clear]) -> list[Protected]:
    assert _worker_personal is not None
    return protect(_worker_personal, rows)


def process_pool(personal: PersonalData, workers: int) -> ProcessPoolExecutor:
    """A pool that encrypts rows (spawned processes: safe next to threads)."""
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=get_context("spawn"),
        initializer=_init_worker,
        initargs=(personal.keys,),  # key material: key objects do not pickle
    )


class LazyProcessPool(Executor):
    """:func:`process_pool`, started on the first ``submit``.

    A re-import of unchanged rows encrypts nothing, so it starts no processes.
    """

    def __init__(self, personal: PersonalData, workers: int) -> None:
        self.personal = personal
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None

    @property
    def started(self) -> bool:
        """True once the processes were started."""
        return self._pool is not None

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        if self._pool is None:
            self._pool = process_pool(self.personal, self.workers)
        return self._pool.submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=wait, cancel_futures=cancel_futures)


@dataclass
class _Job:
    batch: dict[str, Pending]
    todo: list[tuple[Pending, int | None]]  # (row, id of the existing account or None)
    unchanged: int
    protected: Future[list[Protected]] | None = field(default=None)


class BatchWriter:
    """Upserts batches in order; see the module docstring.

    Args:
        db: the database.
        personal: personal-data crypto (used here when there is no pool).
        now: written to ``created_at`` / ``updated_at``.
        pool: where encryption runs; None encrypts in this process.
    """

    def __init__(
        self,
        db: Database,
        personal: PersonalData,
        *,
        now: datetime,
        pool: Executor | None = None,
        window: int = 4,
    ) -> None:
        self.db = db
        self.personal = personal
        self.now = now
        self.pool = pool
        self.window = window if pool is not None else 0
        self.counts = Counts()
        self._jobs: deque[_Job] = deque()
        self._queued_refs: set[str] = set()
        dialect = db.engine.dialect
        accounts = cast(Table, Account.__table__)
        # Values are converted once with each column's own bind processor and
        # inserted through an untyped statement: the same stored form as the ORM
        # writes, at a fraction of the per-row cost.
        self._convert = [
            (_ROW_COLUMNS.index(name), proc)
            for name in _CONVERTED
            if (proc := accounts.c[name].type.dialect_impl(dialect).bind_processor(dialect))
        ]
        constants: dict[str, Any] = {
            "status": "active",
            "legal_hold": False,
            "created_at": now,
            "updated_at": now,
        }
        for name, value in constants.items():
            proc = accounts.c[name].type.dialect_impl(dialect).bind_processor(dialect)
            constants[name] = proc(value) if proc else value
        self._constants = tuple(constants[c] for c in _CONSTANT_COLUMNS)
        self._writes = AccountWrites(dialect, _INSERT_COLUMNS, _UPDATE_COLUMNS)

    def add(self, batch: dict[str, Pending]) -> None:
        """Queue a batch (refs unique within it); may write earlier batches."""
        if not batch:
            return
        if not self._queued_refs.isdisjoint(batch):
            self.flush()
        job = self._classify(batch)
        if job.todo:
            rows = [clear_fields(p.row) for p, _ in job.todo]
            if self.pool is None:
                done: Future[list[Protected]] = Future()
                done.set_result(protect(self.personal, rows))
                job.protected = done
            else:
                job.protected = self.pool.submit(_protect_in_worker, rows)
        self._jobs.append(job)
        # Queued batches never share a ref (see above), so each ref leaves with its batch.
        self._queued_refs.update(batch)
        while len(self._jobs) > self.window:
            self._write_next()

    def flush(self) -> None:
        """Write every queued batch."""
        while self._jobs:
            self._write_next()

    def _write_next(self) -> None:
        job = self._jobs.popleft()
        self._write(job)
        self._queued_refs.difference_update(job.batch)

    def _classify(self, batch: dict[str, Pending]) -> _Job:
        acc = Account.__table__.c
        with self.db.engine.connect() as conn:
            existing = {
                ref: (pk, h)
                for pk, ref, h in conn.execute(
                    select(acc.id, acc.account_ref, acc.row_hash).where(
                        acc.account_ref.in_(list(batch))
                    )
                )
            }
        todo: list[tuple[Pending, int | None]] = []
        unchanged = 0
        for ref, pending in batch.items():
            found = existing.get(ref)
            if found is None:
                todo.append((pending, None))
            elif found[1] == pending.row_hash:
                unchanged += 1
            else:
                todo.append((pending, found[0]))
        return _Job(batch, todo, unchanged)

    def _write(self, job: _Job) -> None:
        protected = job.protected.result() if job.protected is not None else []
        try:
            self._store(job, protected)
        except IntegrityError:
            # Another import inserted one of these refs after we looked: look again.
            job = self._classify(job.batch)
            self._store(job, protect(self.personal, [clear_fields(p.row) for p, _ in job.todo]))

    def _store(self, job: _Job, protected: list[Protected]) -> None:
        inserts: list[tuple[Any, ...]] = []
        updates: list[dict[str, Any]] = []
        for (pending, pk), secret in zip(job.todo, protected, strict=True):
            row = pending.row
            values: list[Any] = [
                row.account_ref,
                *secret,
                row.creditor,
                row.currency,
                row.principal,
                row.interest,
                row.fees,
                row.due_date,
                row.locale,
                row.timezone,
                pending.row_hash,
            ]
            if pk is None:
                for i, proc in self._convert:
                    values[i] = proc(values[i])
                inserts.append((*values, *self._constants))
            else:
                params = {f"_{c}": v for c, v in zip(_ROW_COLUMNS[1:], values[1:], strict=True)}
                params["_updated_at"] = self.now
                params["_id"] = pk
                updates.append(params)
        if inserts or updates:
            with self.db.engine.begin() as conn:
                self._writes.write(conn, inserts, updates)
        self.counts.inserted += len(inserts)
        self.counts.updated += len(updates)
        self.counts.unchanged += job.unchanged
