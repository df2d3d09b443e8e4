"""What the bot says of a plan always matches the schedule it shows: a first payment on
its own day, then the rest in instalments, is "$1,200.00 on Mar 13, then $772.87 on Apr 13,
then $772.88 on May 13", not "3 monthly payments of $1,200.00". Default script, every
language, SQLite and PostgreSQL. The clock is Tuesday 10 March 2026.
"""

from __future__ import annotations

import pytest

from tests.dialog.conftest import Chat, Debtor

# One payment named with its day, the rest in the usual instalments: its words name
# every payment as the schedule has it.
LUMP = {
    "en": (
        "I can pay 1200 on friday",
        "Here is the plan: $1,200.00 on Mar 13, 2026, then $772.87 on Apr 13, 2026, "
        "then $772.88 on May 13, 2026.",
    ),
    "zh_CN": (
        "周五能还3000",
        "还款计划：2026年3月13日先还¥3,000.00，之后每月还¥4,350.25，共2期，首期2026年4月13日。",
    ),
    "zh_TW": (
        "週五可以繳一萬",
        "還款計畫：2026年3月13日先還NT$10,000，之後每月還NT$19,500，共2期，首期2026年4月13日。",
    ),
}


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_the_words_for_a_first_payment_then_instalments_match_the_schedule(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    words, confirm = LUMP[locale]
    chat.verify(accounts[locale])
    replies = chat.say(words)
    assert replies[0].text.startswith(confirm), chat.text()
