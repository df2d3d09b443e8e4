"""An option picked by what sets it apart ("the one with the smallest payments", "the
cheapest one", 每期最少的那个, 最便宜的那個): the plan that really is so among those on
offer, shown to confirm ("the smallest I can pay", asked of no option, is the policy's
smallest plan: tests/dialog/test_engine_smallest_plan.py). Default script, every
language, SQLite and PostgreSQL.
"""

from __future__ import annotations

import pytest

from bot.understanding.superlatives import superlative
from tests.dialog.conftest import Chat, Debtor

NO = {"en": "no", "zh_CN": "否", "zh_TW": "不要"}
CASES = {
    "en": [
        ("the one with the smallest payments",
         "Here is the plan: 5 monthly payments of $457.62 and a last of $457.65"),
        ("the cheapest one", "Here is the plan: Pay $2,608.46 in full by Mar 17, 2026"),
        ("the longest plan", "Here is the plan: 5 monthly payments of $457.62"),
        ("what is the smallest I can pay a month?",  # the policy's smallest plan
         "Here is the plan: 11 monthly payments of $228.81 and a last of $228.84"),
    ],
    "zh_CN": [
        ("每期最少的那个", "还款计划：前5期每月还¥1,950.08，最后一期还¥1,950.10"),
        ("最便宜的", "还款计划：在2026年3月17日前一次性还清¥11,115.47"),
        ("期数最多的那个", "还款计划：前5期每月还¥1,950.08"),
    ],
    "zh_TW": [
        ("最便宜的那個", "還款計畫：在2026年3月17日前一次還清NT$46,550"),
        ("每個月繳最少的那個", "還款計畫：前5期每月還NT$8,166，最後一期還NT$8,170"),
    ],
}  # fmt: skip


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_the_option_named_by_what_sets_it_apart(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    chat.verify(accounts[locale])
    for words, plan in CASES[locale]:
        replies = chat.say(words)
        assert replies[0].text.startswith(plan), words
        assert [b.payload for b in replies[-1].buttons] == ["yes", "no"]
        assert len(chat.say(NO[locale])[-1].buttons) == 3  # back to the options


def test_superlative_words() -> None:
    assert superlative("the cheapest monthly payment") == "smallest_payments"
    assert superlative("the cheapest") == "cheapest"
    assert superlative("the quickest way to be done") == "quickest"
    assert superlative("最省钱的方案") == "cheapest"
    assert superlative("what is the smallest i can pay a month?") == "smallest_payments"
    assert superlative("the least i could pay each month") == "smallest_payments"
    assert superlative("i can pay 300 a month") is None
    assert superlative("at least i can pay something") is None
    assert superlative("第二个") is None
