"""After a plan is agreed, the debtor promising the next payment ("thank u, ill pay the 457
tonight", 我今晚就把钱还了, 好的 8166我明天就繳) is thanked and told how to pay; the plan stays.

It was read as a new offer (a plan starting tonight, to be confirmed again) or, in Chinese,
as a farewell ("今晚就…了"): a crisis reply and the chat handed to a colleague. Default
script, every language, SQLite and PostgreSQL; the clock is Tuesday 10 March 2026 and the
plan agreed is the third option (6 monthly, first on 17 March).
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.store.models import Conversation, Escalation
from tests.dialog.conftest import Chat, Debtor
from tests.dialog.test_engine_after_agreement import _active
from tests.dialog.test_engine_move_one_payment import _agree, _state

PROMISES = {
    "en": ["thank u, ill pay the 457 tonight", "ok i'll send it tomorrow"],
    "zh_CN": ["谢谢，我今晚就把1950还了", "我今晚就把钱还了"],
    "zh_TW": ["好的 8166我明天就繳", "我今晚就把錢繳了", "好的 我明天就繳"],
}
NOTED = {
    "en": "Thank you! That is your payment of $457.62 due on Mar 17, 2026",
    "zh_CN": "谢谢您！这是您2026年3月17日到期的那一期还款¥1,950.08",
    "zh_TW": "謝謝您！這是您2026年3月17日到期的那一期還款NT$8,166",
}
REFERENCE = {"en": "U-3003", "zh_CN": "A-1001", "zh_TW": "T-2002"}


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_the_next_payment_promised_is_thanked_and_the_plan_stays(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    (before,) = _agree(chat, accounts[locale])
    for words in PROMISES[locale]:
        replies = chat.say(words)
        assert replies[0].text.startswith(NOTED[locale]), (words, replies[0].text)
        assert REFERENCE[locale] in replies[1].text  # how to pay
        assert all(not b.payload.startswith("choose:") for r in replies for b in r.buttons)
        assert not any(b.payload.startswith("confirm") for r in replies for b in r.buttons)
    assert _active(chat.app.db) == [before]
    assert _state(chat) == ("plan", "bot")
    with chat.app.db.session() as s:
        assert s.scalars(select(Escalation)).all() == []


OTHER_AMOUNT = {"en": "i can pay 200 tonight", "zh_CN": "今晚先还200", "zh_TW": "今晚先繳200"}


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_another_amount_is_not_taken_for_the_promised_payment(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    _agree(chat, accounts[locale])
    replies = chat.say(OTHER_AMOUNT[locale])
    assert not replies[0].text.startswith(NOTED[locale])
    with chat.app.db.session() as s:
        conv = s.get(Conversation, chat.conversation_id)
        assert conv is not None and conv.mode == "bot"
