"""The debt asked for in writing, or who it was first owed to (a validation request:
"who's the original lender? put it in writing", 原始债权人是谁，请寄书面通知), pauses collection
for a colleague as a dispute does; it was "sorry, I didn't understand" and the options
again. A complaint to be made to us ("how do I make a formal complaint?", 你们的投诉渠道是什么)
goes to a person (a complaint about the collector's staff, in Chinese, pauses collection as a
dispute does); it was read as how to pay ("where do I send …"). Default script, every
language, SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from tests.dialog.conftest import Debtor
from tests.dialog.test_engine_guardrails import HANDOFF, _escalations
from tests.dialog.test_engine_insolvency import PAUSED

IN_WRITING = {
    "en": "before I pay anything, who was the original lender? I want that in writing",
    "zh_CN": "原始债权人是哪家？请给我发一份书面通知",
    "zh_TW": "原債權人是誰？麻煩寄書面說明給我",
}
COMPLAINT = {
    "en": "how do I lodge a complaint about the way I've been spoken to?",
    "zh_CN": "你们的投诉渠道是什么，我要投诉上次打电话那个人",
    "zh_TW": "你們的客訴專線是多少",
}


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_the_debt_asked_for_in_writing_pauses_collection(
    new_chat, accounts: dict[str, Debtor], locale: str
) -> None:  # type: ignore[no-untyped-def]
    chat = new_chat(f"writing-{locale}")
    chat.verify(accounts[locale])
    replies = chat.say(IN_WRITING[locale])
    assert PAUSED[locale] in replies[0].text, [r.text for r in replies]
    assert not any(b.payload.startswith("choose:") for r in replies for b in r.buttons)
    assert _escalations(chat) == [("dispute", 1, "open")]


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_complaint_goes_to_a_person(new_chat, accounts: dict[str, Debtor], locale: str) -> None:  # type: ignore[no-untyped-def]
    chat = new_chat(f"complaint-{locale}")
    chat.verify(accounts[locale])
    replies = chat.say(COMPLAINT[locale])
    said = " ".join(r.text for r in replies)
    assert HANDOFF[locale] in said or PAUSED[locale] in said, said
    assert [reason for reason, _, _ in _escalations(chat)] in (["human_requested"], ["dispute"])
    assert not any(b.payload.startswith("choose:") for r in replies for b in r.buttons)
