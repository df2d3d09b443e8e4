"""Everyday messages that borrow the words of a crisis raise no alarm: off to bed or to
work (我先走一步去上班), never borrowing again in this life (这辈子再也不借网贷了), not
wanting to live so tired and so paying it all at once, doing it oneself. The same words
said as a crisis still are one."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.understanding.understand import Understander

NOW = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)
EVERYDAY = [
    ("en", "i'm going to bed, goodnight"),
    ("en", "ok heading to bed now, night"),
    ("en", "never mind, i'll sort it myself"),
    ("en", "i can manage it myself thanks"),
    ("zh_CN", "这辈子再也不借网贷了"),
    ("zh_CN", "我先走一步去上班 晚上再弄"),
    ("zh_CN", "我不想活得这么累 所以想一次还清"),
    ("zh_TW", "這輩子不會再碰信用卡了"),
    ("zh_TW", "我先走一步去開會 晚點回你"),
]
CRISIS = [
    ("en", "i'm going to bed and i hope i don't wake up"),
    ("en", "i'll take care of it myself tonight, for good"),
    ("en", "If you call my work again I'll do something to myself"),
    ("zh_CN", "这辈子就这样吧 我先走一步了"),
    ("zh_CN", "我不想活了"),
    ("zh_TW", "我先走一步了 下輩子再還"),
]


@pytest.fixture(scope="module")
def understander() -> Understander:
    u = Understander()
    u.warm_up()
    return u


def _intent(understander: Understander, locale: str, text: str) -> str:
    return understander.understand(text, locale=locale, timezone="UTC", now=NOW).intent


@pytest.mark.parametrize(("locale", "text"), EVERYDAY)
def test_everyday_words_raise_no_alarm(understander: Understander, locale: str, text: str) -> None:
    assert _intent(understander, locale, text) not in ("distress", "stop")


@pytest.mark.parametrize(("locale", "text"), CRISIS)
def test_the_same_words_said_as_a_crisis_are_one(
    understander: Understander, locale: str, text: str
) -> None:
    assert _intent(understander, locale, text) == "distress"
