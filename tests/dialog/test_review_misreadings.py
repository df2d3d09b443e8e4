"""Misreadings a read of stressed debtors' conversations found, each said in words of its
own in every language.

- asking what the debt is for ("i dont even know what this is for") drew the crisis reply;
  so did 不想活在债务里 (life in debt, not life itself);
- an option turned down ("i dont want option 2", 不要第一個 選第三個) was the one picked;
- a year was a sum ("a bonus in june 2027" offered $2,027 next week) and the month named was
  dropped without a word;
- a widow writing from her late husband's account was offered payment plans.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bot.understanding.understand import Understander
from tests.dialog.conftest import Chat, Debtor
from tests.dialog.test_engine_after_agreement import _active
from tests.dialog.test_refused_amounts import read


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("en", "i dont even know what this is for"),
        ("en", "do i have to pay this? i dont even know what this is for"),
        ("en", "honestly no idea what this is about"),
        ("zh_CN", "我不知道这钱是干什么的"),
        ("zh_TW", "我搞不清楚這筆錢是怎麼回事"),
    ],
)
def test_asking_what_the_debt_is_is_a_question_about_it_not_a_crisis(
    understander: Understander, locale: str, text: str
) -> None:
    assert read(understander, locale, text).intent == "balance_question"


@pytest.mark.parametrize(
    ("locale", "text", "intent"),
    [
        ("zh_CN", "我不想活在债务里了 想一次还清", "pay_in_full"),
        ("zh_TW", "我不想再活在債務的陰影下了，可以一次還清嗎", "pay_in_full"),
        ("en", "i dont want to live in debt anymore, can i pay it all off", "pay_in_full"),
    ],
)
def test_life_in_debt_is_no_crisis(
    understander: Understander, locale: str, text: str, intent: str
) -> None:
    assert read(understander, locale, text).intent == intent


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("zh_CN", "我不想活了"),
        ("en", "i dont want to live anymore"),
        ("en", "i dont know what this is for, i just want it all to end"),
        ("zh_TW", "不想活在這個世界上了"),
    ],
)
def test_the_crisis_said_plainly_still_is_one(
    understander: Understander, locale: str, text: str
) -> None:
    assert read(understander, locale, text).intent == "distress"


OPTIONS = ("Pay in full by Mar 17", "3 monthly payments", "6 monthly payments")


@pytest.mark.parametrize(
    ("locale", "text", "choice"),
    [
        ("en", "i dont want option 2", None),
        ("en", "not option 1, the second one", 2),
        ("en", "don't want number 3. option 1 please", 1),
        ("zh_TW", "不要第一個 選第三個", 3),
        ("zh_CN", "不要第二个，选第一个", 1),
        ("zh_CN", "要不选2吧", 2),
    ],
)
def test_an_option_turned_down_is_not_the_one_picked(
    understander: Understander, locale: str, text: str, choice: int | None
) -> None:
    got = read(understander, locale, text, OPTIONS)
    assert got.choice == choice, got
    assert got.amounts == (), got  # the number of an option turned down is no sum


@pytest.mark.parametrize(
    ("locale", "text", "day"),
    [
        ("en", "i get a big bonus in june 2027 can i pay everything then", date(2027, 6, 1)),
        ("en", "can i start paying in 2028? 300 a month", date(2028, 1, 1)),
        ("zh_CN", "我2027年6月发年终奖 到时候一次还清行吗", date(2027, 6, 1)),
        ("zh_TW", "可以等到2027年3月再一次還清嗎", date(2027, 3, 1)),
        ("en", "unemployed since june 2025, can i pay 200 a month", None),
    ],
)
def test_a_year_is_a_time_never_a_sum(
    understander: Understander, locale: str, text: str, day: date | None
) -> None:
    got = read(understander, locale, text)
    assert all(a.value < 2000 for a in got.amounts), got
    assert got.dates == (() if day is None else (day,)), got


def test_a_sum_that_looks_like_a_year_is_still_a_sum(understander: Understander) -> None:
    assert [a.value for a in read(understander, "en", "i can pay 2027 dollars").amounts] == [
        Decimal("2027")
    ]


FAR = {
    "en": ("i get a big bonus in june 2027 can i pay everything then",
           "a single payment can wait until Apr 30, 2026 at the latest"),
    "zh_CN": ("我2027年6月发年终奖 到时候一次还清行吗", "一次性还款最晚可以等到2026年4月30日"),
    "zh_TW": ("可以等到2027年3月再一次還清嗎", "一次還清最晚可以等到2026年4月30日"),
}  # fmt: skip


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_month_beyond_the_policy_is_said_to_be_not_quietly_replaced(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    chat.verify(accounts[locale])
    words, latest = FAR[locale]
    replies = chat.say(words)
    assert latest in replies[0].text, [r.text for r in replies]
    assert "2,027" not in " ".join(r.text for r in replies)


WIDOW = {
    "en": "this is actually my husbands account, he passed away in october. i found your message",
    "zh_CN": "这是我老公的账户，他上个月去世了",
    "zh_TW": "這是我先生的帳戶，他上個月過世了",
}


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_widow_writing_from_the_account_is_offered_no_plan(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    chat.verify(accounts[locale])
    replies = chat.say(WIDOW[locale])
    assert not any(b.payload.startswith("choose:") for r in replies for b in r.buttons)
    assert read_intent(chat, WIDOW[locale]) == "wrong_person"


def read_intent(chat: Chat, text: str) -> str:
    from sqlalchemy import select

    from bot.store.models import Event

    with chat.app.db.session() as s:
        events = s.scalars(
            select(Event)
            .where(Event.kind == "understood", Event.conversation_id == chat.conversation_id)
            .order_by(Event.id)
        ).all()
    return str(events[-1].data["intent"])


@pytest.mark.parametrize(
    ("locale", "text", "intent"),
    [
        ("zh_TW", "我根本沒有跟這家銀行借過錢", "dispute"),
        ("zh_CN", "我从来没在你们这借过钱", "dispute"),
        ("zh_CN", "我没向你们公司借过一分钱", "dispute"),
        ("zh_TW", "你們打錯人了吧", "wrong_person"),
    ],
)
def test_never_having_borrowed_from_us_is_a_dispute(
    understander: Understander, locale: str, text: str, intent: str
) -> None:
    assert read(understander, locale, text).intent == intent


def test_borrowing_elsewhere_is_no_dispute(understander: Understander) -> None:
    assert read(understander, "zh_CN", "我没在别的地方借过钱，只跟你们借了").intent != "dispute"


LEGAL = {
    "en": ["ok but what happens if i just dont pay", "what are you going to do to me"],
    "zh_CN": ["如果我不还的话会怎样 会被告吗"],
    "zh_TW": ["如果我不還的話會怎樣 會被告嗎"],
}
NOT_A_CRIME = {"en": "not a crime", "zh_CN": "并不是犯罪", "zh_TW": "並不是犯罪"}


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_what_happens_if_i_never_pay_is_answered_with_the_law_not_the_plan_rules(
    new_chat, accounts: dict[str, Debtor], locale: str
) -> None:  # type: ignore[no-untyped-def]
    for n, words in enumerate(LEGAL[locale]):
        chat: Chat = new_chat(f"never-pay-{locale}-{n}")
        chat.verify(accounts[locale])
        replies = chat.say(words)
        assert NOT_A_CRIME[locale] in replies[0].text, (words, replies[0].text)


@pytest.mark.parametrize(
    ("locale", "text"),
    [("zh_CN", "sb机器人"), ("zh_CN", "破机器人 听不懂人话"), ("zh_TW", "智障機器人")],
)
def test_calling_the_bot_names_asks_for_no_person(
    understander: Understander, locale: str, text: str
) -> None:
    assert read(understander, locale, text).intent != "human"


@pytest.mark.parametrize(
    ("locale", "text"), [("zh_CN", "我不想跟机器人说话"), ("zh_TW", "我不要跟機器人講")]
)
def test_not_wanting_the_bot_still_asks_for_a_person(
    understander: Understander, locale: str, text: str
) -> None:
    assert read(understander, locale, text).intent == "human"


PERSON = {"en": "talk to a person", "zh_CN": "转人工", "zh_TW": "我要找真人客服"}
LOSS = {
    "en": ("sorry for before. my dad died last week", "I'm so sorry to hear that."),
    "zh_CN": ("算了 对不起 我态度不好 最近压力太大了 我爸上个月走了", "听到这个消息我很难过。"),
    "zh_TW": ("對不起剛剛太激動 我媽上個月過世了", "聽到這個消息我很難過。"),
}


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_loss_told_while_waiting_for_a_colleague_hears_more_than_noted(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    chat.verify(accounts[locale])
    chat.say(PERSON[locale])
    words, kind = LOSS[locale]
    replies = chat.say(words)
    assert [r.text[: len(kind)] for r in replies] == [kind]


CHANGE = {
    "en": ("yes", "change my plan", "Your current plan stays as agreed until you choose a new one"),
    "zh_CN": ("是", "我想把还款日改到每个月20号 因为20号发工资", "您现在的还款计划保持不变"),
    "zh_TW": ("是", "我想把每期的日期改成每個月25號", "您目前的還款計畫維持不變"),
}  # fmt: skip


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_asking_to_change_a_plan_hears_that_it_stands_until_a_new_one_is_confirmed(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    yes, words, kept = CHANGE[locale]
    chat.verify(accounts[locale])
    chat.say("3")
    chat.say(yes)
    replies = chat.say(words)
    assert kept in replies[0].text, [r.text for r in replies]
    assert any(b.payload.startswith("choose:") for b in replies[-1].buttons)


HARD_OFFER = {
    "en": ("i lost my job, can i pay 300 a month", "I'm sorry to hear that.",
           "9 monthly payments of $300.00"),
    "zh_CN": ("我失业了，每月还1000行吗", "理解您现在的难处。", "前11期每月还¥1,000.00"),
    "zh_TW": ("失業了 每個月只能還五千", "了解您現在的難處。", "前9期每月還NT$5,000"),
}  # fmt: skip


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_hard_times_with_a_monthly_sum_get_a_plan_of_that_sum(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    """The smaller plans were listed and the sum asked about was ignored."""
    words, kind, plan = HARD_OFFER[locale]
    chat.verify(accounts[locale])
    replies = chat.say(words)
    assert replies[0].text.startswith(kind)
    assert any(plan in r.text for r in replies[1:]), [r.text for r in replies]


def test_hard_times_with_a_sum_beyond_even_hardship_terms_go_to_a_person(
    chat: Chat, accounts: dict[str, Debtor]
) -> None:
    chat.verify(accounts["en"])
    replies = chat.say("I lost my job, can i pay 50 a month")
    assert "A colleague will look at what is possible for you." in " ".join(r.text for r in replies)


def test_income_told_in_hard_times_is_no_offer(chat: Chat, accounts: dict[str, Debtor]) -> None:
    chat.verify(accounts["en"])
    replies = chat.say("my hours got cut to 20 a week at the warehouse")
    assert replies[0].text.startswith(
        "I'm sorry to hear that. Here are plans with smaller payments"
    )


@pytest.mark.parametrize(
    "text",
    [
        "pls dont message me while im at work, 9 to 5. evenings are fine",
        "im busy from 8 to 6 most days",
        "my shift is 7-3",
    ],
)
def test_hours_of_a_working_day_are_no_sums(understander: Understander, text: str) -> None:
    got = read(understander, "en", text)
    assert (got.intent, got.amounts) != ("counter_offer", got.amounts) and got.amounts == (), got


def test_a_range_of_sums_beside_work_is_still_sums(understander: Understander) -> None:
    got = read(understander, "en", "i work at a shop, can i pay 200 to 300 a month")
    assert [a.value for a in got.amounts] == [Decimal("200"), Decimal("300")]


WISH = {
    "en": ("yes", "pls dont message me while im at work, 9 to 5. evenings are fine",
           "I can't change how or when we contact you myself"),
    "zh_CN": ("是", "晚上8点以后联系我比较方便", "联系方式和联系时间我这边没办法直接修改"),
    "zh_TW": ("是", "有事發email給我就好", "聯絡方式和聯絡時間我這邊沒辦法直接修改"),
}  # fmt: skip


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_wish_about_how_or_when_to_be_contacted_goes_to_a_colleague_not_an_opt_out(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    """It stopped every message, the plan's reminders included, and the email never came."""
    from sqlalchemy import select

    from bot.store.models import Escalation, OptOut

    yes, words, passed = WISH[locale]
    chat.verify(accounts[locale])
    chat.say("3")
    chat.say(yes)
    (plan,) = _active(chat.app.db)
    replies = chat.say(words)
    assert [r.text[: len(passed)] for r in replies] == [passed]
    assert _active(chat.app.db) == [plan]
    with chat.app.db.session() as s:
        assert s.scalars(select(OptOut)).all() == []
        assert [e.reason for e in s.scalars(select(Escalation))] == ["human_requested"]


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("en", "I'm writing to ask that you no longer contact me by phone, text or chat"),
        ("en", "i am revoking consent to contact me by text"),
        ("zh_TW", "不要再用LINE找我"),
        ("zh_CN", "以后别在微信上找我了 有事发邮件"),
        ("en", "stop contacting me"),
    ],
)
def test_a_channel_refused_is_still_an_opt_out(
    understander: Understander, locale: str, text: str
) -> None:
    assert read(understander, locale, text).intent == "stop"


