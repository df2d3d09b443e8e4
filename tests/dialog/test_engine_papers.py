"""Asking for the contract or a copy of the papers ("send me the contract", 把合同发给我) is
a request a colleague answers, never an opt-out: "contract" is no slip for "contact".
Default script, every language, SQLite and PostgreSQL.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.store.models import Escalation, OptOut
from tests.dialog.conftest import Chat, Debtor

ASKED = {
    "en": ["Could you send me the contract I signed?", "mail me a copy of the loan agreement"],
    "zh_CN": ["麻烦把当初签的借款合同发我一份", "可以寄一份协议给我吗"],
    "zh_TW": ["可以把當初簽的合約傳給我嗎", "請寄一份借款合約的副本給我"],
}
COLLEAGUE = {"en": "colleague", "zh_CN": "同事", "zh_TW": "同事"}


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
@pytest.mark.parametrize("which", [0, 1])
def test_asking_for_the_papers_reaches_a_colleague_and_opts_nobody_out(
    chat: Chat, accounts: dict[str, Debtor], locale: str, which: int
) -> None:
    chat.verify(accounts[locale])  # choosing a plan
    replies = chat.say(ASKED[locale][which])
    assert COLLEAGUE[locale] in " ".join(r.text for r in replies)
    with chat.app.db.session() as s:
        assert list(s.scalars(select(OptOut))) == []
        assert [e.reason for e in s.scalars(select(Escalation))] == ["human_requested"]


@pytest.mark.parametrize(
    "word", ["contract", "tried", "giving", "managed", "internet", "prison", "forth", "testing"]
)
def test_real_words_are_not_repaired_into_key_words(word: str) -> None:
    from bot.understanding.typos import correct_typos

    assert correct_typos(f"i {word} it") == f"i {word} it"
