"""A question after the agreement ("why is the interest so high?", 你们几点上班？, 我的個人資料
安全嗎？) is answered, then the plan's own question follows in words only: the "how to pay /
change my plan" buttons are not shown again (they still work where they were). Default
script, every language, SQLite and PostgreSQL.
"""

from __future__ import annotations

import pytest

from tests.dialog.conftest import Chat, Debtor

YES = {"en": "yes", "zh_CN": "是", "zh_TW": "對"}
ASK = {
    "en": ["Why is the interest so high?", "what are your opening hours?",
           "is this conversation confidential?", "and when is the next one due?"],
    "zh_CN": ["利息是怎么算出来的？", "你们的工作时间是几点到几点", "你们会替我保密吗",
              "下一期是哪天"],
    "zh_TW": ["利息是怎麼算出來的？", "你們的營業時間是幾點到幾點", "你們會幫我保密嗎",
              "下一期是哪天"],
}  # fmt: skip
PLAN_HELP = {
    "en": "If you'd like the payment details again or want to change your plan, just tell me.",
    "zh_CN": "如果您想再看一下还款方式，或者想调整还款计划，直接告诉我就行。",
    "zh_TW": "如果您想再看一次繳款方式，或想調整還款計畫，直接告訴我就可以了。",
}
HOW_TO_PAY = {"en": "To pay", "zh_CN": "还款", "zh_TW": "還款"}


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_question_after_the_agreement_does_not_show_the_plan_buttons_again(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    chat.verify(accounts[locale])
    chat.say("2")
    done = chat.say(YES[locale])
    assert [b.payload for b in done[-1].buttons] == ["how_to_pay", "change_plan"]
    for words in ASK[locale]:
        replies = chat.say(words)
        assert len(replies) == 2, (words, chat.text())
        assert replies[-1].text == PLAN_HELP[locale], words
        assert not any(r.buttons for r in replies), words
    assert HOW_TO_PAY[locale] in chat.press(1)[0].text  # the buttons shown before still work
