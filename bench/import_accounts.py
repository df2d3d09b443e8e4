"""Benchmark ``repaybot accounts import``: rows per second and peak memory.

Generates an accounts CSV (default 1,000,000 rows) in a temporary directory,
imports it into a fresh SQLite database, then imports it again (nothing
changes), and prints the figures:

    python bench/import_accounts.py [--rows N] [--batch N] [--database URL] [--keep]
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from cryptography.fernet import Fernet

from bot.accounts.importer import import_accounts
from bot.accounts.rows import COLUMNS
from bot.store.crypto import KeyMaterial, PersonalData
from bot.store.db import Database
from bot.store.migrate import upgrade

SURNAMES = ["Li", "Wang", "Zhang", "Liu", "Chen", "Smith", "Lin", "Huang", "李", "王", "陳", "張"]
GIVEN = ["Wei", "Fang", "Na", "Min", "John", "Mei", "偉", "芳", "志明", "淑芬"]
PROFILES = [
    ("CNY", "zh_CN", "Asia/Shanghai", "Example Bank"),
    ("TWD", "zh_TW", "Asia/Taipei", "範例銀行"),
    ("USD", "en", "America/New_York", "Example Card Co"),
    ("HKD", "zh-HK", "Asia/Hong_Kong", "Example Finance"),
]


def generate(path: Path, rows: int, seed: int = 7) -> None:
    """Write ``rows`` realistic accounts to ``path``."""
    rnd = random.Random(seed)
    start = date(1950, 1, 1)
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(COLUMNS)
        for i in range(rows):
            currency, locale, zone, creditor = PROFILES[i % len(PROFILES)]
            name = f"{rnd.choice(SURNAMES)} {rnd.choice(GIVEN)}"
            out.writerow(
                (
                    f"ACC-{i:08d}",
                    name,
                    (start + timedelta(days=rnd.randrange(20000))).isoformat(),
                    f"{rnd.randrange(10000):04d}",
                    f"+86 138 {rnd.randrange(10000):04d} {rnd.randrange(10000):04d}",
                    f"user{i}@example.com",
                    creditor,
                    currency,
                    f"{rnd.randrange(100, 500000)}.{rnd.randrange(100):02d}",
                    f"{rnd.randrange(0, 20000)}.{rnd.randrange(100):02d}",
                    f"{rnd.randrange(0, 500)}.00",
                    (date(2025, 1, 1) + timedelta(days=rnd.randrange(400))).isoformat(),
                    locale,
                    zone,
                )
            )


def _peak_rss_mb() -> float:
    # ru_maxrss is KiB on Linux, bytes on macOS.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _peak_worker_rss_mb() -> float:
    """Peak RSS of the largest finished child process (an encryption worker)."""
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _cpu_seconds() -> float:
    """CPU time of this process and its finished children (encryption workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--batch", type=int, default=2000)
    ap.add_argument("--workers", type=int, help="encryption processes (default: automatic)")
    ap.add_argument("--database", help="database URL (default: a fresh SQLite file)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="repaybot-bench-"))
    csv_path = tmp / "accounts.csv"
    t0 = time.perf_counter()
    generate(csv_path, args.rows)
    size_mb = csv_path.stat().st_size / 1e6
    print(f"generated {args.rows} rows ({size_mb:.0f} MB) in {time.perf_counter() - t0:.1f}s")
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    rss_before = _peak_rss_mb()

    db = Database(args.database or f"sqlite:///{tmp / 'bench.db'}")
    upgrade(db)
    keys = KeyMaterial((Fernet.generate_key().decode(),), "bench-hmac", "bench-link")
    personal = PersonalData(keys)
    now = datetime.now(UTC)

    for label in ("first import", "re-import"):
        cpu0 = _cpu_seconds()
        t0 = time.perf_counter()
        result = import_accounts(
            db, personal, csv_path, now=now, batch_size=args.batch, workers=args.workers
        )
        secs = time.perf_counter() - t0
        cpu = _cpu_seconds() - cpu0
        print(
            f"{label}: {result.summary} in {secs:.1f}s = {args.rows / secs:,.0f} rows/s "
            f"(CPU {cpu:.1f}s = {args.rows / cpu:,.0f} rows per CPU-second); "
            f"peak RSS {_peak_rss_mb():.0f} MB (before import {rss_before:.0f} MB, "
            f"largest worker {_peak_worker_rss_mb():.0f} MB)"
        )
        done = result.inserted + result.updated + result.unchanged
        if result.rejected or done != args.rows:
            sys.exit(f"{label}: expected {args.rows} rows imported, got {result.summary}")
    db.stop()
    if args.keep:
        print(f"kept {tmp}")
    else:
        for p in tmp.iterdir():
            p.unlink()
        tmp.rmdir()


if __name__ == "__main__":
    main()