@pytest.mark.parametrize(
    ("locale", "text", "choice"),
    [
        ("en", "ok 1", 1),
        ("en", "ok 2 sounds good", 2),
        ("en", "okay so 3 then", 3),
        ("en", "the second one is too much, 3 please", 3),
        ("zh_CN", "不要第一个 第二个也太多了 第三个可以", 3),
        ("zh_CN", "第二个不要 换成第三个吧", 3),
        ("zh_TW", "第一個不行", None),
    ],
)
def test_an_option_said_with_ok_or_after_one_turned_down_is_picked(
    understander: Understander, locale: str, text: str, choice: int | None
) -> None:
    """ "ok 1" was an offer of $1 a month; 第二个也太多了 picked the second."""
    got = read(understander, locale, text, OPTIONS)
    assert (got.choice, got.amounts) == (choice, ()), got


def test_ok_and_a_sum_is_still_an_offer(understander: Understander) -> None:
    got = read(understander, "en", "ok 300 a month", OPTIONS)
    assert got.intent == "counter_offer" and [a.value for a in got.amounts] == [Decimal("300")]


@pytest.mark.parametrize(
    "text",
    [
        "are you going to take my house??",
        "will you take my car if i dont pay",
        "id rather die than call your office, can we just do this here. i can do 300 a month",
    ],
)
def test_fear_of_losing_a_home_or_a_call_dreaded_is_no_crisis(
    understander: Understander, text: str
) -> None:
    assert read(understander, "en", text).intent != "distress"


