"""When a colleague answers, for debtors far from the team: never a promise of the night.

The team's hours (``[console] business_hours`` in ``business_timezone``, Shanghai by
default) and the hours we may contact a debtor (their profile's window in their own
time: 8 AM to 9 PM for Reg F) must meet. ``[console] regional_hours`` names the team
that serves debtors of a region.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot.app import App
from bot.config import ConfigError, Settings, load_settings
from tests.dialog.conftest import Chat, Clock, Debtor


def _app(settings: Settings, clock: Clock, **regional: str) -> App:
    console = replace(settings.console, regional_hours=regional)
    return App(replace(settings, console=console), clock=clock)


def _ask(app: App, clock: Clock, debtor: Debtor, *texts: str) -> str:
    chat = Chat(app, clock)
    chat.verify(debtor)
    for text in texts:
        chat.say(text)
    return chat.text()


def test_a_team_in_new_york_serves_the_debtor_in_new_york(
    settings: Settings, clock: Clock, accounts: dict[str, Debtor]
) -> None:
    app = _app(settings, clock, America="09:00-18:00 America/New_York")
    try:
        clock.advance(hours=8)  # 10:00 AM Tuesday in New York
        hours = _ask(app, clock, accounts["en"], "when is your office open?")
        assert "Monday to Friday, 9:00 AM–6:00 PM (New York time)" in hours
        now = _ask(app, clock, accounts["en"], "can I speak to a human")
        assert "shortly" in now and "Shanghai" not in now
        clock.advance(hours=10)  # 8:00 PM: the team has gone home
        later = _ask(app, clock, accounts["en"], "let me talk to an agent please")
        assert "Wednesday 9:00 AM (New York time)" in later
    finally:
        app.stop()


def test_the_reply_waits_for_the_debtors_morning_when_the_team_opens_at_night(
    settings: Settings, clock: Clock, accounts: dict[str, Debtor]
) -> None:
    # No team for America: the Shanghai team opens at 9 PM in New York, and its replies
    # are held until 8 AM there. The debtor hears the morning, and the team's hours in
    # the team's own time.
    app = App(settings, clock=clock)
    try:
        clock.advance(hours=16)  # 12:00 PM Tuesday in New York, midnight in Shanghai
        told = _ask(app, clock, accounts["en"], "I want a real person")
        assert "Wednesday 8:00 AM (New York time)" in told
        assert "9:00 PM" not in told
        hours = _ask(app, clock, accounts["en"], "what are your business hours")
        assert "9:00 AM–6:00 PM (Shanghai time)" in hours and "New York" not in hours
    finally:
        app.stop()


def test_a_team_open_before_the_debtor_may_be_contacted_answers_when_it_may(
    settings: Settings, clock: Clock, accounts: dict[str, Debtor]
) -> None:
    # A team from 7 AM New York time: asked at 6:30 AM, its reply would still wait for 8 AM.
    app = _app(settings, clock, **{"America/New_York": "07:00-22:00 America/New_York"})
    try:
        clock.advance(hours=4, minutes=30)  # 6:30 AM Tuesday in New York
        told = _ask(app, clock, accounts["en"], "talk to a person")
        assert "Tuesday 8:00 AM (New York time)" in told
    finally:
        app.stop()


@pytest.mark.parametrize("locale", ["zh_CN", "zh_TW"])
def test_a_region_of_another_team_leaves_the_debtors_at_home_as_they_were(
    settings: Settings, clock: Clock, accounts: dict[str, Debtor], locale: str
) -> None:
    app = _app(settings, clock, America="09:00-18:00 America/New_York")
    try:
        hours = _ask(app, clock, accounts[locale], "你们几点上班？")
        city = {"zh_CN": "上海时间", "zh_TW": "台北時間"}[locale]
        assert f"{city}星期一至星期五 09:00–18:00" in hours
    finally:
        app.stop()


@pytest.mark.parametrize(
    ("lines", "named"),
    [
        ('regional_hours = { Mars = "09:00-18:00 America/New_York" }',
         "console.regional_hours.Mars: 'Mars' is neither a time zone"),
        ('regional_hours = { America = "09:00-18:00" }',
         "console.regional_hours.America must look like '09:00-18:00 America/New_York'"),
        ('regional_hours = { America = "18:00-09:00 America/New_York" }',
         "console.regional_hours.America must be opening and closing times"),
        ('regional_hours = { America = "09:00-18:00 America/Gotham" }',
         "console.regional_hours.America: 'America/Gotham' is not a time zone"),
        ('business_hours = "9-6"', "console.business_hours must be opening and closing times"),
        ('business_timezone = "Asia/Shangai"',
         "console.business_timezone: 'Asia/Shangai' is not a time zone"),
    ],
)  # fmt: skip
def test_office_hours_that_cannot_be_read_are_named(tmp_path: Path, lines: str, named: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(f"[console]\n{lines}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_settings(path, environ={})
    assert named in str(err.value)
    assert str(path) in str(err.value)
