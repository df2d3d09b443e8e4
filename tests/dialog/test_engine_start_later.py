"""A debtor who asks to start paying later ("could I start paying in 2 months?",
能不能两个月以后再还, 可以三個月後再開始繳嗎) is offered a breathing space with its end
date and plans that start after it, not a two-payment plan or a refusal with full-size
payments. "两个月后一次性还清" stays a single payment. Default script, every language,
SQLite and PostgreSQL. The clock is Tuesday 10 March 2026.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.understanding.proposals import read_proposal
from tests.dialog.conftest import Chat, Debtor

CASES = {
    "en": ("I was laid off, I can't afford any of these",
           "could I start paying in 2 months instead?",
           "I can pause your payments until May 9, 2026", "first on May 10, 2026"),
    "zh_CN": ("我失业了", "能不能两个月以后再还",
              "可以为您暂停还款到2026年5月9日", "首期2026年5月10日"),
    "zh_TW": ("我住院了，最近真的沒辦法", "可以三個月後再開始繳嗎",
              "可以為您暫停還款到2026年6月9日", "首期2026年6月10日"),
}  # fmt: skip


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_starting_later_is_a_breathing_space(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    hardship, later, pause, first = CASES[locale]
    chat.verify(accounts[locale])
    chat.say(hardship)
    replies = chat.say(later)
    assert replies[0].text.startswith(pause)
    labels = [b.label for b in replies[-1].buttons]
    assert labels and all(first in label for label in labels)


def test_paying_in_full_later_is_not_a_pause() -> None:
    today = date(2026, 3, 10)
    for text in ("两个月后一次性还清", "3个月后还清", "i can pay it all in 2 months"):
        assert not read_proposal(text, today, amounts=0, count=None, frequency=None).pause
    for text in ("一个月后再开始还款", "推迟一个月", "can i start paying in a couple of months"):
        assert read_proposal(text, today, amounts=0, count=None, frequency=None).pause
