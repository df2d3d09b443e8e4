"""Transcript tests of the engine's compliance guardrails, in English and Chinese.

They drive the real engine (``app.engine.process``) and check what the debtor
sees and what is stored: wrong person reveals nothing, verification replies do
not depend on whether an account exists, distress gets the hotline and an
urgent escalation, opt-outs are confirmed once and block started messages.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from itertools import count
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from bot.app import App
from bot.compliance.outbound import send_initiated
from bot.config import Settings
from bot.messages import ChatRef, Incoming
from bot.store.crypto import PersonalData
from bot.store.db import Database
from bot.store.models import (
    AuditEntry,
    Conversation,
    Escalation,
    Identity,
    Message,
    Offer,
    OptOut,
    OutboxItem,
)
from tests.factories import make_account

# 14:00 in Shanghai, 02:00 in New York: the engine's replies are not started
# messages, so the contact window never stops them.
NOW = datetime(2026, 3, 10, 6, 0, tzinfo=UTC)
ZH = {"ref": "A-1001", "dob": "1990-01-31", "locale": "zh_CN"}
EN = {"ref": "U-3003", "dob": "1979-12-02", "locale": "en"}
_ids = count(1)


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


class Chat:
    """One debtor's chat with the engine; ``say`` returns the reply texts."""

    def __init__(self, app: App, who: str, *, platform: str = "telegram", hint: str = "en") -> None:
        self.app = app
        self.ref = ChatRef(platform, f"chat-{who}", f"user-{who}")
        self.hint = hint

    def start(self, account_ref: str | None = None) -> list[str]:
        turn = self.app.engine.greet(self.ref, account_ref=account_ref, locale=self.hint)
        return [r.text for r in turn.replies]

    def say(self, text: str = "", *, command: str | None = None) -> list[str]:
        turn = self.app.engine.process(
            Incoming(
                chat=self.ref,
                message_id=f"m{next(_ids)}",
                text=text,
                locale_hint=self.hint,
                timestamp=self.app.clock(),
                command=command,
            )
        )
        return [r.text for r in turn.replies]

    def conversation(self) -> Conversation:
        with self.app.db.session() as s:
            conv = s.scalars(
                select(Conversation)
                .where(Conversation.chat_id == self.ref.chat_id)
                .order_by(Conversation.id.desc())
            ).first()
            assert conv is not None
            s.expunge(conv)
            return conv


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def app(settings: Settings, clock: Clock, db: Database, personal: PersonalData) -> Iterator[App]:
    with db.session() as s:
        make_account(s, personal, ref="A-1001", dob="1990-01-31", full_name="李伟")
        make_account(
            s,
            personal,
            ref="U-3003",
            dob="1979-12-02",
            full_name="John Smith",
            currency="USD",
            principal="2400.00",
            interest="310.75",
            fees="35.00",
            locale="en",
            timezone="America/New_York",
            creditor="Example Bank",
        )
    application = App(settings, clock=clock)
    yield application
    application.stop()


# (A-1001 is also the example in the "tell me your account reference" prompt.)
DEBT_DETAILS = (
    "2745",
    "2,745",
    "11700",
    "11,700",
    "Example Bank",
    "李伟",
    "John",
    "U-3003",
)


def reveals_nothing(texts: list[str]) -> bool:
    joined = "\n".join(texts)
    return not any(d in joined for d in DEBT_DETAILS)


# -- wrong person -------------------------------------------------------------


@pytest.mark.parametrize(
    ("debtor", "hint", "words"),
    [(EN, "en", "wrong person"), (ZH, "zh_CN", "我不是他"), (ZH, "zh_CN", "打错了")],
)
def test_wrong_person_reveals_nothing_and_unbinds(
    app: App, debtor: dict[str, str], hint: str, words: str
) -> None:
    chat = Chat(app, "w", hint=hint)
    greeting = chat.start(debtor["ref"])
    assert reveals_nothing(greeting)
    replies = chat.say(words)
    assert len(replies) == 1
    assert reveals_nothing(replies)
    if hint == "zh_CN":
        assert all(not r.isascii() for r in replies)
    with app.db.session() as s:
        assert s.scalars(select(Identity)).all() == []
        conv = s.scalars(select(Conversation)).one()
        assert conv.account_id is None
        (opt_out,) = s.scalars(select(OptOut)).all()
        assert (opt_out.platform, opt_out.platform_user_id, opt_out.created_at) == (
            "telegram",
            "user-w",
            NOW,
        )


