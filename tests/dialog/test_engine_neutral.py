"""Nothing about a debt before verification, whoever holds the phone and whatever they write."""

from __future__ import annotations

import re

import pytest

from bot.scripts.script import load_script
from tests.dialog.conftest import Chat, Debtor

# Words that would tell a third party there is a debt to collect.
DEBT_WORDS = re.compile(
    r"\b(?:debts?|balance|owe[sd]?|owing|plans?|payments?|pay|paid|repay\w*|creditors?|collect\w*"
    r"|loans?|arrears|overdue|instal+ments?|settle\w*)\b"
    r"|债|債|欠|还款|還款|余额|餘額|计划|計畫|計劃|付款|缴|繳|催收|贷款|貸款|借款|分期|逾期|账单|帳單|方案"
)

# What someone might write before answering the identity question, per language.
MESSAGES = {
    "en": [
        "hi", "help", "?", "what is this about", "who are you", "what company is this",
        "are you a bot", "asdfgh", "how much do I owe", "why is the fee so high",
        "can I pay in full", "500 a month", "yes", "no", "2", "talk to a person",
        "I want to kill myself", "this isn't my debt", "I already paid", "wrong number",
        "fuck off", "delete my data", "中文", "not today", "1990-13-45",
    ],
    "zh_CN": [
        "你好", "帮助", "？", "这是什么事", "你们是哪家公司？", "你是机器人吗", "啊啊啊",
        "我欠多少", "为什么这么多手续费", "我想一次性还清", "每月还500", "好的", "不", "2",
        "转人工", "活着太累了，我想一了百了", "这不是我的债", "我已经还了", "打错了", "滚",
        "删除我的个人信息", "English", "明天再说", "1990年13月45日",
    ],
    "zh_TW": [
        "你好", "幫忙", "？", "這是什麼事", "你們是哪家公司？", "你是機器人嗎", "啊啊啊",
        "我欠多少", "為什麼手續費這麼高", "我想一次付清", "每月還500", "好", "不要", "2",
        "找真人", "活著好累，我想一了百了", "這不是我的債", "我已經繳了", "打錯了", "靠北",
        "刪除我的個人資料", "English", "明天再說", "民國81年13月45日",
    ],
}  # fmt: skip


def _seen(chat: Chat) -> list[str]:
    texts = [r.text for r in chat.last]
    texts += [b.label for r in chat.last for b in r.buttons]
    return texts


def _debt_words(texts: list[str]) -> list[tuple[str, list[str]]]:
    return [(t, DEBT_WORDS.findall(t.lower())) for t in texts if DEBT_WORDS.search(t.lower())]


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
@pytest.mark.parametrize("bound", [True, False], ids=["deep-link", "unknown-user"])
def test_no_reply_before_verification_mentions_a_debt(
    new_chat, accounts: dict[str, Debtor], locale: str, bound: bool
) -> None:  # type: ignore[no-untyped-def]
    seen: list[str] = []
    for i, words in enumerate(MESSAGES[locale]):
        chat = new_chat(f"{locale}-{bound}-{i}")
        chat.start(accounts[locale].ref if bound else None, locale=locale)
        seen += _seen(chat)
        for message in (words, words, "hello again"):
            chat.say(message)
            seen += _seen(chat)
    assert seen and _debt_words(seen) == []


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_wrong_answers_until_locked_out_reveal_nothing(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    seen = _seen_after(chat, accounts[locale].ref, locale, ["1970-01-01"] * 6 + ["help"])
    assert _debt_words(seen) == []


def _seen_after(chat: Chat, ref: str, locale: str, messages: list[str]) -> list[str]:
    chat.start(ref, locale=locale)
    seen = _seen(chat)
    for words in messages:
        chat.say(words)
        seen += _seen(chat)
    return seen


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_the_greeting_names_the_neutral_sender(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    chat.start(accounts[locale].ref, locale=locale)
    name = chat.app.settings.sender.name[locale]
    assert name in chat.text()


@pytest.mark.parametrize(
    ("locale", "collector", "creditor"),
    [
        ("en", "Example Recovery Services", "Example Bank"),
        ("zh_CN", "示例资产管理有限公司", None),
        ("zh_TW", "範例資產管理股份有限公司", "範例銀行"),
    ],
)
def test_after_verification_the_collector_and_creditor_then_the_disclosure(
    chat: Chat, accounts: dict[str, Debtor], locale: str, collector: str, creditor: str | None
) -> None:
    replies = chat.verify(accounts[locale])
    assert collector in replies[0].text
    if creditor is not None:
        assert creditor in replies[0].text
    script = load_script("dialogs/collections.yaml")
    disclosure = chat.engine.catalogs.gettext(locale, script.prompts["disclosure"])
    assert replies[1].text == disclosure
