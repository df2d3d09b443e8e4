"""Questions about credit reports ("will this tank my credit score?", 会不会上征信, 會影響聯徵嗎)
are answered from the script's ``credit_report`` topic: what decides it, that the bot cannot
see or change a report, how to reach a person; then only the short question again. Before
verification nothing is said about a debt; the answer follows the verification. Default
script, every language. The phrasings are the ones the triggers were tuned on; other
writers' phrasings are scored in tests/dialog/faq_heldout.yaml."""

from __future__ import annotations

import pytest

from tests.dialog.conftest import Debtor
from tests.dialog.faq_answers import answered_after_verification, answered_then_short_question

ASKED = {
    "en": [
        "is this gonna tank my credit score?",
        "If I miss a couple payments will it show up on Experian or Equifax?",
        "am i going to be blacklisted for this or what",
        "does this go on my record? I'm trying to get a car loan next year",
        "If I settle for less, do you guys still report it to the bureaus?",
    ],
    "zh_CN": [
        "这个逾期会不会上征信啊",
        "我要是晚还几天，会影响我的个人信用报告吗？",
        "会不会被拉进黑名单啊，以后还能贷款买房吗",
        "请问人行那边会留记录吗",
        "没按时还的话信用会不会有污点，以后查得到吗",
    ],
    "zh_TW": [
        "這樣會不會被報聯徵啊",
        "請問遲繳會影響我的信用紀錄嗎？",
        "會不會留下不良紀錄，之後還能辦信用卡嗎😥",
        "聯合徵信中心那邊查得到這筆嗎",
        "我怕信用分數被打掉，以後房貸會不會過不了",
    ],
}
# The answer names the creditor, says what the bot cannot do and how to reach a person.
ANSWER = {
    "en": ["depends on your agreement with Example Bank", "can't see or change",
           "talk to a person"],
    "zh_CN": ["取决于您与Example Bank签订的合同", "看不到，也不能修改", "转人工"],
    "zh_TW": ["取決於您與範例銀行簽訂的契約", "看不到，也無法修改", "找真人"],
}  # fmt: skip


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_credit_question_is_answered_then_only_the_short_question(
    new_chat, accounts: dict[str, Debtor], locale: str
) -> None:  # type: ignore[no-untyped-def]
    answered_then_short_question(
        new_chat, accounts[locale], locale, ASKED[locale], ANSWER[locale], "credit"
    )


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_before_verification_the_credit_answer_waits_for_the_identity_check(
    new_chat, accounts: dict[str, Debtor], locale: str
) -> None:  # type: ignore[no-untyped-def]
    answered_after_verification(
        new_chat, accounts[locale], locale, ASKED[locale][0], ANSWER[locale], "credit"
    )


@pytest.mark.parametrize(
    ("locale", "words"),
    [
        ("en", "money's tight and I can't pay this month, will it hurt my credit score?"),
        ("zh_CN", "这个月手头紧还不上，会不会上征信？"),
        ("zh_TW", "這個月手頭很緊繳不出來，會不會影響聯徵？"),
    ],
)
def test_a_credit_question_beside_hardship_is_answered_as_the_question(
    new_chat, accounts: dict[str, Debtor], locale: str, words: str
) -> None:  # type: ignore[no-untyped-def]
    """The topic's asked_over: the hardship said beside it does not hide the question."""
    chat = new_chat(f"credit-hardship-{locale}")
    chat.verify(accounts[locale])
    replies = chat.say(words)
    assert all(part in replies[0].text for part in ANSWER[locale]), [r.text for r in replies]
