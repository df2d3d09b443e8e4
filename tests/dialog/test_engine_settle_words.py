"""A lump sum offered to close the matter in everyday words ("2k and we're even",
"给你五千，这事就算了", "給你兩萬，這筆就算了吧") is a settlement offer: accepted,
sent for approval or countered at the floor, never read as a first payment with
the rest monthly. Default script, every language, SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.understanding.proposals import read_proposal
from tests.dialog.conftest import Chat, Debtor

WORDS = {
    "en": (
        "I can give you 2k and we're even",
        "Settling the account for $2,000.00 needs a colleague's approval",
    ),
    "zh_CN": (
        "我一次性给你五千，这事就算了行不行",
        "一次结清最少需要还¥8,190.35（欠款的70%）",
    ),
    "zh_TW": (
        "我一次給你兩萬，這筆就算了吧",
        "一次結清最少需要繳NT$34,300（欠款的70%）",
    ),
}


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_sum_to_close_the_matter_is_a_settlement_offer(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    words, answer = WORDS[locale]
    chat.verify(accounts[locale])
    replies = chat.say(words)
    assert answer in replies[0].text
    assert "之后每月" not in chat.text() and "then" not in chat.text()


def test_the_words_alone_or_with_a_plan_are_not_a_settlement() -> None:
    today = date(2026, 3, 10)
    settle = read_proposal("给你五千，这事就算了", today, amounts=1, count=None, frequency=None)
    assert settle.settle
    assert not read_proposal("这事就算了", today, amounts=0, count=None, frequency=None).settle
    assert not read_proposal("算了，给你五千", today, amounts=1, count=None, frequency=None).settle
    monthly = read_proposal(
        "每月500，这笔就算了", today, amounts=1, count=None, frequency="monthly"
    )
    assert not monthly.settle
