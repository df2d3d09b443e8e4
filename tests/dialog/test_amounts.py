"""Money amounts: every listed form, both numeral directions, and never a date or a count."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.understanding.understand import Amount, format_amount_zh, parse_amount


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("500", "500", None),
        ("¥1,200.50", "1200.50", "CNY"),
        ("1.2k", "1200", None),
        ("每月1.5k行吗", "1500", None),
        ("先还2k吧", "2000", None),
        ("RMB 800", "800", "CNY"),
        ("三千五", "3500", None),
        ("两千五百块", "2500", None),
        ("一万二", "12000", None),
        ("3千", "3000", None),
        ("十二块五", "12.5", None),
        ("每月500", "500", None),
        ("兩千五百塊", "2500", None),
        ("一萬二", "12000", None),
        ("５００", "500", None),
        ("￥８００", "800", "CNY"),
        ("NT$3,000", "3000", "TWD"),
        ("$50", "50", "USD"),
        ("USD 75", "75", "USD"),
        ("两块五毛", "2.5", None),
        ("一毛五", "0.15", None),
        ("五毛五分", "0.55", None),
        ("一塊二毛五", "1.25", None),
        ("两块五毛三分", "2.53", None),
        ("十块零五分", "10.05", None),
        ("三块五五", "3.5", None),
        ("每月三千块五个月还完", "3000", None),
        ("每個月兩千塊三期", "2000", None),
        ("一千零五", "1005", None),
        ("1.5万", "15000", None),
        ("2万5", "25000", None),
        ("five hundred dollars", "500", None),
        ("800元", "800", None),
        ("300人民币", "300", "CNY"),
        ("i can pay 2 grand", "2000", None),
        ("1.5 grand next week", "1500", None),
        ("i can do 3 thousand", "3000", None),
    ],
)
def test_listed_amount_forms(text: str, value: str, currency: str | None) -> None:
    amount = parse_amount(text)
    assert amount is not None
    assert (amount.value, amount.currency) == (Decimal(value), currency)


def test_amount_quotes_the_original_text() -> None:
    assert parse_amount("我下周还兩千五百塊吧") == Amount(Decimal(2500), None, "兩千五百塊")
    assert parse_amount("can do ＄１２０ now") == Amount(Decimal(120), "USD", "＄１２０")


@pytest.mark.parametrize(
    ("text", "value"),
    [("15号还500", "500"), ("pay 500 on the 15th", "500"), ("分6期每期800", "800"),
     ("3 months of 200", "200"), ("下周五先付一千", "1000"), ("12月5号还三千", "3000"),
     ("i have 2 kids, can i do 150", "150"), ("先还一部分 这周五先还1500", "1500")],
)  # fmt: skip
def test_dates_and_counts_are_not_amounts(text: str, value: str) -> None:
    amount = parse_amount(text)
    assert amount is not None and amount.value == Decimal(value)


@pytest.mark.parametrize(
    "text",
    ["3 months", "分6期", "15号", "第二个", "一次性还清", "千万别再发了", "下午3点", "打九折",
     "10%", "能不能少一点", "一下", "on the 2nd", "13800138000",
     "my husband left and i have 2 kids", "先还一部分行吗", "got 3 letters and 2 calls today",
     "阿姨我今年六十幾歲了", "我六十多岁了，只有退休金", "欠了三年多了"],
)  # fmt: skip
def test_no_amount(text: str) -> None:
    assert parse_amount(text) is None


@pytest.mark.parametrize(
    ("value", "text"),
    [("3500", "三千五百"), ("12000", "一万二千"), ("1005", "一千零五"), ("10", "十"),
     ("100000", "十万"), ("120000000", "一亿二千万"), ("12.5", "十二点五"), ("0", "零")],
)  # fmt: skip
def test_format_amount_zh(value: str, text: str) -> None:
    assert format_amount_zh(Decimal(value)) == text


def test_format_amount_zh_rejects_negative() -> None:
    with pytest.raises(ValueError, match="cannot write"):
        format_amount_zh(Decimal(-1))


@given(st.integers(min_value=1, max_value=999_999_999))
def test_digits_and_chinese_numerals_give_the_same_amount(n: int) -> None:
    digits = parse_amount(f"我可以还{n}块")
    chinese = parse_amount(f"我可以还{format_amount_zh(Decimal(n))}块")
    assert digits is not None and chinese is not None
    assert digits.value == chinese.value == Decimal(n)


@given(st.integers(min_value=1, max_value=99_999), st.integers(min_value=1, max_value=99))
def test_decimal_amounts_in_both_numeral_systems(whole: int, cents: int) -> None:
    value = Decimal(whole) + Decimal(cents) / 100
    chinese = parse_amount(f"还{format_amount_zh(value)}元")
    assert chinese is not None and chinese.value == value


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        ("我一分钱都没有", "zh_CN"),
        ("我一块钱也拿不出来了", "zh_CN"),
        ("現在真的一毛都擠不出來，壓力好大", "zh_TW"),
        ("一毛錢也沒有了", "zh_TW"),
    ],
)
def test_not_a_cent_is_no_amount_but_a_pause_asked(text: str, locale: str) -> None:
    """ "Not a cent to my name" offers nothing: no ¥0.10 plan; like "I can't pay anything
    right now" it is answered with a breathing space (the pause offer)."""
    from datetime import UTC, datetime

    from bot.understanding.understand import Understander

    said = Understander().understand(
        text, locale=locale, timezone="Asia/Shanghai", now=datetime(2026, 3, 2, tzinfo=UTC)
    )
    assert said.amounts == ()
    assert said.intent == "pause"


def test_a_small_amount_in_words_is_still_an_amount() -> None:
    assert parse_amount("五毛") == Amount(Decimal("0.5"), None, "五毛")
    assert parse_amount("一毛钱") == Amount(Decimal("0.1"), None, "一毛")
