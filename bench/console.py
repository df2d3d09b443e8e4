"""Benchmark the agents' inbox with a long queue, and the live push.

Usage::

    python bench/console.py [--escalations 10000] [--closed 50000] [--postgres URL] [--requests 50]

Fills a fresh database (SQLite by default) with ``--escalations`` open
escalations (each with a conversation, an account and a debtor message) and
``--closed`` closed ones before them (the history tab), serves the web app
with uvicorn on a free local port, signs an admin in, and prints:

* the first inbox page (``GET /console``): p50/p95 wall-clock latency over
  ``--requests`` requests and its size in KiB (targets: p95 <= 200 ms, <= 100 KiB);
* what every connected screen fetches after each live event: the queue rows
  (``/console/queue/rows``) and the tab counts (``/console/queue/counts``);
* the live push: a connected agent's ``/console/events`` stream, and the time
  from a new escalation being committed to its ``conversation.created`` event
  arriving (target: under 1 s); the commits fall at random moments of the
  stream's polling cycle.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import threading
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import httpx
import uvicorn

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert, text

from bot.app import App
from bot.config import load_settings
from bot.store.migrate import upgrade
from bot.store.models import Account, Conversation, Escalation, Message
from bot.users import add_user
from bot.web.app import create_app

PASSWORD = "bench-password-1"


def fill_history(app: App, n: int, conversations: int) -> None:
    """Insert ``n`` closed escalations spread over the first ``conversations``, in batches."""
    now = datetime.now(UTC)
    batch = 5000
    for start in range(0, n, batch):
        with app.db.session() as s:
            s.execute(
                insert(Escalation),
                [
                    dict(conversation_id=i % conversations + 1, account_id=i % conversations + 1,
                         reason="human", priority=i % 3, status="closed", lane="main",
                         created_at=now - timedelta(days=400, seconds=-i),
                         closed_at=now - timedelta(days=399, seconds=-i))
                    for i in range(start, min(n, start + batch))
                ],
            )  # fmt: skip


def fill(app: App, n: int, closed: int = 0) -> None:
    """Insert ``n`` open escalations with Core, in batches (after ``closed`` closed ones)."""
    now = datetime.now(UTC)
    name = app.personal.encrypt("Bench Debtor")
    batch = 2000
    for start in range(0, n, batch):
        stop = min(n, start + batch)
        with app.db.session() as s:
            s.execute(
                insert(Account),
                [
                    dict(id=i + 1, account_ref=f"B-{i:06d}", full_name_enc=name, creditor="Bench",
                         currency="CNY", principal=Decimal("1000.00"), interest=Decimal("0"),
                         fees=Decimal("0"), due_date=date(2026, 1, 1), status="active",
                         locale="zh_CN", timezone="Asia/Shanghai", row_hash="x",
                         legal_hold=False, created_at=now, updated_at=now)
                    for i in range(start, stop)
                ],
            )  # fmt: skip
            s.execute(
                insert(Conversation),
                [
                    dict(id=i + 1, platform="telegram", chat_id=f"c{i}", user_id=f"c{i}",
                         account_id=i + 1, state="offer", context={"verified": True},
                         mode="agent", locale="zh_CN", is_open=True, started_at=now,
                         updated_at=now, last_inbound_at=now)
                    for i in range(start, stop)
                ],
            )  # fmt: skip
            s.execute(
                insert(Message),
                [
                    dict(conversation_id=i + 1, platform="telegram",
                         platform_message_id=f"m{i}", direction="in", sender="debtor",
                         text="我想找人工客服谈谈还款的事情", created_at=now)
                    for i in range(start, stop)
                ],
            )  # fmt: skip
    fill_history(app, closed, n)
    for start in range(0, n, batch):
        stop = min(n, start + batch)
        with app.db.session() as s:
            s.execute(
                insert(Escalation),
                [
                    dict(conversation_id=i + 1, account_id=i + 1, reason="human",
                         priority=i % 3, status="open", lane="main",
                         created_at=now - timedelta(seconds=n - i))
                    for i in range(start, stop)
                ],
            )  # fmt: skip
    if app.db.engine.dialect.name == "postgresql":
        # The rows above carry explicit ids: move the id sequences past them.
        with app.db.session() as s:
            for table in ("accounts", "conversations"):
                s.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {n})"))


def serve(app: App) -> tuple[uvicorn.Server, str]:
    config = uvicorn.Config(create_app(app), host="127.0.0.1", port=0, log_level="warning")
    server = uvicorn.Server(config)
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    return server, f"http://127.0.0.1:{port}"


def sign_in(client: httpx.Client) -> None:
    page = client.get("/console/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token
    r = client.post(
        "/console/login",
        data={"name": "bench", "password": PASSWORD, "csrf_token": token.group(1)},
    )
    assert r.status_code == 303, r.text


def push_latency(app: App, base: str, client: httpx.Client, tries: int) -> list[float]:
    out = []
    with client.stream("GET", "/console/events", timeout=30) as stream:
        lines = stream.iter_lines()
        for line in lines:
            if line.startswith("event: ready"):
                break
        for k in range(tries):
            time.sleep(random.uniform(0, 0.5))  # anywhere in the stream's polling cycle
            with app.db.session() as s:
                conv = Conversation(platform="web", chat_id=f"push{k}", user_id=f"push{k}",
                                    state="offer", context={}, mode="agent", locale="en",
                                    is_open=True, started_at=app.clock(),
                                    updated_at=app.clock())  # fmt: skip
                s.add(conv)
                s.flush()
                s.add(Escalation(conversation_id=conv.id, reason="human", priority=0,
                                 status="open", lane="main", created_at=app.clock()))  # fmt: skip
            started = time.perf_counter()
            for line in lines:
                if line.startswith("event: conversation.created"):
                    out.append(time.perf_counter() - started)
                    break
    return out


def timed(client: httpx.Client, path: str, n: int) -> tuple[float, float, int]:
    """(p50 ms, p95 ms, size in bytes) of ``n`` GETs of ``path``."""
    client.get(path)  # warm up templates and connections
    times, size = [], 0
    for _ in range(n):
        started = time.perf_counter()
        r = client.get(path, headers={"X-Background": "1"})
        times.append(time.perf_counter() - started)
        size = len(r.content)
        assert r.status_code == 200, (path, r.status_code)
    times.sort()
    return statistics.median(times) * 1000, times[int(0.95 * (len(times) - 1))] * 1000, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--escalations", type=int, default=10_000)
    parser.add_argument("--closed", type=int, default=50_000)
    parser.add_argument("--postgres", help="a PostgreSQL URL to use instead of SQLite")
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.postgres or f"sqlite:///{tmp}/bench.db"
        env = {
            "REPAYBOT_DATABASE__URL": url,
            "REPAYBOT_SECURITY__ENCRYPTION_KEYS": "kQ8d0m0b3q2mGg9l9m8u8zXy0T8b3P3n6oQm1m2x3yA=",
            "REPAYBOT_SECURITY__HMAC_KEY": "bench",
            "REPAYBOT_SECURITY__LINK_SECRET": "bench",
            "REPAYBOT_SECURITY__KEY_FILE": f"{tmp}/keys.json",
        }
        app = App(load_settings(None, environ=env))
        upgrade(app.db)
        t0 = time.perf_counter()
        fill(app, args.escalations, args.closed)
        with app.db.session() as s:
            add_user(s, "bench", "admin", PASSWORD, now=app.clock())
        kind = "PostgreSQL" if args.postgres else "SQLite"
        took = time.perf_counter() - t0
        print(
            f"database: {kind}, {args.escalations} open and {args.closed} closed escalations "
            f"(filled in {took:.1f} s)"
        )
        server, base = serve(app)
        try:
            with httpx.Client(base_url=base) as client:
                sign_in(client)
                p50, p95, size = timed(client, "/console", args.requests)
                print(f"first inbox page: p50 {p50:.0f} ms, p95 {p95:.0f} ms, "
                      f"{size / 1024:.1f} KiB (targets: p95 <= 200 ms, <= 100 KiB)")  # fmt: skip
                for path in ("/console/queue/rows", "/console/queue/counts",
                             "/console?tab=closed"):  # fmt: skip
                    p50, p95, size = timed(client, path, args.requests)
                    print(f"{path}: p50 {p50:.0f} ms, p95 {p95:.0f} ms, {size / 1024:.1f} KiB")
                lat = sorted(push_latency(app, base, client, 10))
                print("push, commit to event at the agent: "
                      f"p50 {statistics.median(lat) * 1000:.0f} ms, "
                      f"max {max(lat) * 1000:.0f} ms over {len(lat)} (target: < 1 s)")  # fmt: skip
        finally:
            server.should_exit = True
            app.stop()


if __name__ == "__main__":
    main()
