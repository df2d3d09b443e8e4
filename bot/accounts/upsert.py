"""Upsert accounts sent as JSON objects (the ``POST /api/accounts`` endpoint).

Each object carries the accounts CSV columns (:data:`bot.accounts.rows.COLUMNS`)
as strings (amounts may also be JSON numbers, read exactly as decimals); missing
optional columns count as empty. Rows are validated and
written exactly like an import (same parser, same keyed row hash, same batch
writer), so an account sent twice is unchanged the second time and a disputed
or settled account keeps its status. Bad objects are rejected one by one with
their position (``item 2: currency 'XX' is not an ISO 4217 code``); good ones
are kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from bot.accounts.importer import ROW_HASH_KIND, ImportResult, Rejection
from bot.accounts.rows import COLUMNS, RowError, RowParser
from bot.accounts.writer import BatchWriter, Pending
from bot.store import audit
from bot.store.crypto import PersonalData
from bot.store.db import Database

#: At most this many accounts in one request.
MAX_ITEMS = 1000
_REQUIRED = ("account_ref", "full_name", "creditor", "currency", "principal", "due_date")
_OPTIONAL = frozenset(COLUMNS) - frozenset(_REQUIRED)


def _values(item: dict[str, Any]) -> list[str]:
    unknown = sorted(k for k in item if k not in COLUMNS)
    if unknown:
        raise RowError("unknown field " + ", ".join(repr(k) for k in unknown))
    missing = [c for c in _REQUIRED if item.get(c) in (None, "")]
    if missing:
        raise RowError("missing " + ", ".join(missing))
    values: list[str] = []
    for name in COLUMNS:
        value = item.get(name)
        if value is None and name in _OPTIONAL:
            value = ""
        if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
            raise RowError(f"{name} must be a string")
        values.append(str(value))
    return values


def upsert_accounts(
    db: Database,
    personal: PersonalData,
    items: Sequence[Any],
    *,
    now: datetime,
    actor: str,
) -> ImportResult:
    """Validate and upsert ``items``; rejections name the item (1-based) and the reason.

    The result's rejections carry the item number in ``line``. The call is audited
    (``accounts.upsert``) with the counts.
    """
    result = ImportResult()
    parser = RowParser(now.date())
    batch: dict[str, Pending] = {}
    first: dict[str, int] = {}
    for number, item in enumerate(items, start=1):
        try:
            if not isinstance(item, dict):
                raise RowError("expected an object")
            row = parser.parse(_values(item))
            earlier = first.setdefault(row.account_ref, number)
            if earlier != number:
                raise RowError(f"account_ref {row.account_ref} already appears in item {earlier}")
        except RowError as exc:
            result.rejected += 1
            result.rejections.append(Rejection(number, str(exc)))
            continue
        batch[row.account_ref] = Pending(row, personal.digest(ROW_HASH_KIND, row.canonical()))
    writer = BatchWriter(db, personal, now=now)
    writer.add(batch)
    writer.flush()
    result.inserted = writer.counts.inserted
    result.updated = writer.counts.updated
    result.unchanged = writer.counts.unchanged
    with db.session() as session:
        audit.record(
            session,
            actor=actor[:64],
            action="accounts.upsert",
            details={
                "inserted": result.inserted,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "rejected": result.rejected,
            },
            now=now,
        )
    return result
