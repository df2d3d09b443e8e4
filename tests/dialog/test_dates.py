"""Dates: every listed form under a fixed clock, the debtor's timezone, never in the past."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.understanding.understand import Understander, parse_birth_date, parse_id_last4

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2025, 3, 12, 10, 0, tzinfo=SHANGHAI)  # a Wednesday
U = Understander()
U.warm_up()


def dates_of(text: str, now: datetime = NOW, tz: str = "Asia/Shanghai") -> tuple[date, ...]:
    return U.understand(text, locale="en", timezone=tz, now=now).dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tomorrow", date(2025, 3, 13)),
        ("next Friday", date(2025, 3, 21)),
        ("on the 15th", date(2025, 3, 15)),
        ("end of month", date(2025, 3, 31)),
        ("in two weeks", date(2025, 3, 26)),
        ("Dec 5", date(2025, 12, 5)),
        ("明天", date(2025, 3, 13)),
        ("后天", date(2025, 3, 14)),
        ("下周五", date(2025, 3, 21)),
        ("下星期五", date(2025, 3, 21)),
        ("15号", date(2025, 3, 15)),
        ("月底", date(2025, 3, 31)),
        ("两周后", date(2025, 3, 26)),
        ("三天后", date(2025, 3, 15)),
        ("12月5号", date(2025, 12, 5)),
        ("後天", date(2025, 3, 14)),
        ("下週五", date(2025, 3, 21)),
        ("下禮拜五", date(2025, 3, 21)),
        ("15號", date(2025, 3, 15)),
        ("兩週後", date(2025, 3, 26)),
        ("三天後", date(2025, 3, 15)),
        ("12月5號", date(2025, 12, 5)),
        ("１５号", date(2025, 3, 15)),
        ("friday", date(2025, 3, 14)),
        ("这周五", date(2025, 3, 14)),
        ("the 5th of next month", date(2025, 4, 5)),
        ("下个月15号", date(2025, 4, 15)),
        ("下个月底", date(2025, 4, 30)),
        ("December 5th", date(2025, 12, 5)),
        ("2025-04-01", date(2025, 4, 1)),
    ],
)
def test_listed_date_forms(text: str, expected: date) -> None:
    assert dates_of(text) == (expected,)


def test_a_passed_day_of_month_means_next_month() -> None:
    on_the_20th = datetime(2025, 3, 20, 9, 0, tzinfo=SHANGHAI)
    assert dates_of("on the 15th", on_the_20th) == (date(2025, 4, 15),)
    assert dates_of("15号", on_the_20th) == (date(2025, 4, 15),)


def test_a_passed_month_and_day_means_next_year() -> None:
    assert dates_of("Jan 5") == (date(2026, 1, 5),)
    assert dates_of("1月5号") == (date(2026, 1, 5),)


def test_dates_resolve_in_the_debtors_timezone() -> None:
    # 20:00 UTC on the 11th is already 04:00 on the 12th in Shanghai.
    utc_evening = datetime(2025, 3, 11, 20, 0, tzinfo=ZoneInfo("UTC"))
    assert dates_of("tomorrow", utc_evening, "Asia/Shanghai") == (date(2025, 3, 13),)
    assert dates_of("tomorrow", utc_evening, "America/New_York") == (date(2025, 3, 12),)


def test_an_explicit_past_date_is_flagged_not_returned() -> None:
    result = U.understand("2024-01-05", locale="en", timezone="Asia/Shanghai", now=NOW)
    assert result.dates == ()
    assert "past_date" in result.ambiguous


def test_amount_and_date_together() -> None:
    for text in ("15号还500", "pay 500 on the 15th"):
        result = U.understand(text, locale="zh_CN", timezone="Asia/Shanghai", now=NOW)
        assert [a.value for a in result.amounts] == [500]
        assert result.dates == (date(2025, 3, 15),)


def test_a_bare_day_after_on_is_flagged_ambiguous() -> None:
    result = U.understand("can I pay on 20", locale="en", timezone="Asia/Shanghai", now=NOW)
    assert result.dates == (date(2025, 3, 20),)
    assert result.ambiguous == ("amount_or_date",)


PHRASES = ["tomorrow", "next friday", "on the {d}th", "end of month", "in {n} days", "dec {d}",
           "明天", "后天", "下周{w}", "{d}号", "月底", "{n}天后", "{m}月{d}号", "friday",
           "the {d}th of next month", "下个月{d}号", "{n} weeks from now"]  # fmt: skip


@given(
    st.sampled_from(PHRASES),
    st.integers(min_value=1, max_value=28),
    st.integers(min_value=1, max_value=12),
    st.integers(min_value=1, max_value=30),
    st.sampled_from("一二三四五六日"),
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2090, 12, 31)),
    st.sampled_from(["Asia/Shanghai", "Asia/Taipei", "America/New_York", "Pacific/Kiritimati"]),
)
def test_a_date_phrase_never_resolves_before_today(
    phrase: str, d: int, m: int, n: int, w: str, naive: datetime, tz: str
) -> None:
    now = naive.replace(tzinfo=ZoneInfo("UTC"))
    text = phrase.format(d=d, m=m, n=n, w=w)
    today = now.astimezone(ZoneInfo(tz)).date()
    found = dates_of(text, now, tz)
    assert found, text
    assert all(today <= day <= today + timedelta(days=400) for day in found)


@pytest.mark.parametrize(
    "text",
    ["1990-01-31", "31/01/1990", "Jan 31 1990", "January 31st, 1990", "1990年1月31日",
     "19900131", "一九九〇年一月三十一日", "１９９０－０１－３１", "my birthday is 31 Jan 1990"],
)  # fmt: skip
def test_birth_dates(text: str) -> None:
    assert parse_birth_date(text) == date(1990, 1, 31)


@pytest.mark.parametrize("text", ["2990-01-31", "1990-02-30", "hello", "31/13/1990"])
def test_not_a_birth_date(text: str) -> None:
    assert parse_birth_date(text) is None


@pytest.mark.parametrize(
    ("text", "last4"),
    [("1234", "1234"), ("尾号123X", "123X"), ("身份证后四位 5678", "5678"),
     ("110101199001011237", "1237"), ("ID ends in 99x1", None), ("12", None), ("９８７６", "9876")],
)  # fmt: skip
def test_id_last4(text: str, last4: str | None) -> None:
    assert parse_id_last4(text) == last4
