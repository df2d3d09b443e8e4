"""A debtor who says hello is greeted back, then asked only the question at hand."""

from __future__ import annotations

import pytest

from tests.dialog.conftest import Debtor

HELLO = {"en": "Hello!", "zh_CN": "您好！", "zh_TW": "您好！"}
# Other debtors' ways of saying hello, or of asking whether anyone is there.
SAID = {
    "en": ["hi", "hello?", "hey there"],
    "zh_CN": ["你好", "在吗", "您好"],
    "zh_TW": ["哈囉", "在嗎", "你好"],
}
DATE_OF_BIRTH = {"en": "date of birth", "zh_CN": "出生日期", "zh_TW": "出生日期"}


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_hello_before_verification_is_answered_then_the_identity_question(
    new_chat, accounts: dict[str, Debtor], locale: str
) -> None:  # type: ignore[no-untyped-def]
    for i, words in enumerate(SAID[locale]):
        chat = new_chat(f"hello-{locale}-{i}")
        asked = chat.start(accounts[locale].ref)[-1].text
        replies = chat.say(words)
        assert [r.text for r in replies] == [HELLO[locale], asked]
        assert DATE_OF_BIRTH[locale] in asked


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_hello_while_choosing_gets_the_short_question_not_the_menu_again(
    new_chat, accounts: dict[str, Debtor], locale: str
) -> None:  # type: ignore[no-untyped-def]
    chat = new_chat(f"hello-offer-{locale}")
    menu = chat.verify(accounts[locale])
    replies = chat.say(SAID[locale][0])
    assert replies[0].text == HELLO[locale]
    assert len(replies) == 2
    assert all(r.text not in [m.text for m in menu] for r in replies[1:])
