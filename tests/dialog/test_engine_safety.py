"""Crisis and opt-out messages in the words debtors use, in every state, in three languages."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.store.models import Escalation, OptOut
from tests.dialog.conftest import Chat, Debtor

HOTLINE = {"en": "988", "zh_CN": "400-161-9995", "zh_TW": "1925"}
OPTED_OUT = {
    "en": "We won't send you any more messages",
    "zh_CN": "我们不会再在这里给您发消息",
    "zh_TW": "我們不會再在這裡傳訊息給您",
}
ALREADY = {"en": "already unsubscribed", "zh_CN": "您已经退订了", "zh_TW": "您已經退訂了"}


def _escalations(chat: Chat) -> list[tuple[str, int]]:
    with chat.app.db.session() as s:
        return [
            (e.reason, e.priority) for e in s.scalars(select(Escalation).order_by(Escalation.id))
        ]


@pytest.mark.parametrize(
    ("locale", "words"),
    [
        ("en", "honestly everyone would be better off without me"),
        ("en", "i have the pills ready"),
        ("zh_CN", "活着太累了，我想一了百了"),
        ("zh_CN", "我写好遗书了"),
        ("zh_TW", "活著好累，我想一了百了"),
        ("zh_TW", "我準備燒炭了"),
    ],
)
@pytest.mark.parametrize("verified", [False, True])
def test_crisis_words_get_the_hotline_and_an_urgent_person(
    chat: Chat, accounts: dict[str, Debtor], locale: str, words: str, verified: bool
) -> None:
    if verified:
        chat.verify(accounts[locale])
    else:
        chat.start(accounts[locale].ref)
    replies = chat.say(words)
    assert len(replies) == 1 and HOTLINE[locale] in replies[0].text
    assert _escalations(chat) == [("distress", 0)]


@pytest.mark.parametrize(
    ("locale", "words"),
    [
        ("en", "left my bank passwords for my wife, you won't need to look for me"),
        ("en", "goodbye, i'm sorry for everything, stop texting me"),
        ("zh_CN", "我把银行卡密码都留给家人了，以后不用找我了"),
        ("zh_TW", "我把提款卡密碼都留給家人了，以後不用找我了"),
    ],
)
def test_a_farewell_that_also_says_stop_is_a_crisis_and_a_person_can_still_reach_them(
    chat: Chat, accounts: dict[str, Debtor], locale: str, words: str
) -> None:
    chat.verify(accounts[locale])
    replies = chat.say(words)
    assert len(replies) == 1 and HOTLINE[locale] in replies[0].text
    assert OPTED_OUT[locale] not in replies[0].text
    assert _escalations(chat) == [("distress", 0)]
    with chat.app.db.session() as s:
        # An opt-out now would close the case and silence the person who answers it.
        assert list(s.scalars(select(OptOut))) == []


@pytest.mark.parametrize(
    ("locale", "words"),
    [
        ("en", "cease and desist"),
        ("en", "please don't reach out again"),
        ("zh_CN", "以后别找我"),
        ("zh_CN", "不要再烦我了"),
        ("zh_TW", "不要再煩我了"),
        ("zh_TW", "以後別找我"),
    ],
)
def test_opt_out_words_at_the_plan_menu_are_an_opt_out_not_a_plan(
    chat: Chat, accounts: dict[str, Debtor], locale: str, words: str
) -> None:
    chat.verify(accounts[locale])
    replies = chat.say(words)
    assert [r.text for r in replies] == [replies[0].text]
    assert OPTED_OUT[locale] in replies[0].text and not replies[0].buttons
    with chat.app.db.session() as s:
        assert [o.source for o in s.scalars(select(OptOut))] == ["typed"]


@pytest.mark.parametrize(
    ("locale", "words"),
    [("en", "STOP"), ("zh_CN", "退订"), ("zh_TW", "退訂"), ("zh_TW", "取消訂閱")],
)
def test_stop_repeated_in_a_later_session_is_answered_once(
    chat: Chat, accounts: dict[str, Debtor], locale: str, words: str
) -> None:
    chat.verify(accounts[locale])
    assert OPTED_OUT[locale] in chat.say(words)[0].text
    chat.clock.advance(minutes=5)
    assert chat.say(words) == []  # the same session: confirmed already
    chat.clock.advance(days=2)
    replies = chat.say(words)
    assert len(replies) == 1 and ALREADY[locale] in replies[0].text
    chat.clock.advance(minutes=1)
    assert chat.say(words) == []
    with chat.app.db.session() as s:
        (row,) = s.scalars(select(OptOut)).all()
        assert row.revoked_at is None  # still opted out: nothing else was said
