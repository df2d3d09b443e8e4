"""A debtor under strain, as they write: hard times stay heard (no at the confirmation,
hardship told after the agreement) and a bare sum after a settlement counter is a new
settlement offer. Default script, every language, SQLite and PostgreSQL. The clock is
Tuesday 10 March 2026.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from bot.store.models import Agreement, Instalment
from tests.dialog.conftest import Chat, Debtor

YES = {"en": "yes", "zh_CN": "是", "zh_TW": "對"}
NO = {"en": "no", "zh_CN": "不要", "zh_TW": "不要"}
HARD_TIMES = {
    "en": "I lost my job last month, I can't pay this",
    "zh_CN": "我失业了，现在真的还不起",
    "zh_TW": "我失業了，真的繳不出來",
}
LOST_JOB_AFTER = {
    "en": "I just lost my job and can't afford this plan",
    "zh_CN": "我刚失业了，这个月还不上",
    "zh_TW": "我剛失業，這個月繳不出來",
}
SORRY = {
    "en": "I'm sorry to hear that. Here are plans with smaller payments:",
    "zh_CN": "理解您现在的难处。我们可以把每期金额降下来，您看看这几个方案：",
    "zh_TW": "了解您現在的難處。我們可以把每期金額降低，您看看這幾個方案：",
}
# The hardship plans of each sample account: 12 and 24 monthly payments.
HARDSHIP_PLANS = {
    "en": [
        "11 monthly payments of $228.81 and a last of $228.84, first on Mar 17, 2026",
        "23 monthly payments of $114.40 and a last of $114.55, first on Mar 17, 2026",
    ],
    "zh_CN": [
        "前11期每月还¥975.04，最后一期还¥975.06，首期2026年3月17日",
        "前23期每月还¥487.52，最后一期还¥487.54，首期2026年3月17日",
    ],
    "zh_TW": [
        "前11期每月還NT$4,083，最後一期還NT$4,087，首期2026年3月17日",
        "前23期每月還NT$2,041，最後一期還NT$2,057，首期2026年3月17日",
    ],
}


def _labels(chat: Chat) -> list[str]:
    return [b.label for b in chat.last[-1].buttons]


def _active_counts(chat: Chat) -> list[int]:
    with chat.app.db.session() as s:
        agreements = s.scalars(select(Agreement).where(Agreement.status == "active"))
        return [
            len(list(s.scalars(select(Instalment).where(Instalment.agreement_id == a.id))))
            for a in agreements
        ]


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_no_at_the_confirmation_after_hard_times_shows_the_smaller_plans_again(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    chat.verify(accounts[locale])
    chat.say(HARD_TIMES[locale])
    assert _labels(chat) == HARDSHIP_PLANS[locale]
    chat.press(1)
    replies = chat.say(NO[locale])
    assert SORRY[locale] not in chat.text()  # said once, not again
    assert _labels(chat) == HARDSHIP_PLANS[locale], [r.text for r in replies]
    chat.press(2)
    chat.say(YES[locale])
    assert _active_counts(chat) == [24]


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_hard_times_told_after_the_agreement_get_the_smaller_plans(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    chat.verify(accounts[locale])
    chat.say("2")
    chat.say(YES[locale])
    assert _active_counts(chat) == [3]
    replies = chat.say(LOST_JOB_AFTER[locale])
    assert replies[0].text == SORRY[locale]
    assert _labels(chat) == HARDSHIP_PLANS[locale]
    chat.press(1)
    chat.say(YES[locale])
    assert _active_counts(chat) == [12]  # the new plan replaced the old one


# (the first offer, the floor's counter-offer, a bare sum, the plan it makes)
SETTLE = {
    "en": ("can I settle for 1500?", "what about 2200?",
           "Pay $2,200.00 by Mar 17, 2026 to settle the account in full (you save $545.75)",
           Decimal("2200.00")),
    "zh_CN": ("八千能结清吗", "那九千五呢",
              "在2026年3月17日前还¥9,500.00即可结清全部欠款（可减免¥2,200.50）",
              Decimal("9500.00")),
    "zh_TW": ("三萬可以結清嗎", "那四萬呢",
              "在2026年3月17日前繳NT$40,000即可結清全部欠款（可減免NT$9,000）",
              Decimal("40000")),
}  # fmt: skip


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_bare_sum_after_a_settlement_counter_is_a_settlement_offer(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    first, then, label, amount = SETTLE[locale]
    chat.verify(accounts[locale])
    chat.say(first)
    settles = {"en": "to settle the account", "zh_CN": "结清全部欠款", "zh_TW": "結清全部欠款"}
    assert settles[locale] in _labels(chat)[0]  # the floor is offered first
    replies = chat.say(then)
    assert label in replies[0].text
    chat.say(YES[locale])
    with chat.app.db.session() as s:
        agreement = s.scalars(select(Agreement)).one()
        rows = list(s.scalars(select(Instalment).where(Instalment.agreement_id == agreement.id)))
    assert [(i.due_date, i.amount) for i in rows] == [(date(2026, 3, 17), amount)]


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_sum_with_a_frequency_after_a_settlement_counter_is_still_a_plan(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    first, _then, _label, _amount = SETTLE[locale]
    chat.verify(accounts[locale])
    chat.say(first)
    monthly = {"en": "ok then 500 a month", "zh_CN": "那每月两千", "zh_TW": "那每個月一萬"}
    replies = chat.say(monthly[locale])
    assert [b.payload for b in replies[-1].buttons] == ["yes", "no"]
    assert {"en": "monthly payments", "zh_CN": "每月还", "zh_TW": "每月還"}[locale] in (
        replies[0].text
    )


@pytest.mark.parametrize(
    ("locale", "words", "said"),
    [
        ("en", "can I pay 3000 now?",
         "You owe $2,745.75 in all, so you don't need to pay more than that. The closest plan"
         " I can offer is: Pay $2,608.46 in full by Mar 17, 2026 (you save $137.29)."),
        ("zh_CN", "下周五先还一万二，剩下的月底还",
         "您的欠款一共是¥11,700.50，不用还这么多。我能提供的最接近的方案是："
         "在2026年3月20日前一次性还清¥11,115.47（可减免¥585.03）。"),
        ("zh_TW", "我可以繳五萬",
         "您的欠款一共是NT$49,000，不用繳這麼多。我能提供的最接近方案是："
         "在2026年3月17日前一次還清NT$46,550（可減免NT$2,450）。"),
    ],
)  # fmt: skip
def test_an_offer_of_more_than_is_owed_is_not_refused_as_too_little(
    chat: Chat, accounts: dict[str, Debtor], locale: str, words: str, said: str
) -> None:
    chat.verify(accounts[locale])
    replies = chat.say(words)
    assert replies[0].text == said
    chat.press(1)
    chat.say(YES[locale])
    assert _active_counts(chat) == [1]


@pytest.mark.parametrize(
    ("locale", "words", "answer", "again"),
    [
        ("en", "what happens if I pay a few days late?",
         "If a payment hasn't reached us 2 days after its due date",
         "Shall I record the plan? Please answer yes or no."),
        ("zh_CN", "如果我晚几天还会怎样？", "如果某一期在还款日后2天还没收到",
         "要为您登记这个方案吗？请回复“是”或“不是”。"),
        ("zh_TW", "如果我晚幾天繳會怎樣？", "如果某一期在繳款日後2天還沒收到",
         "要幫您登記這個方案嗎？請回覆「是」或「不是」。"),
    ],
)  # fmt: skip
def test_paying_a_few_days_late_asked_at_the_confirmation_is_answered(
    chat: Chat, accounts: dict[str, Debtor], locale: str, words: str, answer: str, again: str
) -> None:
    chat.verify(accounts[locale])
    chat.say("3")
    replies = chat.say(words)
    assert [r.text[: len(answer)] for r in replies] == [answer, again[: len(answer)]]
    assert replies[-1].text == again
    chat.say(YES[locale])
    assert _active_counts(chat) == [6]
