"""A verified debtor who sends their date of birth again (unsure the first went through:
"88年5月20号" accepted, then "1988年5月20日") is told they are already verified and asked
the question again; it used to be read as a plan's first day ("the first payment can't be
before today", a plan offered). Default script, every language, SQLite and PostgreSQL.
"""

from __future__ import annotations

import pytest

from tests.dialog.conftest import Chat, Debtor

AGAIN = {
    "en": ("Dec 2, 1979", "Thank you, that's the date of birth we have: you're already verified."),
    "zh_CN": ("1990年1月31日", "谢谢，这和我们记录的出生日期一致：您的身份已经确认过了。"),
    "zh_TW": ("74年6月15日", "謝謝，這和我們記錄的出生日期相符：您的身分已經確認過了。"),
}


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_the_date_of_birth_sent_again_is_no_plan(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    again, verified = AGAIN[locale]
    chat.verify(accounts[locale])
    menu = [b.label for b in chat.buttons]
    replies = chat.say(again)
    assert replies[0].text == verified, replies
    assert [b.label for b in chat.buttons] == menu
