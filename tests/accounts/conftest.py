"""Helpers for accounts CSV tests."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from bot.accounts.rows import COLUMNS

GOOD = {
    "account_ref": "A-1001",
    "full_name": "Li Wei",
    "date_of_birth": "1990-01-31",
    "id_last4": "123x",
    "phone": "+86 138 0000 0000",
    "email": "li.wei@example.com",
    "creditor": "Example Bank",
    "currency": "CNY",
    "principal": "10000.00",
    "interest": "1500.50",
    "fees": "200",
    "due_date": "2026-01-15",
    "locale": "zh-CN",
    "timezone": "Asia/Shanghai",
}


def row(**changes: str) -> dict[str, str]:
    """A good row with some fields changed."""
    return {**GOOD, **changes}


def csv_text(
    rows: Sequence[dict[str, str] | Sequence[str]], header: Sequence[str] = COLUMNS
) -> str:
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    out.writerow(header)
    for r in rows:
        out.writerow([r.get(c, "") for c in header] if isinstance(r, dict) else r)
    return buf.getvalue()


WriteCsv = Callable[..., Path]


@pytest.fixture
def write_csv(tmp_path: Path) -> WriteCsv:
    """Write rows (dicts or lists) to a CSV file and return its path."""
    counter = iter(range(1000))

    def write(
        rows: Sequence[dict[str, str] | Sequence[str]],
        header: Sequence[str] = COLUMNS,
        *,
        bom: bool = False,
    ) -> Path:
        path = tmp_path / f"accounts-{next(counter)}.csv"
        data = csv_text(rows, header).encode("utf-8")
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
        return path

    return write
