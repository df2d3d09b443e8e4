"""A question about what would happen ("what happens if I don't pay on time?",
如果到时候还不上会怎么样？, 萬一我繳不出來會怎樣？) is answered with the missed-payment
answer and the bot returns to its question; a statement of hardship still gets the
smaller plans. Default script, every language, SQLite and PostgreSQL.
"""

from __future__ import annotations

import pytest

from tests.dialog.conftest import Chat, Debtor

CASES = {
    "en": ("wait, what happens if I don't pay on time?",
           "If a payment hasn't reached us 2 days after its due date",
           "Shall I record the plan? Please answer yes or no.",
           "I can't pay, I lost my job", "I'm sorry to hear that."),
    "zh_CN": ("如果到时候还不上会怎么样？", "如果某一期在还款日后2天还没收到",
              "要为您登记这个方案吗？请回复“是”或“不是”。",
              "我现在还不上", "理解您现在的难处。"),
    "zh_TW": ("萬一我繳不出來會怎樣？", "如果某一期在繳款日後2天還沒收到",
              "要幫您登記這個方案嗎？請回覆「是」或「不是」。",
              "我失業了，現在繳不出來", "了解您現在的難處。"),
}  # fmt: skip


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_what_if_i_cannot_pay_is_a_question_not_hardship(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    question, answer, again, hardship, sorry = CASES[locale]
    chat.verify(accounts[locale])
    chat.say("2")
    replies = chat.say(question)
    assert replies[0].text.startswith(answer)
    assert [r.text for r in replies[1:]] == [again]
    assert chat.say(hardship)[0].text.startswith(sorry)
