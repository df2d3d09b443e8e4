"""Dates of birth as each debtor writes them: month first in the United States
("12/02/1979"), a two-digit year in mainland Chinese ("90年1月31号"), a 民國 year in
Taiwan ("74年6月15號"). Default script, every language, SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.dialog.identity import writes_month_first
from bot.understanding.verification import parse_birth_date
from tests.dialog.conftest import Chat, Debtor

VERIFIED = {"en": "that's confirmed", "zh_CN": "已确认是您本人", "zh_TW": "已確認是您本人"}
MISMATCH = {"en": "don't match our records", "zh_CN": "对不上", "zh_TW": "對不上"}


@pytest.mark.parametrize(
    ("locale", "answer"),
    [
        ("en", "12/02/1979"),
        ("en", "12-2-79"),
        ("zh_CN", "90年1月31号"),
        ("zh_CN", "31/01/1990"),
        ("zh_TW", "74年6月15號"),
        ("zh_TW", "15/06/1985"),
    ],
)
def test_a_date_of_birth_written_the_local_way_verifies(
    chat: Chat, accounts: dict[str, Debtor], locale: str, answer: str
) -> None:
    chat.start(accounts[locale].ref)
    replies = chat.say(answer)
    assert VERIFIED[locale] in replies[0].text


def test_a_us_debtor_writing_day_first_is_not_verified(
    chat: Chat, accounts: dict[str, Debtor]
) -> None:
    chat.start(accounts["en"].ref)
    assert MISMATCH["en"] in chat.say("02/12/1979")[0].text  # February 12 in the US


def test_month_first_only_for_the_united_states() -> None:
    assert writes_month_first("America/New_York") and writes_month_first("America/Indiana/Knox")
    assert writes_month_first("Pacific/Honolulu")
    assert not writes_month_first("America/Mexico_City")
    assert not writes_month_first("America/Sao_Paulo")
    assert not writes_month_first("Asia/Shanghai") and not writes_month_first(None)
    assert parse_birth_date("05/04/1990") == date(1990, 4, 5)
    assert parse_birth_date("05/04/1990", month_first=True) == date(1990, 5, 4)
    assert parse_birth_date("25/04/1990", month_first=True) == date(1990, 4, 25)
    assert parse_birth_date("81年11月3日", roc=True) == date(1992, 11, 3)
    assert parse_birth_date("05年3月1日") == date(2005, 3, 1)
