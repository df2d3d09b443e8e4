""" "And then what?" (然后呢, 接下來呢) is answered with the next step from where the chat
stands: choosing a plan while plans are offered (after a pause too), yes or no while a plan
waits to be confirmed (the answer's ``_in_confirm`` variant), the next payment (the
payment, for a plan of one) and its reminder once a plan runs; then only the short
question again. Default script, every language."""

from __future__ import annotations

import pytest

from bot.scripts.checks import CheckOptions, review
from tests.dialog.conftest import Debtor
from tests.dialog.test_faq_script import OPTIONS, _edit, _line

ASK = {"en": ["and then what?", "what happens next", "ok, what now?"],
       "zh_CN": ["然后呢", "接下来呢？", "那之后呢"],
       "zh_TW": ["然後呢？", "接下來呢", "那之後呢"]}  # fmt: skip
PAUSE = {"en": "can I pause payments for a month?", "zh_CN": "能不能先停一个月",
         "zh_TW": "可以先暫停一個月嗎"}  # fmt: skip
YES = {"en": "yes", "zh_CN": "是", "zh_TW": "是"}
# What each answer says, by where the chat stands.
OFFERED = {"en": "choose the plan that suits you", "zh_CN": "请选一个适合您的方案",
           "zh_TW": "請選一個適合您的方案"}  # fmt: skip
CONFIRMING = {"en": "reply \"yes\" to record this plan", "zh_CN": "回复“是”就登记这个方案",
              "zh_TW": "回覆「是」就登記這個方案"}  # fmt: skip
# Plan 1 is one payment: that payment, not a "next" (下一期) one of many.
RUNNING = {"en": "Your payment of $2,608.46 is due on Mar 17, 2026",
           "zh_CN": "这笔款项¥11,115.47的到期日是2026年3月17日",
           "zh_TW": "這筆款項NT$46,550的到期日是2026年3月17日"}  # fmt: skip


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_what_next_follows_where_the_chat_stands(
    new_chat, accounts: dict[str, Debtor], locale: str
) -> None:  # type: ignore[no-untyped-def]
    for i, words in enumerate(ASK[locale]):
        chat = new_chat(f"next-{locale}-{i}")
        chat.verify(accounts[locale])
        chat.say(PAUSE[locale])  # plans offered after a month's pause
        offered = [b.label for b in chat.buttons]
        replies = chat.say(words)
        assert OFFERED[locale] in replies[0].text, (words, replies[0].text)
        assert [b.label for b in chat.buttons] == offered
        chat.say("1")
        replies = chat.say(words)
        assert CONFIRMING[locale] in replies[0].text, (words, replies[0].text)
    chat = new_chat(f"next-plan-{locale}")
    chat.verify(accounts[locale])
    chat.say("1")
    chat.say(YES[locale])
    replies = chat.say(ASK[locale][0])
    assert RUNNING[locale] in replies[0].text, replies[0].text


def test_a_state_variant_must_name_a_state_of_the_script() -> None:
    old = '  faq_what_next_in_confirm: "'
    source = _edit(old, '  faq_what_next_in_confirmed: "')
    found = review(source, OPTIONS, "collections.yaml")
    said = ("faq topic 'what_next': prompt 'faq_what_next_in_confirmed' names state "
            "'confirmed', which the script does not have")  # fmt: skip
    assert said in [p.message for p in found.problems]
    assert _line(source, "    answer: faq_what_next") in [p.line for p in found.problems]
    assert review(_edit(old, old), CheckOptions(locales_dir=OPTIONS.locales_dir)).ok
