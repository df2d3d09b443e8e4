"""After hard times are told ("i lost my job last month", 我上个月被裁了), a later start asked
for beyond the policy's window ("can i start in may?", 5月份开始行不行) is countered with
the first of the smaller-payment plans starting at the latest day allowed, not with the
shortest ordinary plan (its payments were four times larger). Default script, en and
zh_CN, SQLite and PostgreSQL. The clock is Tuesday 10 March 2026.
"""

from __future__ import annotations

import pytest

from tests.dialog.conftest import Chat, Debtor

CASES = {
    "en": ("i lost my job last month", "can i start in may? march is rough",
           "The closest plan I can offer is: 11 monthly payments of $228.81 and a last of "
           "$228.84, first on Mar 24, 2026.", "$915.25"),
    "zh_CN": ("我上个月被裁了，现在真的没钱", "5月份开始行不行，这个月房租都交不起了",
              "我能提供的最接近的方案是：前11期每月还¥975.04，最后一期还¥975.06，首期2026年3月24日。",
              "¥3,900.16"),
}  # fmt: skip


@pytest.mark.parametrize("locale", ["en", "zh_CN"])
def test_a_later_start_after_hard_times_is_countered_with_smaller_payments(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    hard, later, closest, ordinary = CASES[locale]
    chat.verify(accounts[locale])
    chat.say(hard)
    replies = chat.say(later)
    assert closest in replies[0].text, replies[0].text
    assert ordinary not in replies[0].text
