"""Questions a debtor asks once the plan is recorded are answered, not misread as a new
plan, a yes or "not understood": what happens after a missed payment, which day the next
payment is, when reminders come ([collection] remind_days_before). A change of mind ("I
changed my mind", 我反悔了, 可以改嗎) brings the plans to choose from again, after the
agreement and at the confirmation. Default script, every language, SQLite and PostgreSQL.
The clock is Tuesday 10 March 2026.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.app import App
from bot.config import Settings
from tests.dialog.conftest import Chat, Clock, Debtor

YES = {"en": "yes", "zh_CN": "是", "zh_TW": "對"}
NOT_UNDERSTOOD = {
    "en": "Sorry, I didn't understand that.",
    "zh_CN": "抱歉，我没有理解您的意思。",
    "zh_TW": "抱歉，我不太明白您的意思。",
}
KEPT = {
    "en": "OK, your plan stays as it is.",
    "zh_CN": "好的，您的还款计划保持不变。",
    "zh_TW": "好的，您的還款計畫維持不變。",
}
MISSED = {
    "en": (
        "and if I miss one payment, what then?",
        "If a payment hasn't reached us 2 days after its due date",
    ),
    "zh_CN": ("要是哪一期没还会有什么后果", "如果某一期在还款日后2天还没收到"),
    "zh_TW": ("萬一有一期沒繳的話會怎麼樣？", "如果某一期在繳款日後2天還沒收到"),
}
# Option 2 of each sample account: 3 monthly payments from 17 March 2026.
WHICH_DAY = {
    "en": (
        ["so which date exactly do I pay?", "when is that due", "when is the first payment again"],
        "Your next payment is $915.25, due on Mar 17, 2026.",
    ),
    "zh_CN": (
        ["那第一期是几号啊", "是几号", "第一期什么时候来着"],
        "您下一期要还¥3,900.16，还款日是2026年3月17日。",
    ),
    "zh_TW": (
        ["那是幾號要繳", "是幾號？", "第一期什麼時候要繳"],
        "您下一期要繳NT$16,333，繳款日是2026年3月17日。",
    ),
}


def _agree(chat: Chat, debtor: Debtor) -> None:
    chat.verify(debtor)
    chat.say("2")
    chat.say(YES[debtor.locale])


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_what_a_missed_payment_means_is_answered_after_agreeing(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    words, answer = MISSED[locale]
    _agree(chat, accounts[locale])
    replies = chat.say(words)
    assert replies[0].text.startswith(answer), chat.text()
    assert NOT_UNDERSTOOD[locale] not in chat.text()
    assert not any(b.payload == "yes" for r in replies for b in r.buttons)  # no new plan


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_what_a_missed_payment_means_is_answered_while_choosing(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    words, answer = MISSED[locale]
    chat.verify(accounts[locale])
    replies = chat.say(words)
    assert replies[0].text.startswith(answer), chat.text()
    assert not any(b.payload == "yes" for r in replies for b in r.buttons)


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_which_day_the_next_payment_is_is_answered_after_agreeing(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    asked, answer = WHICH_DAY[locale]
    _agree(chat, accounts[locale])
    for words in asked:
        replies = chat.say(words)
        assert replies[0].text.startswith(answer), (words, chat.text())
        assert NOT_UNDERSTOOD[locale] not in chat.text()
        assert KEPT[locale] not in chat.text()  # a question, not "ok, thanks"


CHANGE_OF_MIND = {
    "en": "hmm, wait, I changed my mind about this, my car broke down",
    "zh_CN": "哎，我后悔了，孩子学费还没交，还能改一下吗",
    "zh_TW": "不好意思，我改變主意了，小孩學費還沒繳，能不能改？",
}
CHOOSE = {
    "en": "How would you like to pay?",
    "zh_CN": "您想怎样还款？",
    "zh_TW": "您想如何還款",
}
SUPPORT = {
    "en": "You don't have to face it alone",
    "zh_CN": "您不是一个人",
    "zh_TW": "您不是一個人",
}


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_change_of_mind_after_agreeing_brings_the_plans_again(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    _agree(chat, accounts[locale])
    replies = chat.say(CHANGE_OF_MIND[locale])
    assert CHOOSE[locale] in chat.text(), chat.text()
    assert NOT_UNDERSTOOD[locale] not in chat.text()
    assert SUPPORT[locale] not in chat.text()  # a regret about the plan is no crisis
    assert [b.payload for b in replies[-1].buttons][:1] == ["choose:1"]
    # A yes that follows is no "your plan stays as it is".
    chat.say(YES[locale])
    assert KEPT[locale] not in chat.text()


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_change_of_mind_at_the_confirmation_is_a_no(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    chat.verify(accounts[locale])
    chat.say("2")
    replies = chat.say(CHANGE_OF_MIND[locale])
    assert NOT_UNDERSTOOD[locale] not in chat.text()
    assert [b.payload for b in replies[-1].buttons][:1] == ["choose:1"]


REMINDER = {
    "en": (
        "can you remind me the day before it's due?",
        "I'll send you a reminder here 3 days before each payment is due and again on the day",
        "I'll send you a reminder here on the day each payment is due",
    ),
    "zh_CN": (
        "还款前一天能不能提醒我一下",
        "每一期还款日前3天，以及还款日当天，我都会在这里提醒您",
        "每一期还款日当天，我都会在这里提醒您",
    ),
    "zh_TW": (
        "繳款日前一天可以傳提醒給我嗎",
        "每一期繳款日前3天，以及繳款日當天，我都會在這裡提醒您",
        "每一期繳款日當天，我都會在這裡提醒您",
    ),
}


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_reminder_asked_for_hears_when_reminders_come(
    settings: Settings, clock: Clock, accounts: dict[str, Debtor], locale: str
) -> None:
    words, before, on_the_day = REMINDER[locale]
    for days, expected in ((3, before), (0, on_the_day)):
        collection = replace(settings.collection, remind_days_before=days)
        app = App(replace(settings, collection=collection), clock=clock)
        try:
            chat = Chat(app, clock)
            _agree(chat, accounts[locale])
            replies = chat.say(words)
        finally:
            app.stop()
        assert replies[0].text.startswith(expected), chat.text()
        assert NOT_UNDERSTOOD[locale] not in chat.text()


# "What did we agree?" asked while still choosing, then after agreeing.
AGREED_ASKED = {
    "en": ["wait, what did we agree?", "sorry, so what was agreed exactly?"],
    "zh_CN": ["等下，我们说好的是什么来着？", "我们谈好的是多少来着"],
    "zh_TW": ["等等，我們講好的是什麼？", "之前談好的是怎樣？"],
}
NO_PLAN_YET = {
    "en": "There is no plan yet for paying it.",
    "zh_CN": "还没有定下还款计划。",
    "zh_TW": "還沒有訂好還款計畫。",
}


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_what_was_agreed_is_answered_before_and_after_agreeing(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    chat.verify(accounts[locale])
    for words in AGREED_ASKED[locale]:
        replies = chat.say(words)
        assert NO_PLAN_YET[locale] in replies[0].text, (words, chat.text())
        assert NOT_UNDERSTOOD[locale] not in chat.text()
    chat.say("2")
    chat.say(YES[locale])
    for words in AGREED_ASKED[locale]:
        replies = chat.say(words)
        assert replies[0].text.startswith(WHICH_DAY[locale][1]), (words, chat.text())
