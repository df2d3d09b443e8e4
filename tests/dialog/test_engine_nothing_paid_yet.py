"""Where a plan stands before anything is paid: "no payments have been recorded yet", never
"you've paid $0.00"; once a payment arrives, the sum paid. Default script, every language,
SQLite and PostgreSQL. The clock is Tuesday 10 March 2026.
"""

from __future__ import annotations

import re

import pytest

from bot.collection.payments import import_text
from tests.dialog.conftest import Chat, Clock, Debtor

YES = {"en": "yes", "zh_CN": "是", "zh_TW": "對"}
CURRENCY = {"en": "USD", "zh_CN": "CNY", "zh_TW": "TWD"}
HOW_MUCH = {
    "en": "ok and how much remains after that?",
    "zh_CN": "那我总共还差多少呢",
    "zh_TW": "請問我還差多少",
}
# Option 2 of each sample account: 3 monthly payments from 17 March 2026.
UNPAID = {
    "en": "Your next payment is $915.25, due on Mar 17, 2026. No payments have been recorded "
    "yet; in all you still owe $2,745.75.",
    "zh_CN": "您下一期要还¥3,900.16，还款日是2026年3月17日。目前还没有收到您的还款；"
    "您一共还欠¥11,700.50。",
    "zh_TW": "您下一期要繳NT$16,333，繳款日是2026年3月17日。目前還沒有收到您的繳款；"
    "您總共還欠NT$49,000。",
}
STATUS_UNPAID = {
    "en": "Your plan with Example Bank: $2,745.75 in all, no payments recorded yet. "
    "Next payment: $915.25 on Mar 17, 2026.",
    "zh_CN": "您在Example Bank的还款计划：共¥11,700.50，目前还没有还款记录。"
    "下一期在2026年3月17日，金额¥3,900.16。",
    "zh_TW": "您在範例銀行的還款計畫：共NT$49,000，目前還沒有繳款紀錄。"
    "下一期在2026年3月17日，金額NT$16,333。",
}
# After 250 is paid: the sum paid is said.
PAID = {
    "en": "So far you've paid $250.00 of your plan's $2,745.75; in all you still owe $2,495.75.",
    "zh_CN": "这个计划共¥11,700.50，您已经还了¥250.00；目前一共还欠¥11,450.50。",
    "zh_TW": "這個計畫共NT$49,000，您已經繳了NT$250；目前總共還欠NT$48,750。",
}
ZERO = re.compile(r"[$¥]0\.00|NT\$0(?![\d,])")


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_nothing_paid_yet_is_said_in_words_then_the_sum_once_paid(
    chat: Chat,
    new_chat,
    clock: Clock,
    accounts: dict[str, Debtor],
    locale: str,  # type: ignore[no-untyped-def]
) -> None:
    debtor = accounts[locale]
    chat.verify(debtor)
    chat.say("2")
    chat.say(YES[locale])
    replies = chat.say(HOW_MUCH[locale])
    assert replies[0].text == UNPAID[locale]
    assert ZERO.search(chat.text()) is None

    clock.advance(hours=2)
    back = new_chat("u1-back")
    text = "\n".join(r.text for r in back.verify(debtor))
    assert STATUS_UNPAID[locale] in text
    assert ZERO.search(text) is None

    csv = "external_id,account_ref,amount,currency,paid_at\n"
    row = f"p-1,{debtor.ref},250,{CURRENCY[locale]},2026-03-10T11:00:00Z\n"
    import_text(chat.app.db, csv + row, clock())
    assert PAID[locale] in back.say(HOW_MUCH[locale])[0].text
