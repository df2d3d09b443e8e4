"""What the editor page shows for a draft: problems by line, diff, diagram, preview."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bot.i18n import Catalogs, normalize_locale
from bot.scripts.script import Problem, Script

if TYPE_CHECKING:
    from bot.web.parts import Parts


@dataclass
class Gutter:
    """Line numbers of a text, with the problems of each line."""

    count: int
    problems: dict[int, list[Problem]] = field(default_factory=dict)

    @classmethod
    def of(cls, source: str, problems: list[Problem]) -> Gutter:
        """The gutter of ``source`` marking each problem's line."""
        count = max(1, source.count("\n") + (0 if source.endswith("\n") else 1))
        marks: dict[int, list[Problem]] = {}
        for p in problems:
            marks.setdefault(p.line, []).append(p)
        return cls(count, marks)


def diff_lines(diff: str) -> list[tuple[str, str]]:
    """``(css class, line)`` for each line of a unified diff."""
    out = []
    for line in diff.splitlines():
        if line.startswith(("+++", "---")):
            kind = "file"
        elif line.startswith("@@"):
            kind = "hunk"
        elif line.startswith("+"):
            kind = "add"
        elif line.startswith("-"):
            kind = "del"
        else:
            kind = "same"
        out.append((kind, line))
    return out


def parse_messages(raw: str) -> list[str]:
    """The preview's earlier debtor messages (a JSON list in a hidden field)."""
    try:
        data = json.loads(raw or "[]")
    except ValueError:
        return []
    return [str(m) for m in data if isinstance(m, str)] if isinstance(data, list) else []


def preview_locale(app: Parts, raw: str) -> str:
    """A supported, enabled locale for the preview (default: the configured one)."""
    enabled = list(app.settings.dialog.enabled_locales)
    locale = normalize_locale(raw) or app.settings.dialog.default_locale
    return locale if locale in enabled else enabled[0]


@dataclass(frozen=True)
class TranslationRow:
    """One prompt on the translations page."""

    key: str
    source: str
    cells: list[tuple[str, str, bool]]  # (locale, text, missing)


def translation_rows(app: Parts, script: Script) -> tuple[list[str], list[TranslationRow]]:
    """Target locales and, per prompt, the text each locale uses now."""
    settings = app.settings.dialog
    catalogs = Catalogs(settings.locales_dir, source_locale=script.source_locale)
    locales = [
        loc
        for loc in (normalize_locale(x) or x for x in settings.enabled_locales)
        if loc != script.source_locale
    ]
    rows = []
    for key, source in script.prompts.items():
        cells = []
        for loc in locales:
            own = script.translations.get(loc, {}).get(key)
            missing = not own and bool(catalogs.missing(loc, [source]))
            text = own or ("" if missing else catalogs.gettext(loc, source))
            cells.append((loc, text, missing))
        rows.append(TranslationRow(key, source, cells))
    return locales, rows


def translation_changes(
    app: Parts, script: Script, form: dict[str, Any]
) -> dict[str, dict[str, str | None]]:
    """Overrides to store: what differs from the catalogs (``None`` removes one)."""
    catalogs = Catalogs(app.settings.dialog.locales_dir, source_locale=script.source_locale)
    locales, _rows = translation_rows(app, script)
    changes: dict[str, dict[str, str | None]] = {}
    for loc in locales:
        own = script.translations.get(loc, {})
        for key, source in script.prompts.items():
            field_name = f"t:{loc}:{key}"
            if field_name not in form:
                continue
            text = str(form[field_name]).replace("\r\n", "\n")
            from_catalog = (
                None if catalogs.missing(loc, [source]) else catalogs.gettext(loc, source)
            )
            if text == own.get(key):
                continue
            if text == from_catalog or not text.strip():
                if key in own:
                    changes.setdefault(loc, {})[key] = None
            else:
                changes.setdefault(loc, {})[key] = text
    return changes
