"""A relative telling us the account holder has died ("my husband passed away last week,
this was his card", 我先生上個月過世了，這是他的卡) is not the debtor: condolences (the
script's ``wrong_person_bereaved``), no plans offered, no further messages; a debtor who
tells of a death in the family and their own hardship still hears the smaller plans.
Default script, every language, before and after verification."""

from __future__ import annotations

import pytest

from tests.dialog.conftest import Debtor

TOLD = {
    "en": "my husband passed away last week. this was his card",
    "zh_CN": "我爸已经去世了，这是他的贷款",
    "zh_TW": "我先生上個月過世了，這是他的卡",
}
SORRY = {"en": "I'm so sorry for your loss", "zh_CN": "请节哀", "zh_TW": "請節哀"}
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
    assert SORRY[locale] not in said
    assert plans in said or len(chat.buttons) >= 2, said
