"""A plan whose first payment is due today ("I'll pay it all today", 今天全部还清, 今天全部繳清,
"500 today and the rest next month") is confirmed as due today, with no promise of a
reminder before it is due: at "and then what?" before the yes, in the confirmation, and
at "what now?" after it. A plan of one payment says "the payment" (这笔款项, 這筆款項),
never a first (第一期) or next (下一期) of one. A plan that starts later keeps the
reminder. Default script, every language, SQLite and PostgreSQL. The clock is Tuesday
10 March 2026.
"""

from __future__ import annotations

import pytest

from tests.dialog.conftest import Chat, Debtor

REMINDER = ("remind", "提醒")
# No first or next of a single payment.
ONE_OF_MANY = ("first payment", "next payment", "第一期", "下一期", "首期")
CASES = {
    "en": ("I'll pay it all today", "and then what?", "yes", "what now?",
           "the payment is due today",
           "Done, your plan is recorded: one payment of $2,608.46, due today (Mar 10, 2026).",
           "Your payment of $2,608.46 is due today (Mar 10, 2026)."),
    "zh_CN": ("今天全部还清", "然后呢", "是", "然后呢", "这笔款项今天就到期",
              "好的，已为您登记：¥11,115.47今天（2026年3月10日）到期，请在今天内还款。",
              "这笔款项¥11,115.47今天（2026年3月10日）到期。"),
    "zh_TW": ("今天全部繳清", "然後呢", "是", "接下來呢", "這筆款項今天就到期",
              "好的，已為您登記：NT$46,550今天（2026年3月10日）到期，請在今天內繳款。",
              "這筆款項NT$46,550今天（2026年3月10日）到期。"),
}  # fmt: skip


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_first_payment_due_today_is_said_to_be_due_today(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    plan, then, yes, now, before, recorded, next_one = CASES[locale]
    chat.verify(accounts[locale])
    chat.say(plan)
    said = chat.say(then)[0].text
    assert before in said and not any(w in said for w in REMINDER + ONE_OF_MANY)
    said = chat.say(yes)[0].text
    assert said.startswith(recorded) and not any(w in said for w in REMINDER + ONE_OF_MANY)
    said = chat.say(now)[0].text
    assert next_one in said and not any(w in said for w in REMINDER + ONE_OF_MANY)


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


SPLIT_TODAY = {
    "en": ("I can pay 500 today and the rest next month", "and then what?",
           "the first payment is due today"),
    "zh_CN": ("今天先还500，剩下的下个月还", "然后呢", "第一期今天就到期"),
    "zh_TW": ("今天先繳5000，剩下的下個月繳", "然後呢", "第一期今天就到期"),
}  # fmt: skip


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_split_whose_first_payment_is_due_today_still_names_the_first(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    plan, then, first = SPLIT_TODAY[locale]
    chat.verify(accounts[locale])
    chat.say(plan)
    assert first in chat.say(then)[0].text


ONE_LATER = {
    "en": ("I'll pay it all next Friday", "and then what?", "yes", "what now?",
           "I'll remind you here before the payment is due.",
           "Your payment of $2,608.46 is due on Mar 20, 2026; I'll remind you here"),
    "zh_CN": ("下周五全部还清", "然后呢", "是", "然后呢", "到期前也会在这里提醒您",
              "这笔款项¥11,115.47的到期日是2026年3月20日；到期前我会在这里提醒您"),
    "zh_TW": ("下週五全部繳清", "然後呢", "是", "接下來呢", "到期前也會在這裡提醒您",
              "這筆款項NT$46,550的到期日是2026年3月20日；到期前我會在這裡提醒您"),
}  # fmt: skip


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_one_payment_later_is_the_payment_with_its_reminder(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    plan, then, yes, now, before, next_one = ONE_LATER[locale]
    chat.verify(accounts[locale])
    chat.say(plan)
    said = chat.say(then)[0].text
    assert before in said and not any(w in said for w in (*ONE_OF_MANY, "each payment", "每期"))
    chat.say(yes)
    said = chat.say(now)[0].text
    assert next_one in said and not any(w in said for w in ONE_OF_MANY)
