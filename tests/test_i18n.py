"""Catalog lookup with fallbacks, and Babel formatting in en, zh_CN and zh_TW."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from bot.i18n import (
    CatalogError,
    Catalogs,
    RenderError,
    format_date,
    format_money,
    format_number,
    format_percent,
    normalize_locale,
    placeholder_mismatch,
    placeholders,
    render,
)

PO_ZH_CN = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: zh_CN\\n"

msgid "Hello"
msgstr "你好"

#, fuzzy
msgid "Goodbye"
msgstr "再见"

msgid "Thanks"
msgstr ""

msgid "You owe {total}."
msgstr "您欠款{amount}。"

msgid "Pay {amount} on {date}."
msgstr "请在{date}支付{amount}。"

msgid "one day"
msgid_plural "{n} days"
msgstr[0] "{n}天"
"""


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("zh-CN", "zh_CN"),
        ("zh_Hans", "zh_CN"),
        ("zh-hans-cn", "zh_CN"),
        ("zh-SG", "zh_CN"),
        ("zh", "zh_CN"),
        ("zh_CN.UTF-8", "zh_CN"),
        ("zh-TW", "zh_TW"),
        ("zh-HK", "zh_TW"),
        ("zh_Hant", "zh_TW"),
        ("zh-MO", "zh_TW"),
        ("zh-Hant-HK", "zh_TW"),
        ("en-US", "en"),
        ("en_GB", "en"),
        ("EN", "en"),
        ("fr-FR", None),
        ("", None),
        (None, None),
    ],
)
def test_normalize_locale(tag: str | None, expected: str | None) -> None:
    assert normalize_locale(tag) == expected


@pytest.mark.parametrize(
    ("amount", "currency", "locale", "expected"),
    [
        ("12345.6", "CNY", "zh_CN", "¥12,345.60"),
        ("12345.6", "CNY", "en", "CN¥12,345.60"),
        ("12345.6", "CNY", "zh_TW", "CN¥12,345.60"),
        ("500", "TWD", "zh_TW", "NT$500"),
        ("500", "TWD", "en", "NT$500"),
        ("500", "TWD", "zh_CN", "NT$500"),
        ("25", "USD", "en", "$25.00"),
        ("25", "USD", "zh_CN", "US$25.00"),
        ("25", "USD", "zh_TW", "US$25.00"),
        ("12345", "JPY", "en", "¥12,345"),
        ("12345", "JPY", "zh_CN", "JP¥12,345"),
        ("12345", "JPY", "zh_TW", "¥12,345"),
        ("0.5", "JPY", "en", "¥1"),
        ("1.005", "USD", "en", "$1.01"),
        ("-1234.5", "TWD", "zh-Hant", "-NT$1,234.50"),
    ],
)
def test_format_money(amount: str, currency: str, locale: str, expected: str) -> None:
    assert format_money(Decimal(amount), currency, locale) == expected


def test_format_date_number_percent() -> None:
    day = date(2026, 3, 15)
    assert format_date(day, "en") == "Mar 15, 2026"
    assert format_date(day, "en", "long") == "March 15, 2026"
    assert format_date(day, "zh_CN") == "2026年3月15日"
    assert format_date(day, "zh_TW") == "2026年3月15日"
    assert format_number(Decimal("12345.6"), "zh_CN") == "12,345.6"
    assert format_percent(Decimal("2.5"), "en") == "2.5%"
    assert format_percent(5, "zh_TW") == "5%"


def test_render_fills_and_formats_values() -> None:
    text = render(
        "Due {due_date}: {amount} ({days} days)",
        "en",
        due_date=date(2026, 3, 15),
        amount="$5.00",
        days=1200,
    )
    assert text == "Due Mar 15, 2026: $5.00 (1,200 days)"
    assert render("{when}", "zh_CN", when=date(2026, 3, 15)) == "2026年3月15日"


def test_render_names_a_missing_placeholder() -> None:
    with pytest.raises(RenderError, match=r"no value for \{total\} in prompt 'You owe \{total\}.'"):
        render("You owe {total}.", "en", creditor="ACME")
    with pytest.raises(RenderError, match="must be a plain name"):
        render("{total.__class__}", "en", total="1")
    with pytest.raises(RenderError, match="malformed prompt"):
        render("You owe {total", "en", total="1")
    assert placeholders("{a} and {b} and {a}") == ["a", "b", "a"]


def write_po(root: Path, locale: str, text: str) -> Path:
    path = root / locale / "LC_MESSAGES" / "messages.po"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_catalogs_translate_and_fall_back(tmp_path: Path) -> None:
    write_po(tmp_path, "zh_CN", PO_ZH_CN)
    catalogs = Catalogs(tmp_path)
    assert catalogs.gettext("zh_CN", "Hello") == "你好"
    assert catalogs.gettext("zh-Hans", "Hello") == "你好"
    assert catalogs.gettext("zh_CN", "Goodbye") == "Goodbye"  # fuzzy
    assert catalogs.gettext("zh_CN", "Thanks") == "Thanks"  # empty
    assert catalogs.gettext("zh_CN", "Unknown") == "Unknown"
    assert catalogs.gettext("zh_TW", "Hello") == "Hello"  # no catalog at all
    # a translation whose placeholders differ is not used
    assert catalogs.gettext("zh_CN", "You owe {total}.") == "You owe {total}."
    assert catalogs.gettext("zh_CN", "Pay {amount} on {date}.") == "请在{date}支付{amount}。"
    assert catalogs.problems("zh_CN") == [
        f"{tmp_path}/zh_CN/LC_MESSAGES/messages.po:16: translation lacks {{total}} and has "
        "unknown {amount} in 'You owe {total}.'"
    ]
    wanted = ["Hello", "Goodbye", "Thanks", "You owe {total}.", "Pay {amount} on {date}."]
    assert catalogs.missing("zh_CN", wanted) == ["Goodbye", "Thanks", "You owe {total}."]
    assert catalogs.missing("en", wanted) == []
    translations = catalogs.translations("zh_CN")
    assert translations.gettext("Hello") == "你好"
    assert translations.ngettext("one day", "{n} days", 3) == "{n}天"


def test_catalogs_reload_reads_changed_files(tmp_path: Path) -> None:
    path = write_po(tmp_path, "zh_TW", PO_ZH_CN.replace("你好", "哈囉"))
    catalogs = Catalogs(tmp_path)
    assert catalogs.gettext("zh_TW", "Hello") == "哈囉"
    path.write_text(PO_ZH_CN.replace("你好", "您好"), encoding="utf-8")
    assert catalogs.gettext("zh_TW", "Hello") == "哈囉"
    catalogs.reload()
    assert catalogs.gettext("zh_TW", "Hello") == "您好"


def test_catalogs_name_the_line_of_a_broken_po(tmp_path: Path) -> None:
    path = write_po(tmp_path, "zh_CN", PO_ZH_CN + "\nthis is not po\n")
    with pytest.raises(
        CatalogError, match=rf"^{path}:26: Unknown or misformatted keyword: 'this is not po'$"
    ):
        Catalogs(tmp_path).gettext("zh_CN", "Hello")


def test_placeholder_mismatch() -> None:
    assert placeholder_mismatch("{a} {b}", "{b}{a}") is None
    assert placeholder_mismatch("{a}", "") == "translation lacks {a}"
