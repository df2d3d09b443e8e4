"""A breathing space offered is kept by the next question: "so what's the lowest I'd pay a
month then?" (最少一個月要繳多少) takes the smallest plan on the screen, starting after the
pause; it was a new plan starting in a week (and in Chinese the 12-month one, not the
smallest). More time asked until a month ("could you give me till June?", 可以宽限到六月吗) is
a pause asked for (after condolences when a death is told with it). Default script, every
language, SQLite and PostgreSQL; the clock is Tuesday 10 March 2026, the pause runs to 9 June."""

from __future__ import annotations

from datetime import date

import pytest

from bot.negotiation.schedule import Plan
from tests.dialog.conftest import Debtor

PAUSE = {
    "en": "i was made redundant, can we pause it for three months",
    "zh_CN": "我失业了，能不能先停三个月",
    "zh_TW": "我被裁員了 可以先暫停三個月嗎",
}
LOWEST = {
    "en": "ok so what's the smallest i'd pay a month after that?",
    "zh_CN": "那最低一个月还多少",
    "zh_TW": "好 那最少一個月要繳多少",
}
UNTIL = {
    "en": "my dad died last week and i'm a wreck, could you give me till june?",
    "zh_CN": "最近家里出事了，可以宽限到六月吗",
    "zh_TW": "最近住院開刀 可以寬限到6月嗎",
}
PAUSED_UNTIL = {"en": "Jun 9, 2026", "zh_CN": "2026年6月9日", "zh_TW": "2026年6月9日"}


def _pending(chat) -> Plan:  # type: ignore[no-untyped-def]
    from bot.store.models import Conversation

    with chat.app.db.session() as s:
        conv = s.get(Conversation, chat.conversation_id)
        return Plan.from_json(conv.context["pending_plan"])


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_the_lowest_payment_after_a_pause_starts_when_the_pause_ends(
    new_chat, accounts: dict[str, Debtor], locale: str
) -> None:  # type: ignore[no-untyped-def]
    chat = new_chat(f"pause-low-{locale}")
    chat.verify(accounts[locale])
    said = " ".join(r.text for r in chat.say(PAUSE[locale]))
    assert PAUSED_UNTIL[locale] in said, said
    chat.say(LOWEST[locale])
    plan = _pending(chat)
    assert plan.first_date == date(2026, 6, 10)
    assert plan.count == 24  # the smallest the hardship terms allow


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_more_time_until_a_month_is_a_pause(
    new_chat, accounts: dict[str, Debtor], locale: str
) -> None:  # type: ignore[no-untyped-def]
    chat = new_chat(f"until-{locale}")
    chat.verify(accounts[locale])
    said = " ".join(r.text for r in chat.say(UNTIL[locale]))
    assert PAUSED_UNTIL[locale] in said, said
    if locale == "en":  # a death told with it: condolences first
        assert said.startswith("I'm so sorry for your loss."), said
