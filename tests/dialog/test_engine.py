"""Transcripts of the main path: verify → explain → offer → choose → confirm → recorded."""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import replace
from decimal import Decimal

import pytest
from sqlalchemy import select

from bot.app import App
from bot.config import Settings
from bot.store.models import Agreement, Event, Message, Offer, OutboxItem
from tests.dialog.conftest import Chat, Clock, Debtor, count_rows

# What each debtor sees, per locale.
SEES = {
    "zh_CN": {
        "ask_dob": "请告诉我您的出生日期",
        "verified": "已确认是您本人",
        "disclosure": "这是一条来自催收方的通知",
        "total": "¥11,700.50",
        "due": "2026年1月15日",
        "full": "在2026年3月17日前一次性还清¥11,115.47（可减免¥585.03）",
        "three": "前2期每月还¥3,900.16，最后一期还¥3,900.18，首期2026年3月17日",
        "schedule": ["2026年3月17日：¥3,900.16", "2026年4月17日：¥3,900.16", "2026年5月17日：¥3,900.18"],  # noqa: E501
        "recorded": "您的还款计划已登记",
        "yes": "是",
    },
    "zh_TW": {
        "ask_dob": "請告訴我您的出生日期",
        "verified": "已確認是您本人",
        "disclosure": "這是一則來自債務催收方的通知",
        "total": "NT$49,000",
        "due": "2026年2月1日",
        "full": "在2026年3月17日前一次還清NT$46,550（可減免NT$2,450）",
        "three": "前2期每月還NT$16,333，最後一期還NT$16,334，首期2026年3月17日",
        "schedule": ["2026年3月17日：NT$16,333", "2026年4月17日：NT$16,333", "2026年5月17日：NT$16,334"],  # noqa: E501
        "recorded": "您的還款計畫已登記",
        "yes": "好",
    },
    "en": {
        "ask_dob": "please tell me your date of birth",
        "verified": "that's confirmed",
        "disclosure": "This is a communication from a debt collector",
        "total": "$2,745.75",
        "due": "Jan 20, 2026",
        "full": "Pay $2,608.46 in full by Mar 17, 2026 (you save $137.29)",
        "three": "3 monthly payments of $915.25, first on Mar 17, 2026",
        "schedule": ["Mar 17, 2026: $915.25", "Apr 17, 2026: $915.25", "May 17, 2026: $915.25"],
        "recorded": "your plan is recorded",
        "yes": "yes",
    },
}  # fmt: skip

LOCALES = list(SEES)


