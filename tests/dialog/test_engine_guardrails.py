"""What the engine does in every state: human, stop, dispute, distress, wrong person, help…"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.store.models import (
    Account,
    AuditEntry,
    Conversation,
    Escalation,
    Identity,
    Offer,
    OptOut,
)
from tests.dialog.conftest import Chat, Debtor

HANDOFF = {
    "en": "I've asked a colleague to help",
    "zh_CN": "我已请同事协助",
    "zh_TW": "我已請同事協助",
}


def _escalations(chat: Chat) -> list[tuple[str, int, str]]:
    with chat.app.db.session() as s:
        return [
            (e.reason, e.priority, e.status)
            for e in s.scalars(select(Escalation).order_by(Escalation.id))
        ]


def _mode(chat: Chat) -> str:
    with chat.app.db.session() as s:
        conv = s.get(Conversation, chat.conversation_id)
        assert conv is not None
        return conv.mode


@pytest.mark.parametrize(
    ("locale", "words"), [("en", "talk to a person"), ("zh_CN", "转人工"), ("zh_TW", "真人")]
)
def test_asking_for_a_human_escalates_and_bot_goes_quiet(
    chat: Chat, accounts: dict[str, Debtor], locale: str, words: str
) -> None:
    chat.verify(accounts[locale])
    replies = chat.say(words)
    assert HANDOFF[locale] in replies[-1].text
    assert _escalations(chat) == [("human_requested", 2, "open")]
    assert _mode(chat) == "agent"
    assert chat.say("hello?") == []  # the agent answers now, not the bot


def test_handoff_says_when_a_person_answers(chat: Chat, accounts: dict[str, Debtor]) -> None:
    chat.verify(accounts["en"])
    assert "shortly" in chat.say("talk to a person")[-1].text  # 14:00 in Shanghai, a Tuesday
    other = Chat(chat.app, chat.clock, who="night")
    chat.clock.advance(hours=12)  # 02:00 in Shanghai
    other.verify(accounts["zh_CN"])
    assert "在上海时间星期三 09:00之后" in other.say("转人工")[-1].text


@pytest.mark.parametrize(
    ("locale", "words", "sees"),
    [
        ("en", "STOP", "We won't send you any more messages"),
        ("zh_CN", "退订", "我们不会再在这里给您发消息"),
        ("zh_TW", "不要再聯繫我", "我們不會再在這裡傳訊息給您"),
    ],
)
def test_stop_records_opt_out_and_confirms(
    chat: Chat, accounts: dict[str, Debtor], locale: str, words: str, sees: str
) -> None:
    chat.verify(accounts[locale])
    replies = chat.say(words)
    assert [r.text for r in replies] == [replies[0].text] and sees in replies[0].text
    with chat.app.db.session() as s:
        opt = s.scalars(select(OptOut)).one()
        assert (opt.platform, opt.platform_user_id, opt.source) == ("telegram", "user-u1", "typed")
        assert opt.revoked_at is None


def test_stop_command_and_writing_again_opts_back_in(
    chat: Chat, accounts: dict[str, Debtor]
) -> None:
    chat.verify(accounts["en"])
    chat.send(command="stop")
    replies = chat.say("hello")
    assert "please tell me your date of birth" in replies[-1].text  # a new conversation
    with chat.app.db.session() as s:
        opt = s.scalars(select(OptOut)).one()
        assert opt.source == "command" and opt.revoked_at is not None


def test_stop_is_honoured_while_an_agent_has_the_chat(
    chat: Chat, accounts: dict[str, Debtor]
) -> None:
    chat.verify(accounts["en"])
    chat.say("talk to a person")
    assert "We won't send you any more messages" in chat.say("stop")[0].text
    with chat.app.db.session() as s:
        assert s.scalars(select(OptOut)).one().source == "typed"


@pytest.mark.parametrize(
    ("locale", "human", "stop", "sees"),
    [
        ("en", "talk to a person", "STOP", "We won't send you any more messages"),
        ("zh_CN", "转人工", "不要再联系我", "我们不会再在这里给您发消息"),
    ],
)
def test_stop_while_an_agent_has_the_chat_takes_it_out_of_the_queue(
    chat: Chat, accounts: dict[str, Debtor], locale: str, human: str, stop: str, sees: str
) -> None:
    chat.verify(accounts[locale])
    chat.say(human)
    with chat.app.db.session() as s:  # an agent claims it
        esc = s.scalars(select(Escalation)).one()
        esc.status, esc.claimed_at = "claimed", chat.clock()
    replies = chat.say(stop)
    assert len(replies) == 1 and sees in replies[0].text  # confirmed once
    assert _escalations(chat) == [("human_requested", 2, "closed")]
    with chat.app.db.session() as s:
        assert s.scalars(select(OptOut)).one().revoked_at is None
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "escalation.close")).one()
        assert entry.details["reason"] == "debtor opted out"
        assert entry.conversation_id == chat.conversation_id
        assert s.scalars(select(Escalation)).one().closed_at == chat.clock()


@pytest.mark.parametrize(
    ("locale", "words", "reason", "sees"),
    [
        ("en", "this isn't my debt", "dispute", "paused collection"),
        ("zh_CN", "金额不对", "dispute", "这个账户的催收我已经先暂停"),
        ("en", "I already paid", "already_paid", "send proof of payment"),
        ("zh_TW", "我已經還了", "already_paid", "繳款證明"),
    ],
)
def test_dispute_and_already_paid_pause_collection(
    chat: Chat, accounts: dict[str, Debtor], locale: str, words: str, reason: str, sees: str
) -> None:
    chat.verify(accounts[locale])
    replies = chat.say(words)
    assert sees in replies[0].text
    assert HANDOFF[locale] in replies[-1].text
    assert _escalations(chat) == [(reason, 1, "open")]
    with chat.app.db.session() as s:
        acc = s.scalars(select(Account).where(Account.account_ref == accounts[locale].ref)).one()
        assert acc.status == "disputed"


@pytest.mark.parametrize(
    ("locale", "words", "hotline"),
    [
        ("en", "I want to kill myself", "988"),
        ("zh_CN", "活不下去了", "400-161-9995"),
        ("zh_TW", "我想死", "1925"),
    ],
)
def test_distress_gets_support_and_urgent_escalation(
    chat: Chat, accounts: dict[str, Debtor], locale: str, words: str, hotline: str
) -> None:
    chat.verify(accounts[locale])
    replies = chat.say(words)
    assert len(replies) == 1 and hotline in replies[0].text
    assert "¥" not in replies[0].text and "$" not in replies[0].text
    assert _escalations(chat) == [("distress", 0, "open")]


def test_distress_while_an_agent_has_the_chat_is_still_answered(
    chat: Chat, accounts: dict[str, Debtor]
) -> None:
    chat.verify(accounts["en"])
    chat.say("talk to a person")
    assert "988" in chat.say("I want to kill myself")[0].text
    assert [e[:2] for e in _escalations(chat)] == [("human_requested", 2), ("distress", 0)]


@pytest.mark.parametrize(
    ("locale", "words"), [("en", "wrong person"), ("zh_CN", "我不是他"), ("zh_TW", "打錯了")]
)
def test_wrong_person_unbinds_and_reveals_nothing(
    chat: Chat, accounts: dict[str, Debtor], locale: str, words: str
) -> None:
    chat.verify(accounts[locale])  # binds the platform user to the account
    with chat.app.db.session() as s:
        assert s.scalars(select(Identity)).one().account_id
    replies = chat.say(words)
    assert len(replies) == 1
    text = replies[0].text
    assert all(x not in text for x in ("¥", "$", "Bank", "銀行", "A-1001"))
    with chat.app.db.session() as s:
        assert s.scalars(select(Identity)).all() == []
        assert s.scalars(select(OptOut)).one().source == "wrong_person"
    # A later message starts over, with no account known: it asks for the reference.
    assert "account reference" in chat.say("hi", locale_hint="en")[-1].text


def test_wrong_person_before_verification(chat: Chat, accounts: dict[str, Debtor]) -> None:
    chat.start()
    replies = chat.say("wrong number")
    assert len(replies) == 1 and "won't contact you" in replies[0].text


@pytest.mark.parametrize(("locale", "sees"), [("en", "talk to a person"), ("zh_CN", "转人工")])
def test_help_explains_and_asks_again(
    chat: Chat, accounts: dict[str, Debtor], locale: str, sees: str
) -> None:
    chat.verify(accounts[locale])
    replies = chat.say("help" if locale == "en" else "帮助")
    assert sees in replies[0].text
    # The plan question again, in short: its choices are still those shown before.
    assert len(replies) == 2 and replies[-1].buttons == ()


def test_language_switch_reasks_the_question_in_the_new_language(
    chat: Chat, accounts: dict[str, Debtor]
) -> None:
    chat.verify(accounts["zh_CN"])
    replies = chat.say("English please")
    assert replies[0].text == "OK, I'll continue in English."
    assert "How would you like to pay?" in replies[-1].text
    assert replies[-1].buttons[0].label.startswith("Pay CN¥11,115.47 in full by Mar 17, 2026")
    assert chat.say("说中文")[0].text == "好的，接下来我用简体中文和您沟通。"
    replies = chat.say("繁體")
    assert "繁體中文" in replies[0].text
    assert "您想如何還款" in replies[-1].text


def test_greeting_after_a_pause_resumes_where_the_debtor_left(
    chat: Chat, accounts: dict[str, Debtor]
) -> None:
    chat.verify(accounts["en"])
    chat.clock.advance(minutes=45)
    replies = chat.say("hello")
    assert replies[0].text == "Welcome back! You were choosing a plan."
    assert len(replies[-1].buttons) == 3
    chat.press(2)
    chat.clock.advance(hours=3)
    assert chat.say("hi")[0].text == "Welcome back! You were about to confirm your plan."


def test_greeting_soon_after_is_greeted_back_and_asked_again(
    chat: Chat, accounts: dict[str, Debtor]
) -> None:
    chat.verify(accounts["en"])
    chat.clock.advance(minutes=5)
    replies = chat.say("hello")
    assert [r.text for r in replies][:1] == ["Hello!"]
    assert len(replies) == 2 and replies[1].text.startswith("Which option would you like?")


@pytest.mark.parametrize(
    ("locale", "sorry"),
    [("en", "Sorry, I didn't understand that."), ("zh_CN", "抱歉，我没有理解您的意思。"),
     ("zh_TW", "抱歉，我不太明白您的意思。")],
)  # fmt: skip
def test_not_understood_rephrases_then_offers_a_human(
    chat: Chat, accounts: dict[str, Debtor], locale: str, sorry: str
) -> None:
    chat.verify(accounts[locale])
    first = chat.say("zzz qqq")
    assert first[0].text == sorry and len(first) == 3 and first[-1].buttons == ()
    assert "300" in first[1].text  # examples of what to write
    chat.say("zzz qqq")
    third = chat.say("zzz qqq")
    assert HANDOFF[locale] in third[-1].text
    assert _escalations(chat) == [("not_understood", 2, "open")]


def test_understood_message_resets_the_not_understood_count(
    chat: Chat, accounts: dict[str, Debtor]
) -> None:
    chat.verify(accounts["en"])
    chat.say("zzz")
    chat.say("zzz")
    chat.say("how much do I owe")
    chat.say("zzz")
    assert _escalations(chat) == []


def test_agent_resume_and_close(chat: Chat, accounts: dict[str, Debtor]) -> None:
    chat.verify(accounts["en"])
    chat.say("talk to a person")
    assert chat.conversation_id is not None
    turn = chat.engine.resume(chat.conversation_id, "offer", actor="agent:ann")
    assert "How would you like to pay?" in turn.replies[-1].text
    assert len(turn.outbox_ids) == len(turn.replies)
    assert _escalations(chat) == [("human_requested", 2, "closed")]
    assert len(chat.press(2)[-1].buttons) == 2  # the bot answers again
    chat.engine.close(chat.conversation_id, actor="agent:ann")
    assert "please tell me your date of birth" in chat.say("hi")[-1].text


@pytest.mark.parametrize(
    ("locale", "dispute", "paused", "proof", "balance"),
    [
        ("en", "this isn't my debt", "Collection on this account is paused", "send proof",
         "$2,745.75"),
        ("zh_CN", "金额不对", "这期间催收已暂停", "在这里发给我们", "¥11,700.50"),
    ],
)  # fmt: skip
def test_verified_debtor_of_a_disputed_account_hears_collection_is_paused(
    chat: Chat,
    accounts: dict[str, Debtor],
    locale: str,
    dispute: str,
    paused: str,
    proof: str,
    balance: str,
) -> None:
    chat.verify(accounts[locale])
    chat.say(dispute)
    assert chat.conversation_id is not None
    first = chat.conversation_id
    chat.engine.close(first, actor="agent:ann")
    chat.clock.advance(days=1)

    chat.say("hi")
    replies = chat.say(accounts[locale].dob)

    text = "\n".join(r.text for r in replies)
    assert paused in replies[-1].text and proof in replies[-1].text
    assert balance not in text  # no balance, no plans
    assert not any(r.buttons for r in replies)
    with chat.app.db.session() as s:
        offers = s.scalars(select(Offer).where(Offer.conversation_id == chat.conversation_id))
        assert offers.all() == []
    assert chat.conversation_id != first
    assert _mode(chat) == "agent"  # a person takes it from here
    assert _escalations(chat) == [("dispute", 1, "closed"), ("dispute", 1, "open")]
    # Kept for the agent: acknowledged once with when a colleague answers, then each
    # message with something in it is noted in a line, and a nudge waits quietly.
    ack = chat.say("I have the letter from the bank")
    assert len(ack) == 1 and ("colleague" in ack[0].text or "同事" in ack[0].text)
    noted = chat.say("and the receipt too")
    assert len(noted) == 1 and ("Noted" in noted[0].text or "已记下" in noted[0].text)
    assert chat.say("ok") == []


def test_an_active_account_still_gets_offers_after_verification(
    chat: Chat, accounts: dict[str, Debtor]
) -> None:
    replies = chat.verify(accounts["en"])
    assert len(replies[-1].buttons) == 3
    assert _escalations(chat) == []


def test_hand_back_of_a_disputed_account_keeps_it_with_a_person(
    chat: Chat, accounts: dict[str, Debtor]
) -> None:
    chat.verify(accounts["zh_CN"])
    chat.say("金额不对")
    assert chat.conversation_id is not None
    turn = chat.engine.resume(chat.conversation_id, "offer", actor="agent:ann")
    assert [r.text for r in turn.replies] == [
        "同事正在核实这个账户，这期间催收已暂停，他们会在这里回复您。"
        "如果有相关材料（比如信件、对账单或收据），可以直接在这里发给我们。"
    ]
    assert _mode(chat) == "agent"
    assert _escalations(chat) == [("dispute", 1, "open")]
