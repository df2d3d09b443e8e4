"""A yes to the bot's counter-offer takes that plan (a settlement below the approval line
goes to a colleague first, as the policy says, however it was reached); a yes with nothing
on the table asks which option, without the whole menu. On the default script, every
language, both databases.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from bot.store.db import Database
from bot.store.models import Agreement, Escalation, Offer
from tests.dialog.conftest import Chat, Debtor

WHICH_ONE_EN = (
    'Which option would you like? Reply with its number, or write "menu" to see the options again.'
)

SETTLE_BELOW_FLOOR = {
    "en": (
        "can I settle for 1000 and call it even?",
        "ok fine, I'll take that",
        "Thank you. Settling the account for $1,922.03 needs a colleague's approval",
        Decimal("1922.03"),
    ),
    "zh_CN": (
        "我一次性给你5000，结清可以吗",
        "好吧",
        "谢谢您。用¥8,190.35结清欠款需要同事审批",
        Decimal("8190.35"),
    ),
    "zh_TW": (
        "我一次付你三萬，這筆就結清可以嗎",
        "好吧就這樣",
        "謝謝您。以NT$34,300結清欠款需要同事審核",
        Decimal("34300"),
    ),
}


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_yes_to_a_settlement_counter_offer_below_the_approval_line_asks_a_colleague(
    chat: Chat, accounts: dict[str, Debtor], db: Database, locale: str
) -> None:
    offer, accept, approval, amount = SETTLE_BELOW_FLOOR[locale]
    chat.verify(accounts[locale])
    countered = chat.say(offer)
    assert len(countered[-1].buttons) == 4  # the counter first, then the usual plans
    replies = chat.say(accept)
    assert replies[0].text.startswith(approval)
    chat.say({"en": "yes", "zh_CN": "是", "zh_TW": "是"}[locale])
    with db.session() as s:
        assert s.scalars(select(Agreement)).all() == []  # not before a colleague approves
        (escalation,) = s.scalars(select(Escalation)).all()
        assert escalation.reason == "settlement_approval" and escalation.status == "open"
        (offer_row,) = s.scalars(select(Offer).where(Offer.kind == "settlement")).all()
        assert offer_row.total == amount


@pytest.mark.parametrize(
    ("locale", "ask", "yes", "first_line"),
    [
        (
            "en",
            "150 a month",
            "sure",
            "Here is the plan: 11 monthly payments of $228.81 and a last of $228.84",
        ),
        ("zh_CN", "每月500", "好的", "还款计划：前11期每月还¥975.04，最后一期还¥975.06"),
        ("zh_TW", "一個月兩千", "可以", "還款計畫：前11期每月還NT$4,083，最後一期還NT$4,087"),
    ],
)
def test_yes_to_an_instalment_counter_offer_confirms_it(
    chat: Chat, accounts: dict[str, Debtor], locale: str, ask: str, yes: str, first_line: str
) -> None:
    chat.verify(accounts[locale])
    assert len(chat.say(ask)[-1].buttons) == 4
    replies = chat.say(yes)
    assert replies[0].text.startswith(first_line)


@pytest.mark.parametrize(
    ("locale", "yes", "again"),
    [
        (
            "en",
            "yes",
            WHICH_ONE_EN,
        ),
        ("zh_CN", "好", "您想选哪个方案？回复方案编号就可以；想再看一遍所有方案，请回复“选项”。"),
        (
            "zh_TW",
            "好",
            "您想選哪個方案呢？回覆方案編號就可以；想再看一次所有方案，請回覆「選項」。",
        ),
    ],
)
def test_a_yes_with_several_options_asks_which_one_without_the_menu(
    chat: Chat, accounts: dict[str, Debtor], locale: str, yes: str, again: str
) -> None:
    chat.verify(accounts[locale])
    replies = chat.say(yes)
    assert [r.text for r in replies] == [again]
    assert not replies[0].buttons
    assert chat.say("2")[-1].buttons[0].payload == "yes"


def test_a_counter_offer_replaced_by_the_usual_plans_is_not_taken_by_a_yes(
    chat: Chat, accounts: dict[str, Debtor]
) -> None:
    chat.verify(accounts["en"])
    chat.say("can I settle for 1000 and call it even?")
    chat.say("I lost my job")  # hardship plans replace the offers
    replies = chat.say("yes")
    assert [r.text for r in replies] == [WHICH_ONE_EN]
