"""Misreadings found by a third read of stressed debtors' conversations (a helper playing
them on the demo), in other words than the ones they were found with: a payment just made
is a payment claimed, not an offer to pay again; a question about who we will contact, a
plan no longer affordable, a trip away, "shoot me the link" are no crisis; a slip taken back
("stop, wrong option"), messages that stop once paid, a fee opted out of, calls during work
hours only and "don't call, a message is fine" are no opt-out; a death told with 走了 or
"passed", or a funeral seen to, is bereavement, not a crisis."""

from __future__ import annotations

import pytest

from bot.understanding.understand import Understander
from tests.dialog.test_refused_amounts import read


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("en", "already paid you the 457.62 this morning, can you check"),
        ("en", "just transferred $915.25, pls confirm you got it"),
        ("zh_CN", "刚刚转了三千九，你们查一下"),
        ("zh_TW", "我剛匯了4083 麻煩確認一下"),
    ],
)
def test_a_sum_just_paid_is_a_payment_claimed(
    understander: Understander, locale: str, text: str
) -> None:
    assert read(understander, locale, text).intent == "already_paid"


@pytest.mark.parametrize(
    ("locale", "text", "alarm"),
    [
        ("en", "will you guys be calling my husband about this??", "distress"),
        ("en", "got laid off last week so i cant afford these payments anymore", "distress"),
        ("en", "shoot me the details for a bank transfer please", "distress"),
        ("zh_CN", "我下个月就走了，去外地出差，回来再说", "distress"),
        ("zh_TW", "下禮拜就走了 要出國唸書 之後怎麼繳", "distress"),
        ("en", "stop, sorry, i meant the second one", "stop"),
        ("en", "if i pay it all today will the reminders stop?", "stop"),
        ("en", "can i opt out of paper statements", "stop"),
        ("en", "don't call me while i'm at work please, the chat here is fine", "stop"),
        ("zh_CN", "别往我公司打电话，有事发微信就行", "stop"),
        ("zh_TW", "不要再打電話來了，有事傳LINE就好", "stop"),
        ("zh_CN", "你们会不会去找我单位", "stop"),
    ],
)
def test_look_alikes_raise_no_alarm(
    understander: Understander, locale: str, text: str, alarm: str
) -> None:
    assert read(understander, locale, text).intent != alarm


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("en", "my nan passed on tuesday"),
        ("zh_CN", "我姥姥前阵子走了，最近都在忙她的丧事"),
        ("zh_TW", "我阿公昨晚走了"),
    ],
)
def test_a_death_in_the_family_is_bereavement_not_a_crisis(
    understander: Understander, locale: str, text: str
) -> None:
    said = read(understander, locale, text)
    assert said.intent != "distress"
    assert "bereavement" in said.circumstances


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("zh_TW", "我阿嬤走了 我也想跟她一起走"),
        ("zh_CN", "把自己的后事都交代好了"),
        ("en", "my mum passed and i don't want to be here without her"),
    ],
)
def test_following_the_dead_is_still_a_crisis(
    understander: Understander, locale: str, text: str
) -> None:
    assert read(understander, locale, text).intent == "distress"
