"""A discounted payment in full moved past the discount's last day says the discount is gone.

"Can I push it to the 28th?" after agreeing to pay $2,608.46 by the 17th gave a plan of
$2,745.75 on the 28th: $137.29 more, without a word. Moved inside the discount window the
discount stays, and nothing is said about it. The test clock is Tue 10 Mar 2026; the
discount is for paying within 14 days (by Mar 24).
"""

from __future__ import annotations

import pytest

from tests.dialog.conftest import Chat, Debtor

YES = {"en": "yes", "zh_CN": "好", "zh_TW": "好"}
LATER = {
    "en": ("can you push it back to the 28th? that's when I get paid",
           "The $137.29 discount is for paying by Mar 24, 2026; paid on Mar 28, 2026, "
           "the full $2,745.75 is due."),
    "zh_CN": ("可以改到28号吗 那天发工资",
              "可减免的¥585.03只适用于2026年3月24日前还清；改到2026年3月28日还的话，"
              "需要还全额¥11,700.50。"),
    "zh_TW": ("可以改到28號嗎 那天才領薪水",
              "可減免的NT$2,450只適用於2026年3月24日前繳清；改到2026年3月28日繳的話，"
              "需要繳全額NT$49,000。"),
}  # fmt: skip
INSIDE = {
    "en": "can you move it to the 20th?",
    "zh_CN": "可以改到20号吗",
    "zh_TW": "可以改到20號嗎",
}
SAVED = {"en": "$2,608.46", "zh_CN": "¥11,115.47", "zh_TW": "NT$46,550"}


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_moved_past_the_discount_window_the_lost_discount_is_said(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    words, told = LATER[locale]
    chat.verify(accounts[locale])
    chat.say("1")
    chat.say(YES[locale])
    replies = chat.say(words)
    assert replies[0].text == told
    assert [b.payload for b in replies[-1].buttons] == ["yes", "no"]


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_moved_inside_the_window_the_discount_stays_unsaid(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    chat.verify(accounts[locale])
    chat.say("1")
    chat.say(YES[locale])
    chat.say(INSIDE[locale])
    assert SAVED[locale] in chat.text() and LATER[locale][1][:8] not in chat.text(), chat.text()


# A settlement agreed, then moved past its own window: the same, with the settlement's saving.
SETTLED = {
    "en": ("I can give you 2300 to settle it", "yes", "can you push it back to April 30?",
           "The $445.75 discount is for paying by Mar 24, 2026"),
    "zh_TW": ("能不能打個折 一次付四萬清掉", "好", "那我想改到4月30號再付可以嗎",
              "可減免的NT$9,000只適用於2026年3月24日前繳清"),
}  # fmt: skip


@pytest.mark.parametrize("locale", ["en", "zh_TW"])
def test_a_settlement_moved_past_its_window_says_the_saving_is_gone(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    offer, yes, later, told = SETTLED[locale]
    chat.verify(accounts[locale])
    chat.say(offer)
    chat.say(yes)
    chat.say(later)
    assert told in chat.text(), chat.text()
