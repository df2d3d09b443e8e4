"""Paying every two weeks, as debtors write it ("400 every second week", 每隔两个礼拜还两千,
兩週繳一次、一次一萬, 隔週還八千) is a plan of payments every two weeks, not a monthly one; a
lender whose policy allows only monthly payments says so, naming what it allows, and offers
the closest monthly plan. Default script (and that script with monthly payments only),
every language, SQLite and PostgreSQL. The clock is Tuesday 10 March 2026.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from bot.app import App
from bot.config import Settings
from tests.dialog.conftest import Chat, Clock, Debtor

EVERY_TWO_WEEKS = {
    "en": [("I could manage 400 every second week", "payments every two weeks of $400.00"),
           ("bi weekly payments of 500 would work", "payments every two weeks of $500.00")],
    "zh_CN": [("我每隔两个礼拜还两千", "每两周还¥2,000.00"),
              ("两周还一次，每次三千块", "每两周还¥3,000.00")],
    "zh_TW": [("兩週繳一次，一次一萬", "每兩週還NT$10,000"),
              ("隔週還八千可以嗎", "每兩週還NT$8,000")],
}  # fmt: skip
# The first two payments of each plan: 14 days apart.
FIRST_TWO = {
    "en": ["Mar 17, 2026", "Mar 31, 2026"],
    "zh_CN": ["2026年3月17日", "2026年3月31日"],
    "zh_TW": ["2026年3月17日", "2026年3月31日"],
}
ONLY_MONTHLY = {
    "en": "I can't agree to that: payments can only be monthly.",
    "zh_CN": "这个方案我无法同意：只能按每月还款。",
    "zh_TW": "這個方案我無法同意：只能按每月還款。",
}
MONTHLY_PLAN = {"en": "monthly payments", "zh_CN": "每月还", "zh_TW": "每月還"}


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_every_two_weeks_is_a_plan_every_two_weeks(
    app: App, clock: Clock, accounts: dict[str, Debtor], locale: str
) -> None:
    for i, (words, plan) in enumerate(EVERY_TWO_WEEKS[locale]):
        chat = Chat(app, clock, who=f"{locale}-{i}")
        chat.verify(accounts[locale])
        text = chat.say(words)[0].text
        assert plan in text.split("\n")[0], (words, text)
        lines = text.split("\n")
        assert [line.split("：")[0].split(":")[0] for line in lines[1:3]] == FIRST_TWO[locale]


@pytest.fixture
def monthly_app(settings: Settings, clock: Clock, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The default script with monthly payments only."""
    text = Path(settings.dialog.script).read_text(encoding="utf-8")
    text = re.sub(r"frequencies: \[[^\]]*\]", "frequencies: [monthly]", text)
    script = tmp_path / "monthly.yaml"
    script.write_text(text, encoding="utf-8")
    application = App(
        replace(settings, dialog=replace(settings.dialog, script=str(script))), clock=clock
    )
    yield application
    application.stop()


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_a_monthly_only_policy_says_so_and_offers_monthly(
    monthly_app: App, clock: Clock, accounts: dict[str, Debtor], locale: str
) -> None:
    chat = Chat(monthly_app, clock)
    chat.verify(accounts[locale])
    words, _ = EVERY_TWO_WEEKS[locale][0]
    text = chat.say(words)[0].text
    assert text.startswith(ONLY_MONTHLY[locale][:-1]), text
    assert MONTHLY_PLAN[locale] in text
    assert len(chat.last[-1].buttons) >= 2  # the closest plan first, then the usual ones


# A weekday named as the rhythm ("100 every friday", "150 every other friday"): payments that
# often, from that day, not a single payment on the next Friday or a plan of two lump sums.
ON_WEEKDAYS = [
    ("100 every friday",
     "27 weekly payments of $100.00 and a last of $45.75, first on Mar 13, 2026"),
    ("i can do 150 every other friday",
     "18 payments every two weeks of $150.00 and a last of $45.75, first on Mar 13, 2026"),
    # the first payment today, then every Friday (the clock's Tuesday, then the Fridays)
    ("hi i can pay 200 today and then 200 every friday",
     "$200.00 on Mar 10, 2026, then 12 weekly payments of $200.00 and a last of $145.75, "
     "first on Mar 13, 2026"),
    ("500 today then 200 every friday",
     "$500.00 on Mar 10, 2026, then 11 weekly payments of $200.00 and a last of $45.75, "
     "first on Mar 13, 2026"),
]  # fmt: skip
ON_WEEKDAYS_ZH = [
    ("zh_CN", "每周五还500", "前23期每周还¥500.00，最后一期还¥200.50，首期2026年3月13日"),
    ("zh_CN", "今天先还500，以后每周五还500",
     "2026年3月10日先还¥500.00，之后前22期每周还¥500.00，最后一期还¥200.50，首期2026年3月13日"),
    ("zh_CN", "今天先还2000，剩下的每周五还1000",
     "2026年3月10日先还¥2,000.00，之后前9期每周还¥1,000.00，最后一期还¥700.50，首期2026年3月13日"),
    ("zh_TW", "今天先繳5000，之後每個星期五繳5000",
     "2026年3月10日先還NT$5,000，之後前8期每週還NT$5,000，最後一期還NT$4,000，首期2026年3月13日"),
]  # fmt: skip


@pytest.mark.parametrize(("words", "plan"), ON_WEEKDAYS)
def test_every_friday_is_a_rhythm_of_payments(
    chat: Chat, accounts: dict[str, Debtor], words: str, plan: str
) -> None:
    chat.verify(accounts["en"])
    shown = chat.say(words)[0].text
    assert plan in shown, shown


@pytest.mark.parametrize(("locale", "words", "plan"), ON_WEEKDAYS_ZH)
def test_every_friday_in_chinese_is_a_rhythm_on_fridays(
    chat: Chat, accounts: dict[str, Debtor], locale: str, words: str, plan: str
) -> None:
    chat.verify(accounts[locale])
    shown = chat.say(words)[0].text
    assert plan in shown, shown


def test_the_request_logged_keeps_the_first_payment_and_the_day_of_the_rest(
    chat: Chat, accounts: dict[str, Debtor]
) -> None:
    """What the colleague reading the history sees: the first sum, its day, the weekly sum
    and the day the weekly payments start."""
    from sqlalchemy import select

    from bot.store.models import Event

    chat.verify(accounts["en"])
    chat.say("500 today then 200 every friday")
    with chat.app.db.session() as s:
        logged = [e.data for e in s.scalars(select(Event).where(Event.kind == "counter"))]
    assert logged[-1]["request"] == {
        "amount": "200", "count": None, "frequency": "weekly", "first_date": "2026-03-10",
        "lump_sum": False, "then_from": "2026-03-13", "first_amount": "500",
    }  # fmt: skip
