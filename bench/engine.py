"""Benchmark the dialog engine in-process: simulated debtors on mixed paths.

Usage::

    python bench/engine.py [--debtors 2000] [--postgres URL] [--stored 100000] [--profile]

Prints messages per second per core, measured in CPU time of this process
(``time.process_time``) around each message, so other work on the machine does
not count; wall-clock msg/s beside it; p50/p99 wall-clock latency per message;
peak RSS; and RSS and msg/s per core while handling traffic with 1k vs
``--stored`` conversations in the database (the engine keeps no
per-conversation state in memory and reads no growing table whole, so both must
stay flat). Stored conversations are bulk-inserted with Core (each with its
messages, outbox items and events; one debtor in ten opted out), not pushed
through the engine.
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
from bot.store.models import Account, Conversation, Event, Message, OptOut, OutboxItem

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
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(25)
        stats.sort_stats("tottime").print_stats(25)
    app.stop()
    if stored and url.startswith("sqlite"):
        start = datetime(2026, 3, 10, 6, 0, tzinfo=UTC)
        rss_app = make_app(f"sqlite:///{workdir / 'rss.db'}", workdir, lambda: start)
        rss_check(rss_app, name, seed_accounts(rss_app, 1000), stored)
        rss_app.stop()


def rss_check(app: App, name: str, accounts: list[tuple[str, str]], stored: int) -> None:
    """RSS and msg/s per core after the same traffic with 1k and with ``stored``
    conversations stored."""
    sample = accounts[:300]
    app.engine.understander.warm_up()

    def traffic(tag: str) -> tuple[float, float]:
        messages, _lat, cpu = run(app, sample, 7, tag)
        gc.collect()
        return rss_mb(), messages / cpu

    store_conversations(app, 1000 - len(sample), accounts)
    traffic("rss-warm")  # the same code paths and caches as the measured runs
    small, small_rate = traffic("rss-small")
    t0 = time.perf_counter()
    store_conversations(app, max(0, stored - count_conversations(app)), accounts)
    filled = time.perf_counter() - t0
    large, large_rate = traffic("rss-large")
    total = count_conversations(app)
    print(f"{name}: RSS with ~1k stored conversations {small:.0f} MiB, "
          f"with {total:,} {large:.0f} MiB ({large - small:+.0f} MiB; "
          f"bulk insert took {filled:.0f} s)")  # fmt: skip
    print(
        f"{name}: {small_rate:,.0f} msg/s per core with ~1k stored conversations, "
        f"{large_rate:,.0f} with {total:,} (one in ten opted out)"
    )


def count_conversations(app: App) -> int:
    from sqlalchemy import func, select

    with app.db.session() as s:
        return int(s.scalar(select(func.count(Conversation.id))) or 0)


def store_conversations(app: App, n: int, accounts: list[tuple[str, str]]) -> None:
    """Bulk-insert ``n`` finished-looking conversations (SQLite: ids assigned here)."""
    from sqlalchemy import func, insert, select

    if n <= 0:
        return
    now = app.clock()
    with app.db.session() as s:
        version_id = app.engine.scripts.active(session=s).version_id
        account_ids = list(s.scalars(select(Account.id).order_by(Account.id).limit(1000)))
        next_conv = int(s.scalar(select(func.max(Conversation.id))) or 0) + 1
        next_msg = int(s.scalar(select(func.max(Message.id))) or 0) + 1
    done = 0
    while done < n:
        batch = min(2000, n - done)
        convs, msgs, items, events, opt_outs = [], [], [], [], []
        for k in range(batch):
            cid, chat = next_conv + k, f"stored-{next_conv + k}"
            acc = account_ids[(next_conv + k) % len(account_ids)]
            convs.append({
                "id": cid, "platform": "telegram", "chat_id": chat, "user_id": chat,
                "account_id": acc, "state": "agreed", "mode": "bot", "locale": "en",
                "context": {"verified": True, "disclosed": True, "offers": []},
                "script_version_id": version_id, "is_open": True, "version": 3,
                "started_at": now, "updated_at": now, "last_inbound_at": now,
            })  # fmt: skip
            if k % 10 == 0:  # one debtor in ten has said stop
                opt_outs.append({
                    "account_id": acc, "platform": "telegram", "platform_user_id": chat,
                    "source": "typed", "created_at": now,
                })  # fmt: skip
            for j in range(3):
                inbound, reply = next_msg, next_msg + 1
                next_msg += 2
                msgs.append({
                    "id": inbound, "conversation_id": cid, "platform": "telegram",
                    "platform_message_id": f"{chat}-{j}", "direction": "in",
                    "sender": "debtor", "text": "1", "buttons": [], "in_reply_to_id": None,
                    "created_at": now,
                })  # fmt: skip
                msgs.append({
                    "id": reply, "conversation_id": cid, "platform": "telegram",
                    "platform_message_id": None, "direction": "out", "sender": "bot",
                    "text": "Here is the plan: " * 4,
                    "buttons": [["Yes", "yes"], ["No", "no"]], "in_reply_to_id": inbound,
                    "created_at": now,
                })  # fmt: skip
                items.append({
                    "message_id": reply, "conversation_id": cid, "platform": "telegram",
                    "chat_id": chat, "initiated": False, "status": "sent", "attempts": 1,
                    "next_attempt_at": now, "created_at": now, "sent_at": now,
                })  # fmt: skip
                events += [
                    {"conversation_id": cid, "account_id": acc, "kind": kind, "data": data,
                     "actor": "bot", "created_at": now}
                    for kind, data in (("understood", {"intent": "choose"}),
                                       ("transition", {"from": "offer", "to": "confirm"}))
                ]  # fmt: skip
        with app.db.session() as s:
            s.execute(insert(Conversation.__table__), convs)  # type: ignore[arg-type]
            s.execute(insert(Message.__table__), msgs)  # type: ignore[arg-type]
            s.execute(insert(OutboxItem.__table__), items)  # type: ignore[arg-type]
            s.execute(insert(Event.__table__), events)  # type: ignore[arg-type]
            s.execute(insert(OptOut.__table__), opt_outs)  # type: ignore[arg-type]
        next_conv += batch
        done += batch


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
