"""Three things a frightened debtor asks that are no opt-out, no crisis and no dispute:
whether we will contact their family or employer ("are you going to contact my family?",
你们会联系我家人吗: answered by the neutral ``third_parties`` topic, before verification
too; "will you stop calling my mother?" is answered the same way and the debtor's own chat
goes on, with no opt-out of it), an apology for an outburst
(对不起，我刚才太激动了: no apology needed, not the crisis line), and how much and when, asked
again once a plan runs (我要繳多少？什麼時候？). Default script, every language."""

from __future__ import annotations

import pytest

from tests.dialog.conftest import Debtor
from tests.dialog.test_engine_faq import SEES
from tests.dialog.test_engine_neutral import DEBT_WORDS

FAMILY = {
    "en": ["are you going to contact my family?", "will you call my employer or my family?"],
    "zh_CN": ["你们会联系我家人吗", "你们会不会打电话给我爸妈和单位？"],
    "zh_TW": ["你們會不會打電話到我公司或我家人？", "你們會通知我爸媽嗎"],
}
ONLY_YOU = {"en": "We discuss this matter only with you", "zh_CN": "这件事我们只和您本人沟通",
            "zh_TW": "這件事我們只和您本人溝通"}  # fmt: skip
STOP_THEM = {"en": "will you stop calling my mother?", "zh_CN": "你们能不能别再联系我家人了",
             "zh_TW": "可以不要再打給我媽了嗎"}  # fmt: skip
OPTED_OUT = {
    "en": "We won't send you any more messages here",
    "zh_CN": "我们不会再在这里给您发消息",
    "zh_TW": "我們不會再在這裡傳訊息給您",
}
SORRY = {"en": "sorry for being so rude earlier", "zh_CN": "对不起，我刚才太激动了",
         "zh_TW": "對不起，我剛剛太激動了"}  # fmt: skip
NO_NEED = {"en": "No need to apologise", "zh_CN": "没关系，不用道歉", "zh_TW": "沒關係，不用道歉"}
HOTLINE = {"en": "988", "zh_CN": "400-161-9995", "zh_TW": "1925"}


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_contact_of_family_or_work_asked_is_answered_before_and_after_verification(
    new_chat, accounts: dict[str, Debtor], locale: str
) -> None:  # type: ignore[no-untyped-def]
    first, second = FAMILY[locale]
    chat = new_chat(f"family-{locale}")
    chat.start(accounts[locale].ref, locale=locale)
    said = " ".join(r.text for r in chat.say(first))
    assert ONLY_YOU[locale] in said and DEBT_WORDS.search(said.lower()) is None, said
    chat.say(accounts[locale].dob)
    offered = [b.label for b in chat.buttons]
    replies = chat.say(second)
    assert ONLY_YOU[locale] in replies[0].text, replies[0].text
    assert replies[1].text.startswith(SEES[locale]["again"])
    assert [b.label for b in chat.buttons] == offered  # not opted out: the options stand
    assert not any(OPTED_OUT[locale] in r.text for r in replies)


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_asking_to_stop_contacting_family_is_answered_and_the_chat_goes_on(
    new_chat, accounts: dict[str, Debtor], locale: str
) -> None:  # type: ignore[no-untyped-def]
    chat = new_chat(f"family-stop-{locale}")
    chat.verify(accounts[locale])
    offered = [b.label for b in chat.buttons]
    replies = chat.say(STOP_THEM[locale])
    assert ONLY_YOU[locale] in replies[0].text, [r.text for r in replies]
    assert not any(OPTED_OUT[locale] in r.text for r in replies)
    assert [b.label for b in chat.buttons] == offered


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_an_apology_for_an_outburst_is_no_crisis(
    new_chat, accounts: dict[str, Debtor], locale: str
) -> None:  # type: ignore[no-untyped-def]
    chat = new_chat(f"sorry-{locale}")
    chat.verify(accounts[locale])
    replies = chat.say(SORRY[locale])
    assert NO_NEED[locale] in replies[0].text, [r.text for r in replies]
    assert not any(HOTLINE[locale] in r.text for r in replies)
    assert replies[1].text.startswith(SEES[locale]["again"])


@pytest.mark.parametrize(
    ("locale", "words", "told"),
    [
        ("zh_TW", "我要繳多少？什麼時候？", "您下一期要繳NT$46,550，繳款日是2026年3月17日"),
        ("zh_TW", "我忘記了，可以再說一次嗎", "您下一期要繳NT$46,550"),
        ("zh_CN", "我要还多少？什么时候还？", "2026年3月17日"),
    ],
)
def test_how_much_and_when_asked_again_once_a_plan_runs(
    new_chat, accounts: dict[str, Debtor], locale: str, words: str, told: str
) -> None:  # type: ignore[no-untyped-def]
    chat = new_chat(f"again-{locale}-{len(words)}")
    chat.verify(accounts[locale])
    chat.say("1")
    chat.say("是")
    assert told in chat.say(words)[0].text
