"""Hard times told before the identity check ("I got laid off", 我被裁员了, 我失業了) are heard
kindly, not answered with "I couldn't read that as a date": a neutral word of sympathy that
hints at no debt, the identity question again, and once verified the smaller plans.
Default script, every language, SQLite and PostgreSQL.
"""

from __future__ import annotations

import pytest

from tests.dialog.conftest import Chat, Debtor
from tests.dialog.test_engine_neutral import DEBT_WORDS

HARD_TIMES = {
    "en": ["The factory let me go and I have no income right now",
           "i was made redundant a few weeks back"],
    "zh_CN": ["公司把我裁了，现在没有收入", "我最近丢了工作"],
    "zh_TW": ["我被公司資遣了，現在沒有收入", "我最近失業了"],
}  # fmt: skip
SORRY = {
    "en": "I'm sorry to hear that, and thank you for telling me. Once I've confirmed I'm talking "
    "to the right person, I'll look at what is possible for you.",
    "zh_CN": "听到这个消息我很难过，谢谢您告诉我。确认是您本人之后，我会帮您看看有哪些可行的办法。",
    "zh_TW": "聽到這個消息我很難過，謝謝您告訴我。確認是您本人之後，我會幫您看看有哪些可行的辦法。",
}
DOB_QUESTION = {
    "en": "To protect your privacy, please tell me your date of birth (for example 1990-01-31).",
    "zh_CN": "为了保护您的隐私，请告诉我您的出生日期（例如 1990-01-31）。",
    "zh_TW": "為了保護您的隱私，請告訴我您的出生日期（例如 1990-01-31）。",
}
SMALLER_PLANS = {
    "en": "I'm sorry to hear that. Here are plans with smaller payments:",
    "zh_CN": "理解您现在的难处。我们可以把每期金额降下来，您看看这几个方案：",
    "zh_TW": "了解您現在的難處。我們可以把每期金額降低，您看看這幾個方案：",
}


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_hard_times_before_the_check_are_heard_then_the_smaller_plans(
    app, clock, accounts: dict[str, Debtor], locale: str
) -> None:  # type: ignore[no-untyped-def]
    for i, words in enumerate(HARD_TIMES[locale]):
        chat = Chat(app, clock, who=f"{locale}-{i}")
        chat.start(accounts[locale].ref, locale=locale)
        replies = chat.say(words)
        assert [r.text for r in replies] == [SORRY[locale], DOB_QUESTION[locale]], words
        assert DEBT_WORDS.search(chat.text().lower()) is None
        texts = [r.text for r in chat.say(accounts[locale].dob)]
        assert SMALLER_PLANS[locale] in texts, texts
        assert len(chat.last[-1].buttons) >= 2  # the hardship plans to choose from
