"""Admins start, list and stop experiments from the console; analysts only look."""

from __future__ import annotations

import re
from typing import Any

import httpx
from sqlalchemy import select

from bot.analytics import experiments as exps
from bot.app import App
from bot.messages import ChatRef
from bot.store.models import AuditEntry, Conversation, Experiment, ExperimentArm, ScriptVersion
from tests.factories import make_account
from tests.web.conftest import csrf_of, login, make_user

PAGE = "/console/analytics/experiments"


def second_version(app: App, source: str | None = None) -> None:
    """collections@1 (active) and collections@2 (a saved copy, or ``source``)."""
    v1 = app.engine.scripts.active()
    with app.db.session() as s:
        row = s.get(ScriptVersion, v1.version_id)
        assert row is not None
        s.add(ScriptVersion(name=row.name, version=2, source=source or row.source,
                            sha256=row.sha256, comment="", active=False, created_by="ada",
                            created_at=app.clock()))  # fmt: skip


def form(**changes: str) -> dict[str, str]:
    data = {
        "name": "warmer",
        "arm-0-name": "a", "arm-0-version": "collections@1", "arm-0-share": "50",
        "arm-1-name": "b", "arm-1-version": "collections@2", "arm-1-share": "50",
        "baseline": "0.2", "min_effect": "0.1", "alpha": "0.05", "power": "0.8",
    }  # fmt: skip
    data.update(changes)
    return data


async def admin(client: httpx.AsyncClient, app: App) -> str:
    make_user(app, "ada", role="admin")
    await login(client, "ada")
    page = await client.get(PAGE)
    assert page.status_code == 200
    return csrf_of(page.text)


def audits(app: App, action: str) -> list[AuditEntry]:
    with app.db.session() as s:
        rows = s.scalars(select(AuditEntry).where(AuditEntry.action == action)).all()
        s.expunge_all()
        return list(rows)


def row(html: str, name: str) -> str:
    found = re.search(rf'<tr data-experiment="{name}">(.*?)</tr>', html, re.S)
    assert found, f"no row for {name}"
    return found.group(1)


def field_error(html: str, name: str) -> str:
    found = re.search(rf'id="error-{re.escape(name)}" role="alert">([^<]*)<', html)
    assert found, f"no error for {name}"
    return found.group(1)


async def test_an_admin_starts_an_experiment_then_stops_an_arm_and_finishes_it(
    app: App, client: httpx.AsyncClient
) -> None:
    second_version(app)
    token = await admin(client, app)
    started = await client.post(PAGE, data={"csrf_token": token, **form()})
    assert started.status_code == 303
    page = await client.get(started.headers["location"])
    assert "294 contacted accounts per arm before a verdict" in page.text
    listed = row(page.text, "warmer")
    assert "running" in listed and "a</span>: collections@1" in listed
    assert "b</span>: collections@2 · 50" in listed
    (entry,) = audits(app, "experiment.start")
    assert entry.actor == "ada"
    assert entry.details["sample_size_per_arm"] == 294

    # Assignment is the same sticky hash as from the command line, and recorded.
    with app.db.session() as s:
        account = make_account(s, app.personal, ref="A-1")
        s.flush()
        account_id = account.id
        exp = s.scalars(select(Experiment)).one()
        expected = exps.pick_arm(exp, account_id)
        assert expected is not None
        expected_id = expected.id
    for n in range(2):
        app.engine.greet(ChatRef("telegram", f"c{n}", f"u{n}"), account_ref="A-1")
    with app.db.session() as s:
        arms = set(s.scalars(select(Conversation.experiment_arm_id)).all())
    assert arms == {expected_id}

    with app.db.session() as s:
        b = s.scalars(select(ExperimentArm).where(ExperimentArm.name == "b")).one()
        exp_id, b_id = b.experiment_id, b.id
    stopped = await client.post(
        f"{PAGE}/{exp_id}/arms/{b_id}/stop", data={"csrf_token": token, "reason": "too pushy"}
    )
    assert stopped.status_code == 303
    page = await client.get(PAGE)
    assert "stopped</span> (too pushy)" in row(page.text, "warmer")
    (entry,) = audits(app, "experiment.arm_stopped")
    assert (entry.actor, entry.details["reason"]) == ("ada", "too pushy")

    finished = await client.post(f"{PAGE}/{exp_id}/finish", data={"csrf_token": token})
    assert finished.status_code == 303
    page = await client.get(PAGE)
    assert '<td class="status">finished</td>' in row(page.text, "warmer")
    assert [e.actor for e in audits(app, "experiment.finish")] == ["ada"]
    # Finished: another one can start.
    again = await client.post(PAGE, data={"csrf_token": token, **form(name="firmer")})
    assert again.status_code == 303


