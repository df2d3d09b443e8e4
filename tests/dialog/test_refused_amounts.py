"""An amount the debtor says is beyond them is no offer.

"I won't have 2200 by Friday" was read as an offer of 2,200 on Friday, and the bot
answered with a plan starting with exactly that. Such a message is hardship now (the
dialog offers smaller payments); an amount offered beside the refused one still counts.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from bot.understanding.understand import Understander
from tests.dialog.conftest import Chat, Debtor

NOW = datetime.fromisoformat("2026-03-10T06:00:00+00:00")
ZONE = {"en": "America/New_York", "zh_CN": "Asia/Shanghai", "zh_TW": "Asia/Taipei"}


def read(understander: Understander, locale: str, text: str, choices: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    """``text`` understood for a debtor of ``locale`` on the test clock (options ``choices``)."""
    return understander.understand(
        text, locale=locale, timezone=ZONE[locale], now=NOW, choices=choices
    )


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("en", "i wont have 2200 by friday"),
        ("en", "I can't pay $2,200!!"),
        ("en", "there is no way i can come up with 1500"),
        ("en", "where am I supposed to find 2000?"),
        ("en", "where the hell would i get 900 from"),
        ("en", "how am i supposed to pay 2000 a month"),
        ("en", "500 a month is way too much"),
        ("en", "2200?? are you kidding me"),
        ("en", "I honestly don't have the 915 this month"),
        ("en", "i couldn't possibly afford 1200 right now"),
        ("zh_CN", "一万多我上哪弄去"),
        ("zh_CN", "五千我拿不出来"),
        ("zh_CN", "我哪有两千块"),
        ("zh_CN", "每月三千九太多了"),
        ("zh_CN", "三千九我现在实在还不起"),
        ("zh_CN", "这个月2000块我真的凑不出来"),
        ("zh_TW", "一萬多我去哪裡生得出來"),
        ("zh_TW", "五千我真的拿不出來"),
        ("zh_TW", "我哪來的兩萬塊"),
        ("zh_TW", "每個月八千太多了啦"),
    ],
)
def test_an_amount_beyond_the_debtor_is_hardship_not_an_offer(
    understander: Understander, locale: str, text: str
) -> None:
    got = read(understander, locale, text)
    assert (got.intent, got.amounts, got.dates) == ("hardship", (), ()), got


@pytest.mark.parametrize(
    ("locale", "text", "offered"),
    [
        ("en", "i cant pay 2200 but i can do 1000", "1000"),
        ("en", "I can't pay more than 500 a month", "500"),
        ("en", "1000 is too much, would 400 work", "400"),
        ("en", "how can i pay 500 today", "500"),
        ("zh_CN", "每月两千太多了，一千行吗", "1000"),
        ("zh_CN", "两千没问题", "2000"),
        ("zh_CN", "我没钱一次还清，每月还500行吗", "500"),
        ("zh_TW", "3000這禮拜拿不出來 下禮拜三先付2000可以嗎", "2000"),
        ("zh_TW", "五萬太多了，三萬可以嗎", "30000"),
    ],
)
def test_an_amount_offered_beside_a_refused_one_is_still_the_offer(
    understander: Understander, locale: str, text: str, offered: str
) -> None:
    got = read(understander, locale, text)
    assert got.intent == "counter_offer", got
    assert [a.value for a in got.amounts] == [Decimal(offered)], got


@pytest.mark.parametrize(
    ("locale", "text", "said"),
    [
        (
            "en",
            "where am i supposed to find 2000 by friday",
            "Here are plans with smaller payments",
        ),
        ("zh_CN", "一万多我上哪弄去", "我们可以把每期金额降下来"),
        ("zh_TW", "一萬多我去哪裡生得出來", "我們可以把每期金額降低"),
    ],
)
def test_the_debtor_who_cannot_find_the_amount_hears_smaller_payments_not_a_plan_of_it(
    chat: Chat, accounts: dict[str, Debtor], locale: str, text: str, said: str
) -> None:
    chat.verify(accounts[locale])
    replies = chat.say(text)
    assert said in replies[0].text
    everything = " ".join(r.text for r in replies)
    assert not any(figure in everything for figure in ("2,000.00", "10,000.00", "NT$10,000"))
    labels = [b.label for b in replies[-1].buttons]
    assert labels and all("record" not in label.lower() for label in labels), labels


def test_a_refused_amount_and_an_offered_one_make_a_plan_of_the_offered_one(
    chat: Chat, accounts: dict[str, Debtor]
) -> None:
    chat.verify(accounts["en"])
    replies = chat.say("i cant pay 2200 but i could do 1000 a month")
    assert "$1,000.00" in replies[-1].text + " ".join(b.label for b in replies[-1].buttons)
    assert "$2,200.00" not in " ".join(r.text for r in replies)


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("zh_CN", "谢谢，我今晚就把3900还了"),
        ("zh_CN", "我今晚就把钱还了"),
        ("zh_CN", "明天就把这期还上"),
        ("zh_TW", "我今晚就把錢繳了"),
        ("zh_TW", "發工資就把這期繳掉"),
        ("en", "ill pay it all off tonight and be done with it"),
        ("en", "i'm gonna pay the rest on friday"),
    ],
)
def test_a_payment_promised_for_a_time_raises_no_alarm(
    understander: Understander, locale: str, text: str
) -> None:
    assert read(understander, locale, text).intent not in ("distress", "stop")


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("zh_CN", "今晚把钱还了我就走了"),
        ("zh_TW", "明天就繳了 以後就不用再找我了 我撐不下去"),
        ("zh_CN", "账都还清了我就走"),
        ("zh_TW", "今晚把錢繳了，以後就不用找我了，我撐不下去了"),
        ("en", "ill pay it tonight, wont need money where im going"),
        ("en", "i'll pay it all tonight and then i'll be gone"),
    ],
)
def test_a_payment_promised_with_a_farewell_is_still_a_crisis(
    understander: Understander, locale: str, text: str
) -> None:
    assert read(understander, locale, text).intent == "distress"
