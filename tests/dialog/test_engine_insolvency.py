"""A debtor in a formal insolvency of their own (filed for bankruptcy, chapter 13, 走更生程序,
已经申请前置协商) is offered no plans: collection pauses and a colleague checks it, as for a
dispute. Seeing to a relative's funeral (最近在处理后事) or a legal way out of debt is no
crisis: not the suicide line. A business gone bankrupt is hard times, as before. Default
script, every language, SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.store.models import Account
from tests.dialog.conftest import Debtor
from tests.dialog.test_engine_guardrails import _escalations

FILED = {
    "en": "just so you know, i declared bankruptcy in october, my case number is on the way",
    "zh_CN": "我已经在走个人破产程序了，法院那边受理了",
    "zh_TW": "我上個月已經申請前置協商了，銀行那邊說會處理",
}
PAUSED = {
    "en": "I've paused collection on this account",
    "zh_CN": "这个账户的催收我已经先暂停",
    "zh_TW": "這個帳戶的催收我已經先暫停",
}
FUNERAL = {
    "en": "sorry for the slow reply, been sorting out my dad's funeral all week",
    "zh_CN": "这几天在忙我奶奶的丧事，没顾上回",
    "zh_TW": "最近在處理我阿公的後事 比較晚回",
}
HOTLINE = {"en": "988", "zh_CN": "400-161-9995", "zh_TW": "1925"}


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_bankruptcy_filed_pauses_collection_and_offers_no_plan(
    new_chat, accounts: dict[str, Debtor], locale: str
) -> None:  # type: ignore[no-untyped-def]
    chat = new_chat(f"insolvent-{locale}")
    chat.verify(accounts[locale])
    replies = chat.say(FILED[locale])
    assert PAUSED[locale] in replies[0].text, [r.text for r in replies]
    assert not any(b.payload.startswith("choose:") for r in replies for b in r.buttons)
    assert _escalations(chat) == [("dispute", 1, "open")]
    with chat.app.db.session() as s:
        acc = s.scalars(select(Account).where(Account.account_ref == accounts[locale].ref)).one()
        assert acc.status == "disputed"


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_relatives_funeral_seen_to_is_no_crisis(
    new_chat, accounts: dict[str, Debtor], locale: str
) -> None:  # type: ignore[no-untyped-def]
    chat = new_chat(f"funeral-{locale}")
    chat.verify(accounts[locale])
    replies = chat.say(FUNERAL[locale])
    said = " ".join(r.text for r in replies)
    assert HOTLINE[locale] not in said, said
    assert ("distress", 0, "open") not in _escalations(chat)