async def test_wrong_fields_are_named_and_nothing_starts(
    app: App, client: httpx.AsyncClient
) -> None:
    second_version(app)
    token = await admin(client, app)
    bad = await client.post(
        PAGE,
        data={"csrf_token": token, **form(name="", **{"arm-1-share": "half"}, baseline="2",
                                          min_effect="x")},
    )  # fmt: skip
    assert bad.status_code == 422
    assert field_error(bad.text, "name") == "Name: required (e.g. warmer-greeting)"
    assert field_error(bad.text, "arm-1-share") == "Share: a whole number above 0 (e.g. 50)"
    assert field_error(bad.text, "baseline") == (
        "Baseline agreement rate: must be between 0 and 1 (not included)"
    )
    assert field_error(bad.text, "min_effect") == "Smallest lift: enter a number like 0.20"
    assert 'value="half"' in bad.text  # what was typed stays in the form

    one_arm = await client.post(
        PAGE,
        data={"csrf_token": token, **form(**{"arm-1-name": "", "arm-1-version": "",
                                              "arm-1-share": ""})},
    )  # fmt: skip
    assert one_arm.status_code == 422
    assert field_error(one_arm.text, "arm-1-name") == "Arms: an experiment needs at least two arms"

    variant = await client.post(
        PAGE, data={"csrf_token": token, **form(**{"arm-1-variant": "firm"})}
    )
    assert variant.status_code == 422
    assert field_error(variant.text, "arm-1-variant").startswith(
        "Variant: arm b: collections@2 has no prompt variant &#39;firm&#39;"
    )

    same = await client.post(
        PAGE, data={"csrf_token": token, **form(**{"arm-1-version": "collections@1"})}
    )
    assert same.status_code == 422
    assert "two arms have the same version and variant" in same.text
    with app.db.session() as s:
        assert s.scalars(select(Experiment)).all() == []
    assert audits(app, "experiment.start") == []


async def test_a_version_that_cannot_be_activated_is_refused(
    app: App, client: httpx.AsyncClient
) -> None:
    second_version(app, source="script: collections\nstates: {}\n")
    token = await admin(client, app)
    refused = await client.post(PAGE, data={"csrf_token": token, **form()})
    assert refused.status_code == 422
    assert field_error(refused.text, "arm-1-version").startswith(
        "Version: collections@2 cannot be activated ("
    )


async def test_analysts_see_experiments_read_only_and_agents_not_at_all(
    app: App, client: httpx.AsyncClient, client_b: httpx.AsyncClient
) -> None:
    second_version(app)
    token = await admin(client, app)
    assert (await client.post(PAGE, data={"csrf_token": token, **form()})).status_code == 303
    make_user(app, "ann", role="analyst")
    await login(client_b, "ann")
    page = await client_b.get(PAGE)
    assert page.status_code == 200
    assert "running" in row(page.text, "warmer")
    assert 'id="start-experiment"' not in page.text and "Stop arm" not in page.text
    analyst_token = csrf_of(page.text)  # the sign-out form's
    data: dict[str, Any] = {"csrf_token": analyst_token, **form(name="sneaky")}
    assert (await client_b.post(PAGE, data=data)).status_code == 403
    with app.db.session() as s:
        exp_id = s.scalars(select(Experiment.id)).one()
    finish = await client_b.post(f"{PAGE}/{exp_id}/finish", data={"csrf_token": analyst_token})
    assert finish.status_code == 403
    with app.db.session() as s:
        assert s.scalars(select(Experiment.status)).all() == ["running"]

    make_user(app, "bob", role="agent")
    async with httpx.AsyncClient(transport=client.__dict__["_transport"],
                                 base_url="http://testserver") as agent:  # fmt: skip
        await login(agent, "bob")
        assert (await agent.get(PAGE)).status_code == 403
