"""At the confirmation a debtor may ask for another length or a single payment instead
of answering yes or no ("what about 4 months?", 分4个月, 還是月底一次繳清吧): the new plan
is shown to confirm, not "Sorry, I didn't understand". Default script, every language,
SQLite and PostgreSQL. The clock is Tuesday 10 March 2026.
"""

from __future__ import annotations

import pytest

from tests.dialog.conftest import Chat, Debtor

CASES = {
    "en": ("hmm what about 4 months?",
           "Here is the plan: 3 monthly payments of $686.43 and a last of $686.46",
           "actually can I pay it all next friday?",
           "Here is the plan: Pay $2,608.46 in full by Mar 20, 2026 (you save $137.29)."),
    "zh_CN": ("分4个月", "还款计划：前3期每月还¥2,925.12，最后一期还¥2,925.14",
              "还是月底一次性还清吧", "还款计划：在2026年3月31日前一次性还清¥11,700.50。"),
    "zh_TW": ("我想分四個月", "還款計畫：每月還NT$12,250，共4期，首期2026年3月17日。",
              "還是下週五一次繳清吧",
              "還款計畫：在2026年3月20日前一次還清NT$46,550（可減免NT$2,450）。"),
}  # fmt: skip


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_another_length_or_a_single_payment_at_the_confirmation(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    months, months_plan, full, full_plan = CASES[locale]
    chat.verify(accounts[locale])
    chat.say("2")
    for words, plan in ((months, months_plan), (full, full_plan)):
        replies = chat.say(words)
        assert replies[0].text.startswith(plan), words
        assert [b.payload for b in replies[-1].buttons] == ["yes", "no"]
