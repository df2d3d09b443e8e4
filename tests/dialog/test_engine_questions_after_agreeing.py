"""Questions a debtor asks once the plan is recorded are answered, not misread as a new
plan, a yes or "not understood": what happens after a missed payment, which day the next
payment is. Default script,
every language, SQLite and PostgreSQL. The clock is Tuesday 10 March 2026.
"""

from __future__ import annotations

import pytest

from tests.dialog.conftest import Chat, Debtor

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
        ["so which date exactly do I pay?", "when is that due"],
        "Your next payment is $915.25, due on Mar 17, 2026.",
    ),
    "zh_CN": (["那第一期是几号啊", "是几号"], "您下一期要还¥3,900.16，还款日是2026年3月17日。"),
    "zh_TW": (["那是幾號要繳", "是幾號？"], "您下一期要繳NT$16,333，繳款日是2026年3月17日。"),
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
