"""A threat at staff ("I'll find you and hurt you", "I know where your office is, watch
yourself", 我会找到你们的，你们等着, 小心我去你們公司鬧) is abuse, before verification as
after it: a colleague is asked to help, the same as for an insult, and nothing about a debt
is said. It is not taken for a wrong date of birth. Everyday words that look alike ("I'll
get you the money friday", 我找到你们的网站了, 打你们电话打不通) are no threat. Default
script, every language, SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.store.models import Conversation, Escalation
from bot.understanding.understand import Understander
from tests.dialog.conftest import Chat, Debtor

THREATS = [
    ("en", "I'll find you and hurt you"),
    ("en", "I know where your office is, watch yourself"),
    ("en", "I know where you live"),
    ("en", "you'll regret this"),
    ("zh_CN", "我会找到你们的，你们等着"),
    ("zh_CN", "你们给我等着"),
    ("zh_CN", "我要弄死你们"),
    ("zh_TW", "小心我去你們公司鬧"),
    ("zh_TW", "我知道你們公司在哪，給我小心點"),
    ("zh_TW", "我不會放過你們的"),
]
HANDED_OVER = {
    "en": "I've asked a colleague to help",
    "zh_CN": "我已请同事协助",
    "zh_TW": "我已請同事協助",
}
WRONG_DATE = {"en": "date of birth", "zh_CN": "出生日期", "zh_TW": "出生日期"}
NO_THREAT = [
    ("en", "I'll get you the money friday"),
    ("en", "I'll find you the receipt"),
    ("en", "I don't know where your office is"),
    ("en", "watch out for late fees"),
    ("zh_CN", "我找到你们的网站了"),
    ("zh_CN", "打你们电话打不通"),
    ("zh_CN", "你等着，我去拿卡"),
    ("zh_TW", "小心點"),
    ("zh_TW", "我會找到錢還你們的"),
]


def _mode(chat: Chat) -> str:
    with chat.app.db.session() as s:
        conv = s.get(Conversation, chat.conversation_id)
        assert conv is not None
        return conv.mode


def _escalations(chat: Chat) -> list[str]:
    with chat.app.db.session() as s:
        return [e.reason for e in s.scalars(select(Escalation).order_by(Escalation.id))]


@pytest.mark.parametrize(("locale", "words"), THREATS)
def test_a_threat_before_verification_goes_to_a_colleague_and_tells_nothing(
    chat: Chat, accounts: dict[str, Debtor], locale: str, words: str
) -> None:
    chat.start(accounts[locale].ref, locale=locale)
    replies = chat.say(words)
    assert len(replies) == 1 and replies[0].text.startswith(HANDED_OVER[locale])
    assert WRONG_DATE[locale] not in replies[0].text
    assert not any(ch.isdigit() for ch in replies[0].text)
    assert _mode(chat) == "agent"
    assert _escalations(chat) == ["abuse"]


@pytest.mark.parametrize(("locale", "words"), THREATS)
def test_a_threat_after_verification_goes_to_a_colleague_as_an_insult_does(
    chat: Chat, accounts: dict[str, Debtor], locale: str, words: str
) -> None:
    chat.verify(accounts[locale])
    replies = chat.say(words)
    assert replies[0].text.startswith(HANDED_OVER[locale])
    assert _mode(chat) == "agent"
    assert _escalations(chat) == ["abuse"]


@pytest.mark.parametrize(("locale", "words"), NO_THREAT)
def test_everyday_words_that_look_alike_are_no_threat(
    understander: Understander, locale: str, words: str
) -> None:
    now = datetime(2026, 3, 10, 10, 0, tzinfo=UTC)
    heard = understander.understand(
        words, locale=locale, timezone="UTC", now=now, choices=("a", "b")
    )
    assert heard.intent != "abuse", heard.triggers