@pytest.mark.parametrize("locale", LOCALES)
def test_verify_explain_offer_in_the_debtors_language(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    sees = SEES[locale]
    debtor = accounts[locale]
    greeting = chat.start(debtor.ref)
    assert sees["ask_dob"] in greeting[-1].text
    assert sees["total"] not in chat.text()

    replies = chat.say(debtor.dob)

    texts = [r.text for r in replies]
    assert sees["verified"] in texts[0]
    assert sees["disclosure"] in texts[1]  # the disclosure comes before any debt detail
    assert sees["total"] in texts[2] and sees["due"] in texts[2]
    labels = [b.label for b in replies[-1].buttons]
    assert labels[0] == sees["full"]
    assert labels[1] == sees["three"]
    assert [b.payload for b in replies[-1].buttons] == ["choose:1", "choose:2", "choose:3"]


@pytest.mark.parametrize("locale", LOCALES)
def test_choose_by_button_confirm_and_record(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    sees = SEES[locale]
    chat.verify(accounts[locale])

    confirm = chat.press(2)

    for line in sees["schedule"]:
        assert line in confirm[-1].text
    assert [b.payload for b in confirm[-1].buttons] == ["yes", "no"]
    done = chat.say(sees["yes"])
    assert sees["recorded"] in done[0].text
    with chat.app.db.session() as s:
        agreement = s.scalars(select(Agreement)).one()
        assert agreement.script_version == "collections@1"
        assert agreement.conversation_id == chat.conversation_id
        assert len(agreement.instalments) == 3
        assert sum(i.amount for i in agreement.instalments) == agreement.total


def test_choose_by_typing_the_number_and_pay_in_full(
    chat: Chat, accounts: dict[str, Debtor]
) -> None:
    chat.verify(accounts["en"])
    confirm = chat.say("1")
    assert "Mar 17, 2026: $2,608.46" in confirm[-1].text
    chat.press(1)  # the "yes" button
    with chat.app.db.session() as s:
        agreement = s.scalars(select(Agreement)).one()
        assert agreement.total == Decimal("2608.46")
        assert agreement.discount == Decimal("137.29")


def test_saying_no_shows_the_options_again(chat: Chat, accounts: dict[str, Debtor]) -> None:
    chat.verify(accounts["en"])
    chat.press(3)
    replies = chat.say("no")
    assert len(replies[-1].buttons) == 3
    assert count_rows(chat.app.db, Agreement) == 0


def test_duplicate_message_id_never_records_twice(chat: Chat, accounts: dict[str, Debtor]) -> None:
    chat.verify(accounts["zh_CN"])
    chat.press(2)
    first = chat.send(payload="yes", message_id="dup-1")
    messages = count_rows(chat.app.db, Message)
    events = count_rows(chat.app.db, Event)

    again = chat.send(payload="yes", message_id="dup-1")

    assert again == first
    assert count_rows(chat.app.db, Agreement) == 1
    assert count_rows(chat.app.db, Message) == messages
    assert count_rows(chat.app.db, Event) == events


def test_process_reports_outbox_items_and_duplicates(
    chat: Chat, accounts: dict[str, Debtor]
) -> None:
    chat.start(accounts["en"].ref)
    engine = chat.engine
    from bot.messages import Incoming

    incoming = Incoming(chat.ref, "x-1", text=accounts["en"].dob)
    turn = engine.process(incoming)
    assert not turn.duplicate and len(turn.outbox_ids) == len(turn.replies) == 4
    again = engine.process(incoming)
    assert again.duplicate and again.outbox_ids == turn.outbox_ids and again.replies == turn.replies
    with chat.app.db.session() as s:
        items = s.scalars(select(OutboxItem).where(OutboxItem.id.in_(turn.outbox_ids))).all()
        assert {i.status for i in items} == {"pending"}


def test_inbound_text_is_stored_masked(chat: Chat, accounts: dict[str, Debtor]) -> None:
    chat.verify(accounts["en"])
    chat.say("my card is 4111 1111 1111 1111")
    with chat.app.db.session() as s:
        stored = s.scalars(select(Message.text).where(Message.direction == "in")).all()
    assert not any("4111 1111 1111 1111" in t for t in stored)


def test_inbound_text_is_stored_as_typed_when_masking_is_off(
    settings: Settings, clock: Clock, accounts: dict[str, Debtor], caplog: pytest.LogCaptureFixture
) -> None:
    compliance = replace(settings.compliance, mask_stored_transcripts=False)
    app = App(replace(settings, compliance=compliance), clock=clock)
    try:
        chat = Chat(app, clock, who="plain")
        chat.verify(accounts["en"])
        with caplog.at_level(logging.DEBUG):
            chat.say("my card is 4111 1111 1111 1111")
        with app.db.session() as s:
            stored = s.scalars(select(Message.text).where(Message.direction == "in")).all()
    finally:
        app.stop()
    assert "my card is 4111 1111 1111 1111" in stored
    assert "4111" not in caplog.text  # never in application logs


@pytest.mark.parametrize(
    ("text", "stored"),
    [("st\x00op", "stop"), ("\x1bSTOP\x07", "STOP"), ("s\x00t\x0bo\x7fp\r", "stop")],
)
def test_control_characters_are_dropped_before_storing_and_understanding(
    chat: Chat, accounts: dict[str, Debtor], text: str, stored: str
) -> None:
    chat.verify(accounts["en"])
    replies = chat.say(text)
    assert "We won't send you any more messages" in replies[0].text
    with chat.app.db.session() as s:
        last = s.scalars(
            select(Message.text).where(Message.direction == "in").order_by(Message.id.desc())
        ).first()
    assert last == stored


def test_text_keeps_newlines_and_tabs(chat: Chat, accounts: dict[str, Debtor]) -> None:
    chat.verify(accounts["en"])
    chat.say("I can pay\t300\na month\x00")
    with chat.app.db.session() as s:
        stored = s.scalars(
            select(Message.text).where(Message.direction == "in").order_by(Message.id.desc())
        ).first()
    assert stored == "I can pay\t300\na month"


def test_redelivery_racing_past_the_lookup_gets_the_stored_replies(
    chat: Chat, accounts: dict[str, Debtor], monkeypatch: pytest.MonkeyPatch
) -> None:
    chat.verify(accounts["en"])
    first = chat.send(payload="choose:1", message_id="race-1")
    messages, events = count_rows(chat.app.db, Message), count_rows(chat.app.db, Event)
    load = chat.engine._load

    def blind(s, incoming):  # type: ignore[no-untyped-def]
        # as if the first delivery committed a moment later
        return dataclasses.replace(load(s, incoming), seen=None)

    monkeypatch.setattr(chat.engine, "_load", blind)
    again = chat.send(payload="choose:1", message_id="race-1")
    assert again == first
    assert count_rows(chat.app.db, Message) == messages
    assert count_rows(chat.app.db, Event) == events


def test_redelivery_after_the_conversation_closed_gets_the_stored_replies(
    chat: Chat, accounts: dict[str, Debtor]
) -> None:
    chat.verify(accounts["en"])
    first = chat.send("stop", message_id="late-1")
    messages = count_rows(chat.app.db, Message)
    assert chat.send("stop", message_id="late-1") == first
    assert count_rows(chat.app.db, Message) == messages


def test_offers_are_stored_with_the_conversation(chat: Chat, accounts: dict[str, Debtor]) -> None:
    chat.verify(accounts["en"])
    with chat.app.db.session() as s:
        offers = s.scalars(select(Offer).order_by(Offer.id)).all()
    assert [o.kind for o in offers] == ["full", "instalments", "instalments"]
    assert {o.conversation_id for o in offers} == {chat.conversation_id}
