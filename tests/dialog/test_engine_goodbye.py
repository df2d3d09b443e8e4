"""Thanks and goodbye while the options are on the table ("thanks. bye", 谢谢啊 拜拜, 謝謝 掰掰)
is leaving for now, like "let me think": the options are kept and the debtor is told until
when; it was "Sorry, I didn't understand". Said after an agreement, it keeps the plan as
before. Default script, every language, SQLite and PostgreSQL.
"""

from __future__ import annotations

import pytest

from tests.dialog.conftest import Chat, Debtor

BYE = {
    "en": ("thanks. bye", "Of course, take your time. These options are kept for you until"),
    "zh_CN": ("谢谢啊 拜拜", "没问题，您慢慢考虑。这些方案会为您保留到"),
    "zh_TW": ("謝謝 掰掰", "沒問題，您慢慢考慮。這些方案會為您保留到"),
}
NOT_UNDERSTOOD = ("Sorry, I didn't understand", "抱歉，我没有理解", "抱歉，我不太明白")


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_goodbye_with_the_options_on_the_table_keeps_them(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    bye, kept = BYE[locale]
    chat.verify(accounts[locale])
    replies = chat.say(bye)
    assert replies[0].text.startswith(kept), replies
    assert not any(w in r.text for r in replies for w in NOT_UNDERSTOOD)


def test_goodbye_after_an_agreement_keeps_the_plan(chat: Chat, accounts: dict[str, Debtor]) -> None:
    chat.verify(accounts["en"])
    chat.press(2)
    chat.say("yes")
    assert chat.say("ok thanks bye")[0].text == "OK, your plan stays as it is. Thank you!"
