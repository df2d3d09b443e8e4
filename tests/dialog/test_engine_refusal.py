"""A debtor who says they will not pay ("I won't pay anything", 我不还了，你们爱怎么样怎么样,
我不還了) is heard without pressure or threat and told what could help: a colleague looks into
anything that seems wrong with the debt or its charges, smaller payments are there; then only
the short question again. Said in anger it is no crisis (it raised the crisis line, a helpline
and a hand-over), and asking what happens if one does not pay (如果我不还会怎么样？) is the
missed-payment question, not a crisis either. Before verification nothing is said about a
debt. Default script, every language."""

from __future__ import annotations

import pytest

from tests.dialog.conftest import Debtor
from tests.dialog.faq_answers import answered_after_verification, answered_then_short_question

REFUSED = {
    "en": ["I wont pay anything", "I won't pay anything until the fees are gone",
           "im not paying a cent of this"],
    "zh_CN": ["我不还了，你们爱怎么样怎么样", "一分钱都不会还给你们", "我不想还了"],
    "zh_TW": ["我不還了，你們愛怎樣就怎樣", "一毛錢都不會還", "我不打算還了"],
}  # fmt: skip
ANSWER = {
    "en": ["won't pressure you", "a colleague will look into it", "smaller payments"],
    "zh_CN": ["我不会逼您", "会有同事帮您核查", "每期更少的方案"],
    "zh_TW": ["我不會逼您", "會有同事幫您查證", "每期更少的方案"],
}
WHAT_IF = {
    "en": "what happens if I don't pay?",
    "zh_CN": "如果我不还会怎么样？",
    "zh_TW": "如果我不還會怎樣？",
}
# The missed-payment answer: a reminder comes, and what can be done then.
MISSED = {"en": "I'll remind you here", "zh_CN": "提醒您", "zh_TW": "提醒您"}
CRISIS = {"en": "988", "zh_CN": "热线", "zh_TW": "專線"}


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_refusal_to_pay_is_heard_without_pressure_then_the_short_question(
    new_chat, accounts: dict[str, Debtor], locale: str
) -> None:  # type: ignore[no-untyped-def]
    answered_then_short_question(
        new_chat, accounts[locale], locale, REFUSED[locale], ANSWER[locale], "refusal"
    )


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_refusal_before_verification_says_nothing_about_a_debt(
    new_chat, accounts: dict[str, Debtor], locale: str
) -> None:  # type: ignore[no-untyped-def]
    answered_after_verification(
        new_chat, accounts[locale], locale, REFUSED[locale][0], ANSWER[locale], "refusal"
    )


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_what_happens_if_i_dont_pay_is_the_missed_payment_question_not_a_crisis(
    new_chat, accounts: dict[str, Debtor], locale: str
) -> None:  # type: ignore[no-untyped-def]
    chat = new_chat(f"what-if-{locale}")
    chat.verify(accounts[locale])
    text = "\n".join(r.text for r in chat.say(WHAT_IF[locale]))
    assert MISSED[locale] in text and CRISIS[locale] not in text, text
