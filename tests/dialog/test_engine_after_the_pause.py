"""A monthly sum asked while a pause is on offer starts when the pause ends.

"After the pause, 3000 a month?" was a plan starting next week: the laid-off debtor who had
just been offered a breathing space would owe money in days. A pause asked for "2 or 3
months" (两三个月) is about three months, not a plan of 2 a month or a pause of 23 months.
"""

from __future__ import annotations

import pytest

from tests.dialog.conftest import Chat, Debtor

# hard times, a pause asked in a range, then a monthly sum "after that"
AFTER = {
    "en": ("I got laid off and have zero income right now",
           "could you pause things for 2 or 3 months?", "Jun 9, 2026",
           "then maybe 175 a month once that's over?", "first on Jun 10, 2026", "$175.00"),
    "zh_CN": ("我被公司裁员了，现在一点收入都没有",
              "能不能先停两三个月", "2026年6月9日",
              "停完以后每个月还一千二可以吗", "首期2026年6月10日", "¥1,200.00"),
    "zh_TW": ("我上個月被資遣，現在完全沒有收入",
              "可以先暫停兩三個月嗎", "2026年6月9日",
              "那暫停結束後每個月四千可以嗎", "首期2026年6月10日", "NT$4,000"),
}  # fmt: skip


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_monthly_sum_after_the_pause_starts_when_it_ends(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    hard, pause, until, monthly, first, amount = AFTER[locale]
    chat.verify(accounts[locale])
    chat.say(hard)
    chat.say(pause)
    assert until in chat.text(), chat.text()
    chat.say(monthly)
    told = chat.text()
    assert first in told and amount in told, told
    assert [b.payload for b in chat.last[-1].buttons] == ["yes", "no"]
