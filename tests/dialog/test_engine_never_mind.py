"""A debtor who asked for a person mid-negotiation and then says "never mind" in their
own words (算了不用了, 沒事了) gets the bot back at once, not silence. Default script,
every language, SQLite and PostgreSQL.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.store.models import Conversation, Escalation
from tests.dialog.conftest import Chat, Debtor

PERSON = {"en": "I want to talk to a real person", "zh_CN": "我要找人工", "zh_TW": "我要找真人"}
NEVER_MIND = {
    "en": ["actually never mind, I'll just do it here", "actually nvm lets just sort it out here"],
    "zh_CN": ["算了不用了", "那不用了，谢谢", "没事了"],
    "zh_TW": ["算了，不用了", "沒事了", "算了吧", "喔不用了 沒事"],
}
BACK = {"en": "OK, let's carry on here.", "zh_CN": "好的", "zh_TW": "好的"}


def _state(chat: Chat) -> tuple[str, list[str]]:
    with chat.app.db.session() as s:
        conv = s.get(Conversation, chat.conversation_id)
        assert conv is not None
        open_ = list(s.scalars(select(Escalation.reason).where(Escalation.status != "closed")))
        return conv.mode, open_


@pytest.mark.parametrize(
    ("locale", "words"), [(loc, w) for loc, ws in NEVER_MIND.items() for w in ws]
)
def test_never_mind_after_asking_for_a_person_brings_the_bot_back(
    chat: Chat, accounts: dict[str, Debtor], locale: str, words: str
) -> None:
    chat.verify(accounts[locale])
    chat.say(PERSON[locale])
    assert _state(chat) == ("agent", ["human_requested"])
    replies = chat.say(words)
    assert replies, "silence after never mind"
    assert replies[0].text.startswith(BACK[locale])
    assert replies[-1].buttons  # the plans again, to pick from
    assert _state(chat) == ("bot", [])
    assert [b.payload for b in chat.press(2)[-1].buttons] == ["yes", "no"]


@pytest.mark.parametrize("locale", ["zh_CN", "zh_TW"])
def test_never_mind_does_not_undo_a_dispute(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    chat.verify(accounts[locale])
    chat.say({"zh_CN": "这不是我的债", "zh_TW": "這不是我的債"}[locale])
    chat.say("算了不用了")
    assert _state(chat) == ("agent", ["dispute"])


# Doing it oneself is no crisis: no crisis support, no escalation for distress.
MYSELF = {
    "en": ["never mind, i'll sort it myself", "I can manage it myself", "i'll handle it myself"],
    "zh_CN": ["算了不用了 我自己弄", "我自己想办法吧"],
    "zh_TW": ["算了不用了 我自己處理", "我自己想辦法"],
}
SUPPORT = {"en": "You don't have to face it alone", "zh_CN": "您不是一个人",
           "zh_TW": "您不是一個人"}  # fmt: skip


@pytest.mark.parametrize(("locale", "words"), [(loc, w) for loc, ws in MYSELF.items() for w in ws])
def test_doing_it_oneself_is_no_crisis(
    chat: Chat, accounts: dict[str, Debtor], locale: str, words: str
) -> None:
    chat.verify(accounts[locale])
    replies = chat.say(words)
    assert not any(SUPPORT[locale] in r.text for r in replies), chat.text()
    assert "distress" not in _state(chat)[1]


@pytest.mark.parametrize("words", ["我想找專人談一下", "能不能请个专人跟我说"])
def test_asking_for_someone_in_person_words_is_a_hand_over(
    chat: Chat, accounts: dict[str, Debtor], words: str
) -> None:
    chat.verify(accounts["zh_TW"])
    chat.say(words)
    assert _state(chat) == ("agent", ["human_requested"])
