"""A doubt about who writes ("is this a scam?", 你们是不是骗子, 這是詐騙嗎) is answered from the
script's ``legitimacy`` topic, before verification too: be careful, who we are (the neutral
sender), what we never ask for, how to check on one's own, how to reach a person. It is no
dispute (collection is not paused, nobody is told a colleague checks the debt) and no
insult. "This is a scam, I never borrowed anything", said and not asked, is still a dispute.
The phrasings are the ones the topic was written and tuned on; a fourth writer's are held
out in tests/dialog/faq_heldout_legitimacy.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest
from ruamel.yaml import YAML

from bot.scripts.faq import FaqMatcher
from bot.scripts.script import load_script
from bot.understanding.normalize import fold
from tests.dialog.conftest import Debtor
from tests.dialog.test_engine_neutral import DEBT_WORDS

ROOT = Path(__file__).resolve().parents[2]
ASKED = {
    "en": [
        "is this a scam?",
        "How do I know you're actually from the bank and not a scammer?",
        "ngl this feels kinda sus 🤨 is this legit or just a scam bot?",
        "Sorry to be suspicious, but there have been a lot of fake collection calls round here "
        "lately. Are you genuinely authorised to act for the bank?",
        "is this legit?? my bank has never texted me like this lol 🤔",
    ],
    "zh_CN": [
        "你们是不是诈骗？",
        "你们不会是骗子吧😅",
        "怎么证明你们真的是平台的人？现在骗子太多了",
        "凭什么让我相信你是平台官方的？能不能给个官方客服电话，我自己打过去问",
        "这个是真的假的啊 不会是钓鱼连接吧 你们正规吗咋查",
    ],
    "zh_TW": [
        "這是詐騙嗎？",
        "你們是詐騙集團嗎？",
        "最近詐騙很多欸，我要怎麼知道你們不是假冒的",
        "阿伯看不太懂啦，現在詐騙集團很多，你們真的是銀行派來的喔？我要不要先問我兒子",
        "這個連結可以點嗎？網址看起來怪怪的，跟官網不太一樣",
    ],
}
ANSWER = {
    "en": ["right to be careful", "This is Customer Care", "never ask you for a password",
           "talk to a person"],
    "zh_CN": ["谨慎一点是对的", "这里是客户服务中心", "绝不会向您索要密码", "转人工"],
    "zh_TW": ["謹慎一點是對的", "這裡是客戶服務中心", "絕不會向您索取密碼", "找真人"],
}  # fmt: skip
# The balance, said once the identity is checked: nothing was paused.
OWED = {"en": "You owe $2,745.75", "zh_CN": "欠款共¥11,700.50", "zh_TW": "欠款共NT$49,000"}
DISPUTED = {
    "en": ("this is a scam, I never borrowed anything", "paused collection"),
    "zh_CN": ("你们就是诈骗，我根本没借过钱", "催收我已经先暂停"),
    "zh_TW": ("你們是詐騙集團，我從來沒借過", "催收我已經先暫停"),
}


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_doubt_before_verification_is_answered_and_the_check_goes_on(
    new_chat, accounts: dict[str, Debtor], locale: str
) -> None:  # type: ignore[no-untyped-def]
    for i, words in enumerate(ASKED[locale]):
        chat = new_chat(f"doubt-{locale}-{i}")
        chat.start(accounts[locale].ref, locale=locale)
        asked = chat.text()
        replies = chat.say(words)
        said = " ".join(r.text for r in replies)
        assert all(part in said for part in ANSWER[locale]), (words, said)
        assert DEBT_WORDS.search(said.lower()) is None, said
        assert replies[-1].text == asked.splitlines()[-1]  # the identity question again
        chat.say(accounts[locale].dob)
        assert OWED[locale] in chat.text()  # verified; nothing paused


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_doubt_said_with_a_denial_is_still_a_dispute(
    new_chat, accounts: dict[str, Debtor], locale: str
) -> None:  # type: ignore[no-untyped-def]
    chat = new_chat(f"doubt-dispute-{locale}")
    chat.verify(accounts[locale])
    words, paused = DISPUTED[locale]
    replies = chat.say(words)
    assert any(paused in r.text for r in replies), [r.text for r in replies]
    assert not any(ANSWER[locale][0] in r.text for r in replies)


def test_held_out_doubts_find_the_topic_at_least_as_at_first_sight() -> None:
    held = YAML(typ="safe").load(
        (ROOT / "tests" / "dialog" / "faq_heldout_legitimacy.yaml").read_text(encoding="utf-8")
    )["topics"]["legitimacy"]
    matcher = FaqMatcher(load_script(ROOT / "dialogs" / "collections.yaml").faq)
    found = [
        w for ws in held.values() for w in ws
        if (t := matcher.match(fold(w).text)) is not None and t.name == "legitimacy"
    ]  # fmt: skip
    assert len(found) >= 20  # of 24 at first sight: a floor, not the goal