def test_wrong_person_after_verification_unbinds_the_identity(app: App) -> None:
    chat = Chat(app, "v")
    chat.start(EN["ref"])
    assert any("2,745" in t or "2745" in t for t in chat.say(EN["dob"]))
    with app.db.session() as s:
        assert len(s.scalars(select(Identity)).all()) == 1
    replies = chat.say("this is not me, wrong number")
    assert reveals_nothing(replies)
    with app.db.session() as s:
        assert s.scalars(select(Identity)).all() == []


# -- no enumeration -------------------------------------------------------------


@pytest.mark.parametrize("hint", ["en", "zh_CN"])
def test_verification_replies_identical_for_existing_and_unknown_accounts(
    app: App, hint: str
) -> None:
    def transcript(who: str, ref: str, answers: list[str]) -> list[list[str]]:
        chat = Chat(app, who, hint=hint)
        return [chat.say("hi"), chat.say(ref), *(chat.say(a) for a in answers)]

    wrong = ["1980-01-01", "1981-02-02"]
    existing = transcript("x1", "U-3003", wrong)
    unknown = transcript("x2", "Z-0000", wrong)
    assert existing == unknown
    assert all(reveals_nothing(r) for r in existing)


# -- distress -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("debtor", "hint", "words", "hotline"),
    [
        (EN, "en", "I can't pay, I want to kill myself", "988"),
        (ZH, "zh_CN", "我真的活不下去了", "400-161-9995"),
        (ZH, "zh_CN", "还不起，想死", "400-161-9995"),
    ],
)
def test_distress_gets_hotline_and_urgent_escalation_without_collection_content(
    app: App, debtor: dict[str, str], hint: str, words: str, hotline: str
) -> None:
    chat = Chat(app, "d", hint=hint)
    chat.start(debtor["ref"])
    chat.say(debtor["dob"])  # verified: the offers are on the table
    replies = chat.say(words)
    assert any(hotline in r for r in replies)
    assert reveals_nothing(replies)
    with app.db.session() as s:
        (esc,) = s.scalars(select(Escalation)).all()
        assert (esc.reason, esc.priority, esc.status) == ("distress", 0, "open")


def test_distress_before_verification_also_escalates(app: App) -> None:
    chat = Chat(app, "d2", hint="zh_CN")
    replies = chat.say("我不想活了")
    assert any("400-161-9995" in r for r in replies)
    with app.db.session() as s:
        assert s.scalars(select(Escalation.priority)).all() == [0]


# -- opt-out ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hint", "words", "command", "platform", "source"),
    [
        ("en", "STOP", None, "telegram", "typed"),
        ("en", "please don't contact me anymore", None, "telegram", "typed"),
        ("en", "", "stop", "telegram", "command"),
        ("zh_CN", "退订", None, "wechat", "typed"),
        ("zh_CN", "别再发了", None, "telegram", "typed"),
        ("zh_CN", "不要再联系我", None, "wechat", "typed"),
        ("zh_CN", "取消订阅", None, "wechat", "typed"),
    ],
)
def test_opt_out_confirmed_once_recorded_with_channel_and_time(
    app: App, hint: str, words: str, command: str | None, platform: str, source: str
) -> None:
    chat = Chat(app, "o", platform=platform, hint=hint)
    chat.start("A-1001" if hint == "zh_CN" else "U-3003")
    replies = chat.say(words, command=command)
    assert len(replies) == 1
    if hint == "zh_CN":
        assert not replies[0].isascii()
    with app.db.session() as s:
        (row,) = s.scalars(select(OptOut)).all()
        assert (row.platform, row.platform_user_id, row.source) == (platform, "user-o", source)
        assert (row.created_at, row.revoked_at) == (NOW, None)


