"""Verification: nothing about the debt before it, no enumeration, attempts limited."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select

from bot.app import App
from bot.config import Settings
from bot.messages import ChatRef
from bot.store.models import Escalation, Identity, VerificationAttempt
from tests.dialog.conftest import Chat, Clock, Debtor

ASK_REF = "please tell me your account reference"


def test_unbound_debtor_is_asked_for_the_account_then_the_date_of_birth(
    chat: Chat, accounts: dict[str, Debtor]
) -> None:
    replies = chat.say("hello", locale_hint="en-US")
    assert ASK_REF in replies[-1].text
    assert "date of birth" in chat.say("U-3003")[-1].text
    replies = chat.say("2 December 1979")
    assert "that's confirmed" in replies[0].text and "$2,745.75" in replies[2].text
    with chat.app.db.session() as s:
        ident = s.scalars(select(Identity)).one()
        assert (ident.platform_user_id, ident.verified_at is not None) == ("user-u1", True)


def test_a_bound_identity_skips_the_account_question(app: App, accounts: dict[str, Debtor]) -> None:
    first = Chat(app, app.clock)  # type: ignore[arg-type]
    first.verify(accounts["en"])
    first.engine.close(first.conversation_id or 0, actor="test")
    replies = first.say("hi")
    assert "please tell me your date of birth" in replies[-1].text


@pytest.mark.parametrize("locale", ["en", "zh_CN"])
def test_wrong_answer_and_unknown_account_get_identical_replies(
    new_chat,
    accounts: dict[str, Debtor],
    locale: str,  # type: ignore[no-untyped-def]
) -> None:
    hint = "zh-CN" if locale == "zh_CN" else "en"
    existing, missing = new_chat("a"), new_chat("b")
    seen = []
    for chat, ref in ((existing, "A-1001"), (missing, "Z-9999")):
        transcript = [chat.say("hi", locale_hint=hint), chat.say(ref), chat.say("1990-02-01")]
        seen.append([[r.text for r in replies] for replies in transcript])
    assert seen[0] == seen[1]
    assert all("¥" not in t for replies in seen[0] for t in replies)


def test_unreadable_date_is_not_an_attempt(chat: Chat, accounts: dict[str, Debtor]) -> None:
    chat.start(accounts["en"].ref)
    replies = chat.say("no idea")
    assert "couldn't read that as a date" in replies[0].text
    with chat.app.db.session() as s:
        assert s.scalars(select(VerificationAttempt)).all() == []


@pytest.mark.parametrize("locale", ["en", "zh_TW"])
def test_too_many_wrong_answers_lock_and_escalate(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    chat.start(accounts[locale].ref)
    for _ in range(4):
        replies = chat.say("2000-01-01")
        assert len(replies) == 2  # "doesn't match" + the question again
    replies = chat.say("2000-01-01")
    text = "\n".join(r.text for r in replies)
    assert ("can't continue verifying" in text) or ("不能在這個對話中繼續核對" in text)
    with chat.app.db.session() as s:
        esc = s.scalars(select(Escalation)).one()
        assert (esc.reason, esc.priority) == ("verification_locked", 1)
    # Even the right answer now gets nothing from the bot but a note: a person takes over.
    noted = chat.say(accounts[locale].dob)
    assert len(noted) == 1 and ("Noted" in noted[0].text or "已記下" in noted[0].text)
    assert "$" not in noted[0].text and "NT" not in noted[0].text


def test_the_per_account_daily_limit_spans_chats(
    settings: Settings, clock: Clock, accounts: dict[str, Debtor]
) -> None:
    limited = dataclasses.replace(
        settings,
        verification=dataclasses.replace(
            settings.verification, max_attempts=50, max_attempts_per_account_per_day=3
        ),
    )
    app = App(limited, clock=clock)
    try:
        for who in ("x", "y", "z"):
            c = Chat(app, clock, who=who)
            c.start("U-3003")
            c.say("2000-01-01")
        last = Chat(app, clock, who="w")
        last.start("U-3003")
        replies = last.say(accounts["en"].dob)  # right answer, but the account is locked
        assert "can't continue verifying" in replies[0].text
    finally:
        app.stop()


def test_id_last4_when_the_settings_ask_for_it(
    settings: Settings, clock: Clock, accounts: dict[str, Debtor]
) -> None:
    both = dataclasses.replace(
        settings,
        verification=dataclasses.replace(
            settings.verification, fields=["date_of_birth", "id_last4"]
        ),
    )
    app = App(both, clock=clock)
    try:
        c = Chat(app, clock)
        c.start("U-3003")
        assert "last 4 digits" in c.say(accounts["en"].dob)[-1].text
        assert "that's confirmed" in c.say("2468")[0].text
        c2 = Chat(app, clock, who="v")
        c2.start("U-3003")
        c2.say(accounts["en"].dob)
        assert "don't match" in c2.say("1111")[0].text
    finally:
        app.stop()


def test_nothing_about_the_debt_before_verification(
    chat: Chat, accounts: dict[str, Debtor]
) -> None:
    chat.start(accounts["en"].ref)
    for text in ("how much do I owe", "1", "pay it all next Friday", "I can pay 300 a month"):
        for reply in chat.say(text):
            assert "$" not in reply.text and "Example Bank" not in reply.text
            assert reply.buttons == ()


def test_greet_in_a_chat_with_an_open_conversation_starts_over(
    app: App, accounts: dict[str, Debtor]
) -> None:
    chat = ChatRef("web", "w-1", "w-1")
    first = app.engine.greet(chat, account_ref="U-3003")
    second = app.engine.greet(chat, account_ref="U-3003", locale="zh_TW")
    assert second.conversation_id != first.conversation_id
    assert "出生日期" in second.replies[-1].text
