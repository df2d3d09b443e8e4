"""A thank-you on its own: a short warm acknowledgement in every state, then only the short
question when one is open; never "not understood", never a step towards the hand-over.
Default script, every language, SQLite and PostgreSQL.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.store.models import Escalation
from tests.dialog.conftest import Chat, Debtor

YES = {"en": "yes", "zh_CN": "是", "zh_TW": "對"}
WELCOME = {"en": "You're welcome!", "zh_CN": "不客气！", "zh_TW": "不客氣！"}
THANKS = {
    "en": ["thanks", "thank you", "Thank you so much!", "thx 🙂"],
    "zh_CN": ["谢谢", "多谢", "谢谢！", "感谢"],
    "zh_TW": ["謝謝", "感謝", "多謝", "謝謝您！"],
}
# "ok" first agrees with what was said: after the agreement the plan stays, with thanks.
OK_THANKS = {"en": "ok thanks", "zh_CN": "好的，谢谢", "zh_TW": "好的謝謝"}
KEPT = {
    "en": "OK, your plan stays as it is. Thank you!",
    "zh_CN": "好的，您的还款计划保持不变。谢谢您！",
    "zh_TW": "好的，您的還款計畫維持不變。謝謝您！",
}
AGAIN = {
    "en": "Which option would you like?",
    "zh_CN": "您想选哪个方案？",
    "zh_TW": "您想選哪個方案呢？",
}
DOB_QUESTION = {"en": "date of birth", "zh_CN": "出生日期", "zh_TW": "出生日期"}
NOT_UNDERSTOOD = {"en": "didn't understand", "zh_CN": "没有理解", "zh_TW": "沒有理解"}


def _escalations(chat: Chat) -> int:
    with chat.app.db.session() as s:
        return len(list(s.scalars(select(Escalation))))


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_thanks_after_the_agreement_is_acknowledged_and_never_handed_over(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    chat.verify(accounts[locale])
    chat.say("2")
    chat.say(YES[locale])
    for words in THANKS[locale]:
        replies = chat.say(words)
        assert [r.text for r in replies] == [WELCOME[locale]], words
    assert [r.text for r in chat.say(OK_THANKS[locale])] == [KEPT[locale]]
    assert _escalations(chat) == 0
    assert chat.say("2")  # still the bot's conversation


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_thanks_while_choosing_gets_the_short_question_not_the_menu(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    chat.verify(accounts[locale])
    shown = chat.buttons
    for words in THANKS[locale]:
        replies = chat.say(words)
        assert replies[0].text == WELCOME[locale], words
        assert replies[-1].text.startswith(AGAIN[locale])
        assert NOT_UNDERSTOOD[locale] not in chat.text()
        assert not any(r.buttons for r in replies)
    assert _escalations(chat) == 0
    chat.press(2)  # the options shown before still work
    assert chat.buttons != shown


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_thanks_before_verification_then_the_identity_question(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    chat.start(accounts[locale].ref, locale=locale)
    for words in THANKS[locale][:3]:
        replies = chat.say(words)
        assert replies[0].text == WELCOME[locale], words
        assert DOB_QUESTION[locale] in replies[-1].text
    assert _escalations(chat) == 0
    chat.say(accounts[locale].dob)
    assert chat.buttons  # verified: the offers
