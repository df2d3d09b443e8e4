"""Choosing the language: /language, its buttons and arguments; command arguments are not words."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.store.models import Conversation, Escalation
from tests.dialog.conftest import Chat, Debtor

CHOOSE_PLAN = {
    "en": "How would you like to pay?",
    "zh_CN": "您想怎样还款？",
    "zh_TW": "您想如何還款？",
}
SWITCHED = {
    "en": "OK, I'll continue in English.",
    "zh_CN": "好的，接下来我用简体中文和您沟通。",
    "zh_TW": "好的，接下來我用繁體中文與您溝通。",
}
MENU = {
    "en": "Which language would you like me to use?",
    "zh_CN": "您希望我使用哪种语言？",
    "zh_TW": "您希望我使用哪種語言？",
}


def _locale(chat: Chat) -> str:
    with chat.app.db.session() as s:
        conv = s.get(Conversation, chat.conversation_id)
        assert conv is not None
        return conv.locale


@pytest.mark.parametrize(("locale", "pick", "to"), [("en", 3, "zh_TW"), ("zh_CN", 1, "en")])
def test_language_command_shows_choices_and_re_asks_in_the_new_language(
    chat: Chat, accounts: dict[str, Debtor], locale: str, pick: int, to: str
) -> None:
    chat.verify(accounts[locale])  # now choosing a plan
    menu = chat.send("/language", command="language")
    assert [r.text for r in menu] == [MENU[locale]]
    assert [(b.label, b.payload) for b in menu[0].buttons] == [
        ("English", "lang:en"),
        ("简体中文", "lang:zh_CN"),
        ("繁體中文", "lang:zh_TW"),
    ]
    replies = chat.press(pick)
    assert replies[0].text == SWITCHED[to]
    assert CHOOSE_PLAN[to] in replies[-1].text  # the same question, in the new language
    assert len(replies[-1].buttons) >= 2  # with the plans to choose from
    assert _locale(chat) == to


@pytest.mark.parametrize(
    ("locale", "arg", "to"),
    [
        ("en", "zh_TW", "zh_TW"),
        ("en", "zh-TW", "zh_TW"),
        ("en", "繁體中文", "zh_TW"),
        ("en", "简体中文", "zh_CN"),
        ("zh_CN", "en", "en"),
        ("zh_CN", "English", "en"),
        ("zh_CN", "zh-tw", "zh_TW"),
    ],
)
def test_language_command_with_a_code_or_name_switches_at_once(
    chat: Chat, accounts: dict[str, Debtor], locale: str, arg: str, to: str
) -> None:
    chat.verify(accounts[locale])
    replies = chat.send(f"/language {arg}", command="language", command_arg=arg)
    assert replies[0].text == SWITCHED[to]
    assert CHOOSE_PLAN[to] in replies[-1].text
    assert _locale(chat) == to


@pytest.mark.parametrize("locale", ["en", "zh_CN"])
def test_language_switch_while_verifying_asks_the_birth_date_again(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    chat.start(accounts[locale].ref)
    to = "en" if locale == "zh_CN" else "zh_CN"
    replies = chat.send(f"/language {to}", command="language", command_arg=to)
    assert replies[0].text == SWITCHED[to]
    assert ("date of birth" if to == "en" else "出生日期") in replies[-1].text
    verified = chat.say(accounts[locale].dob)[0].text
    assert verified.startswith(
        "Thank you, that's confirmed." if to == "en" else "谢谢，已确认是您本人。"
    )


def test_unknown_language_shows_the_choices(chat: Chat, accounts: dict[str, Debtor]) -> None:
    chat.verify(accounts["en"])
    replies = chat.send("/language klingon", command="language", command_arg="klingon")
    assert [r.text for r in replies] == [MENU["en"]]
    assert len(replies[0].buttons) == 3
    assert _locale(chat) == "en"


@pytest.mark.parametrize("locale", ["en", "zh_CN"])
def test_start_token_is_never_read_as_words(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    # A random deep-link token may contain "sb", "stop" or "人工": it is not what the debtor said.
    token = "xQsbSTOPfuck人工Zz"
    replies = chat.send(f"/start {token}", command="start", command_arg=token, locale_hint=locale)
    # an unknown token binds nothing: the bot asks for the account reference
    assert ("account reference" if locale == "en" else "账户编号") in replies[-1].text
    with chat.app.db.session() as s:
        assert s.scalars(select(Escalation)).all() == []
        conv = s.get(Conversation, chat.conversation_id)
        assert conv is not None and conv.mode == "bot"


@pytest.mark.parametrize(
    ("locale", "words", "to"),
    [
        ("zh_CN", "sorry, could we talk in English?", "en"),
        ("zh_TW", "we can just use english", "en"),
        ("en", "we'd better continue in Chinese please", "zh_CN"),
        ("en", "I'd rather use traditional chinese from now on", "zh_TW"),
    ],
)
def test_a_language_asked_for_in_a_sentence_switches_the_chat(
    chat: Chat, accounts: dict[str, Debtor], locale: str, words: str, to: str
) -> None:
    chat.verify(accounts[locale])  # now choosing a plan
    replies = chat.say(words)
    assert replies[0].text == SWITCHED[to]
    assert replies[-1].text.startswith(CHOOSE_PLAN[to]) and replies[-1].buttons
    assert _locale(chat) == to
