"""The experiment safety rule runs on its own inside ``serve`` and admins are told."""

from __future__ import annotations

import dataclasses
import threading
from datetime import datetime

import anyio
import httpx
import pytest
from sqlalchemy import select

from bot.analytics import watch
from bot.app import App
from bot.store.crypto import PersonalData
from bot.store.models import AuditEntry, ScriptVersion
from bot.web.app import create_app
from tests.analytics.test_experiments import _population, start
from tests.web.conftest import Clock, csrf_of, login, make_user


def _experiment_with_a_harmful_arm(app: App, personal: PersonalData, now: datetime) -> None:
    v1 = app.engine.scripts.active()
    with app.db.session() as s:
        row = s.get(ScriptVersion, v1.version_id)
        assert row is not None
        s.add(ScriptVersion(name=row.name, version=2, source=row.source, sha256=row.sha256,
                            active=False, created_by="admin", created_at=now))  # fmt: skip
        s.flush()
        exp = start(s)
        # Arm b: twelve times the control's opt-outs.
        _population(s, personal, exp, 600, {"a": 0.2, "b": 0.2}, {"a": 0.01, "b": 0.12}, 3)


async def test_the_periodic_step_stops_the_arm_audits_it_and_admins_see_it(
    app: App, client: httpx.AsyncClient, clock: Clock, personal: PersonalData
) -> None:
    _experiment_with_a_harmful_arm(app, personal, clock())
    service = watch.from_app(app)
    assert service is not None and service.interval == 300.0  # the default
    notices = await service.run_once()
    assert len(notices) == 1 and "arm b stopped: opt-out rate" in notices[0]
    with app.db.session() as s:
        stops = s.scalars(
            select(AuditEntry).where(AuditEntry.action == "experiment.arm_stopped")
        ).all()
    assert [(a.actor, a.details["arm"]) for a in stops] == [("system", "b")]
    # The next look finds nothing more to stop.
    clock.advance(minutes=5)
    assert await service.run_once() == []
    # Every console page tells admins, not agents.
    make_user(app, "root", role="admin")
    await login(client, "root")
    page = await client.get("/console")
    assert "Experiment arm stopped: wording — b: opt-out rate" in page.text
    assert 'href="/console/analytics"' in page.text
    await client.post("/console/logout", data={"csrf_token": csrf_of(page.text)})
    make_user(app, "ann", role="agent")
    await login(client, "ann")
    assert "Experiment arm stopped" not in (await client.get("/console")).text


async def test_serve_runs_the_check_every_interval(
    app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    looks: list[datetime] = []
    twice = threading.Event()

    def fake_check(db: object, now: datetime) -> list[str]:
        looks.append(now)
        if len(looks) >= 2:
            twice.set()
        return []

    monkeypatch.setattr(watch, "check_once", fake_check)
    settings = dataclasses.replace(
        app.settings,
        analytics=dataclasses.replace(app.settings.analytics, safety_check_interval_seconds=0.01),
    )
    monkeypatch.setattr(app, "settings", settings)
    web = create_app(app)
    async with web.router.lifespan_context(web):
        # The first look is at start-up, the next one interval later.
        assert await anyio.to_thread.run_sync(twice.wait, 10)


def test_an_interval_of_zero_turns_the_check_off(app: App, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = dataclasses.replace(
        app.settings,
        analytics=dataclasses.replace(app.settings.analytics, safety_check_interval_seconds=0),
    )
    monkeypatch.setattr(app, "settings", settings)
    assert watch.from_app(app) is None
