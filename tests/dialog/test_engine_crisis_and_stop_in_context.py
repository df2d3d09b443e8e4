"""Crisis and opt-out said the way debtors say them mid-negotiation, and what is neither.

* A crisis wrapped in payment talk: paying up before "leaving", not living to a later
  instalment, going in peace once it is paid. The debtor gets the crisis reply and an
  urgent person, whatever amount or plan the message also names.
* A stop said as a threat or a complaint ("call again and I'll call the police",
  "再发消息我就去银保监会投诉", "再傳訊息我就去金管會檢舉"): the opt-out is recorded.
* A plain goodbye at the end of a chat ("thanks, goodbye", "好的，再见", "先這樣，掰掰")
  gets no crisis reply; a farewell for good still does.
* "A lump sum and we call it settled" is a settlement offer, not a payment already made.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from bot.store.models import Escalation, OptOut
from bot.understanding.understand import Understander
from tests.dialog.conftest import Chat, Debtor

HOTLINE = {"en": "988", "zh_CN": "400-161-9995", "zh_TW": "1925"}
OPTED_OUT = {
    "en": "We won't send you any more messages",
    "zh_CN": "我们不会再在这里给您发消息",
    "zh_TW": "我們不會再在這裡傳訊息給您",
}


def _escalations(chat: Chat) -> list[str]:
    with chat.app.db.session() as s:
        return [e.reason for e in s.scalars(select(Escalation).order_by(Escalation.id))]


def _opt_outs(chat: Chat) -> list[str]:
    with chat.app.db.session() as s:
        return [o.source for o in s.scalars(select(OptOut))]


CRISIS_WITH_PAYMENT_TALK = [
    ("zh_CN", "我想在走之前把欠你们的钱都还上"),
    ("zh_CN", "等这笔还完我就能安心地走了"),
    ("zh_CN", "分六期也没用，我撑不到最后一期"),
    ("zh_CN", "先还三千吧，下个月的时候我应该已经不在了"),
    ("zh_CN", "把这两千还了，我也就了无牵挂了"),
    ("zh_TW", "我想在離開以前把帳都結清"),
    ("zh_TW", "繳完這筆，我就可以放心地走了"),
    ("zh_TW", "每月三千可以，反正我也熬不到還完的那天"),
    ("zh_TW", "先繳五千，走也要走得乾乾淨淨"),
    ("en", "i'd like to pay this off before i go, so my kids aren't stuck with it"),
    ("en", "put me on the 3 month plan, i won't be around for the last payment anyway"),
    ("en", "once this is paid i can finally rest in peace"),
    ("en", "i'll send 200 now. by the time the plan ends i won't be here"),
    ("en", "whatever is left you can take out of my estate"),
    ("zh_CN", "这期我先还了，今晚就要解脱了"),
    ("zh_TW", "錢我會還，只是真的好想一睡不醒"),
]


@pytest.mark.parametrize(("locale", "words"), CRISIS_WITH_PAYMENT_TALK)
def test_a_crisis_in_payment_talk_gets_the_crisis_reply_and_an_urgent_person(
    chat: Chat, accounts: dict[str, Debtor], locale: str, words: str
) -> None:
    chat.verify(accounts[locale])
    replies = chat.say(words)
    assert len(replies) == 1 and HOTLINE[locale] in replies[0].text
    assert _escalations(chat) == ["distress"]


STOP_AS_A_THREAT = [
    ("en", "text me one more time and i'm calling the police"),
    ("en", "if you contact me again i will report you to the cfpb"),
    ("en", "keep calling me and you'll be hearing from my lawyer"),
    ("zh_CN", "再打电话来我就报警"),
    ("zh_CN", "你们再发消息，我马上去银保监会投诉"),
    ("zh_CN", "再来烦我，我就打12378"),
    ("zh_TW", "再打來我就去報案"),
    ("zh_TW", "你們再傳訊息，我就去金管會檢舉"),
    ("zh_TW", "再聯絡我一次，我直接提告"),
]


@pytest.mark.parametrize(("locale", "words"), STOP_AS_A_THREAT)
def test_a_stop_said_as_a_threat_is_recorded_as_an_opt_out(
    chat: Chat, accounts: dict[str, Debtor], locale: str, words: str
) -> None:
    chat.verify(accounts[locale])
    replies = chat.say(words)
    assert OPTED_OUT[locale] in replies[0].text
    assert HOTLINE[locale] not in replies[0].text
    assert _opt_outs(chat) == ["typed"]


@pytest.mark.parametrize(
    ("locale", "plan", "goodbye"),
    [
        ("en", "3", "thanks, goodbye"),
        ("en", "3", "ok bye!"),
        ("en", "3", "alright, goodbye for now"),
        ("zh_CN", "3", "好的，再见"),
        ("zh_CN", "3", "谢谢，拜拜"),
        ("zh_TW", "3", "先這樣，掰掰"),
        ("zh_TW", "3", "好的謝謝，再見"),
    ],
)
def test_a_goodbye_at_the_end_of_a_chat_gets_no_crisis_reply(
    chat: Chat, accounts: dict[str, Debtor], locale: str, plan: str, goodbye: str
) -> None:
    chat.verify(accounts[locale])
    chat.say(plan)
    chat.press(1)  # yes, record it
    replies = chat.say(goodbye)
    assert all(HOTLINE[locale] not in r.text for r in replies)
    assert "distress" not in _escalations(chat)


@pytest.mark.parametrize(
    ("locale", "goodbye"),
    [
        ("en", "thank you, goodbye"),
        ("zh_CN", "拜拜"),
        ("zh_TW", "再見"),
    ],
)
def test_a_goodbye_at_the_plan_menu_gets_no_crisis_reply(
    chat: Chat, accounts: dict[str, Debtor], locale: str, goodbye: str
) -> None:
    chat.verify(accounts[locale])
    replies = chat.say(goodbye)
    assert all(HOTLINE[locale] not in r.text for r in replies)
    assert "distress" not in _escalations(chat)


@pytest.mark.parametrize(
    ("locale", "farewell"),
    [
        ("en", "this is goodbye forever, thank you for everything"),
        ("zh_CN", "再见了，这辈子就这样吧"),
        ("zh_TW", "永別了，謝謝你們這些年"),
    ],
)
def test_a_farewell_for_good_still_gets_the_crisis_reply(
    chat: Chat, accounts: dict[str, Debtor], locale: str, farewell: str
) -> None:
    chat.verify(accounts[locale])
    replies = chat.say(farewell)
    assert len(replies) == 1 and HOTLINE[locale] in replies[0].text
    assert _escalations(chat) == ["distress"]


# Balances: $2,745.75, ¥11,700.50, NT$49,000 (the default script settles from 80%).
SETTLEMENT_ASKED = {
    "en": (
        "i'll pay 2300 in one go and we call it settled, ok?",
        "Pay $2,300.00 by Mar 17, 2026 to settle the account in full",
    ),
    "zh_CN": (
        "我一次性还一万，就当结清了行吗",
        "在2026年3月17日前还¥10,000.00即可结清全部欠款",
    ),
    "zh_TW": (
        "我一次繳45000，就當結清了好嗎",
        "在2026年3月17日前繳NT$45,000即可結清全部欠款",
    ),
}


SETTLEMENT_ASKED_AGAIN = {
    "en": "would 2300 be enough to consider the account paid?",
    "zh_CN": "一万块一次给你们，从此互不相欠可以不",
    "zh_TW": "45000一次付，就算還完了好不好",
}


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_sum_treated_as_paying_it_all_is_a_settlement_offer(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    chat.verify(accounts[locale])
    assert SETTLEMENT_ASKED[locale][1] in chat.say(SETTLEMENT_ASKED_AGAIN[locale])[0].text


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_lump_sum_to_call_it_settled_is_a_settlement_offer(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    words, offered = SETTLEMENT_ASKED[locale]
    chat.verify(accounts[locale])
    assert offered in chat.say(words)[0].text


@pytest.mark.parametrize(
    ("words", "amount"),
    [("八千一次性，算还完了可以不", "8000"), ("一万块一次给你们", "10000"), ("我还八千一", "8100")],
)
def test_a_sum_said_before_at_once_is_that_sum(words: str, amount: str) -> None:
    heard = Understander().understand(
        words, locale="zh_CN", timezone="Asia/Shanghai", now=datetime(2026, 3, 10, tzinfo=UTC)
    )
    assert [a.value for a in heard.amounts] == [Decimal(amount)]


@pytest.mark.parametrize("words", ["END", "STOPALL", "Quit", "do not disturb"])
def test_the_carriers_opt_out_keywords_alone_are_an_opt_out(
    chat: Chat, accounts: dict[str, Debtor], words: str
) -> None:
    chat.verify(accounts["en"])
    assert OPTED_OUT["en"] in chat.say(words)[0].text
    assert _opt_outs(chat) == ["typed"]


def test_stop_as_wait_before_a_question_is_no_opt_out(
    chat: Chat, accounts: dict[str, Debtor]
) -> None:
    chat.verify(accounts["en"])
    replies = chat.say("wait, stop, which plan costs less in total?")
    assert all(OPTED_OUT["en"] not in r.text for r in replies)
    assert _opt_outs(chat) == []