@pytest.mark.parametrize(
    "text",
    [
        "are you going to take my house? i dont want to live anymore",
        "id rather die than pay this",
        "id rather die than deal with this",
    ],
)
def test_the_same_words_with_a_wish_to_die_stay_a_crisis(
    understander: Understander, text: str
) -> None:
    assert read(understander, "en", text).intent == "distress"


def test_taking_the_house_asked_is_answered_with_the_legal_facts(
    chat: Chat, accounts: dict[str, Debtor]
) -> None:
    chat.verify(accounts["en"])
    replies = chat.say("are you going to take my house??")
    assert "not a crime" in replies[0].text, [r.text for r in replies]


def test_asking_whether_we_call_the_family_then_please_dont_is_no_opt_out(
    chat: Chat, accounts: dict[str, Debtor]
) -> None:
    """While waiting for a colleague it opted the debtor out of everything."""
    from sqlalchemy import select

    from bot.store.models import OptOut

    chat.verify(accounts["en"])
    chat.say("talk to a person")
    replies = chat.say("will you call my boss or my mum?? please dont")
    assert replies[0].text.startswith("We discuss this matter only with you"), replies[0].text
    with chat.app.db.session() as s:
        assert s.scalars(select(OptOut)).all() == []


def test_an_offer_beside_a_request_about_someone_else_is_weighed_too(
    chat: Chat, accounts: dict[str, Debtor]
) -> None:
    """Only the privacy answer came; the illness and the 120 a month were lost."""
    chat.verify(accounts["en"])
    replies = chat.say(
        "im in hospital with cancer treatment, can only do 120 a month. please dont call my work"
    )
    assert replies[0].text.startswith("We discuss this matter only with you")
    assert any("monthly payments of $120.00" in r.text for r in replies[1:]), [
        r.text for r in replies
    ]
