"""The last four of the ID sent after a check that asked only for the date of birth ("my ID
ends in 2468", 身份证后四位是1234, 5678) are not an offer of that much a month: the debtor
hears that no ID is needed, and the short question again. Another four-digit sum is still
an offer. Default script, every language, SQLite and PostgreSQL.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.store.models import Offer
from tests.dialog.conftest import Chat, Clock, Debtor

ID_AGAIN = {
    "en": ["my ID ends in 2468", "2468."],
    "zh_CN": ["身份证后四位是1234", "1234"],
    "zh_TW": ["5678", "證件末四碼5678"],
}
NOT_NEEDED = {
    "en": "Thank you, but there's no need for your ID number: you're already verified.",
    "zh_CN": "谢谢，不过不需要您的证件号码了：您的身份已经确认。",
    "zh_TW": "謝謝，不過不需要您的證件號碼了：您的身分已經確認。",
}
AGAIN = {
    "en": "Which option would you like?",
    "zh_CN": "您想选哪个方案？",
    "zh_TW": "您想選哪個方案呢？",
}
# Four digits that are not the ID: an amount, as before.
SUM = {"en": "1500", "zh_CN": "4000", "zh_TW": "9000"}


def _offers(chat: Chat) -> int:
    with chat.app.db.session() as s:
        return len(s.scalars(select(Offer)).all())


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_the_id_digits_after_a_birth_date_check_are_not_an_offer(
    chat: Chat,
    new_chat,
    clock: Clock,
    accounts: dict[str, Debtor],
    locale: str,  # type: ignore[no-untyped-def]
) -> None:
    debtor = accounts[locale]
    chat.verify(debtor)
    clock.advance(days=1)
    again = new_chat("u1-again")  # checked again, by the date of birth only
    again.verify(debtor)
    shown = [b.payload for b in again.buttons]
    offers = _offers(again)
    for words in ID_AGAIN[locale]:
        replies = again.say(words)
        assert replies[0].text == NOT_NEEDED[locale], words
        assert replies[-1].text.startswith(AGAIN[locale]), words
        assert not any(r.buttons for r in replies)
        assert _offers(again) == offers  # nothing proposed
    assert [b.payload for b in again.say(SUM[locale])[-1].buttons] != shown  # a sum: an offer
    assert _offers(again) > offers
