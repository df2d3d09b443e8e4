"""Frustration in rude words before verification ("this is bullshit", 你们烦不烦啊, 煩死了)
gets calm words and the identity question again: no hand-over, no opt-out, nothing about
a debt, and the check goes on. An explicit opt-out (别烦我) stays one, and an insult aimed
at staff ("fuck you") still goes to a person. Default script, every language, SQLite
and PostgreSQL.
"""

from __future__ import annotations

import pytest

from bot.store.models import Conversation
from tests.dialog.conftest import Chat, Debtor

CASES = {
    "en": (["this is bullshit", "what the fuck is this"],
           "I hear you, and I'm sorry this is frustrating. I just need to check that I'm "
           "talking to the right person first; after that I can help.",
           "To protect your privacy, please tell me your date of birth", "Example Bank"),
    "zh_CN": (["你们烦不烦啊", "烦死了"],
              "我理解您的心情，给您添麻烦了，抱歉。我只需要先确认是您本人，确认之后就能帮您。",
              "为了保护您的隐私，请告诉我您的出生日期", "谢谢，已确认是您本人。"),
    "zh_TW": (["煩死了", "你們煩不煩啊"],
              "我理解您的心情，造成您的困擾很抱歉。我只需要先確認是您本人，確認之後就能協助您。",
              "為了保護您的隱私，請告訴我您的出生日期", "謝謝，已確認是您本人。"),
}  # fmt: skip


def _mode(chat: Chat) -> str:
    with chat.app.db.session() as s:
        conv = s.get(Conversation, chat.conversation_id)
        assert conv is not None
        return conv.mode


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_rudeness_before_verification_is_met_calmly_and_the_check_goes_on(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    lines, calm, question, verified = CASES[locale]
    debtor = accounts[locale]
    chat.start(debtor.ref, locale=locale)
    for words in lines:
        replies = chat.say(words)
        assert replies[0].text == calm, words
        assert replies[-1].text.startswith(question), words
        assert not any(ch.isdigit() for r in replies for ch in r.text.replace("1990-01-31", ""))
        assert _mode(chat) == "bot"
    assert verified in chat.say(debtor.dob)[0].text


def test_an_opt_out_or_an_insult_at_staff_is_not_taken_for_frustration(
    chat: Chat, accounts: dict[str, Debtor], new_chat
) -> None:  # type: ignore[no-untyped-def]
    chat.start(accounts["zh_CN"].ref, locale="zh_CN")
    assert chat.say("别烦我")[0].text.startswith("好的，明白。我们不会再在这里给您发消息。")
    rude: Chat = new_chat("rude")
    rude.start(accounts["en"].ref, locale="en")
    assert rude.say("fuck you")[0].text.startswith("I've asked a colleague to help")
    assert _mode(rude) == "agent"
