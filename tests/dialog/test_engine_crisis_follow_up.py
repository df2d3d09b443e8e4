"""A debtor in crisis who writes again is not sent the same words twice: the second
crisis message hears that a person knows and where help is now, and every later
acknowledgement while the case is open gives the crisis line too.
Default script, every language, SQLite and PostgreSQL.
"""

from __future__ import annotations

import pytest

from tests.dialog.conftest import Chat, Debtor

CRISES = {
    "en": ["i cant do this anymore, i want to end my life", "nobody would notice if i was gone"],
    "zh_CN": ["我真的撑不下去了，不想活了", "我走了以后也没人会在意"],
    "zh_TW": ["我真的撐不下去了，不想活了", "我走了以後也沒有人會在意"],
}  # fmt: skip
HOTLINE = {"en": "988", "zh_CN": "400-161-9995", "zh_TW": "1925"}
LATER = {"en": "are you still there", "zh_CN": "你们还在吗 我在等", "zh_TW": "你們還在嗎 我在等"}


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_second_crisis_message_is_answered_in_new_words_with_the_line(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    chat.verify(accounts[locale])
    first = [r.text for r in chat.say(CRISES[locale][0])]
    chat.clock.advance(minutes=2)
    second = [r.text for r in chat.say(CRISES[locale][1])]
    assert len(first) == 1 and len(second) == 1
    assert first != second
    assert HOTLINE[locale] in first[0] and HOTLINE[locale] in second[0]
    chat.clock.advance(minutes=31)
    later = [r.text for r in chat.say(LATER[locale])]
    assert len(later) == 1 and HOTLINE[locale] in later[0]
