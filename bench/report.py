"""Benchmark ``repaybot report``: 1,000,000 conversations, 200,000 agreements.

Usage::

    python bench/report.py [--postgres URL | --sqlite FILE] [--conversations 1000000]
                           [--agreements 200000] [--by all|-,creditor,...] [--runs 3]
                           [--keep] [--database NAME]

Fills a scratch database with generated rows inside the database (PostgreSQL's
``generate_series`` or a recursive CTE on SQLite, no Python loop: half as many
accounts as conversations, two messages per conversation, verification
attempts, offers, agreements with three instalments, escalations, opt-outs,
payments and the first instalment of every other agreement paid) at the
schema before the conversations' funnel facts, then migrates to the head,
which fills the facts from those rows exactly as the triggers store them when
the rows are written one by one (tests check both), and runs ``VACUUM
ANALYZE`` (``ANALYZE`` on SQLite), as autovacuum would.

Then it times the whole report (every statement) ``--runs`` times for each
breakdown (``-`` is none; ``all``, the default, is none and every ``--by``),
each breakdown in a fresh process so its peak RSS is its own, and prints the
seconds of each run, the database server's CPU seconds (PostgreSQL on this
machine), the load average and the peak RSS, then a summary table.

``--keep`` leaves the database for the next run, which reuses it (after
migrating it to this checkout's head and, if that changed anything, running
``VACUUM ANALYZE`` again).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from bot.analytics.dims import Period
from bot.analytics.metrics import DIMENSIONS
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


# The same rows on SQLite: a recursive CTE counts, timestamps are naive UTC text.
_N = "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < {})"
_TS = "strftime('%Y-%m-%d %H:%M:%f000', {})"
_STARTED = "'2026-01-01', '+' || (n % 150) || ' days', '+' || (n % 86400) || ' seconds'"
_PAID_AT = "a.created_at, '+' || (20 + 20 * (a.id % 4 = 0)) || ' days'"
SQLITE_FILL = [
    f"""INSERT INTO accounts (account_ref, full_name_enc, creditor, currency, principal, interest,
         fees, due_date, status, locale, timezone, row_hash, legal_hold, created_at, updated_at)
       {_N.format(":accounts")}
       SELECT 'B-' || n, x'00', 'Bank ' || (n % 5), CASE WHEN n % 3 = 0 THEN 'USD' ELSE 'CNY' END,
         CAST((n % 20000) + 100 AS TEXT) || '.25', '10.1', '5',
         date('2025-12-01', '+' || (n % 200) || ' days'), 'active',
         CASE WHEN n % 2 = 0 THEN 'en' ELSE 'zh_CN' END, 'UTC', hex(randomblob(16)), 0,
         '2026-01-01 00:00:00.000000', '2026-01-01 00:00:00.000000' FROM s""",
    f"""INSERT INTO conversations (platform, chat_id, user_id, account_id, state, context, mode,
         locale, is_open, version, started_at, updated_at, closed_at)
       {_N.format(":conversations")}
       SELECT CASE WHEN n % 2 = 0 THEN 'telegram' ELSE 'wechat' END, 'c' || n, 'u' || n,
         1 + (n % :accounts),
         CASE n % 5 WHEN 0 THEN 'verify' WHEN 1 THEN 'offer' WHEN 2 THEN 'confirm'
           WHEN 3 THEN 'agreed' ELSE 'start' END,
         '{{}}', 'closed', CASE WHEN n % 2 = 0 THEN 'en' ELSE 'zh_CN' END, NULL, 0,
         {_TS.format(_STARTED)},
         '2026-06-01 00:00:00.000000', '2026-06-01 00:00:00.000000' FROM s""",
    """INSERT INTO messages (conversation_id, platform, platform_message_id, direction, sender,
         text, buttons, created_at)
       SELECT c.id, c.platform, NULL, d.direction, d.sender, 'x', '[]', c.started_at
       FROM conversations c
       CROSS JOIN (SELECT 'out' AS direction, 'bot' AS sender
                   UNION ALL SELECT 'in', 'debtor') AS d
       WHERE d.direction = 'out' OR c.id % 10 < 7""",
    """INSERT INTO verification_attempts (conversation_id, account_id, field, success, created_at)
       SELECT id, account_id, 'dob', id % 10 < 5, started_at
       FROM conversations WHERE id % 10 < 6""",
    """INSERT INTO offers (conversation_id, account_id, kind, currency, total, discount,
         schedule, round, made_by, status, created_at)
       SELECT id, account_id, 'instalments', 'CNY', '300.3', '0', '[]', 0, 'bot', 'proposed',
         started_at FROM conversations WHERE id % 10 < 4""",
    """INSERT INTO agreements (account_id, conversation_id, offer_id, status, currency, total,
         discount, frequency, script_version, created_by, created_at)
       SELECT o.account_id, o.conversation_id, o.id,
         CASE o.id % 5 WHEN 0 THEN 'superseded' WHEN 1 THEN 'completed' WHEN 2 THEN 'broken'
           WHEN 3 THEN 'cancelled' ELSE 'completed' END,
         o.currency, o.total, CAST((o.id % 3) * 5 AS TEXT), 'monthly', 'collections@1', 'bot',
         o.created_at
       FROM offers o ORDER BY o.id LIMIT :agreements""",
    """INSERT INTO instalments (agreement_id, seq, due_date, amount)
       SELECT a.id, s.n, date(a.created_at, '+' || (s.n * 30) || ' days'), '100.1'
       FROM agreements a CROSS JOIN (SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3) AS s""",
    """INSERT INTO escalations (conversation_id, account_id, reason, priority, status, created_at)
       SELECT id, account_id, CASE id % 4 WHEN 0 THEN 'distress' WHEN 1 THEN 'dispute'
         WHEN 2 THEN 'human_requested' ELSE 'abuse' END,
         2, 'closed', started_at FROM conversations WHERE id % 20 = 0""",
    f"""INSERT INTO opt_outs (account_id, platform, platform_user_id, source, created_at)
       SELECT account_id, platform, user_id, 'typed', {_TS.format("started_at, '+1 minute'")}
       FROM conversations WHERE id % 50 = 0""",
]
SQLITE_PAYMENTS = f"""INSERT INTO payments (external_id, account_id, amount, currency, paid_at,
         source, applied, credit, allocations, created_at)
       SELECT 'p' || a.id, a.account_id, '100.1', a.currency,
         {_TS.format("a.created_at, '+20 days'")}, 'csv', '100.1', '0', '[]', a.created_at
       FROM agreements a WHERE a.id % 2 = 0"""
SQLITE_PAID = f"""UPDATE instalments SET paid = amount, status = 'paid',
         paid_at = (SELECT {_TS.format(_PAID_AT)}
                    FROM agreements a WHERE a.id = instalments.agreement_id)
       WHERE seq = 1 AND agreement_id % 2 = 0"""


def _cpu_seconds(pid: int | None) -> float:
    """CPU seconds used so far by a local process (-1 when it cannot be read)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return -1.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _fill(db: Database, conversations: int, agreements: int) -> None:
    """Write the generated rows (schema before the facts), migrate, analyze."""
    sqlite = db.engine.dialect.name == "sqlite"
    upgrade(db, f"{FACTS_REVISION}-1")
    t0 = time.perf_counter()
    params = {"accounts": conversations // 2, "conversations": conversations,
              "agreements": agreements}  # fmt: skip
    with db.engine.begin() as conn:
        for sql in SQLITE_FILL if sqlite else FILL:
            conn.execute(text(sql), params)
        if "payments" in inspect(conn).get_table_names():
            conn.execute(text(SQLITE_PAYMENTS if sqlite else PAYMENTS))
            conn.execute(text(SQLITE_PAID if sqlite else PAID))
    print(f"rows written in {time.perf_counter() - t0:.1f} s", flush=True)
    upgrade(db)  # fills the conversations' funnel facts
    _analyze(db)
    print(f"filled in {time.perf_counter() - t0:.1f} s", flush=True)


