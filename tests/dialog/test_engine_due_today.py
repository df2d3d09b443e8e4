"""A plan whose first payment is due today ("I'll pay it all today", 今天全部还清, 今天全部繳清,
"500 today and the rest next month") is confirmed as due today, with no promise of a
reminder before it is due: at "and then what?" before the yes, in the confirmation, and
at "what now?" after it. A plan that starts later keeps the reminder. Default script,
every language, SQLite and PostgreSQL. The clock is Tuesday 10 March 2026.
"""

from __future__ import annotations

import pytest

from tests.dialog.conftest import Chat, Debtor

REMINDER = ("remind", "提醒")
CASES = {
    "en": ("I'll pay it all today", "and then what?", "yes", "what now?",
           "the first payment is due today",
           "Done, your plan is recorded: one payment of $2,608.46, due today (Mar 10, 2026).",
           "Your next payment is $2,608.46, due today (Mar 10, 2026)."),
    "zh_CN": ("今天全部还清", "然后呢", "是", "然后呢", "第一期今天就到期",
              "好的，已为您登记：¥11,115.47今天（2026年3月10日）到期，请在今天内还款。",
              "下一期要还¥11,115.47，今天（2026年3月10日）到期。"),
    "zh_TW": ("今天全部繳清", "然後呢", "是", "接下來呢", "第一期今天就到期",
              "好的，已為您登記：NT$46,550今天（2026年3月10日）到期，請在今天內繳款。",
              "下一期要繳NT$46,550，今天（2026年3月10日）到期。"),
}  # fmt: skip


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_first_payment_due_today_is_said_to_be_due_today(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    plan, then, yes, now, before, recorded, next_one = CASES[locale]
    chat.verify(accounts[locale])
    chat.say(plan)
    said = chat.say(then)[0].text
    assert before in said and not any(w in said for w in REMINDER)
    said = chat.say(yes)[0].text
    assert said.startswith(recorded) and not any(w in said for w in REMINDER)
    said = chat.say(now)[0].text
    assert next_one in said and not any(w in said for w in REMINDER)


def test_a_first_payment_of_a_split_due_today_and_a_later_start(
    chat: Chat, accounts: dict[str, Debtor], new_chat
) -> None:  # type: ignore[no-untyped-def]
    chat.verify(accounts["en"])
    chat.say("I can pay 500 today and the rest next month")
    assert chat.say("yes")[0].text.startswith(
        "Done, your plan is recorded. First payment: $500.00, due today (Mar 10, 2026)."
    )
    later: Chat = new_chat("later")
    later.verify(accounts["zh_CN"])
    later.say("2")
    later.say("是")
    assert "到期前我会在这里提醒您" in later.say("然后呢")[0].text
