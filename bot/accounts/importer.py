"""Import debtor accounts from a CSV file: stream, validate, upsert in batches.

The file is read line by line (never whole), validated row by row, and written
in batches, each batch in its own transaction:

1. one ``SELECT`` of the batch's refs with their ``row_hash``;
2. rows whose hash is unchanged are counted and skipped (no encryption, no write);
3. new rows are encrypted and inserted in bulk, changed rows updated in bulk by
   primary key. ``status``, ``legal_hold`` and ``created_at`` are never touched by
   an update, so a disputed or settled account stays so.

``row_hash`` is a keyed hash (HMAC-SHA256 with the personal-data HMAC key) of the
normalised row: an identical re-import changes nothing, and the hash cannot be
used to confirm a guess of someone's personal data without the key.

A ref that appears twice in one file is a rejected line (``line 12: account_ref
HX-1 already appears on line 3``): the first row is imported, the repeat is not,
so a second row can never silently overwrite the first. Blank lines (and rows
whose fields are all empty) are skipped.
Rows that are not valid UTF-8 are rejected like any other bad row; a header that
is not is an error for the whole file.
"""

from __future__ import annotations

import codecs
import csv
import os
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from bot.accounts.rows import COLUMNS, HeaderError, RowError, RowParser, column_order
from bot.accounts.writer import BatchWriter, LazyProcessPool, Pending
from bot.store import audit
from bot.store.crypto import PersonalData
from bot.store.db import Database

DEFAULT_BATCH = 2000
# Below this size starting encryption processes costs more than it saves.
POOL_MIN_BYTES = 4_000_000
ROW_HASH_KIND = "account_row"

RejectHandler = Callable[[int, str], None]
ProgressHandler = Callable[[int, int], None]


class ImportFileError(Exception):
    """The file cannot be imported at all (missing, unreadable, bad header)."""


@dataclass
class Rejection:
    """A rejected row: the file line it starts on and why."""

    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass
