"""Asking us not to contact someone else ("stop calling my mom about this", 别给我家里人打电话,
拜託不要打到我公司) is read as an opt-out about third parties: the debtor is told we deal
only with them, and their own chat goes on (no opt-out of it, the question they were
answering again). "Stop calling me and my family" ends the chat as an opt-out. Everyday
payment talk that the classifier took for a crisis ("i want it done faster", 跟老婆討論好了)
gets no crisis reply, and "is this a scam." with a full stop is a doubt, not a dispute.
Default script, every language, SQLite and PostgreSQL.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.store.models import Conversation, Escalation, OptOut
from tests.dialog.conftest import Chat, Debtor

OTHERS = {
    "en": ("stop calling my mom about this, she has nothing to do with it",
           "We discuss this matter only with you", "stop calling me and my family",
           "We won't send you any more messages here"),
    "zh_CN": ("别给我家里人打电话啊，我爸妈不知道这事", "这件事我们只和您本人沟通",
              "别再联系我，也别找我家人", "我们不会再在这里给您发消息"),
    "zh_TW": ("拜託不要打到我公司 我主管會知道", "這件事我們只和您本人溝通",
              "不要再聯絡我，也不要找我家人", "我們不會再在這裡傳訊息給您"),
}  # fmt: skip
NO_CRISIS = {
    "en": ["i want it done faster", "i might not make the 14th payment"],
    "zh_CN": ["后面的是不是就少了"],
    "zh_TW": ["跟老婆討論好了", "那如果我某一期真的繳不出來會怎樣"],
}
HOTLINE = ("988", "400-161-9995", "1925")


def _opted_out(chat: Chat) -> int:
    with chat.app.db.session() as s:
        return s.scalar(select(func.count(OptOut.id)).where(OptOut.revoked_at.is_(None))) or 0


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_someone_else_not_to_be_contacted_is_answered_and_the_chat_goes_on(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    others, only_you, me_too, stopped = OTHERS[locale]
    chat.verify(accounts[locale])
    menu = [b.label for b in chat.buttons]
    replies = chat.say(others)
    assert replies[0].text.startswith(only_you), replies
    assert [b.label for b in chat.buttons] == menu and _opted_out(chat) == 0
    assert stopped in chat.say(me_too)[0].text
    assert _opted_out(chat) == 1


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_everyday_payment_talk_gets_no_crisis_reply(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    chat.verify(accounts[locale])
    for words in NO_CRISIS[locale]:
        text = "\n".join(r.text for r in chat.say(words))
        assert not any(h in text for h in HOTLINE), (words, text)
    with chat.app.db.session() as s:
        assert s.scalars(select(Escalation.reason)).all() == []
        conv = s.get(Conversation, chat.conversation_id)
        assert conv is not None and conv.mode == "bot"


def test_is_this_a_scam_with_a_full_stop_is_a_doubt_not_a_dispute(chat: Chat) -> None:
    chat.start(None, locale="en")
    replies = chat.say("is this a scam. i never heard of you")
    assert replies[0].text.startswith("You're right to be careful."), replies
    with chat.app.db.session() as s:
        assert s.scalars(select(Escalation.reason)).all() == []
