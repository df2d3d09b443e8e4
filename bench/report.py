"""Benchmark ``repaybot report`` on PostgreSQL: 1,000,000 conversations, 200,000 agreements.

Usage::

    python bench/report.py [--postgres URL] [--conversations 1000000] [--agreements 200000]
                           [--by creditor] [--keep] [--runs 2]

Creates a scratch database on the server (``postgresql+psycopg://postgres@127.0.0.1:5432``
by default), fills it with generated rows inside PostgreSQL (``generate_series``,
no Python loop: half as many accounts as conversations, two messages per
conversation, verification attempts, offers, agreements with three
instalments, escalations, opt-outs, payments and the first instalment of every
other agreement paid) at the schema before the conversations' funnel facts, then
migrates to the head, which fills the facts from those rows exactly as the
triggers store them when the rows are written one by one (tests check both),
runs ``VACUUM ANALYZE`` (as autovacuum would), then
times the whole report (every query) ``--runs`` times without and with a
breakdown and prints the seconds of each run and the peak RSS of this process.
``--keep`` leaves the database for another run (which migrates it first).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from bot.analytics.dims import Period
from bot.analytics.report import build_report
from bot.store.db import Database
from bot.store.migrate import upgrade

NAME = "repaybot_bench_report"
#: The migration that adds the conversations' funnel facts: the fill runs before it.
FACTS_REVISION = "0013_conversation_facts"

FILL = [
    # accounts: A = conversations / 2
    """INSERT INTO accounts (account_ref, full_name_enc, creditor, currency, principal, interest,
         fees, due_date, status, locale, timezone, row_hash, legal_hold, created_at, updated_at)
       SELECT 'B-' || n, '\\x00'::bytea, 'Bank ' || (n % 5), CASE WHEN n % 3 = 0 THEN 'USD'
         ELSE 'CNY' END, (n % 20000) + 100.25, 10.10, 5, DATE '2025-12-01' + (n % 200),
         'active', CASE WHEN n % 2 = 0 THEN 'en' ELSE 'zh_CN' END, 'UTC', md5(n::text), false,
         TIMESTAMPTZ '2026-01-01', TIMESTAMPTZ '2026-01-01'
       FROM generate_series(1, :accounts) AS n""",
    """INSERT INTO conversations (platform, chat_id, user_id, account_id, state, context, mode,
         locale, is_open, version, started_at, updated_at, closed_at)
       SELECT CASE WHEN n % 2 = 0 THEN 'telegram' ELSE 'wechat' END, 'c' || n, 'u' || n,
         1 + (n % :accounts), (ARRAY['verify','offer','confirm','agreed','start'])[1 + n % 5],
         '{}', 'closed', CASE WHEN n % 2 = 0 THEN 'en' ELSE 'zh_CN' END, NULL, 0,
         TIMESTAMPTZ '2026-01-01' + (n % 150) * INTERVAL '1 day' + (n % 86400) * INTERVAL '1 s',
         TIMESTAMPTZ '2026-06-01', TIMESTAMPTZ '2026-06-01'
       FROM generate_series(1, :conversations) AS n""",
    """INSERT INTO messages (conversation_id, platform, platform_message_id, direction, sender,
         text, buttons, created_at)
       SELECT c.id, c.platform, NULL, d.direction, d.sender, 'x', '[]', c.started_at
       FROM conversations c
       CROSS JOIN (VALUES ('out', 'bot'), ('in', 'debtor')) AS d(direction, sender)
       WHERE d.direction = 'out' OR c.id % 10 < 7""",
    """INSERT INTO verification_attempts (conversation_id, account_id, field, success, created_at)
       SELECT id, account_id, 'dob', id % 10 < 5, started_at
       FROM conversations WHERE id % 10 < 6""",
    """INSERT INTO offers (conversation_id, account_id, kind, currency, total, discount,
         schedule, round, made_by, status, created_at)
       SELECT id, account_id, 'instalments', 'CNY', 300.30, 0, '[]', 0, 'bot', 'proposed',
         started_at FROM conversations WHERE id % 10 < 4""",
    """INSERT INTO agreements (account_id, conversation_id, offer_id, status, currency, total,
         discount, frequency, script_version, created_by, created_at)
       SELECT o.account_id, o.conversation_id, o.id,
         (ARRAY['superseded','completed','broken','cancelled','completed'])[1 + o.id % 5],
         o.currency, o.total, (o.id % 3) * 5, 'monthly', 'collections@1', 'bot', o.created_at
       FROM offers o ORDER BY o.id LIMIT :agreements""",
    """INSERT INTO instalments (agreement_id, seq, due_date, amount)
       SELECT a.id, s, CAST(a.created_at AS DATE) + s * 30, 100.10
       FROM agreements a CROSS JOIN generate_series(1, 3) AS s""",
    """INSERT INTO escalations (conversation_id, account_id, reason, priority, status, created_at)
       SELECT id, account_id, (ARRAY['distress','dispute','human_requested','abuse'])[1 + id % 4],
         2, 'closed', started_at FROM conversations WHERE id % 20 = 0""",
    """INSERT INTO opt_outs (account_id, platform, platform_user_id, source, created_at)
       SELECT account_id, platform, user_id, 'typed', started_at + INTERVAL '1 minute'
       FROM conversations WHERE id % 50 = 0""",
]
PAYMENTS = """INSERT INTO payments (external_id, account_id, amount, currency, paid_at, source,
         applied, credit, allocations, created_at)
       SELECT 'p' || a.id, a.account_id, 100.10, a.currency, a.created_at + INTERVAL '20 days',
         'csv', 100.10, 0, '[]', a.created_at FROM agreements a WHERE a.id % 2 = 0"""
# What the ledger does with those payments: the first instalment of each is paid in full
# (on time for three agreements in four).
PAID = """UPDATE instalments i SET paid = i.amount, status = 'paid',
         paid_at = a.created_at + INTERVAL '20 days' + (a.id % 4 = 0)::int * INTERVAL '20 days'
       FROM agreements a WHERE a.id = i.agreement_id AND a.id % 2 = 0 AND i.seq = 1"""


def _cpu_seconds(pid: int | None) -> float:
    """CPU seconds used so far by a local process (-1 when it cannot be read)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return -1.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
    )
    parser.add_argument("--conversations", type=int, default=1_000_000)
    parser.add_argument("--agreements", type=int, default=200_000)
    parser.add_argument("--by", default="creditor")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--runs", type=int, default=2, help="timed runs of each report")
    parser.add_argument("--database", default=NAME, help="name of the scratch database")
    args = parser.parse_args()

    admin = create_engine(args.postgres, isolation_level="AUTOCOMMIT")
    name = args.database
    url = make_url(args.postgres).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
    db: Database | None = None
    try:
        if not exists:
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            db = Database(url)
            upgrade(db, f"{FACTS_REVISION}-1")
            t0 = time.perf_counter()
            params = {
                "accounts": args.conversations // 2,
                "conversations": args.conversations,
                "agreements": args.agreements,
            }
            with db.engine.begin() as conn:
                for sql in FILL:
                    conn.execute(text(sql), params)
                if "payments" in inspect(conn).get_table_names():
                    conn.execute(text(PAYMENTS))
                    conn.execute(text(PAID))
            print(f"rows written in {time.perf_counter() - t0:.1f} s")
            upgrade(db)  # fills the conversations' funnel facts
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE"))
            print(f"filled in {time.perf_counter() - t0:.1f} s")
        else:
            db = Database(url)
            upgrade(db)  # a kept database gets this checkout's migrations (indexes)
        with db.engine.connect() as conn:
            convs = conn.scalar(text("SELECT count(*) FROM conversations"))
            agreements = conn.scalar(text("SELECT count(*) FROM agreements"))
        print(f"{convs:,} conversations, {agreements:,} agreements")
        period = Period(None, None, datetime(2026, 6, 1, tzinfo=UTC))
        for by in (None, args.by):
            for run in range(1, args.runs + 1):
                t0 = time.perf_counter()
                with db.session() as s:
                    backend = s.scalar(text("SELECT pg_backend_pid()"))
                    cpu0 = _cpu_seconds(backend)
                    report = build_report(s, period, by)
                    cpu = _cpu_seconds(backend) - cpu0 if cpu0 >= 0 else -1.0
                seconds = time.perf_counter() - t0
                # On a busy machine the wall time also counts waiting for a core; the
                # database server's own CPU time (when it runs on this machine) does not.
                server = f", server CPU {cpu:.2f} s" if cpu >= 0 else ""
                print(f"report (by {by or '-'}), run {run}: {seconds:.2f} s{server}; "
                      f"contacted {report.overall.funnel['contacted']:,}, "
                      f"agreed {report.overall.funnel['agreed']:,}; "
                      f"load average {os.getloadavg()[0]:.1f}")  # fmt: skip
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak RSS {peak:.0f} MB")
    finally:
        if db is not None:
            db.stop()
        if not args.keep:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
