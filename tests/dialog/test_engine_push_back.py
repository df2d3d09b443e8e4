# ruff: noqa: E501
"""Pushing back again with another amount below what the policy allows: the second counter
says it is the best allowed and what else there is (the plans, telling us of hard times,
a person), not the same words again; the best plan stays exact and can be taken. Default
script, every language, SQLite and PostgreSQL. The clock is Tuesday 10 March 2026.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bot.store.db import Database
from tests.dialog.conftest import Chat, Debtor
from tests.dialog.test_engine_after_agreement import _active

YES = {"en": "yes", "zh_CN": "是", "zh_TW": "對"}
PUSH = {
    "en": ("I can only do 100 a month", "no, still too much, 150 a month"),
    "zh_CN": ("每月只能还五百", "不行，太多了，每月八百"),
    "zh_TW": ("每月只能繳一千", "不行，太多了，每月兩千"),
}
FIRST = {
    "en": "I can't agree to that: the least each payment can be is $228.81, with the plan at "
    "its longest (12 months). The closest plan I can offer is: 11 monthly payments of $228.81 and a last of $228.84, first on Mar 17, 2026.",
    "zh_CN": "这个方案我无法同意：每期最少要还¥975.04（还款期限最长12个月）。我能提供的最接近的方案是："
    "前11期每月还¥975.04，最后一期还¥975.06，首期2026年3月17日。",
    "zh_TW": "這個方案我無法同意：每期最少要繳NT$4,083（還款期限最長12個月）。我能提供的最接近方案是："
    "前11期每月還NT$4,083，最後一期還NT$4,087，首期2026年3月17日。",
}
SECOND = {
    "en": "I understand. I'm sorry, but I really can't go further than that: the least each "
    "payment can be is $228.81, with the plan at its longest (12 months). The best I can offer is 11 monthly payments of $228.81 and a last "
    "of $228.84, first on Mar 17, 2026. If that still doesn't work, you can choose one of "
    'the plans below, tell me if something makes paying hard right now, or write "talk to '
    'a person" and a colleague will look at it with you.',
    "zh_CN": "我明白。很抱歉，这已经是我能做到的最大限度了：每期最少要还¥975.04（还款期限最长12个月）。我最多只能给到："
    "前11期每月还¥975.04，最后一期还¥975.06，首期2026年3月17日。如果还是不行，您可以选下面的"
    "其他方案；如果最近遇到困难，也可以直接告诉我；或者回复“转人工”，请同事和您一起商量。",
    "zh_TW": "我明白。很抱歉，這已經是我能做到的最大限度了：每期最少要繳NT$4,083（還款期限最長12個月）。我最多只能做到："
    "前11期每月還NT$4,083，最後一期還NT$4,087，首期2026年3月17日。如果還是不行，您可以選下面的"
    "其他方案；如果最近遇到困難，也可以直接告訴我；或是回覆「找真人」，請同事跟您一起商量。",
}
# The best plan allowed (12 months at most), to the minor unit of each currency.
BEST = {
    "en": (Decimal("228.81"), Decimal("228.84"), Decimal("2745.75")),
    "zh_CN": (Decimal("975.04"), Decimal("975.06"), Decimal("11700.50")),
    "zh_TW": (Decimal("4083"), Decimal("4087"), Decimal("49000")),
}


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_second_push_back_says_it_is_the_best_allowed_and_what_else_there_is(
    chat: Chat, accounts: dict[str, Debtor], db: Database, locale: str
) -> None:
    chat.verify(accounts[locale])
    first, second = PUSH[locale]
    assert chat.say(first)[0].text == FIRST[locale]
    shown = chat.buttons
    replies = chat.say(second)
    assert replies[0].text == SECOND[locale]
    assert replies[0].text != FIRST[locale]
    assert chat.buttons == shown  # the same plans, the best allowed first
    chat.press(1)
    chat.say(YES[locale])
    ((*regular, last),) = _active(db)
    amount, final, total = BEST[locale]
    assert len(regular) == 11 and {a for _, a in regular} == {amount}
    assert last == (date(2027, 2, 17), final)
    assert sum(a for _, a in regular) + final == total


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_new_counter_after_other_words_is_said_in_full(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    """Only the same best plan again is "the best I can do": a first counter is in full."""
    chat.verify(accounts[locale])
    assert chat.say(PUSH[locale][1])[0].text == FIRST[locale]
