"""A wish to pay differently that names nothing to build a plan from ("can I pay less?",
能不能少还点, 可以晚一點繳嗎) is answered with a question about what would work, not with a
plan the debtor did not ask for; their answer is then read as a proposal. Nor is today,
named in a message about something else ("so tired today"), a plan from today. Default
script, every language, SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from tests.dialog.conftest import Debtor

ASK = {
    "en": "What would work for you? Tell me how much you could pay and when, for example "
    '"200 a month from the 15th" or "half now and the rest on the 30th".',
    "zh_CN": "您看怎样还比较合适？请告诉我您能还多少、什么时候还，"
    "比如“每月200，15号开始”或者“先还一半，剩下的30号还”。",
    "zh_TW": "您看怎麼還比較方便？請告訴我您能繳多少、什麼時候繳，"
    "例如「每月200，15號開始」或「先繳一半，剩下的30號繳」。",
}
WISHES = {
    "en": ["can i pay less", "could I pay a bit later?", "can i pay half now",
           "actually can i pay on fridays"],
    "zh_CN": ["能不能少还点", "我能先还一半吗", "可以晚点还吗"],
    "zh_TW": ["可以少繳一點嗎", "可以晚一點繳嗎", "我可以先繳一半嗎"],
}  # fmt: skip
# Then a proposal with terms: a plan of exactly what was asked, shown to confirm.
TERMS = {"en": "half now and the rest on the 30th", "zh_CN": "先还一半，剩下的30号还",
         "zh_TW": "先繳一半，剩下的30號繳"}  # fmt: skip
CONFIRM = {"en": "Shall I record it?", "zh_CN": "要为您登记这个计划吗？",
           "zh_TW": "要為您登記這個計畫嗎？"}  # fmt: skip


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_wish_without_terms_is_asked_about_not_answered_with_a_plan(
    new_chat, accounts: dict[str, Debtor], locale: str
) -> None:  # type: ignore[no-untyped-def]
    for i, wish in enumerate(WISHES[locale]):
        chat = new_chat(f"wish-{locale}-{i}")
        chat.verify(accounts[locale])
        offered = [b.label for b in chat.buttons]
        replies = chat.say(wish)
        assert [r.text for r in replies] == [ASK[locale]], wish
        assert [b.label for b in chat.buttons] == offered  # the plans stay choosable
        shown = chat.say(TERMS[locale])[-1].text
        assert CONFIRM[locale] in shown
        assert "30" in shown


# Today named in a longer message about something else is no offer to pay today.
TODAY_TOLD = {
    "en": "so tired today worked till midnight",
    "zh_CN": "累死了 今天加班到半夜",
    "zh_TW": "累死了今天加班到半夜",
}


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_today_told_is_no_plan_from_today(
    new_chat, accounts: dict[str, Debtor], locale: str
) -> None:  # type: ignore[no-untyped-def]
    chat = new_chat(f"today-{locale}")
    chat.verify(accounts[locale])
    replies = chat.say(TODAY_TOLD[locale])
    assert not any(b.payload == "yes" for r in replies for b in r.buttons), chat.text()
    assert CONFIRM[locale] not in chat.text()
