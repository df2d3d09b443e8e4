"""Misreadings found by a fourth read of stressed debtors' conversations (en / zh_CN / zh_TW).

Each phrasing here differs from the one the read found; all are said right after the
identity check, at the plans.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.store.models import Escalation
from tests.dialog.conftest import Chat, Debtor

HOTLINES = ("988", "400-161-9995", "1925")


# "Never mind, let's carry on" is no crisis: no hotline, and the plans are still there.
CARRY_ON = {
    "en": "nah never mind, I'll just look at the options myself",
    "zh_CN": "算了 不需要了 我自己先研究一下",
    "zh_TW": "沒事了 我們繼續吧",
}


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_never_mind_lets_carry_on_is_no_crisis(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    chat.verify(accounts[locale])
    chat.say(CARRY_ON[locale])
    assert not any(line in chat.text() for line in HOTLINES), chat.text()
    with chat.app.db.session() as s:
        assert s.scalars(select(Escalation.reason)).all() == []


# One's own reference asked for again is the how-to-pay answer with it, not a payment
# claimed (which paused collection) nor an opt-out.
REFERENCE = {
    "en": ("what was my reference number again?", "U-3003"),
    "zh_CN": ("我的参考编号是多少来着", "A-1001"),
    "zh_TW": ("參考編號再給我一次", "T-2002"),
}


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_ones_own_reference_asked_again_is_given(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    words, ref = REFERENCE[locale]
    chat.verify(accounts[locale])
    chat.say(words)
    assert ref in chat.text()
    with chat.app.db.session() as s:
        assert s.scalars(select(Escalation.reason)).all() == []


# A sum sent last month ("已经先转了…") is a payment claimed, not an offer of that sum a month.
PAID_BEFORE = {
    "zh_CN": "我上个月已经先转了五千过去",
    "zh_TW": "上禮拜已經先匯了八千過去了",
}


@pytest.mark.parametrize("locale", ["zh_CN", "zh_TW"])
def test_a_sum_already_sent_is_checked_not_made_a_plan(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    chat.verify(accounts[locale])
    replies = chat.say(PAID_BEFORE[locale])
    assert all(not r.buttons or [b.payload for b in r.buttons] != ["yes", "no"] for r in replies)
    with chat.app.db.session() as s:
        assert s.scalars(select(Escalation.reason)).all() == ["already_paid"]


# Whether family will be contacted, asked: the answer that we speak only with the debtor.
FAMILY = {
    "en": ("will you guys contact my family about this?", "only with you"),
    "zh_CN": ("你们会不会找我家里人", "只和您本人沟通"),
    "zh_TW": ("你們會不會聯絡我家裡人", "只和您本人溝通"),
}


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_whether_family_is_contacted_is_answered(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    words, sees = FAMILY[locale]
    chat.verify(accounts[locale])
    chat.say(words)
    assert sees in chat.text(), chat.text()


# Paying started later, after a stay in hospital or the new year: the breathing space.
LATER = {
    "en": ("could I begin payments once I'm out of the hospital?", "I can pause your payments"),
    "zh_CN": ("等我出院以后再开始还行不行", "可以为您暂停还款"),
    "zh_TW": ("過完年再開始繳可以嗎", "可以為您暫停還款"),
}


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_later_start_asked_is_offered_the_pause(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    words, sees = LATER[locale]
    chat.verify(accounts[locale])
    chat.say(words)
    assert sees in chat.text(), chat.text()


# A lump sum offered with a discount asked, or to clear it off (清掉): a settlement offer,
# weighed as one, not a first payment of a plan of the whole balance.
SETTLE = {
    "zh_CN": ("打个折吧，我一次性给九千，清掉算了", "需要同事审批"),
    "zh_TW": ("能不能打個折 一次付四萬清掉", "即可結清全部欠款"),
}


@pytest.mark.parametrize("locale", ["zh_CN", "zh_TW"])
def test_a_lump_sum_to_clear_it_off_is_a_settlement_offer(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    words, sees = SETTLE[locale]
    chat.verify(accounts[locale])
    chat.say(words)
    assert sees in chat.text(), chat.text()
    assert "每月" not in chat.text()
