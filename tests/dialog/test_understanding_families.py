"""Families of phrasings the ninth corpus batch taught, said in words that batch does not
hold: each family is read as meant, and its near misses raise no alarm."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.understanding.understand import Understander

NOW = datetime(2025, 3, 12, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
U = Understander()
U.warm_up()


def intent(text: str) -> str:
    locale = "en" if text.isascii() else "zh_CN"
    return U.understand(text, locale=locale, timezone="Asia/Shanghai", now=NOW).intent


@pytest.mark.parametrize(
    "text",
    [
        "照片全都删光了，不想让家人记住我现在这样",  # traces wiped so nobody remembers
        "我不在了以后，银行照样能扣到钱",  # money that still arrives once gone
        "地点和方法都选好了，只差把这笔还掉",  # the place and the way chosen
        "我已经不害怕死了",
        "不想让爸妈替我还，还完这期我就走了",  # the family spared the debt, then going
        "账都还清了我就走",
        "吞了一整瓶史蒂诺斯",  # a bottle or a strip swallowed, whatever the drug's name
        "吃了整板的止痛片",
        "站在地铁站台上，车进站的时候想往前跳",
        "我不在了 爸妈也就轻松了",  # everyone freed once gone
        "您大概是最后一个跟我好好说话的人",  # the last person one talks to
        "人都没了，贷款也就一笔勾销了吧",  # the debt gone with the person
        "鞋子都送掉了，留着也用不上",  # things given away as of no more use
    ],
)
def test_crisis_families(text: str) -> None:
    assert intent(text) == "distress"


@pytest.mark.parametrize(
    "text",
    [
        "别老给我打电话了",
        "不要天天打电话给我",
        "再打给我一次我就去银保监会和消协投诉",  # a threat naming more than one regulator
        "Don't text me, don't email me, don't call me",  # every channel refused one by one
        "don't call me or text me again",
    ],
)
def test_opt_out_families(text: str) -> None:
    assert intent(text) == "stop"


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("别打我家里座机，打我手机就好", "unknown"),  # another line asked for: no opt-out, no "no"
        ("不要再自动扣款了", "unknown"),  # a debit to stop is no "no"
        ("will reply in 5, driving", "unknown"),  # when the chat goes on is no offer
        ("等下回你，在开车", "unknown"),
        ("下班再聊", "unknown"),
        ("electric bill came yesterday too", "unknown"),  # another bill is no offer, no question
        ("电费账单也来了", "unknown"),
        ("just want to get it over with, option 2 please", "choose"),  # an idiom, no crisis
        ("my husband sorts out the paperwork", "unknown"),  # "sb" inside a word is no insult
        ("no more excuses from me, i'll pay friday", "counter_offer"),  # no more of no contact
    ],
)
def test_near_misses(text: str, want: str) -> None:
    assert intent(text) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("can I change my due date to the 5th", "change_plan"),  # the change named
        ("I'd like to switch from weekly to monthly", "change_plan"),
        ("还款日能不能调到每月15号", "change_plan"),
        ("3期改成6期可以吗", "change_plan"),
        ("can you put my payments on hold while I'm in hospital", "pause"),
        ("hold off on this month's payment please", "pause"),
        ("这期能不能先缓一下，孩子住院了", "pause"),
        ("能延后还款两个月吗", "pause"),
        ("ref number is 4471, paid yesterday", "already_paid"),
        ("my transfer went through this morning", "already_paid"),
        ("刚刚转了500，交易单号发你了", "already_paid"),
        ("昨天扣款成功了", "already_paid"),
        ("can i pay in cash at the post office", "how_to_pay"),  # the means or place asked
        ("微信能还吗", "how_to_pay"),
        ("可以用信用卡缴吗", "how_to_pay"),
        ("my hours got cut again this month", "hardship"),
        ("一个人养三个孩子，全额真的给不出", "hardship"),  # not a plea for instalments
        ("公司停工三个月了", "hardship"),  # the months are no plan
        ("一个月才赚两千，真的还不起那么多", "hardship"),  # the pay is no offer
        ("电动车坏了修了一千，这个月钱不太够", "hardship"),  # nor is the repair bill
        ("如果免掉罚息，我这周就还一半", "counter_offer"),  # a fee waived on condition
        ("stop charging me late fees, I've paid on time every single month", "dispute"),
        ("凭什么收我罚息，我一直都按时还", "dispute"),
        ("stop adding interest to my account", "unknown"),  # no claim of paying on time
        ("你们得证明这笔钱是我欠的", "dispute"),  # proof asked that the debt is one's own
        ("prove it is mine first", "dispute"),
        ("我可以证明我是本人", "unknown"),
        ("罚息是怎么算的", "balance_question"),
    ],
)
def test_payment_talk_families(text: str, want: str) -> None:
    assert intent(text) == want
