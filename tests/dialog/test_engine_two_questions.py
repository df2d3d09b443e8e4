"""Two questions in one message are both answered ("if I'm late with one, what happens? and
will it show on my credit file?", 會影響聯徵嗎？另外晚繳會怎樣): the second was dropped. Asked
whether a plan costs more, the breakdown says it adds no interest or fees. Default script,
every language, SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from tests.dialog.conftest import Debtor

TWO = {
    "en": "if i'm late with one payment what happens? and will it show on my credit file?",
    "zh_CN": "会不会上征信？还有如果晚还几天会怎么样",
    "zh_TW": "會不會影響聯徵？另外晚繳會怎樣",
}
CREDIT = {"en": "credit bureaus", "zh_CN": "征信", "zh_TW": "聯徵"}
LATE = {"en": "after its due date", "zh_CN": "还款日后", "zh_TW": "繳款日後"}
COSTS = {
    "en": ("does a plan cost me more interest? what's the fee for",
           "A plan agreed here adds no interest or fees"),
    "zh_CN": ("分期的话利息会另外算吗", "在这里约定的还款计划不会再加利息或费用"),
    "zh_TW": ("分期的話利息會另外算嗎", "在這裡約定的還款計畫不會再加利息或費用"),
}  # fmt: skip


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_two_questions_in_one_message_are_both_answered(
    new_chat, accounts: dict[str, Debtor], locale: str
) -> None:  # type: ignore[no-untyped-def]
    chat = new_chat(f"two-{locale}")
    chat.verify(accounts[locale])
    said = " ".join(r.text for r in chat.say(TWO[locale]))
    assert CREDIT[locale] in said and LATE[locale] in said, said


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_plan_is_said_to_add_no_interest(
    new_chat, accounts: dict[str, Debtor], locale: str
) -> None:  # type: ignore[no-untyped-def]
    chat = new_chat(f"costs-{locale}")
    chat.verify(accounts[locale])
    words, answer = COSTS[locale]
    said = " ".join(r.text for r in chat.say(words))
    assert answer in said, said
