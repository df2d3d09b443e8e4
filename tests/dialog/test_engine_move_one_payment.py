"""After a plan is agreed, moving one payment ("can I pay the next one on the 20th
instead?", 下一期能不能改到20号, 這期可以晚幾天嗎) keeps the agreement: the payment moves to
the day asked for within the policy (here up to 14 days after its due date) and the new
date is said, or the latest day allowed is said and the debtor asked which day; with no
move left (one per plan) a colleague is asked to help. Never a new negotiation, never a
lost agreement. Default script, every language, SQLite and PostgreSQL. The clock is
Tuesday 10 March 2026; the plan agreed is the third option (6 monthly, first on 17 March).
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from bot.store.models import Conversation, Instalment, Reminder
from tests.dialog.conftest import Chat, Debtor
from tests.dialog.test_engine_after_agreement import _active

YES = {"en": "yes", "zh_CN": "是", "zh_TW": "是"}
MOVE = {
    "en": ("can I pay the next one on the 20th instead?",
           "Done: your payment of $457.62 is now due on Mar 20, 2026 instead of Mar 17, 2026."),
    "zh_CN": ("下一期能不能改到20号",
              "好的，已为您调整：这一期¥1,950.08的还款日改为2026年3月20日（原来是2026年3月17日）。"),
    "zh_TW": ("下一期可以改到20號嗎",
              "好的，已為您調整：這一期NT$8,166的繳款日改為2026年3月20日（原本是2026年3月17日）。"),
}  # fmt: skip
LATE = {
    "en": ("can I pay this one a few days late?",
           "I can move your payment of $457.62, due on Mar 17, 2026, to another day up to "
           "Mar 31, 2026. Which day would suit you?", "the 20th"),
    "zh_CN": ("这期可以晚几天吗", "您2026年3月17日要还的¥1,950.08，最晚可以改到2026年3月31日。",
              "20号"),
    "zh_TW": ("這期可以晚幾天嗎", "您2026年3月17日要繳的NT$8,166，最晚可以改到2026年3月31日。",
              "20號"),
}  # fmt: skip
AGAIN = {
    "en": ("can I move the next one to the 24th instead?", "Your plan stays as agreed."),
    "zh_CN": ("下一期能不能改到24号", "您的还款计划保持不变。"),
    "zh_TW": ("下一期可以改到24號嗎", "您的還款計畫維持不變。"),
}


def _agree(chat: Chat, debtor: Debtor) -> list[list[tuple[date, object]]]:
    chat.verify(debtor)
    chat.say("3")
    chat.say(YES[debtor.locale])
    (plan,) = _active(chat.app.db)
    assert plan[0][0] == date(2026, 3, 17)
    return [plan]


def _state(chat: Chat) -> tuple[str, str]:
    with chat.app.db.session() as s:
        conv = s.get(Conversation, chat.conversation_id)
        assert conv is not None
        return conv.state, conv.mode


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_the_next_payment_moves_to_the_day_asked_and_the_plan_stays(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    (before,) = _agree(chat, accounts[locale])
    words, moved = MOVE[locale]
    replies = chat.say(words)
    assert replies[0].text.startswith(moved)
    assert all(not b.payload.startswith("choose:") for r in replies for b in r.buttons)
    (after,) = _active(chat.app.db)
    assert after == [(date(2026, 3, 20), before[0][1]), *before[1:]]
    assert _state(chat) == ("plan", "bot")
    # A second move is more than the plan allows: a colleague, and the plan as agreed.
    again, kept = AGAIN[locale]
    replies = chat.say(again)
    assert replies[0].text.startswith(kept)
    assert _active(chat.app.db) == [after]
    assert _state(chat) == ("plan", "agent")


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_few_days_later_hears_the_latest_day_and_is_asked_which(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    (before,) = _agree(chat, accounts[locale])
    words, latest, day = LATE[locale]
    replies = chat.say(words)
    assert replies[0].text.startswith(latest)
    assert _active(chat.app.db) == [before]
    chat.say(day)
    (after,) = _active(chat.app.db)
    assert after[0][0] == date(2026, 3, 20) and after[1:] == before[1:]
    assert _state(chat) == ("plan", "bot")


def _due_reminders(chat: Chat) -> list[tuple[str, str]]:
    with chat.app.db.session() as s:
        rows = s.execute(select(Reminder.kind, Reminder.status).order_by(Reminder.due_at))
        return [(kind, status) for kind, status in rows]


def _first_instalment(chat: Chat) -> tuple[date, str]:
    with chat.app.db.session() as s:
        inst = s.scalars(select(Instalment).order_by(Instalment.due_date)).first()
        assert inst is not None
        return inst.due_date, inst.status


@pytest.mark.parametrize("locale", ["en", "zh_CN"])
def test_a_moved_payments_reminders_move_with_it(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    """Planned before the move, the reminders of the old day would tell the debtor the
    payment is due (on Mar 17) and then missed (on Mar 19) although it was moved to the
    24th: they go with it."""
    _agree(chat, accounts[locale])
    chat.clock.advance(days=4, hours=9)  # Sat 14 Mar 15:00 UTC: past 10:00 in New York, Shanghai
    assert chat.app.reminders.run_once().queued == 1  # three days before: the reminder
    words = {"en": "can I pay the next one on the 24th instead?", "zh_CN": "下一期能不能改到24号"}
    chat.say(words[locale])
    assert _first_instalment(chat)[0] == date(2026, 3, 24)
    for days in (3, 2):  # Tue 17 Mar (the old due day), Thu 19 Mar (old day + 2)
        chat.clock.advance(days=days)
        assert chat.app.reminders.run_once().queued == 0
        assert _first_instalment(chat)[1] == "open"  # not marked missed
    chat.clock.advance(days=5)  # Tue 24 Mar: the new due day
    assert chat.app.reminders.run_once().queued == 1
    assert ("due", "queued") in _due_reminders(chat)


FIRST = {
    "en": ("can the first payment be on march 20",
           "Done: your payment of $457.62 is now due on Mar 20, 2026 instead of Mar 17, 2026."),
    "zh_CN": ("第一期能不能3月20号再还",
              "好的，已为您调整：这一期¥1,950.08的还款日改为2026年3月20日（原来是2026年3月17日）。"),
    "zh_TW": ("首期可以改到3月20號嗎",
              "好的，已為您調整：這一期NT$8,166的繳款日改為2026年3月20日（原本是2026年3月17日）。"),
}  # fmt: skip


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_the_first_payment_named_as_the_first_moves_too(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    """ "The first payment", 第一期, 首期: the plan's first payment, still to pay, moves in
    place (it was a new negotiation, or only the balance, before)."""
    (before,) = _agree(chat, accounts[locale])
    words, moved = FIRST[locale]
    replies = chat.say(words)
    assert replies[0].text.startswith(moved)
    assert all(not b.payload.startswith("choose:") for r in replies for b in r.buttons)
    (after,) = _active(chat.app.db)
    assert after == [(date(2026, 3, 20), before[0][1]), *before[1:]]
