"""When the bot hands a chat to a person, and what it does while a person has it.

Each rule of the escalation list is driven through the engine as an adapter
would (``app.engine.process(Incoming(...))``), then checked where an agent
would notice it: the escalation row, the console queue and what the debtor
was told.
"""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import count

import pytest
from sqlalchemy import select

from bot.app import App
from bot.messages import ChatRef, Incoming
from bot.store.models import Conversation, Escalation, OptOut
from bot.web.console import service
from bot.web.console.auth import Principal
from tests.factories import make_account
from tests.web.conftest import Clock

HANDOFF = {
    "en": "I've asked a colleague to help",
    "zh_CN": "我已请同事协助",
    "zh_TW": "我已請同事協助",
}
ACCOUNTS = {  # locale -> (ref, date of birth, currency)
    "en": ("U-3003", "1979-12-02", "USD"),
    "zh_CN": ("A-1001", "1990-01-31", "CNY"),
    "zh_TW": ("T-2002", "1985-06-15", "TWD"),
}
ADMIN = Principal(user_id=0, name="root", role="admin", session_id="-", csrf_token="-")


class Debtor:
    """A debtor on one chat, talking to the engine the way an adapter does."""

    _ids = count(1)

    def __init__(self, app: App, locale: str, who: str = "d1") -> None:
        self.app = app
        self.locale = locale
        self.ref, self.dob, currency = ACCOUNTS[locale]
        self.chat = ChatRef("telegram", f"chat-{who}", f"user-{who}")
        with app.db.session() as s:
            make_account(
                s, app.personal, ref=self.ref, dob=self.dob, currency=currency,
                locale=locale, timezone="Asia/Shanghai",
            )  # fmt: skip

    def start(self) -> list[str]:
        turn = self.app.engine.greet(self.chat, account_ref=self.ref)
        return [r.text for r in turn.replies]

    def say(self, text: str = "", *, command: str | None = None) -> list[str]:
        incoming = Incoming(
            chat=self.chat,
            message_id=f"m-{next(self._ids)}",
            text=text,
            timestamp=self.app.clock(),
            command=command,
        )
        return [r.text for r in self.app.engine.process(incoming).replies]

    def verified(self) -> Debtor:
        self.start()
        assert any(HANDOFF[self.locale] not in t for t in self.say(self.dob))
        return self

    def escalations(self) -> list[tuple[str, int, str]]:
        with self.app.db.session() as s:
            return [
                (e.reason, e.priority, e.status)
                for e in s.scalars(select(Escalation).order_by(Escalation.id))
            ]

    def mode(self) -> str:
        with self.app.db.session() as s:
            conv = s.scalars(
                select(Conversation)
                .where(Conversation.chat_id == self.chat.chat_id)
                .order_by(Conversation.id.desc())
            ).first()
            assert conv is not None
            return conv.mode


def test_every_reason_the_engine_gives_has_words_in_the_queue() -> None:
    from bot.escalations import Reason

    given = {reason.value for reason in Reason}
    assert {"human_requested", "distress", "dispute", "abuse"} <= given
    assert sorted(r for r in given if r not in service.REASON_LABELS) == []


def queue_reasons(app: App) -> list[tuple[str, str]]:
    """(priority label, why) of each queue row, in queue order, as an admin sees it."""
    with app.db.session() as s:
        return [(i.priority_label, i.reason_label) for i in service.queue(s, ADMIN)]


@pytest.mark.parametrize(
    ("locale", "words"),
    [
        ("en", "talk to a person"),
        ("en", "can I speak to a real human please"),
        ("zh_CN", "转人工"),
        ("zh_CN", "我要找真人"),
        ("zh_TW", "真人"),
    ],
)
def test_asking_for_a_human_hands_the_chat_to_a_person(app: App, locale: str, words: str) -> None:
    debtor = Debtor(app, locale).verified()
    replies = debtor.say(words)
    assert HANDOFF[locale] in replies[-1]
    assert debtor.escalations() == [("human_requested", 2, "open")]
    assert debtor.mode() == "agent"
    assert queue_reasons(app) == [("normal", "Asked for a person")]


@pytest.mark.parametrize(
    ("locale", "words", "hotline"),
    [
        ("en", "I can't go on, I want to end my life", "988"),
        ("zh_CN", "活不下去了", "400-161-9995"),
        ("zh_TW", "我想死", "1925"),
    ],
)
def test_distress_gets_the_hotline_first_and_jumps_the_queue(
    app: App, clock: Clock, locale: str, words: str, hotline: str
) -> None:
    other = {"en": "zh_CN", "zh_CN": "zh_TW", "zh_TW": "en"}[locale]
    Debtor(app, other, who="earlier").verified().say("talk to a person")
    clock.advance(minutes=30)  # someone has been waiting longer, at normal priority
    debtor = Debtor(app, locale).verified()
    replies = debtor.say(words)
    assert hotline in replies[0]  # the support message comes first
    assert not any(sign in replies[0] for sign in ("¥", "$", "NT"))  # nothing about money
    assert ("distress", 0, "open") in debtor.escalations()
    assert queue_reasons(app)[0] == ("urgent", "Distress or self-harm words")
    assert debtor.mode() == "agent"


@pytest.mark.parametrize(
    ("locale", "words"),
    [("en", "this isn't my debt"), ("zh_CN", "这不是我的欠款"), ("zh_TW", "金額不對")],
)
def test_a_dispute_is_escalated_with_high_priority(app: App, locale: str, words: str) -> None:
    debtor = Debtor(app, locale).verified()
    replies = debtor.say(words)
    assert HANDOFF[locale] in replies[-1]
    assert debtor.escalations() == [("dispute", 1, "open")]
    assert queue_reasons(app) == [("high", "Disputes the debt")]


