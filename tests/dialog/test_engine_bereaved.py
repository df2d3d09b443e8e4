"""A relative telling us the account holder has died ("my husband passed away last week,
this was his card", 我先生上個月過世了，這是他的卡) is not the debtor: condolences (the
script's ``wrong_person_bereaved``), no plans offered, no further messages; a debtor who
tells of a death in the family and their own hardship still hears the smaller plans.
A death told alone, in the words people use (走了, "passed"), hears condolences before the
smaller plans. Default script, every language, before and after verification."""

from __future__ import annotations

import pytest

from bot.store.db import Database
from tests.dialog.conftest import Debtor
from tests.dialog.test_engine_after_agreement import _active, _agree

TOLD = {
    "en": "my husband passed away last week. this was his card",
    "zh_CN": "我爸已经去世了，这是他的贷款",
    "zh_TW": "我先生上個月過世了，這是他的卡",
}
SORRY = {"en": "I'm so sorry for your loss", "zh_CN": "请节哀", "zh_TW": "請節哀"}
NOTHING_TO_DO = {"en": "You don't have to do anything", "zh_CN": "您什么都不用做",
                 "zh_TW": "您什麼都不用做"}  # fmt: skip
OWN = {
    "en": ("my dad died last month and I lost my job so I cant pay much",
           "Here are plans with smaller payments"),
    "zh_CN": ("我爸去世了，我最近手头很紧", "更低"),
    "zh_TW": ("我爸過世了，最近手頭很緊", "更低"),
}  # fmt: skip


@pytest.mark.parametrize("verified", [False, True])
@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_relative_reporting_a_death_hears_condolences_and_no_plans(
    new_chat, accounts: dict[str, Debtor], locale: str, verified: bool
) -> None:  # type: ignore[no-untyped-def]
    chat = new_chat(f"bereaved-{locale}-{verified}")
    if verified:
        chat.verify(accounts[locale])
    else:
        chat.start(accounts[locale].ref, locale=locale)
    replies = chat.say(TOLD[locale])
    assert SORRY[locale] in replies[0].text, [r.text for r in replies]
    assert not any(r.buttons for r in replies)  # no plans, no menu


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_death_told_with_ones_own_hardship_still_gets_smaller_plans(
    new_chat, accounts: dict[str, Debtor], locale: str
) -> None:  # type: ignore[no-untyped-def]
    chat = new_chat(f"own-{locale}")
    chat.verify(accounts[locale])
    words, plans = OWN[locale]
    said = " ".join(r.text for r in chat.say(words))
    assert NOTHING_TO_DO[locale] not in said  # not taken for a relative telling of a death
    assert plans in said or len(chat.buttons) >= 2, said


# A death in the family told and nothing else, in the words people use (走了 "went", "passed"
# without "away"): condolences, then the smaller plans; a plan already agreed stays in force.
LOSS = {
    "en": "my grandpa passed on friday and i can't think straight",
    "zh_CN": "我外婆昨晚走了，脑子一团乱",
    "zh_TW": "我阿嬤前幾天走了 整個人很亂",
}
CONDOLENCES = {
    "en": "I'm so sorry for your loss.",
    "zh_CN": "请节哀，也请照顾好自己。",
    "zh_TW": "請節哀，也請好好照顧自己。",
}


@pytest.mark.parametrize("agreed", [False, True])
@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_loss_told_alone_hears_condolences_then_smaller_plans(
    new_chat, accounts: dict[str, Debtor], db: Database, locale: str, agreed: bool
) -> None:  # type: ignore[no-untyped-def]
    chat = new_chat(f"loss-{locale}-{agreed}")
    if agreed:
        _agree(chat, accounts[locale])
    else:
        chat.verify(accounts[locale])
    before = _active(db)
    replies = chat.say(LOSS[locale])
    assert replies[0].text.startswith(CONDOLENCES[locale]), [r.text for r in replies]
    assert [b.payload for b in replies[-1].buttons][:2] == ["choose:1", "choose:2"]
    assert _active(db) == before  # nothing agreed is undone by telling us
    assert len(before) == (1 if agreed else 0)
