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


# The least a settlement can be is said with the line above which no approval is needed
# (70% floor, 80% approval in the default policy): the least is a colleague's to approve,
# so the bot never calls it what it "can accept" and then waits for approval anyway.
LEAST = {
    "en": ("what's the lowest figure you'd take to close this out?",
           ["least a colleague can approve is $1,922.03", "from $2,196.60 I can agree it"],
           "ok, 2196.60 to settle it then"),
    "zh_CN": ("最低给多少可以一次结清？",
              ["最少需要还¥8,190.35", "需要同事审批", "¥9,360.40及以上我可以直接同意"],
              "那我一次还9360.40结清"),
    "zh_TW": ("最少要繳多少才能一次結清？",
              ["最少需要繳NT$34,300", "需要同仁審核", "NT$39,200以上我可以直接同意"],
              "好，那我一次繳39200結清"),
}  # fmt: skip


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_the_least_settlement_is_said_with_the_line_agreed_without_approval(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    ask, sees, offer = LEAST[locale]
    chat.verify(accounts[locale])
    told = chat.say(ask)[0].text
    assert all(part in told for part in sees), told
    agreed = chat.say(offer)
    assert [b.payload for b in agreed[-1].buttons] == ["yes", "no"], chat.text()
    assert "approv" not in chat.text() and "审批" not in chat.text() and "審核" not in chat.text()
