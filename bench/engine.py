"""Benchmark the dialog engine in-process: simulated debtors on mixed paths.

Usage::

    python bench/engine.py [--debtors 2000] [--postgres URL] [--stored 100000] [--profile]

Prints messages per second (one process = one core), p50/p99 latency per
message, peak RSS, and RSS after 1k vs ``--stored`` stored conversations (the
engine keeps no per-conversation state in memory, so it must stay flat).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import os
import pstats
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.app import App
from bot.config import load_settings
from bot.messages import ChatRef, Incoming
from bot.store.migrate import upgrade
from bot.store.models import Account

# Each path: the debtor's lines after the bot asks for the date of birth
# ("{dob}" is the right answer).
PATHS: dict[str, list[str]] = {
    "agree_full": ["{dob}", "1", "yes"],
    "instalments_after_counter": ["{dob}", "I can pay 10 a month", "300 a month", "yes"],
    "counter_zh": ["{dob}", "每月五百", "1", "是"],
    "hardship": ["{dob}", "I lost my job", "1", "yes"],
    "dispute": ["{dob}", "this isn't my debt"],
    "wrong_dob": ["1901-01-01", "1902-02-02", "{dob}", "2", "yes"],
}
WEIGHTS = [4, 3, 2, 1, 1, 1]


def rss_mb() -> float:
    """Current resident set size in MiB (Linux)."""
    try:
        with open("/proc/self/statm") as fh:
            pages = int(fh.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:  # pragma: no cover - not Linux
        return peak_mb()


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_app(url: str, workdir: Path, clock: Callable[[], datetime]) -> App:
    env = {
        "REPAYBOT_DATABASE__URL": url,
        "REPAYBOT_SECURITY__KEY_FILE": str(workdir / "keys.json"),
    }
    app = App(load_settings(None, environ=env), clock=clock)
    upgrade(app.db)
    return app


def seed_accounts(app: App, n: int) -> list[tuple[str, str]]:
    out = []
    now = app.clock()
    with app.db.session() as s:
        for i in range(n):
            ref = f"B-{i:06d}"
            dob = (date(1960, 1, 1) + timedelta(days=i % 15000)).isoformat()
            cur, loc, tz = [("CNY", "zh_CN", "Asia/Shanghai"), ("USD", "en", "America/New_York"),
                            ("TWD", "zh_TW", "Asia/Taipei")][i % 3]  # fmt: skip
            s.add(
                Account(
                    account_ref=ref,
                    full_name_enc=app.personal.encrypt("Debtor"),
                    dob_hash=app.personal.digest("dob", dob),
                    id_last4_hash=None,
                    creditor="Bench Bank",
                    currency=cur,
                    principal=Decimal("5000.00"),
                    interest=Decimal("400.00"),
                    fees=Decimal("50.00"),
                    due_date=date(2026, 1, 5),
                    status="active",
                    locale=loc,
                    timezone=tz,
                    row_hash=ref,
                    created_at=now,
                    updated_at=now,
                )
            )
            out.append((ref, dob))
    return out


def run(
    app: App, debtors: list[tuple[str, str]], seed: int, tag: str
) -> tuple[int, list[float], float]:
    """Run every debtor through a random path; return (messages, latencies, CPU seconds).

    CPU time is measured around each message only (not the bot's greeting), so
    msg/s per core is not distorted by other processes sharing the machine.
    """
    rnd = random.Random(seed)
    engine = app.engine
    latencies: list[float] = []
    cpu = 0.0
    messages = 0
    for n, (ref, dob) in enumerate(debtors):
        path = rnd.choices(list(PATHS), WEIGHTS)[0]
        chat = ChatRef("telegram", f"{tag}-{n}", f"{tag}-{n}")
        engine.greet(chat, account_ref=ref)
        for i, line in enumerate(PATHS[path]):
            incoming = Incoming(chat, f"{tag}-{n}-{i}", text=line.format(dob=dob))
            c0, t0 = time.process_time(), time.perf_counter()
            engine.process(incoming)
            latencies.append(time.perf_counter() - t0)
            cpu += time.process_time() - c0
            messages += 1
    return messages, latencies, cpu


def report(name: str, messages: int, latencies: list[float], cpu: float) -> None:
    qs = statistics.quantiles(latencies, n=100)
    wall = sum(latencies)
    print(
        f"{name}: {messages} messages: {messages / cpu:,.0f} msg/s per core (CPU time), "
        f"{messages / wall:,.0f} msg/s wall clock; "
        f"p50 {qs[49] * 1000:.2f} ms, p99 {qs[98] * 1000:.2f} ms"
    )


def bench(url: str, name: str, debtors: int, stored: int, profile: bool, workdir: Path) -> None:
    start = datetime(2026, 3, 10, 6, 0, tzinfo=UTC)
    app = make_app(url, workdir, lambda: start)
    accounts = seed_accounts(app, max(debtors, 1000))
    app.engine.understander.warm_up()
    run(app, accounts[:50], 1, "warm")
    profiler = cProfile.Profile(time.process_time) if profile else None
    if profiler:
        profiler.enable()
    messages, lat, cpu = run(app, accounts[:debtors], 2, "main")
    if profiler:
        profiler.disable()
    report(name, messages, lat, cpu)
    print(f"{name}: peak RSS {peak_mb():.0f} MiB")
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    if stored:
        done = debtors + 50
        gc.collect()
        rss_small = None
        while done < stored:
            batch = min(5000, stored - done)
            run(app, [accounts[i % len(accounts)] for i in range(batch)], done, f"s{done}")
            done += batch
            if rss_small is None and done >= 1000:
                gc.collect()
                rss_small = rss_mb()
        gc.collect()
        print(f"{name}: RSS after ~1k conversations {rss_small or rss_mb():.0f} MiB, "
              f"after {done:,} stored conversations {rss_mb():.0f} MiB")  # fmt: skip
    app.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--debtors", type=int, default=2000)
    parser.add_argument(
        "--stored",
        type=int,
        default=0,
        help="also measure RSS after this many stored conversations",
    )
    parser.add_argument(
        "--postgres",
        default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
        help="PostgreSQL server URL; a scratch database is created (skip with '')",
    )
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        bench(f"sqlite:///{workdir / 'bench.db'}", "SQLite WAL", args.debtors, args.stored,
              args.profile, workdir)  # fmt: skip
        if args.postgres:
            bench_pg(args.postgres, args.debtors, workdir)


def bench_pg(server: str, debtors: int, workdir: Path) -> None:
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    name = f"repaybot_bench_{uuid.uuid4().hex[:8]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        print(f"PostgreSQL: skipped ({str(exc).splitlines()[0]})")
        return
    try:
        url = make_url(server).set(database=name).render_as_string(hide_password=False)
        bench(url, "PostgreSQL", debtors, 0, False, workdir)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
