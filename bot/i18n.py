"""Translations and locale-aware formatting (Babel).

Catalogs are read straight from ``locales/<locale>/LC_MESSAGES/messages.po``
(no compiled ``.mo`` needed at run time). Money, dates and numbers are
formatted with Babel in the debtor's locale and the account's currency.

Supported locales are ``en``, ``zh_CN`` (Simplified) and ``zh_TW``
(Traditional); :func:`normalize_locale` maps platform language tags onto them.
One deliberate change to Babel's output: TWD in ``zh_TW`` is written ``NT$``
(CLDR writes a bare ``$``), so a debtor never confuses it with US dollars.
"""

from __future__ import annotations

import functools
import gettext as _gettext
import re
import string
import threading
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as _format_date
from babel.messages.pofile import PoFileError, read_po
from babel.numbers import format_currency, format_decimal
from babel.numbers import format_percent as _format_percent

from bot.money import payment_unit, quantize

SUPPORTED = ("en", "zh_CN", "zh_TW")
DOMAIN = "messages"

_TRADITIONAL_REGIONS = {"tw", "hk", "mo"}
_SYMBOL_OVERRIDES = {("zh_TW", "TWD"): "NT$"}
_PLURAL = ("", "plural forms")  # key of a catalog's plural formula in its table


class I18nError(Exception):
    """Base class of translation and formatting errors."""


class CatalogError(I18nError):
    """A ``.po`` file that cannot be read; the message names ``file:line``."""


class RenderError(I18nError):
    """A prompt that cannot be filled (missing value or malformed placeholder)."""


def normalize_locale(tag: str | None) -> str | None:
    """Map a language tag from a platform or a user onto a supported locale.

    ``zh-CN``, ``zh_Hans``, ``zh-hans-cn``, ``zh-SG`` and ``zh`` → ``zh_CN``;
    ``zh-TW``, ``zh-HK``, ``zh-MO`` and ``zh_Hant`` → ``zh_TW``; ``en-US``,
    ``en_GB`` → ``en``. Anything else → ``None``.
    """
    if not tag:
        return None
    base = tag.strip().split(".")[0].split("@")[0].replace("-", "_").lower()
    parts = [p for p in base.split("_") if p]
    if not parts:
        return None
    if parts[0] == "en":
        return "en"
    if parts[0] != "zh":
        return None
    rest = parts[1:]
    if "hant" in rest:
        return "zh_TW"
    if "hans" in rest:
        return "zh_CN"
    return "zh_TW" if _TRADITIONAL_REGIONS & set(rest) else "zh_CN"


