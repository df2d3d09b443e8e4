"""Questions answered in any state (the script's ``faq`` section), then back to the question.

Driven by the default script admins edit (dialogs/collections.yaml): the answers
are its prompts, in its three languages.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.app import App
from bot.config import Settings
from tests.dialog.conftest import Chat, Clock, Debtor
from tests.dialog.test_engine_neutral import DEBT_WORDS

# What each debtor sees (the account's own figures, their city and time zone).
SEES = {
    "en": {
        "fees": ["$2,745.75", "$2,400.00", "$310.75", "$35.00", "Example Bank"],
        "early": ["$2,608.46", "$2,745.75", "5% off", "Mar 24, 2026"],
        "who": ["writing to you on behalf of Example Bank"],
        "bot": ["I'm a bot", "talk to a person"],
        # Shanghai 09:00-18:00 is 9 PM to 6 AM in New York: said in the team's own time, not
        # as if the team were there at night.
        "hours": ["Monday to Friday, 9:00 AM–6:00 PM (Shanghai time)"],
        "again": "Which option would you like?",
        "menu_words": "How would you like to pay?",
        "summary": "You owe",
    },
    "zh_CN": {
        "fees": ["¥11,700.50", "本金¥10,000.00", "利息¥1,500.50", "费用¥200.00", "Example Bank"],
        "early": ["¥11,115.47", "¥11,700.50", "优惠5%", "2026年3月24日"],
        "who": ["代表Example Bank与您联系"],
        "bot": ["我是机器人", "转人工"],
        "hours": ["上海时间星期一至星期五 09:00–18:00"],
        "again": "您想选哪个方案？",
        "menu_words": "您想怎样还款",
        "summary": "您目前在",
    },
    "zh_TW": {
        "fees": ["NT$49,000", "本金NT$45,000", "利息NT$3,200", "費用NT$800", "範例銀行"],
        "early": ["NT$46,550", "NT$49,000", "優惠5%", "2026年3月24日"],
        "who": ["代表範例銀行與您聯絡"],
        "bot": ["我是機器人", "找真人"],
        "hours": ["台北時間星期一至星期五 09:00–18:00"],
        "again": "您想選哪個方案呢？",
        "menu_words": "您想如何還款",
        "summary": "您目前在",
    },
}

LOCALES = list(SEES)

# One phrasing per topic and language, as a debtor writes it.
ASK = {
    "en": {
        "fees": "what are the fees?",
        "early": "can I pay early?",
        "who": "what company is this?",
        "bot": "are you a bot?",
        "hours": "what are your opening hours?",
        "privacy": "is my personal data safe with you?",
        "missed": "what happens if I miss a payment?",
    },
    "zh_CN": {
        "fees": "手续费是多少？",
        "early": "可以提前还吗？",
        "who": "你们是哪家公司？",
        "bot": "你是机器人吗？",
        "hours": "你们几点上班？",
        "privacy": "我的个人信息安全吗？",
        "missed": "如果逾期了会怎样？",
    },
    "zh_TW": {
        "fees": "手續費是多少？",
        "early": "可以提前還嗎？",
        "who": "你們是哪家公司？",
        "bot": "你是機器人嗎？",
        "hours": "你們幾點上班？",
        "privacy": "我的個人資料安全嗎？",
        "missed": "如果逾期了會怎樣？",
    },
}


def _text(chat: Chat) -> str:
    return chat.text().replace("\u202f", " ")  # Babel's narrow space before AM / PM


def _buttons(chat: Chat) -> int:
    return sum(len(r.buttons) for r in chat.last)


@pytest.mark.parametrize("locale", LOCALES)
def test_fees_are_answered_with_the_accounts_figures_then_only_the_short_question(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    chat.verify(accounts[locale])
    offer_buttons = chat.buttons
    chat.say(ASK[locale]["fees"])
    seen = SEES[locale]
    assert all(figure in chat.text() for figure in seen["fees"]), chat.text()
    # Back to the question: one short prompt, no menu, no summary again.
    assert chat.last[-1].text.startswith(seen["again"])
    assert _buttons(chat) == 0
    assert seen["summary"] not in chat.text()
    assert seen["menu_words"] not in chat.text()
    # The choices shown before still work.
    chat.press(2)
    assert chat.buttons != offer_buttons  # now the yes / no of the confirmation


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("topic", ["early", "who", "bot", "hours"])
def test_answers_after_verification(
    chat: Chat, accounts: dict[str, Debtor], locale: str, topic: str
) -> None:
    chat.verify(accounts[locale])
    chat.say(ASK[locale][topic])
    text = _text(chat)
    assert all(part in text for part in SEES[locale][topic]), text
    assert chat.last[-1].text.startswith(SEES[locale]["again"])


@pytest.mark.parametrize("locale", LOCALES)
def test_the_answer_at_the_confirmation_returns_to_the_confirmation(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    chat.verify(accounts[locale])
    chat.press(2)
    chat.say(ASK[locale]["missed"])
    assert _buttons(chat) == 0
    assert len(chat.last) == 2  # the answer and the short question
    chat.say({"en": "yes", "zh_CN": "是", "zh_TW": "是"}[locale])
    assert {"en": "recorded", "zh_CN": "已登记", "zh_TW": "已登記"}[locale] in chat.text()


@pytest.mark.parametrize("locale", LOCALES)
def test_before_verification_only_neutral_answers_then_the_identity_question(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    chat.start(accounts[locale].ref, locale=locale)
    for topic in ("bot", "hours"):
        chat.say(ASK[locale][topic])
        assert all(part in _text(chat) for part in SEES[locale][topic]), chat.text()
    chat.say(ASK[locale]["fees"])
    text = chat.text()
    assert not any(figure in text for figure in SEES[locale]["fees"])
    assert DEBT_WORDS.search(text.lower()) is None
    # Still verifying: the date of birth is the answer the bot waits for; once
    # verified, the question asked before is answered, then the offers.
    chat.say(accounts[locale].dob)
    text = chat.text()
    assert all(figure in text for figure in SEES[locale]["fees"]), text
    assert SEES[locale]["menu_words"] in chat.last[-1].text and chat.buttons


@pytest.mark.parametrize("locale", LOCALES)
def test_a_first_message_that_asks_who_we_are_gets_a_neutral_answer_and_the_greeting(
    new_chat, locale: str
) -> None:  # type: ignore[no-untyped-def]
    chat = new_chat(f"first-{locale}")
    chat.say(ASK[locale]["who"], locale_hint=locale)
    text = chat.text()
    assert DEBT_WORDS.search(text.lower()) is None
    assert len(chat.last) >= 2  # the answer, then the greeting and its question


@pytest.mark.parametrize("locale", LOCALES)
def test_the_menu_again_only_on_request(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    chat.verify(accounts[locale])
    shown = chat.buttons
    chat.say("qwertyuiop")  # not understood: the short question, not the menu
    assert _buttons(chat) == 0
    chat.say({"en": "show me the options again", "zh_CN": "选项", "zh_TW": "選項"}[locale])
    assert chat.last[-1].buttons == shown
    assert SEES[locale]["menu_words"] in chat.text()


@pytest.mark.parametrize(
    ("locale", "words"),
    [("en", "are you a real person?"), ("zh_CN", "你是真人吗"), ("zh_TW", "請問你是真人嗎？")],
)
def test_are_you_a_bot_is_an_honest_answer_not_a_hand_over(
    chat: Chat, accounts: dict[str, Debtor], locale: str, words: str
) -> None:
    chat.verify(accounts[locale])
    chat.say(words)
    assert all(part in chat.text() for part in SEES[locale]["bot"])
    chat.say({"en": "1", "zh_CN": "1", "zh_TW": "1"}[locale])  # still the bot's conversation
    assert chat.buttons and len(chat.buttons) == 2


@pytest.mark.parametrize(
    ("locale", "words"),
    [
        ("en", "I want to talk to a real person"),
        ("en", "can i speak to a real person?"),
        ("zh_CN", "转人工"),
        ("zh_CN", "能不能找个真人跟我说？"),
        ("zh_TW", "我要找真人"),
    ],
)
def test_asking_for_a_person_is_still_a_hand_over(
    chat: Chat, accounts: dict[str, Debtor], locale: str, words: str
) -> None:
    chat.verify(accounts[locale])
    chat.say(words)
    assert {"en": "colleague", "zh_CN": "同事", "zh_TW": "同事"}[locale] in chat.text()
    assert SEES[locale]["bot"][0] not in chat.text()


@pytest.mark.parametrize("locale", LOCALES)
def test_no_faq_answer_before_verification_mentions_a_debt(new_chat, locale: str) -> None:  # type: ignore[no-untyped-def]
    """Every trigger of every topic, and the held-out phrasings, asked before verification."""
    from bot.scripts.script import load_script
    from tests.dialog.test_faq_script import HELD_OUT, SCRIPT

    seen: list[str] = []
    for topic in load_script(SCRIPT).faq:
        chat = new_chat(f"sweep-{locale}-{topic.name}")
        chat.start({"en": "U-3003", "zh_CN": "A-1001", "zh_TW": "T-2002"}[locale], locale=locale)
        for words in [*topic.triggers[locale], *HELD_OUT.get(topic.name, {}).get(locale, [])]:
            chat.say(words)
            seen += [r.text for r in chat.last] + [b.label for r in chat.last for b in r.buttons]
    leaks = [t for t in seen if DEBT_WORDS.search(t.lower())]
    assert seen and leaks == []


# "Let me think": the offers are kept, until when is said in the debtor's time zone.
KEPT_UNTIL = {
    "en": ("I need to think about it", "until 2:00 AM on Mar 11, 2026 (New York time)"),
    "zh_CN": ("让我想想", "保留到上海时间2026年3月11日 14:00"),
    "zh_TW": ("我考慮一下", "保留到台北時間2026年3月11日 14:00"),
}


@pytest.mark.parametrize("locale", LOCALES)
def test_let_me_think_keeps_the_offers_and_says_until_when(
    chat: Chat,
    clock,
    accounts: dict[str, Debtor],
    locale: str,  # type: ignore[no-untyped-def]
) -> None:
    chat.verify(accounts[locale])
    labels = [b.label for b in chat.buttons]
    words, until = KEPT_UNTIL[locale]
    chat.say(words)
    assert until in _text(chat)
    assert _buttons(chat) == 0 and len(chat.last) == 1
    # Hours later the debtor comes back and picks the same option.
    clock.advance(hours=6)
    chat.press(2)
    assert labels[1] in chat.text()


@pytest.mark.parametrize("locale", LOCALES)
def test_let_me_think_before_verification_says_nothing_about_offers(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    chat.start(accounts[locale].ref, locale=locale)
    chat.say(KEPT_UNTIL[locale][0])
    assert len(chat.last) == 1
    assert DEBT_WORDS.search(chat.text().lower()) is None
    chat.say(accounts[locale].dob)
    assert chat.buttons  # verified: the offers


@pytest.mark.parametrize(
    ("locale", "words"),
    [
        ("en", "I will pay it all early next month"),
        ("en", "I can pay in 48 hours"),
        ("en", "ok, i'll pay the fees first"),
        ("en", "can you waive the fees?"),
        ("zh_CN", "利息能免掉吗？"),
        ("zh_CN", "我下个月初提前全部还清"),
        ("zh_TW", "我下個月提早一次還清"),
    ],
)
def test_a_proposal_with_a_topics_words_is_a_proposal_not_a_question(
    chat: Chat, accounts: dict[str, Debtor], locale: str, words: str
) -> None:
    from sqlalchemy import select

    from bot.store.models import Event

    chat.verify(accounts[locale])
    chat.say(words)
    with chat.app.db.session() as s:
        kinds = set(s.scalars(select(Event.kind)))
    assert "faq" not in kinds


@pytest.mark.parametrize(
    ("locale", "words"),
    [("en", "can I skip a payment for two months?"), ("zh_TW", "可以先暫停幾個月嗎？")],
)
def test_asking_for_a_pause_is_handled_as_a_pause(
    chat: Chat, accounts: dict[str, Debtor], locale: str, words: str
) -> None:
    from sqlalchemy import select

    from bot.store.models import Event

    chat.verify(accounts[locale])
    chat.say(words)
    with chat.app.db.session() as s:
        kinds = set(s.scalars(select(Event.kind)))
    assert "faq" not in kinds


def test_let_me_think_after_the_plan_is_recorded_keeps_nothing(
    chat: Chat, accounts: dict[str, Debtor]
) -> None:
    chat.verify(accounts["en"])
    chat.press(2)
    chat.say("yes")
    chat.say("let me think about it")
    assert chat.text() == "Of course, take your time. Just write to me here whenever you're ready."


# After a missed payment: the [collection] settings in the debtor's words (their own time
# zone for the team's hours). Defaults: reminder 2 days after, at 10:00, one move per plan.
MISSED = {
    "en": {
        "default": ["2 days after its due date", "at about 10:00 AM", "(once per plan)",
                    "Monday to Friday, 9:00 AM–6:00 PM Shanghai time"],
        "changed": ["5 days after its due date", "at about 8:30 AM", "(twice per plan)"],
        "moves": "move it to the end of your plan",
    },
    "zh_CN": {
        "default": ["还款日后2天还没收到", "当天10:00左右", "每个计划最多1次",
                    "上海时间星期一至星期五 09:00–18:00"],
        "changed": ["还款日后5天还没收到", "当天08:30左右", "每个计划最多2次"],
        "moves": "挪到还款计划的最后",
    },
    "zh_TW": {
        "default": ["繳款日後2天還沒收到", "當天10:00左右", "每個計畫最多1次",
                    "台北時間星期一至星期五 09:00–18:00"],
        "changed": ["繳款日後5天還沒收到", "當天08:30左右", "每個計畫最多2次"],
        "moves": "移到還款計畫的最後",
    },
}  # fmt: skip


def _missed_answer(app: App, clock: Clock, debtor: Debtor) -> str:
    chat = Chat(app, clock)
    chat.verify(debtor)
    chat.say(ASK[debtor.locale]["missed"])
    return _text(chat)


@pytest.mark.parametrize("locale", LOCALES)
def test_the_missed_payment_answer_uses_the_collection_settings(
    settings: Settings, clock: Clock, accounts: dict[str, Debtor], locale: str
) -> None:
    app = App(settings, clock=clock)
    try:
        text = _missed_answer(app, clock, accounts[locale])
    finally:
        app.stop()
    assert all(part in text for part in MISSED[locale]["default"]), text

    collection = replace(
        settings.collection, missed_after_days=5, remind_at="08:30", moves_per_plan=2
    )
    app = App(replace(settings, collection=collection), clock=clock)
    try:
        text = _missed_answer(app, clock, accounts[locale])
    finally:
        app.stop()
    assert all(part in text for part in MISSED[locale]["changed"]), text

    # A plan that may not move a payment: the answer does not offer it.
    collection = replace(settings.collection, moves_per_plan=0)
    app = App(replace(settings, collection=collection), clock=clock)
    try:
        text = _missed_answer(app, clock, accounts[locale])
    finally:
        app.stop()
    assert MISSED[locale]["moves"] not in text, text
    assert MISSED[locale]["default"][0] in text


# "Why so much? I only borrowed ..." names an amount, but asks about the figures: the fees
# are explained and the short question follows, not the summary and the whole menu again.
SO_MUCH = {
    "zh_CN": "怎么这么多？我只借了一万",
    "zh_TW": "怎麼這麼多？我只借了四萬五",
}
# The same asked with the sum owed named, or "owe" said (为什么会欠到…, 怎么会欠这么多).
SO_MUCH_OWED = {
    "zh_CN": "为啥会欠到一万一千七 我当时就借了一万",
    "zh_TW": "怎麼會欠那麼多 我印象中只借四萬五",
}


@pytest.mark.parametrize("locale", ["zh_CN", "zh_TW"])
def test_why_owed_so_much_with_the_sum_named_is_answered_with_the_fees(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    chat.verify(accounts[locale])
    replies = chat.say(SO_MUCH_OWED[locale])
    assert all(part in replies[0].text for part in SEES[locale]["fees"]), chat.text()
    assert _buttons(chat) == 0


@pytest.mark.parametrize("locale", ["zh_CN", "zh_TW"])
def test_why_so_much_with_the_sum_borrowed_is_answered_with_the_fees(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    chat.verify(accounts[locale])
    replies = chat.say(SO_MUCH[locale])
    assert all(part in replies[0].text for part in SEES[locale]["fees"]), chat.text()
    assert len(replies) == 2 and replies[1].text.startswith(SEES[locale]["again"])
    assert _buttons(chat) == 0


# "Who's this?" as people ask it before the identity check: the neutral sender, then the
# date of birth question; nothing about a debt.
WHO_FIRST = {"en": "hi who am i talking to", "zh_CN": "你好 你是哪位", "zh_TW": "你好 請問是哪位"}
SENDER = {"en": "This is Customer Care.", "zh_CN": "这里是客户服务中心。",
          "zh_TW": "這裡是客戶服務中心。"}  # fmt: skip


@pytest.mark.parametrize("locale", LOCALES)
def test_who_is_this_before_verification_is_the_neutral_sender(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    chat.start(accounts[locale].ref, locale=locale)
    replies = chat.say(WHO_FIRST[locale])
    assert replies[0].text.startswith(SENDER[locale]), chat.text()
    assert DEBT_WORDS.search(chat.text().lower()) is None


# "Stop adding interest" is about the charges, not contact: no opt-out, the fees explained.
STOP_CHARGES = {
    "en": "stop adding interest on this already",
    "zh_CN": "别再加利息了 停止收费行不行",
    "zh_TW": "不要再加利息了啦 停止收費好不好",
}


@pytest.mark.parametrize("locale", LOCALES)
def test_stop_adding_interest_is_answered_with_the_fees_not_an_opt_out(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    chat.verify(accounts[locale])
    replies = chat.say(STOP_CHARGES[locale])
    assert all(part in replies[0].text for part in SEES[locale]["fees"]), chat.text()
    assert replies[-1].text.startswith(SEES[locale]["again"])


# What happens if I don't pay, as debtors ask it: the missed-payment answer, not hardship
# plans or the menu alone.
IF_I_DONT_PAY = {
    "en": ("what happens if i dont pay", "If a payment hasn't reached us 2 days after"),
    "zh_CN": ("不还的话会怎么样", "如果某一期在还款日后2天还没收到"),
    "zh_TW": ("不繳的話會怎樣", "如果某一期在繳款日後2天還沒收到"),
}


@pytest.mark.parametrize("locale", LOCALES)
def test_what_happens_if_i_dont_pay_is_answered(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    words, answer = IF_I_DONT_PAY[locale]
    chat.verify(accounts[locale])
    replies = chat.say(words)
    assert replies[0].text.startswith(answer), chat.text()
    assert replies[-1].text.startswith(SEES[locale]["again"])
