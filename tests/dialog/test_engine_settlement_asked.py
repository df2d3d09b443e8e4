"""Settling, as debtors ask about it. The discounted payment in full named by its own sum on a
day by its deadline ("I'll send the 2608.46 on friday", 下周一前转11115.47) is that offer, not a
plan of the whole balance starting with it and running on for the discount. The least a
settlement can be, asked ("what's the lowest you'd take to settle?", 和解金最低多少), is said
plainly with its plan, no "I can't agree to that". A sum with the rest asked to be waived
(一次付35000 剩下的能不能免掉) is a settlement offer. Default script, every language, SQLite
and PostgreSQL; the clock is Tuesday 10 March 2026."""

from __future__ import annotations

import pytest

from tests.dialog.conftest import Debtor

IN_FULL_BY = {
    "en": ("ok i'll transfer the 2608.46 this thursday", "Pay $2,608.46 in full by Mar 17, 2026"),
    "zh_CN": ("这周五之前我转11115.47", "在2026年3月17日前一次性还清¥11,115.47"),
    "zh_TW": ("我禮拜四前匯46550", "在2026年3月17日前一次還清NT$46,550"),
}
LEAST = {
    "en": ("what's the least you'd take to settle this?", "Since you ask:", "$1,922.03"),
    "zh_CN": ("最少还多少可以结清？", "跟您直说：", "¥8,190.35"),
    "zh_TW": ("和解的話最低要繳多少", "跟您直說：", "NT$34,300"),
}
WAIVE = {
    "en": ("i can pay 2000 by friday if you waive the remainder", "$2,000.00"),
    "zh_CN": ("我这周能一次给9000，剩余的能不能减免", "¥9,000.00"),
    "zh_TW": ("我下禮拜可以一次付40000 剩下的可以不用繳嗎", "NT$40,000"),
}


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_the_discounted_sum_by_its_day_is_the_payment_in_full_on_offer(
    new_chat, accounts: dict[str, Debtor], locale: str
) -> None:  # type: ignore[no-untyped-def]
    chat = new_chat(f"in-full-{locale}")
    chat.verify(accounts[locale])
    words, plan = IN_FULL_BY[locale]
    replies = chat.say(words)
    assert plan in replies[0].text, [r.text for r in replies]
    assert replies[0].text.count("\n") <= 3  # one payment, its total: nothing tacked on
    assert [b.payload for b in replies[-1].buttons] == ["yes", "no"]


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_the_least_settlement_asked_is_said_plainly(
    new_chat, accounts: dict[str, Debtor], locale: str
) -> None:  # type: ignore[no-untyped-def]
    chat = new_chat(f"least-{locale}")
    chat.verify(accounts[locale])
    words, opening, floor = LEAST[locale]
    replies = chat.say(words)
    assert replies[0].text.startswith(opening), [r.text for r in replies]
    assert floor in replies[0].text
    assert replies[-1].buttons[0].payload == "choose:1"


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_sum_with_the_rest_waived_is_weighed_as_a_settlement(
    new_chat, accounts: dict[str, Debtor], locale: str
) -> None:  # type: ignore[no-untyped-def]
    chat = new_chat(f"waive-{locale}")
    chat.verify(accounts[locale])
    words, amount = WAIVE[locale]
    said = " ".join(r.text for r in chat.say(words))
    assert amount in said, said
    # weighed as a settlement: the account closed for that sum, or the least it can be
    assert any(w in said.lower() for w in ("settl", "结清", "結清")), said
