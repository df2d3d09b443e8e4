"""Feeling alone or past help, said while a plan waits for a yes or a no.

"No one cares about me", "no one would miss me", "no one can help me", 没人在乎我,
沒有人在乎我: words of a crisis (isolation, hopelessness), answered with the crisis reply
and an urgent person, never read as a "no" that declines the plan. "Nobody" in everyday
talk ("no one told me about the fee", "nobody called me back", "no one is answering",
没人告诉我有手续费, 沒有人回我) raises no alarm and is no "no" either. Default script,
every language, SQLite and PostgreSQL. The clock is Tuesday 10 March 2026.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.store.models import Agreement, Escalation
from bot.understanding.understand import Understander
from tests.dialog.conftest import Chat, Debtor

HOTLINE = {"en": "988", "zh_CN": "400-161-9995", "zh_TW": "1925"}
ALONE = [
    ("en", "no one cares about me"),
    ("en", "nobody cares if I pay or not"),
    ("en", "no one would miss me"),
    ("en", "no one can help me"),
    ("en", "nobody loves me anymore"),
    ("zh_CN", "没人在乎我"),
    ("zh_CN", "没有人关心我"),
    ("zh_CN", "没有人能帮我了"),
    ("zh_TW", "沒有人在乎我"),
    ("zh_TW", "沒人會想念我"),
    ("zh_TW", "沒有人幫得了我"),
]
EVERYDAY_NOBODY = [
    ("en", "no one told me about the fee"),
    ("en", "nobody called me back"),
    ("en", "no one is answering"),
    ("en", "no one can help me with the app"),
    ("en", "no one explained the plan to me"),
    ("zh_CN", "没人告诉我有手续费"),
    ("zh_CN", "没有人接电话"),
    ("zh_TW", "沒人告訴我有手續費"),
    ("zh_TW", "沒有人回我"),
]


def _escalations(chat: Chat) -> list[str]:
    with chat.app.db.session() as s:
        return [e.reason for e in s.scalars(select(Escalation).order_by(Escalation.id))]


def _agreements(chat: Chat) -> list[str]:
    with chat.app.db.session() as s:
        return [a.status for a in s.scalars(select(Agreement))]


@pytest.mark.parametrize(("locale", "words"), ALONE)
def test_alone_at_the_confirmation_gets_the_crisis_reply_not_a_declined_plan(
    chat: Chat, accounts: dict[str, Debtor], locale: str, words: str
) -> None:
    chat.verify(accounts[locale])
    chat.say("3")  # a plan, waiting for yes or no
    replies = chat.say(words)
    assert len(replies) == 1 and HOTLINE[locale] in replies[0].text
    assert _escalations(chat) == ["distress"]
    assert _agreements(chat) == []


def _intent(understander: Understander, locale: str, text: str) -> str:
    now = datetime(2026, 3, 10, 10, 0, tzinfo=UTC)
    heard = understander.understand(
        text, locale=locale, timezone="UTC", now=now, choices=("a", "b")
    )
    return heard.intent


@pytest.mark.parametrize(("locale", "words"), ALONE)
def test_alone_is_a_crisis_never_a_no(understander: Understander, locale: str, words: str) -> None:
    assert _intent(understander, locale, words) == "distress"


@pytest.mark.parametrize(("locale", "words"), EVERYDAY_NOBODY)
def test_nobody_in_everyday_talk_is_neither_an_alarm_nor_a_no(
    understander: Understander, locale: str, words: str
) -> None:
    assert _intent(understander, locale, words) not in ("distress", "stop", "no")


@pytest.mark.parametrize(
    ("locale", "words"), [("en", "no"), ("zh_CN", "没有"), ("zh_CN", "不要"), ("zh_TW", "沒有")]
)
def test_a_plain_no_is_still_a_no(understander: Understander, locale: str, words: str) -> None:
    assert _intent(understander, locale, words) == "no"