def _analyze(db: Database) -> None:
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        if db.engine.dialect.name == "sqlite":
            conn.execute(text("ANALYZE"))
        else:
            conn.execute(text("VACUUM ANALYZE"))


def _revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        found = conn.scalar(text("SELECT version_num FROM alembic_version"))
    return None if found is None else str(found)


APP_NAME = "repaybot_bench_report"


def _server_cpu(db: Database) -> dict[int, float]:
    """CPU seconds so far of each server process serving this bench (its connections)."""
    with db.engine.connect() as conn:
        pids = conn.scalars(
            text("SELECT pid FROM pg_stat_activity WHERE application_name = :a"), {"a": APP_NAME}
        ).all()
    return {int(pid): _cpu_seconds(int(pid)) for pid in pids}


def child(url: str, by: str | None, runs: int) -> None:
    """Time the report ``runs`` times in this process; one JSON line per run, then the RSS.

    The server's CPU is that of every connection of this process (the report's
    statements run on several at once), read from ``/proc`` when the server is local.
    """
    postgres = url.startswith("postgresql")
    if postgres:
        url = (
            make_url(url)
            .update_query_dict({"application_name": APP_NAME})
            .render_as_string(hide_password=False)
        )
    db = Database(url)
    period = Period(None, None, datetime(2026, 6, 1, tzinfo=UTC))
    try:
        for run in range(1, runs + 1):
            before = _server_cpu(db) if postgres else {}
            t0 = time.perf_counter()
            cpu0 = time.process_time()
            with db.session() as s:
                report = build_report(s, period, by)
            seconds = time.perf_counter() - t0
            server = None
            if postgres:
                after = _server_cpu(db)
                if all(v >= 0 for v in after.values()):
                    server = sum(v - before.get(pid, 0.0) for pid, v in after.items())
            line = {
                "by": by or "-", "run": run, "seconds": seconds,
                "client_cpu": time.process_time() - cpu0, "server_cpu": server,
                "load": os.getloadavg()[0], "contacted": report.overall.funnel["contacted"],
                "agreed": report.overall.funnel["agreed"], "groups": len(report.groups),
            }  # fmt: skip
            print(json.dumps(line), flush=True)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps({"by": by or "-", "peak_rss_mb": round(peak)}), flush=True)
    finally:
        db.stop()


