"""A start date asked for while plans are offered ("can I start on the 20th?",
可以20号再开始还吗, 從20號開始繳可以嗎) moves the plan's first payment there when the policy
allows it, with the plan re-stated; a start beyond the policy's window ("can I start in
february?", 可以下个月再开始还吗, 從二月開始繳可以嗎) hears the latest start allowed, and
that plan is offered. Default script (first payment within 14 days), every language,
SQLite and PostgreSQL. The clock is Tuesday 10 March 2026.
"""

from __future__ import annotations

import pytest

from tests.dialog.conftest import Chat, Debtor

WITHIN = {
    "en": ("can I start on the 20th?", "3 monthly payments of $915.25, first on Mar 20, 2026",
           "Mar 20, 2026: $915.25"),
    "zh_CN": ("可以20号再开始还吗", "首期2026年3月20日", "2026年3月20日：¥3,900.16"),
    "zh_TW": ("從20號開始繳可以嗎", "首期2026年3月20日", "2026年3月20日：NT$16,333"),
}  # fmt: skip
BEYOND = {
    "en": ("can I start in february?",
           "the first payment can be on Mar 24, 2026 at the latest",
           "3 monthly payments of $915.25, first on Mar 24, 2026", "yes",
           "Mar 24, 2026: $915.25"),
    "zh_CN": ("可以下个月再开始还吗", "首期还款最晚可以在2026年3月24日",
              "前2期每月还¥3,900.16，最后一期还¥3,900.18，首期2026年3月24日", "好",
              "2026年3月24日：¥3,900.16"),
    "zh_TW": ("從二月開始繳可以嗎", "首期還款最晚可以在2026年3月24日",
              "前2期每月還NT$16,333，最後一期還NT$16,334，首期2026年3月24日", "好",
              "2026年3月24日：NT$16,333"),
}  # fmt: skip


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_start_within_the_policy_moves_the_first_payment(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    asked, plan, first_line = WITHIN[locale]
    chat.verify(accounts[locale])
    text = "\n".join(r.text for r in chat.say(asked))
    assert plan in text
    assert first_line in text.splitlines()


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_start_beyond_the_policy_hears_the_latest_allowed_and_gets_it(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    asked, latest, plan, yes, first_line = BEYOND[locale]
    chat.verify(accounts[locale])
    replies = chat.say(asked)
    assert latest in replies[0].text
    assert plan in replies[0].text
    assert replies[-1].buttons[0].label == plan
    confirm = chat.say(yes)
    assert first_line in confirm[0].text.splitlines()


# A monthly plan asked to start too late keeps the day of the month asked (the 20th), so it
# starts before the latest day allowed (Mar 24): the reason says so, rather than naming the
# 24th above a plan that starts on the 20th.
KEPT_DAY = {
    "en": ("could the 3 monthly payments start on April 20?",
           "so the plan keeps your day of the month and starts on Mar 20, 2026",
           "first on Mar 20, 2026"),
    "zh_CN": ("分3个月还，4月20号开始可以吗", "所以方案保留您说的每月日期，从2026年3月20日开始",
              "首期2026年3月20日"),
    "zh_TW": ("分3期，4月20號開始繳可以嗎", "所以方案保留您說的每月日期，從2026年3月20日開始",
              "首期2026年3月20日"),
}  # fmt: skip


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_start_too_late_that_keeps_the_day_says_so(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    asked, reason, plan = KEPT_DAY[locale]
    chat.verify(accounts[locale])
    told = chat.say(asked)[0].text
    assert reason in told and plan in told, told
