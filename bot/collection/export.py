"""Recorded agreements for the lender's systems, as JSON or CSV.

JSON: an array of objects with ``account_ref``, ``status``, ``currency``,
``total``, ``discount``, ``created_at``, ``script_version``, ``paid`` and
``instalments`` (``due_date``, ``amount``, ``status``, ``paid``). CSV: one row per instalment with
the columns in :data:`CSV_COLUMNS`. Amounts are exact decimal strings with the
currency's minor units; dates and times are ISO 8601 (times in UTC).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from bot.money import quantize
from bot.store.db import Database
from bot.store.models import Account, Agreement

CSV_COLUMNS = (
    "agreement_id",
    "account_ref",
    "status",
    "currency",
    "total",
    "discount",
    "created_at",
    "script_version",
    "seq",
    "due_date",
    "amount",
    "instalment_status",
    "paid",
    "agreement_paid",
)


def _money(amount: Decimal, currency: str) -> str:
    return str(quantize(amount, currency))


def agreements(db: Database, since: datetime | None = None) -> Iterator[dict[str, Any]]:
    """Every agreement (created at or after ``since``), oldest first, as plain data."""
    with db.session() as s:
        q = (
            select(Agreement, Account.account_ref)
            .join(Account, Account.id == Agreement.account_id)
            .options(selectinload(Agreement.instalments))
            .order_by(Agreement.created_at, Agreement.id)
        )
        if since is not None:
            q = q.where(Agreement.created_at >= since)
        for agreement, ref in s.execute(q).all():
            cur = agreement.currency
            yield {
                "agreement_id": agreement.id,
                "account_ref": ref,
                "status": agreement.status,
                "currency": cur,
                "total": _money(agreement.total, cur),
                "discount": _money(agreement.discount, cur),
                "created_at": agreement.created_at.astimezone(UTC).isoformat(),
                "script_version": agreement.script_version,
                "paid": _money(sum((i.paid for i in agreement.instalments), Decimal(0)), cur),
                "instalments": [
                    {
                        "due_date": i.due_date.isoformat(),
                        "amount": _money(i.amount, cur),
                        "status": i.status,
                        "paid": _money(i.paid, cur),
                    }
                    for i in agreement.instalments
                ],
            }


def to_json(rows: list[dict[str, Any]]) -> str:
    """The JSON export (an array, pretty-printed, non-ASCII kept)."""
    return json.dumps(rows, ensure_ascii=False, indent=2)


def to_csv(rows: list[dict[str, Any]]) -> str:
    """The CSV export: a header, then one row per instalment."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        for seq, inst in enumerate(row["instalments"], start=1):
            writer.writerow(
                [
                    row["agreement_id"],
                    row["account_ref"],
                    row["status"],
                    row["currency"],
                    row["total"],
                    row["discount"],
                    row["created_at"],
                    row["script_version"],
                    seq,
                    inst["due_date"],
                    inst["amount"],
                    inst["status"],
                    inst["paid"],
                    row["paid"],
                ]
            )
    return buf.getvalue()


def parse_since(value: str) -> datetime:
    """``--since``: an ISO date or date-time (naive means UTC).

    Raises:
        ValueError: with a one-line message naming the value.
    """
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(
            f"--since: {value!r} is not a date like 2026-03-01 or 2026-03-01T09:00"
        ) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