def test_second_stop_is_not_confirmed_again(app: App, clock: Clock) -> None:
    """Confirmed once: repeating STOP while opted out sends nothing and keeps the record."""
    chat = Chat(app, "o2")
    chat.start("U-3003")
    assert len(chat.say("STOP")) == 1
    clock.now += timedelta(minutes=1)
    assert chat.say("STOP") == []
    with app.db.session() as s:
        (row,) = s.scalars(select(OptOut)).all()
        assert (row.created_at, row.revoked_at) == (NOW, None)


def test_opt_out_blocks_reminders_until_the_debtor_writes_again(app: App, clock: Clock) -> None:
    chat = Chat(app, "r")
    chat.start("U-3003")
    chat.say(EN["dob"])
    chat.say("stop texting me")
    conv_id = chat.conversation().id
    clock.now = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)  # 11:00 in New York
    with app.db.session() as s:
        conv = s.get(Conversation, conv_id)
        assert conv is not None
        decision = send_initiated(
            s, conv, "Reminder", clock.now, compliance=app.settings.compliance
        )
        assert (decision.decision, decision.rule) == ("blocked", "opt_out")
    clock.now += timedelta(hours=1)
    chat.say("hello again")
    conv_id = chat.conversation().id
    with app.db.session() as s:
        (row,) = s.scalars(select(OptOut)).all()
        assert row.revoked_at == clock.now
        conv = s.get(Conversation, conv_id)
        assert conv is not None
        assert send_initiated(
            s, conv, "Reminder", clock.now, compliance=app.settings.compliance
        ).allowed


@pytest.mark.parametrize(
    ("debtor", "hint", "zone"),
    [(EN, "en", "America/New_York"), (ZH, "zh_CN", "Asia/Shanghai")],
)
def test_hand_back_to_a_quiet_debtor_2059_sent_2101_held_in_their_local_time(
    app: App, clock: Clock, debtor: dict[str, str], hint: str, zone: str
) -> None:
    """The server runs in UTC; the window is the debtor's: New York or Shanghai."""
    tz = ZoneInfo(zone)
    chat = Chat(app, "quiet", hint=hint)
    chat.start(debtor["ref"])
    chat.say(debtor["dob"])
    conv_id = chat.conversation().id

    def hand_back_at(hour: int, minute: int) -> list[OutboxItem]:
        clock.now = datetime(2026, 3, 10, hour, minute, tzinfo=tz).astimezone(UTC)
        turn = app.engine.resume(conv_id, "offer", actor="agent:ann")
        assert turn.replies
        with app.db.session() as s:
            return list(s.scalars(select(OutboxItem).where(OutboxItem.id.in_(turn.outbox_ids))))

    assert {i.status for i in hand_back_at(20, 59)} == {"pending"}
    held = hand_back_at(21, 1)
    opens = datetime(2026, 3, 11, 8, 0, tzinfo=tz).astimezone(UTC)
    assert {(i.status, i.next_attempt_at) for i in held} == {("held", opens)}
    with app.db.session() as s:
        rules = s.scalars(
            select(AuditEntry.details)
            .where(AuditEntry.action == "outbound_decision")
            .order_by(AuditEntry.id)
        ).all()
    assert [(d["rule"], d["decision"]) for d in rules][-len(held) :] == [
        ("contact_window", "held")
    ] * len(held)


ASK_TO_PAY = ("How would you like to pay", "您想怎样还款")


