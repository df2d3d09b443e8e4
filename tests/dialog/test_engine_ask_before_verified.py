"""A question about the debt asked instead of the date of birth ("how much do I owe?",
能分期吗) is told it will be answered once the debtor is confirmed, then the question
is asked again: not "I couldn't read that as a date", and nothing about the debt.
Default script, every language, SQLite and PostgreSQL.
"""

from __future__ import annotations

import pytest

from tests.dialog.conftest import Chat, Debtor

ASKED = {
    "en": (["how much do I owe?", "can I pay in instalments?"],
           "I'll gladly answer that once I've confirmed I'm talking to the right person.",
           "To protect your privacy, please tell me your date of birth (for example 1990-01-31)."),
    "zh_CN": (["我欠了多少钱？", "能分期吗"], "确认是您本人之后，我很乐意为您解答。",
              "为了保护您的隐私，请告诉我您的出生日期（例如 1990-01-31）。"),
    "zh_TW": (["我還欠多少？", "可以分期嗎？"], "確認是您本人之後，我很樂意為您說明。",
              "為了保護您的隱私，請告訴我您的出生日期（例如 1990-01-31）。"),
}  # fmt: skip
BAD_DATE = {"en": "couldn't read that as a date", "zh_CN": "没能识别", "zh_TW": "無法辨識"}


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_question_about_the_debt_before_verification_waits_for_it(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    questions, later, ask = ASKED[locale]
    debtor = accounts[locale]
    chat.start(debtor.ref)
    for question in questions:
        assert [r.text for r in chat.say(question)] == [later, ask]
    assert chat.say(debtor.dob)[-1].buttons  # verified: the plans


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_badly_written_date_is_still_told_so(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    chat.start(accounts[locale].ref)
    assert BAD_DATE[locale] in chat.say("1990-13-45")[0].text
