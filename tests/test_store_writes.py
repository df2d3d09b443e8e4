"""bot/store/ owns all writes: no module outside it builds a write statement or adds,
deletes or merges rows through a session.

The check reads the source: an import of SQLAlchemy's ``insert``, ``update`` or
``delete`` (or a dialect's ``insert``), a raw ``exec_driver_sql``, or a call of
``add``, ``add_all``, ``delete`` or ``merge`` on a session (``s``, ``session``,
``turn.session``) outside bot/store/ is a write that belongs in a store module.
"""

from __future__ import annotations

import ast
from pathlib import Path

BOT = Path(__file__).resolve().parents[1] / "bot"
STORE = BOT / "store"
_WRITE_BUILDERS = {"insert", "update", "delete"}
_SESSION_WRITES = {"add", "add_all", "delete", "merge"}
_SESSIONS = {"s", "session", "turn.session"}


def _writes(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sqlalchemy"):
            found += [
                f"{node.lineno}: imports {a.name} from {node.module}"
                for a in node.names
                if a.name in _WRITE_BUILDERS
            ]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = ast.unparse(node.func.value)
            name = node.func.attr
            if name == "exec_driver_sql" or (name in _SESSION_WRITES and owner in _SESSIONS):
                found.append(f"{node.lineno}: {owner}.{name}(…)")
    return found


def test_only_bot_store_writes_rows() -> None:
    offenders = {
        str(path.relative_to(BOT.parent)): found
        for path in sorted(BOT.rglob("*.py"))
        if STORE not in path.parents and (found := _writes(path))
    }
    assert offenders == {}
