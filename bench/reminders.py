"""Benchmark the reminder scheduler: N instalments due today, one run.

Usage::

    python bench/reminders.py [--instalments 100000] [--postgres URL]

Seeds N accounts, each with a conversation, an active agreement made an hour
ago and one instalment due today (bulk Core inserts, not timed), then times
``Reminders.run_once()`` at 10:00 in the debtors' time zone: planning the
reminder rows, then rendering each message, screening it (contact window,
caps, opt-outs) and putting it in the outbox. Prints reminders queued per
second (wall clock and CPU time of this process) and peak RSS.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert, select, text

from bot.app import App
from bot.config import load_settings
from bot.store.migrate import upgrade
from bot.store.models import Account, Agreement, Conversation, Instalment, Offer

NOW = datetime(2026, 3, 17, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
TODAY = date(2026, 3, 17)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def seed(app: App, n: int) -> None:
    made = NOW - timedelta(hours=1)
    chunk = 5000
    with app.db.session() as s:
        conn = s.connection()
        for start in range(0, n, chunk):
            ids = range(start, min(n, start + chunk))
            conn.execute(insert(Account.__table__), [
                {"account_ref": f"R-{i:07d}", "full_name_enc": b"x", "creditor": "Bench Bank",
                 "currency": "CNY", "principal": Decimal("3000.00"), "interest": Decimal(0),
                 "fees": Decimal(0), "due_date": date(2026, 1, 5), "status": "active",
                 "locale": "zh_CN", "timezone": "Asia/Shanghai", "row_hash": str(i),
                 "legal_hold": False, "created_at": made, "updated_at": made,
                 "paid": Decimal(0), "waived": Decimal(0), "credit": Decimal(0)} for i in ids
            ])  # fmt: skip
        accounts = dict(s.execute(select(Account.account_ref, Account.id)).all())
        for start in range(0, n, chunk):
            ids = range(start, min(n, start + chunk))
            conn.execute(insert(Conversation.__table__), [
                {"platform": "telegram", "chat_id": f"c{i}", "user_id": f"u{i}",
                 "account_id": accounts[f"R-{i:07d}"], "state": "plan", "context": {},
                 "mode": "bot", "locale": "zh_CN", "is_open": True, "version": 0,
                 "started_at": made, "updated_at": made, "last_inbound_at": made} for i in ids
            ])  # fmt: skip
        convs = dict(s.execute(select(Conversation.account_id, Conversation.id)).all())
        for start in range(0, n, chunk):
            ids = range(start, min(n, start + chunk))
            conn.execute(insert(Offer.__table__), [
                {"conversation_id": convs[accounts[f"R-{i:07d}"]],
                 "account_id": accounts[f"R-{i:07d}"], "kind": "instalments", "currency": "CNY",
                 "total": Decimal("3000.00"), "discount": Decimal(0), "frequency": "monthly",
                 "schedule": [], "round": 0, "made_by": "bot", "status": "accepted",
                 "created_at": made} for i in ids
            ])  # fmt: skip
        offers = dict(s.execute(select(Offer.account_id, Offer.id)).all())
        for start in range(0, n, chunk):
            ids = range(start, min(n, start + chunk))
            conn.execute(insert(Agreement.__table__), [
                {"account_id": accounts[f"R-{i:07d}"], "offer_id": offers[accounts[f"R-{i:07d}"]],
                 "conversation_id": convs[accounts[f"R-{i:07d}"]], "status": "active",
                 "currency": "CNY", "total": Decimal("3000.00"), "discount": Decimal(0),
                 "frequency": "monthly", "script_version": "collections@1", "created_by": "bot",
                 "created_at": made, "moves_used": 0} for i in ids
            ])  # fmt: skip
        agreements = s.execute(select(Agreement.id)).scalars().all()
        for start in range(0, len(agreements), chunk):
            conn.execute(insert(Instalment.__table__), [
                {"agreement_id": a, "seq": 1, "due_date": TODAY, "amount": Decimal("1000.00"),
                 "paid": Decimal(0), "status": "open"} for a in agreements[start:start + chunk]
            ])  # fmt: skip


def bench(url: str, n: int, workdir: Path) -> None:
    env = {"REPAYBOT_DATABASE__URL": url, "REPAYBOT_SECURITY__KEY_FILE": str(workdir / "k.json")}
    app = App(load_settings(None, environ=env), clock=lambda: NOW)
    upgrade(app.db)
    t0 = time.perf_counter()
    seed(app, n)
    print(f"seeded {n:,} instalments due today in {time.perf_counter() - t0:.0f} s")
    if app.db.dialect == "postgresql":
        # Planner statistics of the seeded tables, as autovacuum keeps them in production.
        # Not of the tables the run fills (reminders, outbox, messages, audit_log): statistics
        # taken while they are empty would tell the planner they stay empty.
        with app.db.session() as s:
            s.execute(text("ANALYZE accounts, conversations, offers, agreements, instalments"))
    reminders = app.reminders
    app.engine.scripts.active()
    c0, t0 = time.process_time(), time.perf_counter()
    result = reminders.run_once()
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(result.summary)
    print(
        f"{app.db.dialect}: {result.queued:,} reminders queued in {wall:.1f} s: "
        f"{result.queued / wall:,.0f}/s wall clock, {result.queued / cpu:,.0f}/s per core (CPU); "
        f"peak RSS {peak_mb():.0f} MiB"
    )
    app.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instalments", type=int, default=100_000)
    parser.add_argument("--postgres", default=None, help="a PostgreSQL URL (an empty database)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.postgres or f"sqlite:///{Path(tmp) / 'bench.db'}"
        bench(url, args.instalments, Path(tmp))


if __name__ == "__main__":
    main()
