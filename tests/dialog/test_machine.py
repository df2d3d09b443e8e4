"""One machine per script version, shared by every conversation."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bot.dialog.actions import GUARDS
from bot.scripts.machine import NEXT, DialogMachine, trigger_name
from bot.scripts.script import load_script, parse_script
from bot.scripts.versions import ScriptStore
from bot.store.db import Database
from bot.store.models import ScriptVersion


def test_triggers_move_between_states_and_leave_no_models_behind() -> None:
    machine = DialogMachine(load_script("dialogs/collections.yaml"), GUARDS)
    assert machine.fire("start", NEXT, None) == "verify"
    assert machine.fire("verify", trigger_name("answer", "ok"), None) == "explain"
    assert machine.fire("verify", trigger_name("answer", "locked"), None) == "locked_out"
    assert machine.fire("offer", trigger_name("counter_offer", "counter"), None) == "offer"
    assert machine.fire("confirm", trigger_name("yes", "next"), None) == "agreed"
    # Undefined triggers leave the state alone.
    assert machine.fire("agreed", trigger_name("yes", "next"), None) == "agreed"
    assert machine.machine.models == []


def test_guards_are_conditions_on_the_context() -> None:
    source = (
        Path("dialogs/collections.yaml")
        .read_text(encoding="utf-8")
        .replace("no: {next: offer}", "no: {next: confirm, if: has_pending_plan}", 1)
    )
    machine = DialogMachine(parse_script(source), GUARDS)

    class Ctx:
        data: dict[str, object] = {}

    ctx = Ctx()
    assert machine.fire("offer", trigger_name("no", "next"), ctx) == "offer"
    ctx.data = {"pending_plan": {"x": 1}}
    assert machine.fire("offer", trigger_name("no", "next"), ctx) == "confirm"


def test_script_store_imports_the_file_once_and_caches(db: Database) -> None:
    clock = lambda: datetime(2026, 3, 10, tzinfo=UTC)  # noqa: E731
    store = ScriptStore(db, "dialogs/collections.yaml", GUARDS, clock)
    active = store.active()
    assert active.label == "collections@1"
    assert store.get(active.version_id) is active
    again = ScriptStore(db, "dialogs/collections.yaml", GUARDS, clock).active()
    assert again.version_id == active.version_id
    with db.session() as s:
        rows = s.query(ScriptVersion).all()
        assert [(r.name, r.version, r.active) for r in rows] == [("collections", 1, True)]
        # An admin adds version 2 with the same text: both share one compiled machine.
        s.add(ScriptVersion(name="collections", version=2, source=rows[0].source,
                            sha256=rows[0].sha256, active=False, created_by="admin",
                            created_at=clock()))  # fmt: skip
        s.flush()
        v2 = s.query(ScriptVersion).filter_by(version=2).one().id
    assert store.get(v2).machine is active.machine
    assert store.get(v2).label == "collections@2"
