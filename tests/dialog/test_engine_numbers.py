"""Numbers that match: what a plan's words say is exactly its stored schedule."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from bot.store.models import Offer
from tests.dialog.conftest import Chat, Debtor

MINIMUM = {"zh_CN": Decimal("100"), "zh_TW": Decimal("500"), "en": Decimal("25")}


def _offers(chat: Chat) -> list[Offer]:
    with chat.app.db.session() as s:
        return list(
            s.scalars(
                select(Offer)
                .where(Offer.conversation_id == chat.conversation_id)
                .order_by(Offer.id)
            )
        )


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_every_offered_label_names_each_amount_of_its_schedule(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    chat.verify(accounts[locale])
    offers = _offers(chat)
    assert len(chat.buttons) == len(offers) >= 2
    for button, offer in zip(chat.buttons, offers, strict=True):
        amounts = [Decimal(a) for _, a in offer.schedule]
        for amount in set(amounts):
            shown = chat.engine.format_money(amount, offer.currency, locale)
            assert shown in button.label, (button.label, offer.schedule)
        if len(set(amounts)) > 1:
            assert str(len(amounts) - 1) in button.label  # "5 … and a last of …"
        if offer.currency == "TWD":
            assert all(a == a.to_integral_value() for a in amounts)
            assert ".00" not in button.label


def test_six_monthly_payments_say_the_different_last_one(
    chat: Chat, accounts: dict[str, Debtor]
) -> None:
    chat.verify(accounts["en"])
    labels = [b.label for b in chat.buttons]
    assert "5 monthly payments of $457.62 and a last of $457.65, first on Mar 17, 2026" in labels


@pytest.mark.parametrize(
    ("locale", "words"),
    [("zh_TW", "每月三千"), ("zh_CN", "每月五百"), ("en", "I can pay 10 a month")],
)
def test_the_same_request_gives_the_same_schedule_every_time(
    new_chat, accounts: dict[str, Debtor], locale: str, words: str
) -> None:  # type: ignore[no-untyped-def]
    schedules = []
    for who in ("a", "b"):
        chat = new_chat(f"{locale}-{who}")
        chat.verify(accounts[locale])
        chat.say(words)
        schedules.append(_offers(chat)[-1].schedule)
    assert schedules[0] == schedules[1]


@pytest.mark.parametrize(
    ("locale", "words"),
    [("en", "I can pay 600 a month"), ("zh_CN", "每月还4000"), ("zh_TW", "每月還一萬五")],
)
def test_no_instalment_is_below_the_minimum(
    chat: Chat, accounts: dict[str, Debtor], locale: str, words: str
) -> None:
    chat.verify(accounts[locale])
    chat.say(words)
    for offer in _offers(chat):
        assert all(Decimal(a) >= MINIMUM[locale] for _, a in offer.schedule), offer.schedule


# Two payments that differ are each named with their day, never "1 monthly payments of X
# and a last of Y" (前1期每月還…，最後一期還…).
TWO_PAYMENTS = {
    "en": ("i can pay 2000 a month", "$2,000.00 on Mar 17, 2026, then $745.75 on Apr 17, 2026"),
    "zh_CN": ("每月还八千", "2026年3月17日先还¥8,000.00，之后2026年4月17日还¥3,700.50"),
    "zh_TW": ("每個月繳四萬", "2026年3月17日先還NT$40,000，之後2026年4月17日還NT$9,000"),
}


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_two_payments_that_differ_are_named_each_with_its_day(
    new_chat, accounts: dict[str, Debtor], locale: str
) -> None:  # type: ignore[no-untyped-def]
    words, said = TWO_PAYMENTS[locale]
    chat = new_chat(f"two-{locale}")
    chat.verify(accounts[locale])
    shown = chat.say(words)[0].text
    assert said in shown, shown
    assert "1 monthly" not in shown and "前1期" not in shown
