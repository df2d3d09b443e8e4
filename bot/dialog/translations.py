"""Which prompts of a script lack a translation in an enabled locale."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from bot.dialog.script import Script


def missing_translations(
    script: Script, locales_dir: str | Path, locales: Iterable[str]
) -> list[str]:
    """``locale: prompt 'key' has no translation`` lines (empty when complete)."""
    from bot.i18n import Catalogs

    catalogs = Catalogs(locales_dir, source_locale=script.source_locale)
    by_text = {text: key for key, text in script.prompts.items()}
    out: list[str] = []
    for locale in locales:
        for msgid in catalogs.missing(locale, list(by_text)):
            out.append(f"{locale}: prompt {by_text[msgid]!r} has no translation")
        out += [f"{locale}: {p}" for p in catalogs.problems(locale)]
    return out
