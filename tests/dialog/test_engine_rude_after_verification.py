"""Frustration in rude words from a verified debtor ("this is so annoying", 你们烦不烦啊,
煩死了) gets calm words, how to stop the messages should they want that, and the question
they were answering again: no opt-out is recorded, no hand-over, and the negotiation goes
on. Writing STOP (退订, 退訂) afterwards does opt out. Default script, every language,
SQLite and PostgreSQL.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.store.models import OptOut
from tests.dialog.conftest import Chat, Debtor
from tests.dialog.test_engine_rude_before_verification import _mode

CASES = {
    "en": (["this is so annoying", "what the hell, for god's sake"],
           "I hear you, and I'm sorry this is frustrating. If you'd like us to stop messaging "
           "you here, write STOP.", "STOP", "We won't send you any more messages here"),
    "zh_CN": (["你们烦不烦啊", "烦死了"],
              "我理解您的心情，给您添麻烦了，抱歉。如果您希望我们不再在这里给您发消息，请回复“退订”",
              "退订", "我们不会再在这里给您发消息"),
    "zh_TW": (["你們煩不煩啊", "煩死了", "靠北"],
              "我了解您的心情，造成您的困擾很抱歉。如果您希望我們不要再在這裡傳訊息給您，請回覆「退訂」",
              "退訂", "我們不會再在這裡傳訊息給您"),
}  # fmt: skip


def _opted_out(chat: Chat) -> int:
    with chat.app.db.session() as s:
        return s.scalar(select(func.count(OptOut.id)).where(OptOut.revoked_at.is_(None))) or 0


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_rudeness_after_verification_is_met_calmly_and_stop_still_stops(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    lines, calm, stop, stopped = CASES[locale]
    chat.verify(accounts[locale])
    menu = [b.label for b in chat.buttons]
    assert menu
    for words in lines:
        replies = chat.say(words)
        assert replies[0].text.startswith(calm), words
        assert [b.label for b in chat.buttons] == menu, words  # the same question again
        assert _opted_out(chat) == 0 and _mode(chat) == "bot"
    assert stopped in chat.say(stop)[0].text
    assert _opted_out(chat) == 1