@functools.lru_cache(maxsize=32)
def babel_locale(locale: str) -> Locale:
    """The Babel ``Locale`` for a supported locale or any tag Babel knows (else ``en``)."""
    name = normalize_locale(locale) or locale
    try:
        return Locale.parse(name.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return Locale.parse("en")


@functools.lru_cache(maxsize=128)
def _money_pattern(locale: str, currency: str) -> str | None:
    symbol = _SYMBOL_OVERRIDES.get((normalize_locale(locale) or locale, currency))
    if symbol is None:
        return None
    pattern: str = babel_locale(locale).currency_formats["standard"].pattern
    return pattern.replace("¤", f"'{symbol}'")


def format_money(amount: Decimal, currency: str, locale: str) -> str:
    """``amount`` in ``currency`` for ``locale``, with the currency's minor units.

    Examples: ``¥12,345.60`` (CNY, zh_CN), ``CN¥12,345.60`` (CNY, en),
    ``US$25.00`` (USD, zh_CN), ``NT$500.00`` (TWD, zh_TW), ``¥12,346`` (JPY, en).
    Amounts are rounded half up to minor units first (never float).
    """
    code = currency.upper()
    value = quantize(Decimal(amount), code)
    loc = babel_locale(locale)
    pattern = _money_pattern(locale, code)
    if payment_unit(code) == 1 and value == value.to_integral_value():
        # Whole-unit currencies (TWD) are written without cents: NT$49,000.
        whole = (pattern or str(loc.currency_formats["standard"].pattern)).replace("0.00", "0")
        return str(format_currency(value, code, format=whole, locale=loc, currency_digits=False))
    return str(format_currency(value, code, format=pattern, locale=loc, currency_digits=True))


def format_date(d: date, locale: str, format: str = "medium") -> str:
    """A date for ``locale``: ``Mar 15, 2026`` (en), ``2026年3月15日`` (zh_CN, zh_TW).

    Args:
        d: The date (convert a datetime to the debtor's timezone first).
        locale: Supported locale or tag.
        format: ``short``, ``medium`` (default), ``long`` or ``full``, or a CLDR pattern.
    """
    if isinstance(d, datetime):
        d = d.date()
    return str(_format_date(d, format=format, locale=babel_locale(locale)))


def format_number(n: Decimal | int, locale: str) -> str:
    """A number with the locale's grouping and decimal signs (``12,345.6``)."""
    return str(format_decimal(n, locale=babel_locale(locale)))


def format_percent(percent: Decimal | int, locale: str) -> str:
    """A percentage given in percent points: ``5`` → ``5%``, ``2.5`` → ``2.5%``."""
    value = Decimal(percent) / 100
    return str(_format_percent(value, locale=babel_locale(locale), decimal_quantization=False))


def placeholders(template: str) -> list[str]:
    """Names of the ``{placeholders}`` in a prompt, in order of appearance.

    Raises:
        RenderError: for a malformed template or a placeholder that is not a plain name.
    """
    names: list[str] = []
    try:
        fields = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise RenderError(f"malformed prompt ({exc}): {template!r}") from None
    for _text, name, _spec, _conv in fields:
        if name is None:
            continue
        if not name.isidentifier():
            raise RenderError(f"placeholder {{{name}}} must be a plain name: {template!r}")
        names.append(name)
    return names


def render(template: str, locale: str, **values: Any) -> str:
    """Fill a prompt's ``{placeholders}``; dates and numbers are formatted for ``locale``.

    Raises:
        RenderError: naming the placeholder that has no value.
    """
    names = placeholders(template)
    missing = [n for n in names if n not in values]
    if missing:
        raise RenderError(f"no value for {{{missing[0]}}} in prompt {template!r}")
    shown = {n: _display(values[n], locale) for n in set(names)}
    try:
        return template.format_map(shown)
    except (ValueError, TypeError) as exc:
        raise RenderError(f"cannot fill prompt ({exc}): {template!r}") from None


def _display(value: Any, locale: str) -> Any:
    if isinstance(value, date):
        return format_date(value, locale)
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return format_number(value, locale)
    return value


class Catalogs:
    """The gettext catalogs under ``locales/``, read from ``.po`` files and cached.

    A translation that is missing, empty, fuzzy, or whose placeholders differ
    from the source text's is not used: the source text (the msgid) is shown.
    """

    def __init__(self, locales_dir: str | Path, source_locale: str = "en") -> None:
        self.locales_dir = Path(locales_dir)
        self.source_locale = source_locale
        self._tables: dict[str, dict[Any, Any]] = {}
        self._problems: dict[str, list[str]] = {}
        self._lock = threading.Lock()

    def path(self, locale: str) -> Path:
        """Where the catalog of ``locale`` lives."""
        return self.locales_dir / locale / "LC_MESSAGES" / f"{DOMAIN}.po"

    def gettext(self, locale: str, msgid: str) -> str:
        """The translation of ``msgid`` in ``locale``, else ``msgid`` itself.

        Raises:
            CatalogError: if the locale's ``.po`` file is malformed.
        """
        found = self._table(locale).get(msgid)
        return found if isinstance(found, str) else msgid

    def missing(self, locale: str, msgids: Iterable[str]) -> list[str]:
        """The msgids that have no usable translation in ``locale`` (none for the source)."""
        if (normalize_locale(locale) or locale) == self.source_locale:
            return []
        table = self._table(locale)
        return [m for m in msgids if m not in table]

    def problems(self, locale: str) -> list[str]:
        """``file:line: message`` for translations that were ignored (placeholder mismatch)."""
        self._table(locale)
        return list(self._problems.get(normalize_locale(locale) or locale, []))

    def translations(self, locale: str) -> _gettext.NullTranslations:
        """A ``gettext`` translations object for Jinja2's i18n extension."""
        return _CatalogTranslations(self._table(locale))

    def reload(self) -> None:
        """Forget cached catalogs; the next lookup reads the files again."""
        with self._lock:
            self._tables.clear()
            self._problems.clear()

    def _table(self, locale: str) -> Mapping[Any, Any]:
        key = normalize_locale(locale) or locale
        table = self._tables.get(key)
        if table is None:
            with self._lock:
                table = self._tables.get(key)
                if table is None:
                    table = self._tables[key] = self._load(key)
        return table

    def _load(self, locale: str) -> dict[Any, Any]:
        path = self.path(locale)
        if not path.is_file():
            return {}
        try:
            with path.open("rb") as fileobj:
                catalog = read_po(fileobj, locale=None, abort_invalid=True)
        except PoFileError as exc:
            reason = re.sub(r" on \d+$", "", str(exc))
            raise CatalogError(f"{path}:{exc.lineno + 1}: {reason}: {exc.line!r}") from None
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise CatalogError(f"{path}: cannot read catalog: {exc}") from None
        table: dict[Any, Any] = {_PLURAL: catalog.plural_expr or "(n != 1)"}
        problems = self._problems.setdefault(locale, [])
        for message in catalog:
            if not message.id or message.fuzzy or not message.string:
                continue
            if isinstance(message.id, str) and isinstance(message.string, str):
                issue = placeholder_mismatch(message.id, message.string)
                if issue:
                    line = message.lineno or 0
                    problems.append(f"{path}:{line}: {issue} in {message.id!r}")
                    continue
                table[message.id] = message.string
            elif all(message.string):
                table[tuple(message.id)] = tuple(message.string)
        return table


def placeholder_mismatch(source: str, translation: str) -> str | None:
    """Describe how a translation's placeholders differ from its source's, or ``None``."""
    try:
        want, have = set(placeholders(source)), set(placeholders(translation))
    except RenderError as exc:
        return str(exc)
    if want == have:
        return None
    parts = []
    if want - have:
        parts.append("lacks " + ", ".join(f"{{{n}}}" for n in sorted(want - have)))
    if have - want:
        parts.append("has unknown " + ", ".join(f"{{{n}}}" for n in sorted(have - want)))
    return "translation " + " and ".join(parts)


class _CatalogTranslations(_gettext.NullTranslations):
    def __init__(self, table: Mapping[Any, Any]) -> None:
        super().__init__()
        self._table = table
        self._plural = _gettext.c2py(str(table.get(_PLURAL, "(n != 1)")))

    def gettext(self, message: str) -> str:
        found = self._table.get(message)
        return found if isinstance(found, str) else message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        forms = self._table.get((msgid1, msgid2))
        if not forms:
            return msgid1 if n == 1 else msgid2
        index = self._plural(n)
        return str(forms[index if index < len(forms) else -1])
