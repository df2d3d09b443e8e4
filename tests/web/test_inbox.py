"""The inbox: tabs with counts, filters, pages, history search, service-level breaches."""

from __future__ import annotations

import dataclasses
import re
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import event

from bot.app import App
from bot.config import Settings
from bot.console import inbox
from tests.web.conftest import csrf, login, make_escalated_chat, make_user


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Three rows per page, so a few chats fill several pages."""
    return dataclasses.replace(settings, console=dataclasses.replace(settings.console, page_size=3))


def count(html: str, tab: str) -> int:
    found = re.search(rf'id="count-{tab}">(\d+)<', html)
    assert found, tab
    return int(found.group(1))


def rows(html: str) -> list[str]:
    return re.findall(r'data-escalation="(\d+)"', html)


async def test_tabs_count_and_split_the_queue(
    app: App, client: httpx.AsyncClient, client_b: httpx.AsyncClient
) -> None:
    make_user(app, "alice")
    make_user(app, "bob")
    ids = [make_escalated_chat(app, chat_id=f"tg-{i}", account_ref=f"A-{i}")[1] for i in range(5)]
    await login(client, "alice")
    await login(client_b, "bob")
    token = await csrf(client)
    await client.post(f"/console/escalations/{ids[0]}/claim", data={"csrf_token": token})
    page = (await client.get("/console")).text
    assert (count(page, "mine"), count(page, "unassigned"), count(page, "open")) == (1, 4, 5)
    assert rows((await client.get("/console?tab=mine")).text) == [str(ids[0])]
    # bob sees neither alice's chat nor a count that gives it away
    bobs = (await client_b.get("/console")).text
    assert (count(bobs, "mine"), count(bobs, "open")) == (0, 4)
    assert str(ids[0]) not in rows(bobs)


async def test_filters_and_pages(app: App, client: httpx.AsyncClient) -> None:
    make_user(app, "alice")
    for i in range(7):
        make_escalated_chat(
            app,
            chat_id=f"tg-{i}",
            account_ref=f"A-{i}",
            platform="wechat" if i % 2 else "telegram",
            reason="dispute" if i < 2 else "human",
            age_minutes=60 - i,
        )
    await login(client, "alice")
    assert len(rows((await client.get("/console?platform=wechat")).text)) == 3
    disputes = (await client.get("/console?reason=dispute")).text
    assert len(rows(disputes)) == 2 and count(disputes, "open") == 2
    first = (await client.get("/console")).text
    third = (await client.get("/console?page=3")).text
    assert len(rows(first)) == 3 and len(rows(third)) == 1
    assert "Page 3 of 3" in third
    assert set(rows(first)).isdisjoint(rows(third))


async def test_history_is_searchable_by_account_and_date(
    app: App, client: httpx.AsyncClient
) -> None:
    make_user(app, "root", role="admin")
    for i, ref in enumerate(("K-100", "K-200", "Z-300")):
        _conv, esc_id = make_escalated_chat(app, chat_id=f"tg-{i}", account_ref=ref)
        with app.db.session() as s:
            from bot.store.models import Escalation

            row = s.get(Escalation, esc_id)
            assert row is not None
            row.status, row.closed_at = "closed", app.clock() - timedelta(days=i)
    await login(client, "root")
    everything = (await client.get("/console?tab=closed")).text
    assert count(everything, "closed") == 3 and "Nobody is waiting" not in everything
    by_ref = (await client.get("/console?tab=closed&account=K-")).text
    assert len(rows(by_ref)) == 2 and "Z-300" not in by_ref
    day = (app.clock() - timedelta(days=1)).date().isoformat()
    by_day = (await client.get(f"/console?tab=closed&since={day}&until={day}")).text
    assert "K-200" in by_day and len(rows(by_day)) == 1


async def test_a_chat_waiting_past_the_target_is_marked(
    app: App, client: httpx.AsyncClient
) -> None:
    make_user(app, "alice")
    target = app.settings.console.service_level_minutes
    make_escalated_chat(app, chat_id="late", account_ref="L-1", age_minutes=target + 1)
    make_escalated_chat(app, chat_id="fresh", account_ref="F-1", age_minutes=1)
    await login(client, "alice")
    html = (await client.get("/console")).text
    late = next(r for r in html.split("<tr")[1:] if "L-1" in r)
    fresh = next(r for r in html.split("<tr")[1:] if "F-1" in r)
    assert "breached" in late and "breached" not in fresh


def test_a_page_costs_the_same_queries_however_long_the_queue(app: App) -> None:
    def queries(n: int) -> int:
        for i in range(n):
            make_escalated_chat(app, chat_id=f"q{n}-{i}", account_ref=None)
        seen: list[str] = []
        engine = app.db.engine

        def count_query(*_args: object) -> None:
            seen.append("q")

        event.listen(engine, "before_cursor_execute", count_query)
        try:
            with app.db.session() as s:
                found = inbox.page(
                    s,
                    inbox.Viewer(1, True),
                    "open",
                    inbox.Filters(),
                    number=1,
                    size=50,
                    now=app.clock(),
                    service_level=timedelta(minutes=15),
                )
                assert found.rows
        finally:
            event.remove(engine, "before_cursor_execute", count_query)
        return len(seen)

    assert queries(3) == queries(40)