def test_being_locked_out_of_verification_is_escalated(app: App) -> None:
    debtor = Debtor(app, "en")
    debtor.start()
    for _ in range(app.settings.verification.max_attempts - 1):
        assert "don't match" in " ".join(debtor.say("2000-01-01"))
    replies = debtor.say("2000-01-01")
    assert "can't continue verifying" in " ".join(replies)
    assert HANDOFF["en"] in replies[-1]
    assert debtor.escalations() == [("verification_locked", 1, "open")]
    assert queue_reasons(app) == [("high", "Locked out of verification")]
    noted = debtor.say(debtor.dob)  # a person takes it from here: only noted for them
    assert len(noted) == 1 and noted[0].startswith("Noted:")


def test_negotiation_stalled_past_the_maximum_rounds_is_escalated(app: App) -> None:
    debtor = Debtor(app, "en").verified()
    rounds = 3  # max_negotiation_rounds in dialogs/collections.yaml
    for n in range(rounds):
        # the first refusal gives the reason; the same best plan again says it is the best
        said = debtor.say("I can pay 5 a month")[0]
        assert ("I can't agree to that" if n == 0 else "can't go further than that") in said
        assert debtor.escalations() == []
    replies = debtor.say("I can pay 5 a month")
    assert "we need a person" in replies[0]
    assert HANDOFF["en"] in replies[-1]
    assert debtor.escalations() == [("negotiation_stalled", 2, "open")]
    assert queue_reasons(app) == [("normal", "Negotiation stalled past the maximum rounds")]


def test_asking_for_more_hardship_than_policy_allows_reaches_a_person(app: App) -> None:
    debtor = Debtor(app, "zh_CN").verified()
    assert "每期金额降下来" in debtor.say("失业了")[0]
    # Below even the hardship minimum (CNY 50): the bot cannot agree to it.
    for _ in range(4):
        replies = debtor.say("我每个月只能还10块")
        if debtor.escalations():
            break
        assert "无法同意" in replies[0]
    assert HANDOFF["zh_CN"] in replies[-1]
    assert [e[0] for e in debtor.escalations()] in (["hardship"], ["negotiation_stalled"])
    assert debtor.mode() == "agent"


@pytest.mark.parametrize(
    ("locale", "sorry"),
    [("en", "Sorry, I didn't understand that."), ("zh_CN", "抱歉，我没有理解您的意思。")],
)
def test_not_understood_three_times_in_a_row_is_escalated(
    app: App, locale: str, sorry: str
) -> None:
    debtor = Debtor(app, locale).verified()
    for _ in range(2):
        replies = debtor.say("qwx zzv")
        assert replies[0] == sorry and debtor.escalations() == []
    replies = debtor.say("qwx zzv")
    assert HANDOFF[locale] in replies[-1]
    assert debtor.escalations() == [("not_understood", 2, "open")]
    assert queue_reasons(app) == [("normal", "Not understood 3 times in a row")]


@pytest.mark.parametrize(
    ("locale", "words"), [("en", "fuck you, you bloodsuckers"), ("zh_CN", "你们这些骗子")]
)
def test_abuse_is_escalated(app: App, locale: str, words: str) -> None:
    debtor = Debtor(app, locale).verified()
    replies = debtor.say(words)
    assert HANDOFF[locale] in replies[-1]
    assert debtor.escalations() == [("abuse", 2, "open")]
    assert queue_reasons(app) == [("normal", "Abusive messages")]


def test_while_a_person_has_the_chat_the_bot_only_notes_messages_and_hears_stop(
    app: App,
) -> None:
    debtor = Debtor(app, "en").verified()
    debtor.say("talk to a person")
    # Within 30 minutes of the hand-over notice a nudge gets nothing more and a message
    # with something in it a one-line note (an offer taken up would bring the bot back:
    # see tests/dialog/test_engine_waiting.py).
    for text in ("hello?", "yes"):
        assert debtor.say(text) == [], text
    for text in ("how much do I owe", "talk to a person"):
        assert [r[:6] for r in debtor.say(text)] == ["Noted:"], text
    assert debtor.escalations() == [("human_requested", 2, "open")]  # not escalated twice
    replies = debtor.say("STOP")
    assert len(replies) == 1 and "We won't send you any more messages" in replies[0]
    with app.db.session() as s:
        assert s.scalars(select(OptOut.source)).one() == "typed"
    assert debtor.mode() == "closed"


def test_the_debtor_is_told_when_a_person_will_answer(app: App, clock: Clock) -> None:
    # Tuesday 14:00 in Shanghai, inside business hours 09:00-18:00 Asia/Shanghai
    assert clock.now == datetime(2026, 3, 10, 6, 0, tzinfo=UTC)
    day = Debtor(app, "en", who="day").verified()
    assert "they will reply here shortly" in day.say("talk to a person")[-1]
    # Saturday 10:00 in Shanghai: a weekend, so the business hours are named
    clock.now = datetime(2026, 3, 14, 2, 0, tzinfo=UTC)
    weekend = Debtor(app, "zh_CN", who="weekend").verified()
    told = weekend.say("转人工")[-1]
    assert "在上海时间星期一 09:00之后" in told  # the next opening, in the debtor's city
    # Wednesday 23:00 in Shanghai: after hours
    clock.now = datetime(2026, 3, 11, 15, 0, tzinfo=UTC)
    night = Debtor(app, "zh_TW", who="night").verified()
    told = night.say("真人")[-1]
    assert "在上海時間星期四 09:00之後" in told and "shortly" not in told
