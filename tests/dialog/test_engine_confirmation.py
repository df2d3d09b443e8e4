"""Before recording, the bot repeats the plan in one sentence (amount per instalment, count,
first date, in the debtor's language and time zone) and the debtor confirms it in their own
words (en, zh_CN, zh_TW; SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.store.models import Agreement
from tests.dialog.conftest import Chat, Clock, Debtor

SENTENCE = {
    "en": "Here is the plan: 3 monthly payments of $915.25, first on Mar 17, 2026.",
    "zh_CN": "还款计划：前2期每月还¥3,900.16，最后一期还¥3,900.18，首期2026年3月17日。",
    "zh_TW": "還款計畫：前2期每月還NT$16,333，最後一期還NT$16,334，首期2026年3月17日。",
}
ASK = {
    "en": "Shall I record it?",
    "zh_CN": "要为您登记这个计划吗？",
    "zh_TW": "要為您登記這個計畫嗎？",
}
RECORDED = {
    "en": "your plan is recorded",
    "zh_CN": "您的还款计划已登记",
    "zh_TW": "您的還款計畫已登記",
}
OWN_WORDS = [
    ("en", "sounds good"),
    ("en", "ok"),
    ("en", "yes please, record it"),
    ("en", "that works for me"),
    ("zh_CN", "好的"),
    ("zh_CN", "可以"),
    ("zh_CN", "行"),
    ("zh_CN", "没问题"),
    ("zh_CN", "就这么定了"),
    ("zh_TW", "沒問題"),
    ("zh_TW", "沒有問題"),
    ("zh_TW", "好喔"),
    ("zh_TW", "可以啊"),
    ("zh_TW", "就照這個"),
]


def _agreements(chat: Chat) -> list[str]:
    with chat.app.db.session() as s:
        return list(s.scalars(select(Agreement.status)))


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_the_plan_is_repeated_in_one_sentence_before_it_is_recorded(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    chat.verify(accounts[locale])
    confirm = chat.press(2)[-1].text

    first_line, *_rest = confirm.split("\n")
    assert first_line == SENTENCE[locale]
    assert confirm.endswith(ASK[locale])
    assert _agreements(chat) == []  # nothing recorded before the debtor confirms


@pytest.mark.parametrize(("locale", "words"), OWN_WORDS)
def test_the_debtor_confirms_in_their_own_words(
    chat: Chat, accounts: dict[str, Debtor], locale: str, words: str
) -> None:
    chat.verify(accounts[locale])
    chat.press(2)

    assert RECORDED[locale] in chat.say(words)[0].text
    assert _agreements(chat) == ["active"]


@pytest.mark.parametrize("locale", ["en", "zh_TW"])
def test_a_no_is_not_taken_for_a_yes(chat: Chat, accounts: dict[str, Debtor], locale: str) -> None:
    chat.verify(accounts[locale])
    chat.press(2)
    chat.say({"en": "no, that's too much", "zh_TW": "不行，太多了"}[locale])
    assert _agreements(chat) == []


def test_the_first_date_is_the_debtors_local_date(
    chat: Chat,
    new_chat,
    clock: Clock,
    accounts: dict[str, Debtor],  # type: ignore[no-untyped-def]
) -> None:
    # 02:00 UTC on Mar 10 is still Mar 9 in New York but already Mar 10 in Shanghai.
    clock.now = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)
    chat.verify(accounts["en"])
    assert chat.press(2)[-1].text.startswith(
        "Here is the plan: 3 monthly payments of $915.25, first on Mar 16, 2026."
    )
    shanghai = new_chat("u-cn")
    shanghai.verify(accounts["zh_CN"])
    assert "首期2026年3月17日。" in shanghai.press(2)[-1].text.split("\n")[0]


# One payment is one payment: the summary says when and how much, not "first payment".
ONE_PAYMENT = {
    "en": "Done, your plan is recorded: one payment of $2,608.46 on Mar 17, 2026. Thank you.",
    "zh_CN": "好的，已为您登记：请于2026年3月17日前还款¥11,115.47。谢谢您！",
    "zh_TW": "好的，已為您登記：請於2026年3月17日前繳款NT$46,550。謝謝您！",
}
FIRST_OF_MANY = {
    "en": "Done, your plan is recorded. First payment: $915.25 on Mar 17, 2026. Thank you.",
    "zh_CN": "好的，您的还款计划已登记。第一期在2026年3月17日，金额¥3,900.16。谢谢您！",
    "zh_TW": "好的，您的還款計畫已登記。第一期在2026年3月17日，金額NT$16,333。謝謝您！",
}
SETTLED_IN_ONE = {
    "en": ("can I pay 2300 to settle",
           "Done, your plan is recorded: one payment of $2,300.00 on Mar 17, 2026. Thank you."),
    "zh_CN": ("一次性还10000结清", "好的，已为您登记：请于2026年3月17日前还款¥10,000.00。谢谢您！"),
    "zh_TW": ("一次還45000結清", "好的，已為您登記：請於2026年3月17日前繳款NT$45,000。謝謝您！"),
}  # fmt: skip


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_paying_in_full_is_summed_up_as_one_payment(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    chat.verify(accounts[locale])
    chat.press(1)  # pay in full
    chat.press(1)  # yes, record it
    assert chat.last[0].text == ONE_PAYMENT[locale]
    assert "第一期" not in chat.text() and "First payment" not in chat.text()


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_settlement_is_summed_up_as_one_payment(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    offer, summary = SETTLED_IN_ONE[locale]
    chat.verify(accounts[locale])
    chat.say(offer)
    chat.press(1)  # yes, record it
    assert chat.last[0].text == summary


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_plan_of_several_payments_still_names_the_first(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    chat.verify(accounts[locale])
    chat.press(2)
    chat.press(1)
    assert chat.last[0].text == FIRST_OF_MANY[locale]
