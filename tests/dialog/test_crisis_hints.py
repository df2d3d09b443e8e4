"""Crises hinted at, in words other than the eighteenth batch's: each warning sign of
bot/understanding/crisis_hints.py said another way is still a crisis, and its everyday
look-alike is not. ("I won't be around friday, can we do monday" stays a crisis reading:
letting it go cost a crisis of the unread sets.)"""

from __future__ import annotations

import pytest

from bot.understanding.understand import Understander
from tests.dialog.test_refused_amounts import read


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("en", "what happens to the loan if i die? asking for myself"),
        ("en", "sitting up on the roof of the car park, it's quiet up here"),
        ("en", "gonna walk into the sea tonight and not come back"),
        ("en", "you can close it once you hear i'm gone"),
        ("en", "paying the last bit friday. i won't be around much longer"),
        ("en", "please don't try to talk me out of it, i've made up my mind"),
        ("en", "cut my wrist with a razor so i'd feel something. how much is left?"),
        ("zh_CN", "我要是死了这钱谁还，问问，应该很快就用得上"),
        ("zh_CN", "坐在江边，下面的水好深好安静"),
        ("zh_CN", "狗狗交给我弟了，东西也都捐了，就剩你们这笔"),
        ("zh_TW", "剛跟我爸說謝謝他把我拉扯大 他什麼都不知道"),
        ("zh_TW", "好幾天沒睡了，睡不睡都一樣"),
        ("zh_CN", "喝点酒壮壮胆，今晚就动手"),
        ("zh_TW", "別勸我了 我已經決定了"),
    ],
)
def test_a_crisis_hinted_at_is_a_crisis(understander: Understander, locale: str, text: str) -> None:
    assert read(understander, locale, text).intent == "distress"


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("en", "what happens to a debt if the borrower dies? sorting out my aunt's estate"),
        ("en", "i'll be on the roof fixing the gutters all day, text me after 5"),
        ("zh_CN", "我明年去国外读书，到时候怎么还款"),
        ("zh_TW", "我在處理我外公的遺產，想問這筆怎麼辦"),
    ],
)
def test_its_look_alikes_are_not(understander: Understander, locale: str, text: str) -> None:
    assert read(understander, locale, text).intent != "distress"
