"""The debtor's choice of language: the ``/language`` command, its buttons and names.

A language button carries ``lang:<locale>``; ``/language zh_TW`` (or ``zh-TW``,
``繁體中文``, ``English``) names one directly. Each language is labelled in its
own script, so a debtor who cannot read the current one still finds theirs.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.messages import Button

LANG_PREFIX = "lang:"

LABELS: dict[str, str] = {"en": "English", "zh_CN": "简体中文", "zh_TW": "繁體中文"}

# Names a debtor may write after /language, compared case-insensitively.
_NAMES: dict[str, str] = {
    "english": "en",
    "英文": "en",
    "英语": "en",
    "英語": "en",
    "chinese": "zh_CN",
    "simplified chinese": "zh_CN",
    "中文": "zh_CN",
    "简体中文": "zh_CN",
    "简体": "zh_CN",
    "簡體中文": "zh_CN",
    "簡體": "zh_CN",
    "普通话": "zh_CN",
    "traditional chinese": "zh_TW",
    "繁體中文": "zh_TW",
    "繁体中文": "zh_TW",
    "繁體": "zh_TW",
    "繁体": "zh_TW",
    "正體中文": "zh_TW",
}


def locale_named(words: str) -> str | None:
    """The supported locale that ``words`` names (a code or a language name), else None."""
    from bot.i18n import normalize_locale

    text = " ".join(words.split()).casefold()
    if not text:
        return None
    found = _NAMES.get(text)
    if found is not None:
        return found
    if text.replace("-", "").replace("_", "").isalpha() and text.isascii():
        return normalize_locale(text)
    return None


def locale_of_payload(payload: str) -> str | None:
    """The locale a language button stands for (``lang:zh_TW`` → ``zh_TW``), else None."""
    if not payload.startswith(LANG_PREFIX):
        return None
    return locale_named(payload[len(LANG_PREFIX) :])


def language_buttons(enabled: Iterable[str]) -> tuple[Button, ...]:
    """One button per enabled locale, labelled in that language."""
    return tuple(
        Button(LABELS[loc], f"{LANG_PREFIX}{loc}") for loc in LABELS if loc in set(enabled)
    )
