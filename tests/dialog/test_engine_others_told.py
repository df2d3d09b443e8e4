"""Someone else was contacted or found out about the debt, reported by the debtor.

The canned "we discuss this only with you … if someone else has been contacted, tell me"
was said to a debtor who had just told us exactly that. Now: it should not have happened,
a colleague looks into it (an ``others_told`` case), and the chat is not closed for it. A
stop about the debtor too is still an opt-out, and the case stays open beside it.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.store.models import Escalation, OptOut
from tests.dialog.conftest import Chat, Debtor

TOLD = {
    "en": ("please stop ringing my office, my manager answered and asked me about it",
           "that should not have happened"),
    "zh_CN": ("别往我公司打了，现在领导都在问我这事", "这种情况不应该发生"),
    "zh_TW": ("你們打去我家，我爸媽現在都知道了", "這種情況不應該發生"),
}  # fmt: skip

STOP_TOO = {
    "en": "you texted my sister about this. stop contacting me, all of you",
    "zh_CN": "你们居然联系了我朋友说我欠钱，以后别再联系我了",
    "zh_TW": "你們竟然打給我朋友說我欠錢，以後不要再聯絡我",
}


def _cases(chat: Chat) -> list[tuple[str, str]]:
    with chat.app.db.session() as s:
        return [(e.reason, e.status) for e in s.scalars(select(Escalation))]


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_someone_else_told_goes_to_a_colleague_without_an_opt_out(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    words, sees = TOLD[locale]
    chat.verify(accounts[locale])
    replies = chat.say(words)
    assert len(replies) == 1 and sees in replies[0].text
    assert _cases(chat) == [("others_told", "open")]
    with chat.app.db.session() as s:
        assert s.scalars(select(OptOut)).all() == []


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_stop_said_with_it_is_still_an_opt_out_and_the_case_stays(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    chat.verify(accounts[locale])
    chat.say(STOP_TOO[locale])
    assert TOLD[locale][1] in chat.text()
    assert _cases(chat) == [("others_told", "open")]
    with chat.app.db.session() as s:
        assert len(s.scalars(select(OptOut)).all()) == 1
