"""A relative or friend who answers the identity check for the debtor ("this is his mother,
his birthday is …", 我是他老婆…他生日是…) is not told "that's confirmed" and the debt:
nothing is checked or counted, the reply names no debt and asks that the person write
themselves. The debtor's own answer, next, verifies as always. Default script, every
language, SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from tests.dialog.conftest import Debtor
from tests.dialog.test_engine_neutral import DEBT_WORDS

FOR_THEM = {
    "en": "hi im her husband, she's in hospital and asked me to sort this out. her dob is {dob}",
    "zh_CN": "你好 我是她老公 她最近住院了让我帮她处理一下 生日{dob}",
    "zh_TW": "我是他女朋友 他在當兵不方便 他的生日是{dob} 想問一下要怎麼處理",
}
ONLY_THEM = {
    "en": "I can only discuss this with the person it concerns",
    "zh_CN": "这件事我只能和本人直接沟通",
    "zh_TW": "這件事我只能和本人直接溝通",
}
CONFIRMED = {"en": "that's confirmed", "zh_CN": "已确认", "zh_TW": "已確認"}


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_someone_answering_the_check_for_the_debtor_is_not_told_the_debt(
    new_chat, accounts: dict[str, Debtor], locale: str
) -> None:  # type: ignore[no-untyped-def]
    debtor = accounts[locale]
    chat = new_chat(f"for-them-{locale}")
    chat.start(debtor.ref, locale=locale)
    said = " ".join(r.text for r in chat.say(FOR_THEM[locale].format(dob=debtor.dob)))
    assert ONLY_THEM[locale] in said, said
    assert CONFIRMED[locale] not in said
    assert DEBT_WORDS.search(said.lower()) is None, said
    assert not chat.buttons or all(DEBT_WORDS.search(b.label.lower()) is None for b in chat.buttons)
    # the debtor, writing next, verifies with the same answer: nothing was counted as failed
    said = " ".join(r.text for r in chat.say(debtor.dob))
    assert CONFIRMED[locale] in said.lower() or CONFIRMED[locale] in said, said
