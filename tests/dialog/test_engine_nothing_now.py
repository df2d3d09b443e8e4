"""A debtor who can pay nothing at all for now ("I can't pay a cent at the moment",
现在一分钱都拿不出来) is offered a breathing space with plans after it, not plans whose
first payment falls next week. Default script, every language, SQLite and PostgreSQL.
"""

from __future__ import annotations

import pytest

from tests.dialog.conftest import Chat, Debtor

NOTHING_NOW = {
    "en": "honestly I'm not able to pay a single penny right now, I'm on zero income",
    "zh_CN": "我眼下真的什么都还不了，工资都三个月没发了",
    "zh_TW": "我目前什麼都繳不出來，已經失業兩個月了",
}
PAUSED = {
    "en": "nothing is due before then",
    "zh_CN": "在此之前不用还款",
    "zh_TW": "在此之前不用繳款",
}


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_nothing_payable_now_is_offered_a_breathing_space(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    chat.verify(accounts[locale])  # choosing a plan
    replies = chat.say(NOTHING_NOW[locale])
    assert any(PAUSED[locale] in r.text for r in replies), [r.text for r in replies]
    assert replies[-1].buttons  # the plans that start after the break
