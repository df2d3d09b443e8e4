"""Data-rights requests typed in the chat: audited, escalated, the debtor told what happens."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.store.models import AuditEntry, Conversation, Escalation
from tests.dialog.conftest import Chat, Debtor

ERASE = {
    "en": "I've passed your request to delete your personal data to a colleague",
    "zh_CN": "我已将您删除个人信息的请求转给同事",
}
EXPORT = {
    "en": "I've passed your request for the personal data we hold about you to a colleague",
    "zh_CN": "我已将您查询我们所持有的个人信息的请求转给同事",
}


def _escalations(chat: Chat) -> list[tuple[str, int, str]]:
    with chat.app.db.session() as s:
        return [(e.reason, e.priority, e.status) for e in s.scalars(select(Escalation))]


def _requests(chat: Chat) -> list[dict[str, str]]:
    with chat.app.db.session() as s:
        return list(
            s.scalars(select(AuditEntry.details).where(AuditEntry.action == "data_request"))
        )


def _mode(chat: Chat) -> str:
    with chat.app.db.session() as s:
        conv = s.get(Conversation, chat.conversation_id)
        assert conv is not None
        return conv.mode


@pytest.mark.parametrize(
    ("locale", "words", "kind", "sees"),
    [
        ("en", "delete my data", "erase", ERASE["en"]),
        ("zh_CN", "删除我的个人信息", "erase", ERASE["zh_CN"]),
        ("en", "what data do you hold", "export", EXPORT["en"]),
        ("zh_CN", "你们有我哪些信息", "export", EXPORT["zh_CN"]),
    ],
)
def test_data_request_is_audited_escalated_and_explained(
    chat: Chat, accounts: dict[str, Debtor], locale: str, words: str, kind: str, sees: str
) -> None:
    chat.verify(accounts[locale])  # choosing a plan
    replies = chat.say(words)
    assert len(replies) == 1 and sees in replies[0].text
    assert "¥" not in replies[0].text and "$" not in replies[0].text  # no plans in the answer
    assert _requests(chat) == [{"kind": kind, "channel": "telegram"}]
    assert _escalations(chat) == [("data_request", 2, "open")]
    assert _mode(chat) == "agent"  # a person answers it
    assert chat.say("hello?") == []


@pytest.mark.parametrize(
    ("locale", "words"), [("en", "delete my data"), ("zh_CN", "删除我的个人信息")]
)
def test_data_request_before_verification_is_taken_too(
    chat: Chat, accounts: dict[str, Debtor], locale: str, words: str
) -> None:
    chat.start(accounts[locale].ref)  # asked for the date of birth
    replies = chat.say(words)
    assert ERASE[locale] in replies[0].text
    assert _escalations(chat) == [("data_request", 2, "open")]


def test_data_request_while_an_agent_has_the_chat_is_recorded_quietly(
    chat: Chat, accounts: dict[str, Debtor]
) -> None:
    chat.verify(accounts["zh_CN"])
    chat.say("转人工")
    assert chat.say("你们有我哪些信息") == []  # the agent in the chat answers it
    assert _requests(chat) == [{"kind": "export", "channel": "telegram"}]
    assert _escalations(chat) == [("human_requested", 2, "open")]  # one entry in the queue


def test_a_command_argument_is_not_a_data_request(chat: Chat, accounts: dict[str, Debtor]) -> None:
    replies = chat.send("/start delete my data", command="start", command_arg="delete my data")
    assert replies and _requests(chat) == [] and _escalations(chat) == []


PRIVACY = {"en": "kept confidential", "zh_CN": "严格保密", "zh_TW": "保密"}
ASKED_ABOUT_PRIVACY = {
    "en": "is my personal data kept safe?",
    "zh_CN": "我的个人信息会不会泄露？",
    "zh_TW": "我的個人資料會不會外洩？",
}


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_asking_whether_ones_data_is_safe_is_answered_not_taken_as_a_request(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    """Naming one's personal data is no request for it: the privacy answer comes, the bot
    keeps the chat, nothing is escalated or audited as a data request."""
    chat.verify(accounts[locale])
    replies = chat.say(ASKED_ABOUT_PRIVACY[locale])
    assert PRIVACY[locale] in replies[0].text
    assert _requests(chat) == []
    assert _escalations(chat) == []
    assert _mode(chat) != "agent"
