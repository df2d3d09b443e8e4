"""After an agreement, part of the next payment now and the rest later ("i can only manage
400 of this month's payment now, rest next week", 这期只能先还两千 剩下的下个月补) is thanked,
the plan kept, and what of the payment is still due said; it was a new plan of the whole
balance in two payments, one "yes" away (¥8,200.50 due within weeks). Default script, every
language, SQLite and PostgreSQL; the clock is Tuesday 10 March 2026, the plan's next payment
is due on 17 March."""

from __future__ import annotations

import pytest

from bot.store.db import Database
from tests.dialog.conftest import Debtor
from tests.dialog.test_engine_after_agreement import _active, _agree

PART = {
    "en": ("i can only manage 400 of this month's payment now, rest next week",
           "the rest of this payment, $515.25, is still due on Mar 17, 2026"),
    "zh_CN": ("这期只能先还两千 剩下的下个月补",
              "这一期剩下的¥1,900.16仍需在2026年3月17日前还上"),
    "zh_TW": ("這一期我先繳八千 剩下的月底再補",
              "這一期剩下的NT$8,333還是要在2026年3月17日前繳"),
}  # fmt: skip


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_part_of_the_next_payment_keeps_the_plan(
    new_chat, accounts: dict[str, Debtor], db: Database, locale: str
) -> None:  # type: ignore[no-untyped-def]
    chat = new_chat(f"part-{locale}")
    _agree(chat, accounts[locale])
    before = _active(db)
    words, still_due = PART[locale]
    replies = chat.say(words)
    said = " ".join(r.text for r in replies)
    assert still_due in said, said
    assert not any(b.payload == "yes" for r in replies for b in r.buttons)  # nothing to confirm
    assert _active(db) == before and len(before) == 1


# The next payment said to be made just now, by its own sum: thanked, the plan kept, no pause
# of collection and no colleague for an instalment paid as agreed; with a complaint beside it
# ("but you still sent a reminder") a colleague checks it, as before.
PAID = {
    "en": ("just sent you the 915.25 for this month", "Thank you for paying $915.25"),
    "zh_CN": ("刚刚转了3900.16，这期的", "谢谢您还了¥3,900.16"),
    "zh_TW": ("我剛匯了16333 這期的", "謝謝您繳了NT$16,333"),
}
STILL_CHASED = {
    "en": "i already paid the 915.25 but you still sent me a reminder",
    "zh_CN": "我已经还了3900.16，怎么还在催",
    "zh_TW": "我已經繳了16333 怎麼還在催",
}


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_the_next_payment_just_made_is_thanked_and_the_plan_kept(
    new_chat, accounts: dict[str, Debtor], db: Database, locale: str
) -> None:  # type: ignore[no-untyped-def]
    from tests.dialog.test_engine_guardrails import _escalations

    chat = new_chat(f"paid-{locale}")
    _agree(chat, accounts[locale])
    before = _active(db)
    words, thanks = PAID[locale]
    replies = chat.say(words)
    assert replies[0].text.startswith(thanks), [r.text for r in replies]
    assert _active(db) == before and _escalations(chat) == []
    chat.say(STILL_CHASED[locale])
    assert [reason for reason, _, _ in _escalations(chat)] == ["already_paid"]


# Half of the next payment, without a sum ("i can only pay half of this month's payment",
# 这期只能先还一半): half of it, rounded up to the currency's unit, and the rest still due.
HALF = {
    "en": ("work cut my hours, I can only do half of this month's payment",
           "Thank you, $457.63 now helps", "$457.62, is still due on Mar 17, 2026"),
    "zh_CN": ("这个月手头紧，这期只能先还一半", "先还¥1,950.08",
              "剩下的¥1,950.08仍需在2026年3月17日前还上"),
    "zh_TW": ("這期我只能先繳一半", "先繳NT$8,167", "剩下的NT$8,166還是要在2026年3月17日前繳"),
}  # fmt: skip


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_half_of_the_next_payment_is_that_half(
    new_chat, accounts: dict[str, Debtor], db: Database, locale: str
) -> None:  # type: ignore[no-untyped-def]
    chat = new_chat(f"half-{locale}")
    _agree(chat, accounts[locale])
    before = _active(db)
    words, now, still_due = HALF[locale]
    said = " ".join(r.text for r in chat.say(words))
    assert now in said and still_due in said, said
    assert _active(db) == before
    # and when the rest is due, asked next, is the payment's own day
    asked = {"en": "ok so when is the rest due?", "zh_CN": "那剩下的什么时候还",
             "zh_TW": "那剩下的什麼時候要繳"}[locale]  # fmt: skip
    again = " ".join(r.text for r in chat.say(asked))
    assert ("Mar 17, 2026" if locale == "en" else "2026年3月17日") in again, again
