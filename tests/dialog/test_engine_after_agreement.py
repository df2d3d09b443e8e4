"""Right after the agreement: a debtor who asks to pay everything on their payday gets
that single payment in place of the plan; an "ok, thanks" keeps the plan as it is
instead of starting the negotiation again. Default script, every language, SQLite and
PostgreSQL. The clock is Tuesday 10 March 2026.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from bot.store.db import Database
from bot.store.models import Agreement, Instalment
from tests.dialog.conftest import Chat, Debtor

YES = {"en": "yes", "zh_CN": "是", "zh_TW": "對"}
PAYDAY = {
    "en": (
        "I get paid on the 15th, can I pay everything then?",
        "Here is the plan: Pay $2,608.46 in full by Mar 15, 2026 (you save $137.29).",
        "Your new plan replaces the previous one.",
        (date(2026, 3, 15), Decimal("2608.46")),
    ),
    "zh_CN": (
        "我月底想一次性还清",
        "还款计划：在2026年3月31日前一次性还清¥11,700.50。",
        "新的还款计划已取代之前的计划。",
        (date(2026, 3, 31), Decimal("11700.50")),
    ),
    "zh_TW": (
        "我下週五想一次繳清",
        "還款計畫：在2026年3月20日前一次還清NT$46,550（可減免NT$2,450）。",
        "新的還款計畫已取代先前的計畫。",
        (date(2026, 3, 20), Decimal("46550")),
    ),
}


def _active(db: Database) -> list[list[tuple[date, Decimal]]]:
    with db.session() as s:
        out = []
        for agreement in s.scalars(select(Agreement).where(Agreement.status == "active")):
            rows = s.scalars(
                select(Instalment)
                .where(Instalment.agreement_id == agreement.id)
                .order_by(Instalment.seq)
            )
            out.append([(i.due_date, i.amount) for i in rows])
        return out


def _agree(chat: Chat, debtor: Debtor) -> None:
    chat.verify(debtor)
    chat.say("2")
    chat.say(YES[debtor.locale])


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_paying_everything_on_payday_after_agreeing_a_plan_replaces_it(
    chat: Chat, accounts: dict[str, Debtor], db: Database, locale: str
) -> None:
    words, confirm, replaced, payment = PAYDAY[locale]
    _agree(chat, accounts[locale])
    replies = chat.say(words)
    assert replies[0].text.startswith(confirm)
    assert [b.payload for b in replies[-1].buttons] == ["yes", "no"]
    assert chat.say(YES[locale])[0].text == replaced
    assert _active(db) == [[payment]]


@pytest.mark.parametrize(
    ("locale", "thanks", "kept"),
    [
        ("en", "ok thanks", "OK, your plan stays as it is. Thank you!"),
        ("zh_CN", "好的", "好的，您的还款计划保持不变。谢谢您！"),
        ("zh_TW", "好", "好的，您的還款計畫維持不變。謝謝您！"),
    ],
)
def test_ok_thanks_after_the_agreement_keeps_the_plan(
    chat: Chat, accounts: dict[str, Debtor], db: Database, locale: str, thanks: str, kept: str
) -> None:
    _agree(chat, accounts[locale])
    before = _active(db)
    replies = chat.say(thanks)
    assert [r.text for r in replies] == [kept]
    assert _active(db) == before and len(before) == 1


HOW_TO_PAY = {
    "en": ("how do I pay?", "To pay, use the payment details Example Bank gave you"),
    "zh_CN": ("怎么还款？", "请使用Example Bank提供的还款账户还款"),
    "zh_TW": ("怎麼繳款？", "請使用範例銀行提供的還款帳戶還款"),
}


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_question_minutes_after_the_plan_is_kept_needs_no_new_check(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    """Saying "your plan stays as it is" does not end the chat: the debtor verified minutes ago
    is answered at once, in the same conversation, not greeted and asked to verify."""
    _agree(chat, accounts[locale])
    chat.say({"en": "ok thanks", "zh_CN": "好的", "zh_TW": "好"}[locale])
    first = chat.conversation_id
    chat.clock.advance(minutes=3)
    question, answer = HOW_TO_PAY[locale]
    replies = chat.say(question)
    assert replies[0].text.startswith(answer)
    assert chat.conversation_id == first
    replies = chat.say({"en": "ok", "zh_CN": "好的", "zh_TW": "好"}[locale])
    assert [r.text for r in replies] == [
        {
            "en": "OK, your plan stays as it is. Thank you!",
            "zh_CN": "好的，您的还款计划保持不变。谢谢您！",
            "zh_TW": "好的，您的還款計畫維持不變。謝謝您！",
        }[locale]
    ]
