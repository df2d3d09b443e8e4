"""A dispute or a payment already made, said before verification (这是谁？你们是银行的吗？
我没欠钱啊), is acknowledged in one message that says when a colleague will reply, not in
two that say the same; after verification the notice is followed by when a colleague
will reply, as before. Default script, every language, SQLite and PostgreSQL. The clock
is Tuesday 10 March 2026, 06:00 UTC: within the team's hours.
"""

from __future__ import annotations

import pytest

from tests.dialog.conftest import Chat, Debtor

CASES = {
    "en": ("I don't owe you anything, who is this?", "I already paid this off",
           "Thank you for telling us. I've passed this to a colleague, who will look into it "
           "and reply here ", "Thank you for telling us. I've asked a colleague to check "
           "this; they will reply here ", "I've asked a colleague to help; they will reply here"),
    "zh_CN": ("这是谁？你们是银行的吗？我没欠钱啊", "我已经还清了",
              "谢谢您告诉我们。我已经转给同事处理，他们会",
              "谢谢您告诉我们。我已请同事核实，他们会",
              "我已请同事协助，他们会"),
    "zh_TW": ("這是誰？你們是銀行嗎？我沒欠錢啊", "我已經還清了",
              "謝謝您告訴我們。我已經轉給同事處理，他們會",
              "謝謝您告訴我們。我已請同事核實，他們會",
              "我已請同事協助，他們會"),
}  # fmt: skip


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_before_verification_one_notice_says_when_a_colleague_replies(
    chat: Chat, new_chat, locale: str
) -> None:  # type: ignore[no-untyped-def]
    dispute, paid, disputed, checking, _handoff = CASES[locale]
    chat.start(None, locale=locale)
    replies = chat.say(dispute)
    assert len(replies) == 1 and replies[0].text.startswith(disputed), replies
    assert replies[0].text != disputed and "{" not in replies[0].text  # the time is said
    other: Chat = new_chat("paid")
    other.start(None, locale=locale)
    replies = other.say(paid)
    assert len(replies) == 1 and replies[0].text.startswith(checking), replies


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_after_verification_the_notice_is_followed_by_when(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    *_, handoff = CASES[locale]
    chat.verify(accounts[locale])
    replies = chat.say(CASES[locale][0])
    assert len(replies) == 2 and replies[1].text.startswith(handoff), replies
