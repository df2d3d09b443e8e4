"""The conversations' stored funnel facts next to what their rows say (for the fact tests)."""

from __future__ import annotations

import importlib.util
from types import ModuleType
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from bot.store.migrate import MIGRATIONS


def _migration() -> ModuleType:
    path = MIGRATIONS / "versions" / "0013_conversation_facts.py"
    spec = importlib.util.spec_from_file_location("conversation_facts_migration", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MIGRATION = _migration()
FACTS: tuple[str, ...] = MIGRATION.FACTS


def stored(session: Session) -> dict[int, dict[str, int]]:
    """Conversation id → the facts kept on its row (0/1)."""
    cols = ", ".join(f"CASE WHEN {f} THEN 1 ELSE 0 END" for f in FACTS)
    rows = session.execute(text(f"SELECT id, {cols} FROM conversations ORDER BY id"))
    return {int(r[0]): dict(zip(FACTS, (int(v) for v in r[1:]), strict=True)) for r in rows}


def derived(session: Session) -> dict[int, dict[str, int]]:
    """Conversation id → the facts its messages, attempts, offers, agreements,
    escalations and the account's opt-outs give (the report's former derivation)."""
    rows: Any = session.execute(text(f"SELECT * FROM ({MIGRATION.DERIVED}) AS f ORDER BY id"))
    return {int(r.id): {f: int(getattr(r, f)) for f in FACTS} for r in rows}