def _breakdowns(value: str) -> list[str]:
    if value == "all":
        return ["-", *DIMENSIONS]
    names = [v.strip() for v in value.split(",") if v.strip()]
    for name in names:
        if name != "-" and name not in DIMENSIONS:
            raise SystemExit(f"--by {name!r}: use - or one of {', '.join(DIMENSIONS)}")
    return names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
    )
    where.add_argument("--sqlite", type=Path, help="a SQLite file (kept with --keep)")
    parser.add_argument("--conversations", type=int, default=1_000_000)
    parser.add_argument("--agreements", type=int, default=200_000)
    parser.add_argument("--by", default="all", help="all, or - (none) and names, comma-separated")
    parser.add_argument("--keep", action="store_true", help="keep the database for the next run")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each report")
    parser.add_argument("--database", default=NAME, help="name of the scratch database")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        child(args.url, None if args.child == "-" else args.child, args.runs)
        return
    breakdowns = _breakdowns(args.by)

    admin = None
    if args.sqlite is not None:
        url = f"sqlite:///{args.sqlite.resolve()}"
        exists = args.sqlite.exists()
    else:
        admin = create_engine(args.postgres, isolation_level="AUTOCOMMIT")
        name = args.database
        url = make_url(args.postgres).set(database=name).render_as_string(hide_password=False)
        with admin.connect() as conn:
            exists = bool(
                conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
            )
            if not exists:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        db = Database(url)
        try:
            if not exists:
                _fill(db, args.conversations, args.agreements)
            else:
                before = _revision(db)
                upgrade(db)  # a kept database gets this checkout's migrations (indexes)
                if _revision(db) != before:
                    _analyze(db)
                print(f"reusing the database at {_revision(db)}", flush=True)
            with db.engine.connect() as conn:
                convs = conn.scalar(text("SELECT count(*) FROM conversations"))
                agreements = conn.scalar(text("SELECT count(*) FROM agreements"))
            print(f"{db.engine.dialect.name}: {convs:,} conversations, {agreements:,} agreements")
        finally:
            db.stop()
        summary: list[tuple[str, list[float], list[float | None], int, float]] = []
        for by in breakdowns:
            out = subprocess.run(
                [sys.executable, __file__, "--child", by, "--url", url, "--runs", str(args.runs)],
                capture_output=True, text=True, check=False,
            )  # fmt: skip
            if out.returncode != 0:
                raise SystemExit(f"report by {by} failed:\n{out.stderr}")
            seconds: list[float] = []
            server: list[float | None] = []
            loads: list[float] = []
            peak = 0
            for raw in out.stdout.splitlines():
                row = json.loads(raw)
                if "peak_rss_mb" in row:
                    peak = row["peak_rss_mb"]
                    continue
                seconds.append(row["seconds"])
                server.append(row["server_cpu"])
                loads.append(row["load"])
                cpu = f", server CPU {row['server_cpu']:.2f} s" if row["server_cpu"] else ""
                print(f"report (by {by}), run {row['run']}: {row['seconds']:.2f} s{cpu}, "
                      f"client CPU {row['client_cpu']:.2f} s; {row['groups']} groups, "
                      f"contacted {row['contacted']:,}, agreed {row['agreed']:,}; "
                      f"load average {row['load']:.1f}", flush=True)  # fmt: skip
            print(f"report (by {by}): peak RSS {peak} MB", flush=True)
            summary.append((by, seconds, server, peak, max(loads, default=0.0)))
        print("\nby         runs (s)                  best   server CPU (s)     peak RSS  load")
        for by, secs, server, peak, load in summary:
            runs = " ".join(f"{x:5.2f}" for x in secs)
            cpus = " ".join(f"{x:4.2f}" for x in server if x is not None) or "-"
            print(f"{by:<10} {runs:<25} {min(secs):5.2f}  {cpus:<18} {peak:4d} MB  {load:4.1f}")
    finally:
        if not args.keep:
            if admin is not None:
                with admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)'))
            elif args.sqlite is not None:
                args.sqlite.unlink(missing_ok=True)
        if admin is not None:
            admin.dispose()


if __name__ == "__main__":
    main()