@pytest.mark.parametrize(
    ("debtor", "hint", "words", "paused"),
    [
        (EN, "en", "this is not my debt", "paused"),
        (ZH, "zh_CN", "金额不对", "暂停"),
    ],
)
def test_dispute_pauses_collection_in_later_conversations(
    app: App, clock: Clock, debtor: dict[str, str], hint: str, words: str, paused: str
) -> None:
    """Disputed: no offers and no payment questions when the debtor comes back."""
    chat = Chat(app, "dispute", hint=hint)
    chat.start(debtor["ref"])
    chat.say(debtor["dob"])
    chat.say(words)
    disputed_at = clock.now
    # No negotiation while disputed: the offer is only noted for the colleague.
    noted = chat.say("I can pay 300 a month" if hint == "en" else "我每月能还300")
    assert len(noted) == 1 and ("Noted:" in noted[0] or "已记下" in noted[0])
    app.engine.close(chat.conversation().id, actor="agent:ann")

    clock.now += timedelta(days=2)
    chat.say("hi" if hint == "en" else "你好")
    after = chat.say(debtor["dob"])
    assert any(paused in r for r in after)
    assert not any(ask in r for r in after for ask in ASK_TO_PAY)
    with app.db.session() as s:
        assert s.scalar(select(func.count(Offer.id)).where(Offer.created_at > disputed_at)) == 0


@pytest.mark.parametrize(
    ("debtor", "hint", "words"), [(EN, "en", "not my debt"), (ZH, "zh_CN", "金额不对")]
)
def test_hand_back_of_a_disputed_account_does_not_restart_collection(
    app: App, debtor: dict[str, str], hint: str, words: str
) -> None:
    """While the account is disputed, the bot asks for no payment, whoever hands it the chat."""
    chat = Chat(app, "dispute-back", hint=hint)
    chat.start(debtor["ref"])
    chat.say(debtor["dob"])
    chat.say(words)
    turn = app.engine.resume(chat.conversation().id, "offer", actor="agent:ann")
    texts = [r.text for r in turn.replies]
    assert not any(ask in t for t in texts for ask in ASK_TO_PAY)
    assert all(not r.buttons for r in turn.replies)


# -- personal data in transcripts ------------------------------------------------------


@pytest.mark.parametrize(
    ("hint", "typed", "stored"),
    [
        ("en", "my card is 4111 1111 1111 1111", "my card is **** **** **** 1111"),
        ("zh_CN", "我的手机13812345678", "我的手机*******5678"),
    ],
)
def test_typed_numbers_are_masked_in_the_stored_transcript(
    app: App, hint: str, typed: str, stored: str
) -> None:
    chat = Chat(app, "p", hint=hint)
    chat.say(typed)
    with app.db.session() as s:
        texts = s.scalars(select(Message.text).where(Message.direction == "in")).all()
        assert texts == [stored]


# -- disclosure ------------------------------------------------------------------------


@pytest.mark.parametrize(("debtor", "hint"), [(EN, "en"), (ZH, "zh_CN")])
def test_disclosure_before_first_debt_detail_once_per_conversation(
    app: App, debtor: dict[str, str], hint: str
) -> None:
    chat = Chat(app, "disc", hint=hint)
    before = chat.start(debtor["ref"])
    replies = chat.say(debtor["dob"])
    disclosure = "debt collector" if hint == "en" else "催收"
    amount = "2,745.75" if hint == "en" else "11,700.50"
    assert not any(disclosure in r for r in before)
    first_detail = next(i for i, r in enumerate(replies) if amount in r)
    assert [i for i, r in enumerate(replies) if disclosure in r] == [first_detail - 1]
    again = chat.say("how much do I owe?" if hint == "en" else "我欠多少钱")
    assert not any(disclosure in r for r in again)


def test_configured_extra_distress_words_are_recognised(
    settings: Settings, clock: Clock, db: Database, personal: PersonalData
) -> None:
    compliance = replace(settings.compliance, extra_distress_words=["blue whale game"])
    application = App(replace(settings, compliance=compliance), clock=clock)
    try:
        replies = Chat(application, "xd").say("I am playing the blue whale game")
        assert any("988" in r for r in replies)
    finally:
        application.stop()
