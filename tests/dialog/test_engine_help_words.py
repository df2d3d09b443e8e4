"""The words the help text tells a debtor to write ("stop", 「退訂」, “转人工”) do what it
says, before and after verification, in every language; Traditional Chinese names its
opt-out word one way (退訂) everywhere. Default script, SQLite and PostgreSQL.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from sqlalchemy import select

from bot.store.models import Conversation, Escalation, OptOut
from tests.dialog.conftest import Chat, Debtor

# Quoted words in a help text: "…" (English), “…” (zh_CN), 「…」 (zh_TW).
_QUOTED = re.compile(r'"([^"]+)"|“([^”]+)”|「([^」]+)」')
# What each advertised word must lead to, in the order the help text names them.
VERIFIED = ["human", "stop", "dispute"]
UNVERIFIED = ["human", "stop"]


def _words(text: str) -> list[str]:
    return ["".join(m.groups(default="")) for m in _QUOTED.finditer(text)]


def _help(chat: Chat, debtor: Debtor, *, verified: bool) -> str:
    if verified:
        chat.verify(debtor)
    else:
        chat.start(debtor.ref)
    replies = chat.send(command="help")
    return replies[0].text


def _outcome(chat: Chat) -> str:
    with chat.app.db.session() as s:
        if s.scalars(select(OptOut)).first() is not None:
            return "stop"
        reasons = list(s.scalars(select(Escalation.reason)))
        conv = s.get(Conversation, chat.conversation_id)
        assert conv is not None
        if reasons == ["dispute"]:
            return "dispute"
        if reasons == ["human_requested"] and conv.mode == "agent":
            return "human"
        return f"nothing ({reasons}, {conv.mode})"


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
@pytest.mark.parametrize("verified", [True, False])
def test_every_word_the_help_text_advertises_works(
    new_chat: Callable[..., Chat], accounts: dict[str, Debtor], locale: str, verified: bool
) -> None:
    debtor = accounts[locale]
    words = _words(_help(new_chat("reader"), debtor, verified=verified))
    assert len(words) == len(VERIFIED if verified else UNVERIFIED), words
    done = []
    for i, word in enumerate(words):
        chat = new_chat(f"writer{i}")
        _help(chat, debtor, verified=verified)
        assert chat.say(word), f"no reply to {word!r}"
        done.append(_outcome(chat))
        with chat.app.db.session() as s:  # the next word starts from a clean slate
            for row in [*s.scalars(select(OptOut)), *s.scalars(select(Escalation))]:
                s.delete(row)
    assert done == (VERIFIED if verified else UNVERIFIED)


def test_traditional_chinese_names_one_opt_out_word(
    new_chat: Callable[..., Chat], accounts: dict[str, Debtor]
) -> None:
    debtor = accounts["zh_TW"]
    advertised = {
        _words(_help(new_chat(f"c{verified}"), debtor, verified=verified))[1]
        for verified in (True, False)
    }
    assert advertised == {"退訂"}
    chat = new_chat("twice")
    chat.verify(debtor)
    chat.say("退訂")
    chat.clock.advance(days=2)
    (already,) = chat.say("退訂")
    assert already.text.startswith("您已經退訂了")
