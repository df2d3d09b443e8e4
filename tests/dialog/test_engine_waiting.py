"""Never a dead end: after any hand-over the debtor's next message is answered within the rules."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select

from bot.store.models import Conversation, Escalation, Message
from tests.dialog.conftest import Chat, Debtor

COLLEAGUE = {"en": "colleague", "zh_CN": "同事", "zh_TW": "同事"}
BACK = {"en": "back to the bot please", "zh_CN": "不用人工了", "zh_TW": "機器人就行"}
HELLO = {"en": "hello?", "zh_CN": "在吗？", "zh_TW": "在嗎？"}
NOTED = {"en": "Noted: I've added this for your colleague", "zh_CN": "已记下", "zh_TW": "已記下"}
DOB_WRONG = "1970-01-01"

# Each hand-over reason: how a debtor gets there, per language.
TRIGGERS: dict[str, dict[str, list[str]]] = {
    "human_requested": {"en": ["talk to a person"], "zh_CN": ["转人工"], "zh_TW": ["找真人"]},
    "abuse": {"en": ["fuck off"], "zh_CN": ["滚"], "zh_TW": ["白痴"]},
    "distress": {"en": ["i want to end my life"], "zh_CN": ["活着太累了，我想一了百了"],
                 "zh_TW": ["我真的不想活了"]},
    "dispute": {"en": ["this isn't my debt"], "zh_CN": ["这不是我的债"], "zh_TW": ["這不是我的債"]},
    "already_paid": {"en": ["I already paid"], "zh_CN": ["我已经还了"], "zh_TW": ["我已經還了"]},
    "not_understood": {loc: ["qwxz", "zzvq", "vvqx"] for loc in ("en", "zh_CN", "zh_TW")},
    "hardship": {"en": ["I lost my job", "1 a month"], "zh_CN": ["我失业了", "每月还1块"],
                 "zh_TW": ["我失業了", "每月還1元"]},
}  # fmt: skip
HELD = {"distress", "dispute", "already_paid"}


def _mode(chat: Chat) -> str:
    with chat.app.db.session() as s:
        conv = s.get(Conversation, chat.conversation_id)
        assert conv is not None
        return conv.mode


def _open(chat: Chat) -> list[str]:
    with chat.app.db.session() as s:
        return list(s.scalars(select(Escalation.reason).where(Escalation.status != "closed")))


def _escalate(chat: Chat, debtor: Debtor, reason: str) -> str:
    chat.verify(debtor)
    seen = []
    for words in TRIGGERS[reason][debtor.locale]:
        seen += [r.text for r in chat.say(words)]
    assert reason in _open(chat) and _mode(chat) == "agent", seen
    return "\n".join(seen)


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
@pytest.mark.parametrize("reason", sorted(TRIGGERS))
def test_after_every_hand_over_the_next_message_is_answered(
    chat: Chat, accounts: dict[str, Debtor], locale: str, reason: str
) -> None:
    told = _escalate(chat, accounts[locale], reason)
    chat.clock.advance(minutes=1)
    first = chat.say(HELLO[locale])
    # Told when a colleague answers, by the hand-over or by the reply to the next message.
    assert COLLEAGUE[locale] in told + "\n".join(r.text for r in first)
    chat.clock.advance(minutes=31)
    again = chat.say(HELLO[locale])
    assert len(again) == 1 and COLLEAGUE[locale] in again[0].text
    assert chat.say(HELLO[locale]) == []  # at most once per 30 minutes

    back = chat.say(BACK[locale])
    if reason in HELD:
        assert all(NOTED[locale] in r.text for r in back)  # noted for the colleague at most
        assert _mode(chat) == "agent" and reason in _open(chat)
    else:
        assert back and _mode(chat) == "bot" and _open(chat) == []
        assert back[-1].buttons  # the bot asks its question again, with the choices


@pytest.mark.parametrize(
    ("locale", "pick"),
    [("en", "ok the second one then"), ("zh_CN", "那选2吧"), ("zh_TW", "那選2吧")],
)
def test_a_debtor_waiting_for_a_person_who_picks_an_offer_is_helped_by_the_bot(
    chat: Chat, accounts: dict[str, Debtor], locale: str, pick: str
) -> None:
    _escalate(chat, accounts[locale], "human_requested")
    replies = chat.say(pick)
    assert replies and _mode(chat) == "bot" and _open(chat) == []
    assert [b.payload for b in replies[-1].buttons] == ["yes", "no"]  # asked to confirm


def test_an_agent_answering_means_no_acknowledgement(
    chat: Chat, accounts: dict[str, Debtor]
) -> None:
    _escalate(chat, accounts["en"], "human_requested")
    chat.clock.advance(minutes=40)
    with chat.app.db.session() as s:  # what the console stores when an agent replies
        s.add(
            Message(
                conversation_id=chat.conversation_id, platform="telegram", direction="out",
                sender="agent", text="Hi, I'm Ann, looking at it now", created_at=chat.clock(),
            )
        )  # fmt: skip
    chat.clock.advance(minutes=5)
    assert chat.say("thanks") == []


@pytest.mark.parametrize(
    ("locale", "when"),
    # The team in Shanghai opens at 9:00 PM in New York, when a debtor there may no longer be
    # contacted: its reply waits for the morning.
    [("en", "Wednesday 8:00 AM (New York time)"), ("zh_CN", "在上海时间星期三 09:00之后"),
     ("zh_TW", "在台北時間星期三 09:00之後")],
)  # fmt: skip
def test_out_of_hours_the_debtor_hears_when_in_their_own_time_zone(
    chat: Chat, accounts: dict[str, Debtor], locale: str, when: str
) -> None:
    chat.clock.advance(hours=12)  # 02:00 Wednesday in Shanghai; 22:00 Tuesday in New York
    chat.verify(accounts[locale])
    assert when in chat.say(TRIGGERS["human_requested"][locale][0])[-1].text


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_no_plans_in_a_new_session_while_a_distress_case_is_open(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    _escalate(chat, accounts[locale], "distress")
    chat.clock.advance(days=1)
    again = chat.verify(accounts[locale])  # a new conversation (a reminder link, say)
    assert all(not r.buttons for r in again)
    assert {"en": "988", "zh_CN": "400-161-9995", "zh_TW": "1925"}[locale] in again[-1].text
    assert _mode(chat) == "agent" and _open(chat) == ["distress", "distress"]
    closer: Callable[..., None] = chat.app.engine.close
    with chat.app.db.session() as s:
        convs = list(s.scalars(select(Conversation.id)))
    for cid in convs:
        closer(cid, actor="ann")
    chat.clock.advance(days=1)
    assert any(r.buttons for r in chat.verify(accounts[locale]))  # a person closed it: plans again


SAYS_MORE = {
    "en": ["please tell them my bank app was down all week", "what happens next with it"],
    "zh_CN": ["我上个月3号已经转了两百块", "那接下来会怎么处理"],
    "zh_TW": ["我上個月3號已經匯了兩百元", "那接下來會怎麼處理"],
}  # fmt: skip


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_between_acknowledgements_a_message_with_something_in_it_is_noted(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    _escalate(chat, accounts[locale], "human_requested")
    chat.say(HELLO[locale])  # told when a colleague answers (or already was)
    for words in SAYS_MORE[locale]:
        chat.clock.advance(minutes=2)
        replies = chat.say(words)
        assert [NOTED[locale] in r.text for r in replies] == [True], words
        assert _mode(chat) == "agent"
    assert chat.say(HELLO[locale]) == []  # a nudge waits quietly
    with chat.app.db.session() as s:  # a colleague starts answering: the bot keeps out
        s.add(
            Message(
                conversation_id=chat.conversation_id, platform="telegram", direction="out",
                sender="agent", text="Looking at it now", created_at=chat.clock(),
            )
        )  # fmt: skip
    chat.clock.advance(minutes=1)
    assert chat.say(SAYS_MORE[locale][1]) == []


# A short question is no nudge, nor is asking for a person again: noted for the colleague,
# not met with silence (when they will answer is said at most once per 30 minutes).
SHORT_QUESTION = {"en": "how to pay?", "zh_CN": "怎么还款", "zh_TW": "怎麼繳款"}
PERSON_AGAIN = {"en": "talk to a person", "zh_CN": "转人工", "zh_TW": "找真人"}


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_short_question_or_asking_for_a_person_again_is_noted(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    _escalate(chat, accounts[locale], "dispute")
    chat.clock.advance(minutes=2)
    replies = chat.say(SHORT_QUESTION[locale])
    assert [NOTED[locale] in r.text for r in replies] == [True], chat.text()
    chat.clock.advance(minutes=2)
    replies = chat.say(PERSON_AGAIN[locale])
    assert [NOTED[locale] in r.text for r in replies] == [True], chat.text()
    assert _mode(chat) == "agent"


WAIT_ASKED = {
    "en": ["when will someone answer", "is anyone there?", "nobody is replying"],
    "zh_CN": ["什么时候有人回复我", "有人吗？", "怎么还没人回"],
    "zh_TW": ["什麼時候會有人回我", "有人在嗎", "怎麼都沒人回"],
}
WHEN = {
    "en": "they will reply here",
    "zh_CN": "他们会尽快在这里回复您",
    "zh_TW": "他們會盡快在這裡回覆您",
}


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_asking_when_someone_will_answer_is_answered_each_time_and_raises_no_alarm(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    _escalate(chat, accounts[locale], "human_requested")
    for words in WAIT_ASKED[locale]:
        chat.clock.advance(minutes=2)  # well inside the 30 minutes between acknowledgements
        replies = chat.say(words)
        assert len(replies) == 1 and WHEN[locale] in replies[0].text, (words, replies)
    assert _open(chat) == ["human_requested"]  # no crisis case, no other hand-over


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_is_anyone_there_before_verification_is_a_greeting_not_a_hand_over(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    chat.start(accounts[locale].ref, locale=locale)
    replies = chat.say(WAIT_ASKED[locale][1])
    assert _open(chat) == [] and _mode(chat) == "bot"
    assert "1990-01-31" in replies[-1].text  # the identity question, asked again


# A nudge soon after the hand-over ("hello?", 在吗) is not answered again (at most one
# acknowledgement per half hour): the hand-over itself says that what they write is seen.
SEEN = {
    "en": ("They will see anything you write here in the meantime.", "hello??"),
    "zh_CN": ("这期间您在这里发的消息，同事都能看到。", "在吗"),
    "zh_TW": ("這段時間您在這裡傳的訊息，同事都看得到。", "喂"),
}


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_the_hand_over_says_that_messages_written_meanwhile_are_seen(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    sees, nudge = SEEN[locale]
    told = _escalate(chat, accounts[locale], "human_requested")
    assert sees in told
    chat.clock.advance(minutes=2)
    first = chat.say(nudge)
    chat.clock.advance(minutes=2)
    assert len(first) <= 1 and chat.say(nudge) == []
