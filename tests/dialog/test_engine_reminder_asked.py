"""Asking to be sent a reminder ("could you text me a reminder a day ahead?", 到期前发短信
提醒我一下) wants more contact, not less: it hears when reminders come and nobody is opted
out; "don't text me reminders" still opts out. Asking whether one's details are kept
confidential is no opt-out either. Default script, SQLite and PostgreSQL.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.store.models import OptOut
from tests.dialog.conftest import Chat, Debtor

ASKED = {
    "en": "could you text me a quick reminder a day before?",
    "zh_CN": "还款前一天能发个短信提醒我一下吗",
    "zh_TW": "繳款前一天可以傳個訊息提醒我一下嗎",
}
HEARS = {"en": "reminder", "zh_CN": "提醒", "zh_TW": "提醒"}
REFUSED = {"en": "dont text me any more reminders", "zh_CN": "别再发短信提醒我了",
           "zh_TW": "不要再傳訊息提醒我了"}  # fmt: skip


def _opted_out(chat: Chat) -> bool:
    with chat.app.db.session() as s:
        return s.scalars(select(OptOut)).first() is not None


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_reminder_asked_for_is_no_opt_out(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    chat.verify(accounts[locale])
    replies = chat.say(ASKED[locale])
    assert HEARS[locale] in replies[0].text
    assert not _opted_out(chat)
    chat.say(REFUSED[locale])
    assert _opted_out(chat)


PRIVACY = {
    "en": "will you keep my number and personal details confidential?",
    "zh_CN": "我的资料会保密吗",
    "zh_TW": "我的個資會保密嗎",
}


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_question_about_privacy_is_no_opt_out(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    chat.verify(accounts[locale])
    chat.say(PRIVACY[locale])
    assert not _opted_out(chat)
