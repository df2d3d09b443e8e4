"""A question asked beside a proposal, a choice or a yes is answered, and so is one asked
while a colleague has the chat.

"can I pay 300 a month and will this hurt my credit?" got the plan and nothing about the
credit report; "option 3. how do I pay?" lost its option; "will I go to jail?" asked while
waiting for a colleague got only "Noted". Now the question is answered first, then the
message's own reading goes on as before (the plan, its buttons last). Default script,
every language, SQLite and PostgreSQL; the clock is Tuesday 10 March 2026.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.store.models import Agreement
from tests.dialog.conftest import Chat, Debtor

CREDIT = {
    "en": "Whether this account is reported to credit bureaus",
    "zh_CN": "这笔账款是否报送征信",
    "zh_TW": "這筆帳款是否報送聯徵",
}
PLAN = {"en": "Here is the plan:", "zh_CN": "还款计划：", "zh_TW": "還款計畫："}
OFFER_AND_ASK = {
    "en": "can I pay 300 a month and will this hurt my credit?",
    "zh_CN": "每月还2000可以吗？会影响我的征信吗",
    "zh_TW": "每個月還8000可以嗎？會不會影響我的信用",
}
CHOOSE_AND_ASK = {
    "en": "option 3. will it show on my credit report?",
    "zh_CN": "选3，会影响我的征信吗",
    "zh_TW": "選3，會影響我的信用嗎",
}


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
@pytest.mark.parametrize("said", [OFFER_AND_ASK, CHOOSE_AND_ASK], ids=["offer", "choice"])
def test_a_question_beside_an_offer_or_a_choice_is_answered_and_the_plan_follows(
    chat: Chat, accounts: dict[str, Debtor], locale: str, said: dict[str, str]
) -> None:
    chat.verify(accounts[locale])
    replies = chat.say(said[locale])
    assert replies[0].text.startswith(CREDIT[locale]), replies[0].text
    assert replies[-1].text.startswith(PLAN[locale]), replies[-1].text
    assert [b.payload for b in replies[-1].buttons][:1] == ["yes"]


def test_an_option_named_with_how_to_pay_is_taken(chat: Chat, accounts: dict[str, Debtor]) -> None:
    chat.verify(accounts["en"])
    replies = chat.say("option 3. how do i pay?")
    assert "quote your reference U-3003" in replies[0].text
    assert replies[-1].text.startswith("Here is the plan: 5 monthly payments of $457.62")


YES_AND_ASK = {
    "en": ("yes and will you report me to the credit bureau?", "Done, your plan is recorded."),
    "zh_CN": ("好的，另外会影响我的征信吗", "好的，您的还款计划已登记。"),
    "zh_TW": ("好，另外會影響我的信用嗎", "好的，您的還款計畫已登記。"),
}


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_yes_with_a_question_records_the_plan_and_answers(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    chat.verify(accounts[locale])
    chat.say("3")
    words, recorded = YES_AND_ASK[locale]
    replies = chat.say(words)
    assert replies[0].text.startswith(CREDIT[locale])
    assert any(r.text.startswith(recorded) for r in replies[1:]), [r.text for r in replies]


def test_a_question_that_only_begins_with_ok_agrees_to_nothing(
    chat: Chat, accounts: dict[str, Debtor]
) -> None:
    chat.verify(accounts["en"])
    chat.say("3")
    replies = chat.say("ok so will this hurt my credit?")
    assert replies[0].text.startswith(CREDIT["en"])
    with chat.app.db.session() as s:
        assert s.scalars(select(Agreement)).all() == []


PERSON = {"en": "i want to talk to a human", "zh_CN": "转人工", "zh_TW": "我要找真人客服"}
JAIL = {
    "en": ("will i go to jail?", "being unable to pay is not a crime"),
    "zh_CN": ("我会坐牢吗", "还不上钱本身并不是犯罪"),
    "zh_TW": ("我會不會被抓去關", "還不出錢本身並不是犯罪"),
}
NOTED = {"en": "Noted:", "zh_CN": "已记下：", "zh_TW": "已記下："}


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_frightened_question_while_waiting_for_a_colleague_is_answered(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    chat.verify(accounts[locale])
    chat.say(PERSON[locale])
    words, answer = JAIL[locale]
    replies = chat.say(words)
    assert answer in replies[0].text, replies[0].text
    assert replies[-1].text.startswith(NOTED[locale])
    assert chat.say("hello?" if locale == "en" else "在吗") == []  # a nudge still waits quietly


SUE = {
    "en": ("I can pay 100 a month, will you still sue me?", "being unable to pay is not a crime",
           "the least each payment can be is $228.81"),
    "zh_TW": ("我每個月可以繳三千，這樣還會告我嗎", "還不出錢本身並不是犯罪",
              "每期最少要繳NT$4,083"),
}  # fmt: skip


@pytest.mark.parametrize("locale", sorted(SUE))
def test_a_legal_question_beside_an_offer_is_answered_and_the_offer_weighed(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    """Once the offer only ("not answered as the question"); now both, the answer first."""
    chat.verify(accounts[locale])
    words, answer, weighed = SUE[locale]
    replies = chat.say(words)
    assert answer in replies[0].text
    assert any(weighed in r.text for r in replies[1:]), [r.text for r in replies]
