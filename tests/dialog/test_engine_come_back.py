"""A debtor who says "let me think" and comes back the next day: the plan they choose
then is on screen in full, so their yes records it at once (no second recap); a yes
long after the confirmation was shown still gets the recap. Default script, every
language, SQLite and PostgreSQL.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.store.db import Database
from bot.store.models import Agreement
from tests.dialog.conftest import Chat, Clock, Debtor

COME_BACK = {
    "en": ("let me think about it", "hi, I'm back", "the 3rd one", "yes", "your plan is recorded"),
    "zh_CN": ("我考虑一下", "你好", "第三个", "是", "您的还款计划已登记"),
    "zh_TW": ("我再想想", "在嗎？", "第3個方案", "對", "您的還款計畫已登記"),
}
RECAP = {"en": "To recap", "zh_CN": "登记前再确认", "zh_TW": "登記前再確認"}


def _agreements(db: Database) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(Agreement)) or 0)


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_plan_chosen_the_next_day_is_recorded_on_the_first_yes(
    chat: Chat, clock: Clock, db: Database, accounts: dict[str, Debtor], locale: str
) -> None:
    think, hello, choice, yes, recorded = COME_BACK[locale]
    chat.verify(accounts[locale])
    chat.say(think)
    clock.advance(hours=20)
    chat.say(hello)
    assert [b.payload for b in chat.say(choice)[-1].buttons] == ["yes", "no"]
    replies = chat.say(yes)
    assert recorded in replies[0].text
    assert RECAP[locale] not in chat.text()
    assert _agreements(db) == 1


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_yes_hours_after_the_plan_was_shown_is_recapped_first(
    chat: Chat, clock: Clock, db: Database, accounts: dict[str, Debtor], locale: str
) -> None:
    _think, _hello, choice, yes, recorded = COME_BACK[locale]
    chat.verify(accounts[locale])
    chat.say(choice)
    clock.advance(hours=3)
    assert RECAP[locale] in chat.say(yes)[0].text
    assert _agreements(db) == 0
    assert recorded in chat.say(yes)[0].text
    assert _agreements(db) == 1
