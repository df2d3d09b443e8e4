"""Benchmark linking accounts' email and SMS addresses, and SMS segment fitting.

Usage::

    python bench/channels.py [--accounts 5000]

Fills a fresh SQLite database with ``--accounts`` accounts (encrypted email and
phone, all written at one moment as an import does) and prints:

* the first link of every address (``sync_accounts``: decrypt, normalise,
  contact row and identity per address), in accounts per second;
* what a message from a known address then pays (a strict sync: nothing to read),
  and from an unknown one (the accounts of the last sync's moment read again);
* fitting a long Chinese reply into 3 segments with its link, per second.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.adapters.sms.segments import fit
from bot.store import contacts
from bot.store.crypto import KeyMaterial, PersonalData
from bot.store.db import Database
from bot.store.migrate import upgrade
from bot.store.models import Account

KEYS = KeyMaterial(("kQ8d0m0b3q2mGg9l9m8u8zXy0T8b3P3n6oQm1m2x3yA=",), "bench-hmac", "bench-link")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--accounts", type=int, default=5000)
    args = parser.parse_args()
    personal = PersonalData(KEYS)
    now = datetime(2026, 3, 10, tzinfo=UTC)
    with tempfile.TemporaryDirectory() as folder:
        db = Database(f"sqlite:///{folder}/bench.db")
        upgrade(db)
        with db.session() as s:
            for i in range(args.accounts):
                s.add(
                    Account(
                        account_ref=f"B-{i}", full_name_enc=personal.encrypt("x"),
                        phone_enc=personal.encrypt(f"+86 138 {i // 10000:04d} {i % 10000:04d}"),
                        email_enc=personal.encrypt(f"debtor{i}@example.com"), creditor="Bank",
                        currency="CNY", principal=Decimal(100), interest=Decimal(0),
                        fees=Decimal(0), due_date=date(2026, 1, 1), locale="zh_CN",
                        timezone="Asia/Shanghai", row_hash=hashlib.sha256(b"%d" % i).hexdigest(),
                        created_at=now, updated_at=now,
                    )
                )  # fmt: skip
        start = time.perf_counter()
        with db.session() as s:
            contacts.sync_accounts(s, personal, now, region="CN")
        first = time.perf_counter() - start
        print(f"first link of {args.accounts} accounts (2 addresses each): {first:.2f} s, "
              f"{args.accounts / first:,.0f} accounts/s")  # fmt: skip
        for strict, label in ((True, "known address (strict sync)"),
                              (False, "unknown address (full sync)")):  # fmt: skip
            runs = 20 if strict else 3
            start = time.perf_counter()
            for _ in range(runs):
                with db.session() as s:
                    contacts.sync_accounts(s, personal, now, region="CN", strict=strict)
            print(f"{label}: {(time.perf_counter() - start) / runs * 1000:.1f} ms per message")
        db.stop()
    text = "您的还款计划：" + "每月还款¥3,900.16，" * 30
    start = time.perf_counter()
    n = 2000
    for _ in range(n):
        fit(text, "回复TD退订", 3, "https://bot.example/m/WzMsNCw1LDZd.axVn8g.iBEaM5Oz4mQ")
    print(f"fit a long Chinese reply into 3 segments: {n / (time.perf_counter() - start):,.0f}/s")


if __name__ == "__main__":
    main()