class ImportResult:
    """What an import did, row by row."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    rejections: list[Rejection] = field(default_factory=list)

    @property
    def summary(self) -> str:
        """``inserted X, updated Y, unchanged Z, rejected W``."""
        return (
            f"inserted {self.inserted}, updated {self.updated}, "
            f"unchanged {self.unchanged}, rejected {self.rejected}"
        )


class _Lines:
    """Decoded lines of a binary file, remembering which ones were not UTF-8."""

    def __init__(self, fh: IO[bytes]) -> None:
        self.fh = fh
        self.count = 0
        self.bad: set[int] = set()

    def __iter__(self) -> Iterator[str]:
        for raw in self.fh:
            self.count += 1
            if self.count == 1 and raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8) :]
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError:
                self.bad.add(self.count)
                yield raw.decode("utf-8", "replace")


def _open(path: Path) -> IO[bytes]:
    try:
        return path.open("rb")
    except FileNotFoundError:
        raise ImportFileError(f"{path}: file not found") from None
    except IsADirectoryError:
        raise ImportFileError(f"{path}: is a directory, not a CSV file") from None
    except PermissionError:
        raise ImportFileError(f"{path}: permission denied") from None
    except OSError as exc:
        raise ImportFileError(f"{path}: cannot read ({exc.strerror})") from None


def default_workers(path: Path) -> int:
    """Encryption processes worth starting for ``path``: none for small files."""
    try:
        size = path.stat().st_size
    except OSError:
        return 0
    cpus = os.cpu_count() or 1
    # The main process reads, validates and writes; the others encrypt.
    return min(cpus - 1, 4) if size >= POOL_MIN_BYTES and cpus > 1 else 0


def import_accounts(
    db: Database,
    personal: PersonalData,
    path: Path,
    *,
    now: datetime,
    batch_size: int = DEFAULT_BATCH,
    workers: int | None = None,
    on_reject: RejectHandler | None = None,
    on_progress: ProgressHandler | None = None,
    actor: str = "cli",
) -> ImportResult:
    """Import the accounts CSV at ``path``.

    Args:
        db: the database (migrated).
        personal: encrypts names, phones and emails; hashes birth dates and ID last-4.
        path: the CSV file (UTF-8, with or without BOM; header row first).
        now: the import time (``created_at`` / ``updated_at``); also bounds birth dates.
        batch_size: rows per transaction.
        workers: encryption processes (0: encrypt in this process; None: chosen
            from the file size and CPU count).
        on_reject: called with (line, reason) for each bad row; without it the
            rejections are collected in the result.
        on_progress: called with (bytes read, data rows seen) after each batch.
        actor: recorded in the audit log.

    Returns:
        The counts (and the rejections when ``on_reject`` is None).

    Raises:
        ImportFileError: the file is missing, unreadable, empty or has a bad header;
            nothing was imported.
    """
    result = ImportResult()

    def reject(line: int, reason: str) -> None:
        result.rejected += 1
        if on_reject is None:
            result.rejections.append(Rejection(line, reason))
        else:
            on_reject(line, reason)

    if workers is None:
        workers = default_workers(path)
    with _open(path) as fh, ExitStack() as stack:
        lines = _Lines(fh)
        reader = csv.reader(lines, strict=True)
        order, width = _header(path, reader, lines)
        pool = stack.enter_context(LazyProcessPool(personal, workers)) if workers > 0 else None
        writer = BatchWriter(db, personal, now=now, pool=pool, window=2 * workers)
        parser = RowParser(now.date())
        digest = personal.digest
        batch: dict[str, Pending] = {}
        first_line_of: dict[str, int] = {}  # ref -> the line it first appeared on
        seen = 0
        last_line = reader.line_num
        while True:
            try:
                values = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                reject(last_line + 1, f"malformed CSV ({exc})")
                last_line = reader.line_num
                continue
            first_line, last_line = last_line + 1, reader.line_num
            if not any(v.strip() for v in values):
                continue
            seen += 1
            if lines.bad and any(n in lines.bad for n in range(first_line, last_line + 1)):
                reject(first_line, "not valid UTF-8 text")
                continue
            if len(values) != width:
                reject(first_line, f"expected {width} fields, found {len(values)}")
                continue
            try:
                row = parser.parse([values[i] for i in order])
            except RowError as exc:
                reject(first_line, str(exc))
                continue
            earlier = first_line_of.setdefault(row.account_ref, first_line)
            if earlier != first_line:
                reject(
                    first_line, f"account_ref {row.account_ref} already appears on line {earlier}"
                )
                continue
            batch[row.account_ref] = Pending(row, digest(ROW_HASH_KIND, row.canonical()))
            if len(batch) >= batch_size:
                writer.add(batch)
                batch = {}
                if on_progress is not None:
                    on_progress(fh.tell(), seen)
        writer.add(batch)
        writer.flush()
        if on_progress is not None:
            on_progress(fh.tell(), seen)
    result.inserted = writer.counts.inserted
    result.updated = writer.counts.updated
    result.unchanged = writer.counts.unchanged
    _audit(db, path, result, now=now, actor=actor)
    return result


def _header(path: Path, reader: Any, lines: _Lines) -> tuple[list[int], int]:
    """Read and check the header row: (positions of COLUMNS, number of fields)."""
    try:
        header: list[str] = next(reader)
    except StopIteration:
        raise ImportFileError(f"{path}: the file is empty (expected a header row)") from None
    except csv.Error as exc:
        raise ImportFileError(f"{path}: line 1: malformed header ({exc})") from None
    except OSError as exc:
        raise ImportFileError(f"{path}: cannot read ({exc.strerror})") from None
    if lines.bad:
        raise ImportFileError(f"{path}: not UTF-8 text; save it as CSV with UTF-8 encoding")
    try:
        return column_order(header), len(header)
    except HeaderError as exc:
        raise ImportFileError(f"{path}: {exc}") from None


def _audit(db: Database, path: Path, result: ImportResult, *, now: datetime, actor: str) -> None:
    with db.session() as session:
        audit.record(
            session,
            actor=actor,
            action="accounts.import",
            details={
                "file": path.name,
                "inserted": result.inserted,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "rejected": result.rejected,
            },
            now=now,
        )


__all__ = ["COLUMNS", "ImportFileError", "ImportResult", "Rejection", "import_accounts"]
