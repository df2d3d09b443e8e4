"""Canned replies for agents, from a small YAML file (``[console] canned_replies``).

The file maps a locale to a list of ``{title, text}``; the debtor's locale is
used, falling back to ``en``. A missing or broken file means no canned replies
(and a logged warning), never a broken console page.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

if TYPE_CHECKING:
    from bot.web.parts import Parts

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class CannedReply:
    """A ready-made reply an agent can pick and edit."""

    title: str
    text: str


def load_canned(path: Path) -> dict[str, list[CannedReply]]:
    """Read the canned-replies file; an unreadable file gives no replies."""
    if not path.is_file():
        return {}
    try:
        data = YAML(typ="safe").load(path.read_text(encoding="utf-8")) or {}
    except (OSError, YAMLError) as exc:
        log.warning("%s: cannot read canned replies: %s", path, exc)
        return {}
    out: dict[str, list[CannedReply]] = {}
    if not isinstance(data, dict):
        log.warning("%s: expected a mapping of locale to replies", path)
        return {}
    for locale, items in data.items():
        replies = []
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict) and item.get("text"):
                replies.append(
                    CannedReply(str(item.get("title") or item["text"])[:60], str(item["text"]))
                )
        out[str(locale)] = replies
    return out


def canned_replies(app: Parts, locale: str) -> list[CannedReply]:
    """Canned replies in ``locale`` (or English)."""
    table = load_canned(Path(app.settings.console.canned_replies))
    return table.get(locale) or table.get(locale.split("_")[0]) or table.get("en", [])
