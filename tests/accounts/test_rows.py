from datetime import date
from decimal import Decimal

import pytest

from bot.accounts.rows import COLUMNS, HeaderError, RowError, RowParser, column_order
from tests.accounts.conftest import row

TODAY = date(2026, 3, 10)


def parse(**changes: str):
    values = row(**changes)
    return RowParser(TODAY).parse([values[c] for c in COLUMNS])


def test_a_good_row_is_normalised() -> None:
    parsed = parse(
        account_ref=" A-1 ",
        currency="cny",
        principal="100",
        fees="",
        locale="zh_Hant",
        id_last4="12ab",
        phone="",
    )
    assert parsed.account_ref == "A-1"
    assert parsed.currency == "CNY"
    assert parsed.principal == Decimal("100.00")
    assert str(parsed.principal) == "100.00"
    assert parsed.fees == Decimal("0")
    assert parsed.locale == "zh_TW"
    assert parsed.id_last4 == "12AB"
    assert parsed.phone is None
    assert parsed.date_of_birth == date(1990, 1, 31)


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("en", "en"),
        ("en-GB", "en"),
        ("zh-CN", "zh_CN"),
        ("zh_Hans", "zh_CN"),
        ("zh", "zh_CN"),
        ("zh-TW", "zh_TW"),
        ("zh-HK", "zh_TW"),
        ("zh_Hant_TW", "zh_TW"),
    ],
)
def test_locale_spellings_are_accepted(tag: str, expected: str) -> None:
    assert parse(locale=tag).locale == expected


def test_amount_decimals_follow_the_currency() -> None:
    yen = {"currency": "JPY", "interest": "0", "fees": "0"}
    assert parse(**yen, principal="5000.00").principal == Decimal(5000)
    assert parse(currency="KWD", principal="12.345").principal == Decimal("12.345")
    with pytest.raises(RowError, match=r"principal 5000.5 has more decimals than JPY allows \(0\)"):
        parse(**yen, principal="5000.5")


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"account_ref": "  "}, "account_ref is empty"),
        ({"account_ref": "x" * 65}, "account_ref is longer than 64 characters"),
        ({"full_name": ""}, "full_name is empty"),
        ({"currency": "XYZ"}, "currency 'XYZ' is not an ISO 4217 code"),
        ({"currency": ""}, "currency '' is not an ISO 4217 code"),
        ({"principal": "-5.00"}, "principal -5.00 is negative"),
        ({"interest": "1,000.00"}, "interest '1,000.00' is not a number"),
        ({"fees": "abc"}, "fees 'abc' is not a number"),
        ({"principal": "1e5"}, "principal '1e5' is not a number"),
        ({"principal": ""}, "principal is empty"),
        ({"principal": "10.001"}, "principal 10.001 has more decimals than CNY allows (2)"),
        ({"principal": "99999999999999999"}, "principal 99999999999999999 is too large"),
        ({"principal": "9" * 40 + ".5"}, "principal 999"),
        ({"due_date": "2025-02-30"}, "due_date '2025-02-30' is not a valid date (YYYY-MM-DD)"),
        ({"due_date": "15/01/2026"}, "due_date '15/01/2026' is not a valid date (YYYY-MM-DD)"),
        ({"due_date": ""}, "due_date is empty"),
        ({"date_of_birth": "1990-13-01"}, "date_of_birth '1990-13-01' is not a valid date"),
        ({"date_of_birth": "2026-03-11"}, "date_of_birth 2026-03-11 is in the future"),
        ({"date_of_birth": "1850-01-01"}, "date_of_birth 1850-01-01 is before 1900"),
        ({"id_last4": "12345"}, "id_last4 '12345' is not 4 letters or digits"),
        ({"phone": "call me"}, "phone 'call me' is not a phone number"),
        ({"email": "li.wei"}, "email 'li.wei' is not an email address"),
        ({"creditor": ""}, "creditor is empty"),
        ({"locale": "fr"}, "locale 'fr' is not supported (use en, zh_CN, zh_TW)"),
        ({"locale": ""}, "locale is empty"),
        ({"timezone": "Mars/Olympus"}, "timezone 'Mars/Olympus' is not an IANA time zone"),
        ({"timezone": "../etc/passwd"}, "timezone '../etc/passwd' is not an IANA time zone"),
        ({"timezone": ""}, "timezone is empty"),
        ({"full_name": "Li\x00Wei"}, "contains a NUL character"),
    ],
)
def test_bad_values_are_rejected_with_a_reason(changes: dict[str, str], reason: str) -> None:
    with pytest.raises(RowError) as exc:
        parse(**changes)
    assert str(exc.value).startswith(reason)


def test_empty_optional_fields_are_allowed() -> None:
    parsed = parse(date_of_birth="", id_last4="", phone="", email="", interest="", fees="")
    assert (parsed.date_of_birth, parsed.id_last4, parsed.phone, parsed.email) == (
        None,
        None,
        None,
        None,
    )


def test_header_may_be_reordered_and_spaced() -> None:
    header = [f" {c.upper()} " for c in reversed(COLUMNS)]
    assert column_order(header) == list(reversed(range(len(COLUMNS))))


def test_header_errors_name_every_column() -> None:
    header = [c for c in COLUMNS if c != "email"] + ["fulname", "currency"]
    with pytest.raises(HeaderError) as exc:
        column_order(header)
    assert str(exc.value) == (
        "header: unknown column 'fulname'; missing column 'email'; repeated column 'currency'"
    )
