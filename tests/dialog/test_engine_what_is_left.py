""" "When is my next payment?", "how much is left?": answered with the account's own figures
(the next instalment of the active plan and the balance), then back to the open question;
before verification only "after the check", and the answer follows it. Default script,
every language, SQLite and PostgreSQL. The clock is Tuesday 10 March 2026.
"""

from __future__ import annotations

import pytest

from tests.dialog.conftest import Chat, Debtor
from tests.dialog.test_engine_neutral import DEBT_WORDS

YES = {"en": "yes", "zh_CN": "是", "zh_TW": "對"}
ASK = {
    "en": ["when is my next payment?", "what do I still owe?", "how much is left?"],
    "zh_CN": ["下次什么时候还？", "还剩多少"],
    "zh_TW": ["下一期是什麼時候？", "還剩多少錢"],
}
NO_PLAN = {
    "en": "You still owe $2,745.75 in all. There is no plan yet for paying it.",
    "zh_CN": "您目前还欠¥11,700.50，还没有定下还款计划。",
    "zh_TW": "您目前還欠NT$49,000，還沒有訂好還款計畫。",
}
# Option 2 of each sample account: 3 monthly payments from 17 March 2026.
WITH_PLAN = {
    "en": "Your next payment is $915.25, due on Mar 17, 2026. No payments have been recorded "
    "yet; in all you still owe $2,745.75.",
    "zh_CN": "您下一期要还¥3,900.16，还款日是2026年3月17日。目前还没有收到您的还款；"
    "您一共还欠¥11,700.50。",
    "zh_TW": "您下一期要繳NT$16,333，繳款日是2026年3月17日。目前還沒有收到您的繳款；"
    "您總共還欠NT$49,000。",
}
AGAIN = {
    "en": "Which option would you like?",
    "zh_CN": "您想选哪个方案？",
    "zh_TW": "您想選哪個方案呢？",
}
VERIFY_FIRST = {
    "en": "I'll gladly answer that once I've confirmed I'm talking to the right person.",
    "zh_CN": "确认是您本人之后，我很乐意为您解答。",
    "zh_TW": "確認是您本人之後，我很樂意為您說明。",
}


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_what_is_left_while_choosing_is_the_balance_then_the_short_question(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    chat.verify(accounts[locale])
    for words in ASK[locale]:
        replies = chat.say(words)
        assert replies[0].text == NO_PLAN[locale], words
        assert replies[-1].text.startswith(AGAIN[locale])
        assert not any(r.buttons for r in replies)


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_after_the_agreement_the_next_instalment_and_the_balance(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    chat.verify(accounts[locale])
    chat.say("2")
    chat.say(YES[locale])
    for words in ASK[locale]:
        replies = chat.say(words)
        assert replies[0].text == WITH_PLAN[locale], words
        assert len(replies) == 2  # then the plan's own question


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_before_verification_after_the_check_then_answered(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    chat.start(accounts[locale].ref, locale=locale)
    replies = chat.say(ASK[locale][0])
    assert replies[0].text == VERIFY_FIRST[locale]
    assert DEBT_WORDS.search(chat.text().lower()) is None
    texts = [r.text for r in chat.say(accounts[locale].dob)]
    assert NO_PLAN[locale] in texts
    assert chat.buttons  # then the offers
