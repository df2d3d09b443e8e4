"""Tone: a dialog script whose prompts threaten or shame cannot be activated."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app import App
from bot.config import Settings
from bot.scripts.admin import VersionError, VersionService
from bot.store.db import Database
from bot.store.models import AuditEntry, ScriptVersion

SOURCE = Path("dialogs/collections.yaml").read_text(encoding="utf-8")
ASK = 'choose_plan: "How would you like to pay?'
# (edit, the phrase that must be named, the place it is named)
THREATS = {
    "en": (
        SOURCE.replace(ASK, 'choose_plan: "Pay now or the police will come. How would you like?'),
        "police will come",
        "prompt 'choose_plan'",
    ),
    "zh_CN": (
        SOURCE + "translations:\n  zh_CN:\n" + '    greeting: "您好。不还钱就让你坐牢。"\n',
        "坐牢",
        "translations.zh_CN.greeting",
    ),
}


@pytest.fixture
def app(settings: Settings, db: Database) -> Iterator[App]:
    application = App(settings, clock=lambda: datetime(2026, 3, 10, 6, 0, tzinfo=UTC))
    yield application
    application.stop()


def stored(app: App, source: str, version: int) -> int:
    """A version row as an older release (or a direct database edit) could have left it."""
    with app.db.session() as s:
        row = ScriptVersion(
            name="collections",
            version=version,
            source=source,
            sha256="0" * 64,
            created_by="legacy",
            created_at=app.clock(),
        )
        s.add(row)
        s.flush()
        return row.id


@pytest.mark.parametrize("locale", ["en", "zh_CN"])
def test_banned_phrase_in_a_prompt_refuses_saving_and_activation(app: App, locale: str) -> None:
    threatening, phrase, where = THREATS[locale]
    service = VersionService(app)
    good = service.create(SOURCE, actor="alice")
    service.activate(good.id, actor="alice")

    with pytest.raises(VersionError) as saving:
        service.create(threatening, actor="mallory")
    assert any(
        where in p.message and f"wording '{phrase}'" in p.message for p in saving.value.problems
    )

    bad_id = stored(app, threatening, version=2)
    with pytest.raises(VersionError) as activating:
        service.activate(bad_id, actor="mallory")
    assert "cannot be activated" in str(activating.value)
    assert any(f"wording '{phrase}'" in p.message for p in activating.value.problems)
    active = service.active()
    assert active is not None and active.id == good.id
    with app.db.session() as s:
        actions = s.scalars(select(AuditEntry.action).where(AuditEntry.actor == "mallory")).all()
    assert actions == []


def test_a_configured_extra_phrase_stops_a_saved_version_from_activating(
    settings: Settings, db: Database
) -> None:
    first = App(settings)
    try:
        saved = VersionService(first).create(SOURCE, actor="alice")
    finally:
        first.stop()
    stricter = replace(
        settings,
        compliance=replace(settings.compliance, extra_banned_phrases=["the right person"]),
    )
    app = App(stricter)
    try:
        with pytest.raises(VersionError) as refused:
            VersionService(app).activate(saved.id, actor="alice")
        assert any("'the right person'" in p.message for p in refused.value.problems)
    finally:
        app.stop()
