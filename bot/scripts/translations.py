"""Prompt translations: the script version's own, else the .po catalogs.

A script version may carry ``translations: {locale: {prompt key: text}}``
(edited in the admin console); those take precedence over the gettext
catalogs under ``locales/`` for conversations on that version.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from bot.scripts.script import Script

if TYPE_CHECKING:
    from bot.i18n import Catalogs


def prompt_text(script: Script, catalogs: Catalogs, locale: str, key: str) -> str:
    """Prompt ``key`` of ``script`` in ``locale``, not yet filled.

    The version's own translation wins, then the catalog's, then the source text.
    """
    from bot.i18n import normalize_locale

    template = script.prompts.get(key, key)
    own = script.translations.get(normalize_locale(locale) or locale, {}).get(key)
    if own:
        return own
    return catalogs.gettext(locale, template)


def missing_translations(
    script: Script, locales_dir: str | Path, locales: Iterable[str]
) -> list[str]:
    """``locale: prompt 'key' has no translation`` lines (empty when complete)."""
    from bot.i18n import Catalogs

    catalogs = Catalogs(locales_dir, source_locale=script.source_locale)
    by_text = {text: key for key, text in script.prompts.items()}
    out: list[str] = []
    for locale in locales:
        own = script.translations.get(locale, {})
        for msgid in catalogs.missing(locale, list(by_text)):
            if by_text[msgid] not in own:
                out.append(f"{locale}: prompt {by_text[msgid]!r} has no translation")
        out += [f"{locale}: {p}" for p in catalogs.problems(locale)]
    return out
