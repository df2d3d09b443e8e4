"""A crisis said beside an offer, a date or a plan choice is still a crisis.

Read as a whole, "15號先繳五千 之後就跟大家說再見了" looks like a counter-offer: the
amount and the date outweigh the goodbye. Each clause of a longer message is also
read on its own, and a clause that is a crisis makes the message one.

Everyday messages that borrow the words of a crisis raise no alarm: off to bed or to work
(我先走一步去上班), never borrowing again in this life (这辈子再也不借网贷了), not wanting
to live so tired and so paying it all at once, doing it oneself. The same words said as a
crisis still are one.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.understanding.understand import Understander

NOW = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)
CRISIS = [
    ("zh_CN", "这个月能先还800 反正我也活不到下个月了"),
    ("zh_CN", "下周一还你们两千，以后的事我不管了，我准备去天台了"),
    ("zh_CN", "第三个方案吧 我留了遗书给我女儿"),
    ("zh_TW", "每個月還1500可以 不過我已經把藥都準備好了"),
    ("zh_TW", "第一個方案好了 反正我也撐不了多久了"),
    ("zh_TW", "15號先繳五千 之後就跟大家說再見了"),
    ("en", "i can do 150 a month. i wrote letters to my kids tonight"),
    ("en", "ok plan 1, not that it matters, i've got the rope ready"),
    ("en", "put me down for 300 on the 1st, i wont be here after that"),
    ("en", "fine 2 payments. i keep thinking about driving off the bridge"),
]
EVERYDAY = [
    ("zh_CN", "这个月能先还800 下个月再还剩下的"),
    ("zh_CN", "选第二个方案吧，其实我也没别的办法"),
    ("zh_CN", "累死了 先还500 剩下的月底还"),
    ("zh_TW", "我可以每個月還2000 但是利息太高了啦"),
    ("zh_TW", "我快瘋了 先繳3000 好嗎"),
    ("en", "i can do 200 a month but honestly the fees are killing me"),
    ("en", "option 2 is fine. i get paid on the 15th"),
    ("en", "ill pay 500 on friday, after that im done with this loan"),
    ("en", "i'm done thinking, option 2"),
]
# Everyday words of a crisis, on their own.
EVERYDAY_WORDS = [
    ("en", "i'm going to bed, goodnight"),
    ("en", "ok heading to bed now, night"),
    ("en", "never mind, i'll sort it myself"),
    ("en", "i can manage it myself thanks"),
    ("en", "im his wife"),
    ("zh_TW", "我是他太太"),
    ("zh_CN", "这辈子再也不借网贷了"),
    ("zh_CN", "我先走一步去上班 晚上再弄"),
    ("zh_CN", "我不想活得这么累 所以想一次还清"),
    ("zh_TW", "這輩子不會再碰信用卡了"),
    ("zh_TW", "我先走一步去開會 晚點回你"),
]
CRISIS_WORDS = [
    ("en", "i'm going to bed and i hope i don't wake up"),
    ("en", "i'll take care of it myself tonight, for good"),
    ("en", "If you call my work again I'll do something to myself"),
    ("en", "my husband will find a letter from me tomorrow"),
    ("zh_CN", "这辈子就这样吧 我先走一步了"),
    ("zh_CN", "我不想活了"),
    ("zh_TW", "我先走一步了 下輩子再還"),
]


def _intent(understander: Understander, locale: str, text: str) -> str:
    heard = understander.understand(
        text, locale=locale, timezone="Asia/Shanghai", now=NOW, choices=("a", "b", "c")
    )
    return heard.intent


@pytest.mark.parametrize(("locale", "text"), CRISIS)
def test_a_crisis_beside_an_offer_is_a_crisis(
    understander: Understander, locale: str, text: str
) -> None:
    assert _intent(understander, locale, text) == "distress"


@pytest.mark.parametrize(("locale", "text"), EVERYDAY)
def test_an_offer_with_everyday_words_stays_an_offer(
    understander: Understander, locale: str, text: str
) -> None:
    assert _intent(understander, locale, text) not in ("distress", "stop")


@pytest.mark.parametrize(("locale", "text"), EVERYDAY_WORDS)
def test_everyday_words_raise_no_alarm(understander: Understander, locale: str, text: str) -> None:
    assert _intent(understander, locale, text) not in ("distress", "stop")


@pytest.mark.parametrize(("locale", "text"), CRISIS_WORDS)
def test_the_same_words_said_as_a_crisis_are_one(
    understander: Understander, locale: str, text: str
) -> None:
    assert _intent(understander, locale, text) == "distress"
