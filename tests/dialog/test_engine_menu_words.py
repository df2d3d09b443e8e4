"""Asking for the menu (the plans on offer) again, in the words debtors use for it: "menu",
菜单 / 选单 (Simplified), 選單 / 選項 (Traditional). The whole question comes back with
every plan as a button, never "not understood". Default script, every language, SQLite
and PostgreSQL.
"""

from __future__ import annotations

import pytest

from tests.dialog.conftest import Chat, Debtor

ASK_MENU = {
    "en": ["Could you send me the menu one more time?", "main menu pls"],
    "zh_CN": ["麻烦把选单再发我一次", "回到主选单"],
    "zh_TW": ["可以再給我看一下選單嗎", "主選單"],
}
QUESTION = {
    "en": "How would you like to pay?",
    "zh_CN": "您想怎样还款？",
    "zh_TW": "您想如何還款？",
}
NOT_UNDERSTOOD = {"en": "didn't understand", "zh_CN": "没有理解", "zh_TW": "不太明白"}


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_asking_for_the_menu_shows_every_plan_again(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    chat.verify(accounts[locale])
    shown = [b.payload for b in chat.buttons]
    assert len(shown) == 3
    chat.say("嗯" if locale != "en" else "hmm")  # the short question: no buttons
    for words in ASK_MENU[locale]:
        replies = chat.say(words)
        assert NOT_UNDERSTOOD[locale] not in chat.text(), words
        assert replies[-1].text.startswith(QUESTION[locale]), words
        assert [b.payload for b in replies[-1].buttons] == shown, words
    assert chat.press(2)[-1].buttons[0].payload == "yes"  # and they still work
