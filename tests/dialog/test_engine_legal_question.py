"""Frightened questions about legal steps ("are you going to sue me?", 会不会被抓去坐牢,
你們會告我嗎) are answered from the script's ``legal_action`` topic: no threat, that being
unable to pay is no crime, that what may happen depends on the agreement and the law, how
to reach a person, and the way forward; then only the short question again. A question
about legal steps that also says the debtor cannot pay, or names a number of months, is
still that question (the topic's ``asked_over``); one that offers an amount is an offer.
Before verification nothing is said about a debt. Default script, every language. These
phrasings are the ones the triggers were written and tuned on; a second writer's are in
tests/dialog/faq_heldout.yaml."""

from __future__ import annotations

import pytest

from tests.dialog.conftest import Debtor
from tests.dialog.faq_answers import answered_after_verification, answered_then_short_question

ASKED = {
    "en": [
        "are you going to sue me?",
        "will you take me to court over this",
        "If I can't pay this month will I get taken to court",
        "can i go to jail for not paying a credit card",
        "will this end up as a court judgment on my record or what",
    ],
    "zh_CN": [
        "你们会起诉我吗？",
        "逾期了三个月，会不会被抓去坐牢啊😭",
        "听说欠钱不还会被列入失信被执行人，是真的吗？那我以后还能坐高铁吗",
        "会不会冻结我的银行卡，我工资卡就那一张",
        "我现在真的没钱，你们会走法律程序吗",
    ],
    "zh_TW": [
        "你們會告我嗎？",
        "請問如果這個月還是繳不出來，會不會收到法院的支付命令？",
        "會不會扣我薪水啊…公司知道的話我就完了",
        "欠卡債會被抓去關嗎 我很怕😢",
        "我的戶頭會被凍結嗎？房租下禮拜要扣款",
    ],
}
# No threat, no crime, who decides, how to reach a person.
ANSWER = {
    "en": ["not here to threaten you", "not a crime", "depends on your agreement and the law",
           "talk to a person"],
    "zh_CN": ["不是来威胁您的", "并不是犯罪", "取决于您签订的合同和相关法律规定", "转人工"],
    "zh_TW": ["不是來威脅您的", "並不是犯罪", "取決於您簽訂的契約和相關法規", "找真人"],
}  # fmt: skip


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_legal_question_is_answered_then_only_the_short_question(
    new_chat, accounts: dict[str, Debtor], locale: str
) -> None:  # type: ignore[no-untyped-def]
    answered_then_short_question(
        new_chat, accounts[locale], locale, ASKED[locale], ANSWER[locale], "legal"
    )


@pytest.mark.parametrize(
    ("locale", "words"),
    [
        ("en", "I lost my job and they already took me to court once"),
        ("zh_CN", "我失业了，上个月还被法院传过一次"),
    ],
)
def test_a_statement_or_an_offer_beside_legal_words_is_not_answered_as_the_question(
    new_chat, accounts: dict[str, Debtor], locale: str, words: str
) -> None:  # type: ignore[no-untyped-def]
    chat = new_chat(f"legal-not-{locale}-{len(words)}")
    chat.verify(accounts[locale])
    replies = chat.say(words)
    assert not any(ANSWER[locale][0] in r.text for r in replies), [r.text for r in replies]


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_before_verification_the_legal_answer_waits_for_the_identity_check(
    new_chat, accounts: dict[str, Debtor], locale: str
) -> None:  # type: ignore[no-untyped-def]
    answered_after_verification(
        new_chat, accounts[locale], locale, ASKED[locale][0], ANSWER[locale], "legal"
    )
