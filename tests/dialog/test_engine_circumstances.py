"""Circumstances remembered: hardship and vulnerability a verified debtor states are kept on
the account, offered for in later sessions, shown to agents and erased with the account.

Runs on the default script, in every language, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from bot.app import App
from bot.commands import cli
from bot.compliance.erasure import erase_account
from bot.store.db import Database
from bot.store.models import Account, Circumstance
from bot.understanding.circumstances import circumstances
from bot.understanding.normalize import fold
from tests.dialog.conftest import Chat, Clock, Debtor

# Written for these tests, not copied into the word lists: what debtors actually say.
# The first round found two misses ("let me go", "被公司裁了"), fixed by general rules
# (let <someone> go; 被 … 裁/开除/辞退); the second round was added afterwards and is not
# tuned on: it is scored, and must stay at 80% or better in each language.
HELD_OUT = {
    "en": [
        ("the factory let me go in january", ("job_loss",)),
        ("my dad passed away last week and I'm handling the funeral", ("bereavement",)),
        ("I've been in hospital since february", ("illness",)),
        ("my company closed down and I have no job now", ("job_loss",)),
        ("I had an operation last month", ("illness",)),
    ],
    "zh_CN": [
        ("上个月被公司裁了", ("job_loss",)),
        ("我妈刚去世，在忙丧事", ("bereavement",)),
        ("最近一直住院治病", ("illness",)),
        ("老公上个月走了", ("bereavement",)),
        ("被辞退了", ("job_loss",)),
    ],
    "zh_TW": [
        ("我上個月失業了", ("job_loss",)),
        ("家父過世了，還在辦後事", ("bereavement",)),
        ("我生病住院了", ("illness",)),
        ("我最近被資遣", ("job_loss",)),
        ("老婆生小孩在坐月子", ("pregnancy",)),
    ],
}


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_held_out_statements_are_read_as_their_kind(locale: str) -> None:
    misses = [
        (text, got)
        for text, kinds in HELD_OUT[locale]
        if (got := circumstances(fold(text).text)) != kinds
    ]
    assert 1 - len(misses) / len(HELD_OUT[locale]) >= 0.8, misses


def _recorded(db: Database) -> list[tuple[str, str]]:
    with db.session() as s:
        return [
            (c.kind, c.channel) for c in s.scalars(select(Circumstance).order_by(Circumstance.id))
        ]


@pytest.mark.parametrize(
    ("locale", "words", "kinds"),
    [
        ("en", "I lost my job and my mother passed away",
         [("job_loss", "telegram"), ("bereavement", "telegram")]),
        ("zh_CN", "我失业了，还在住院", [("job_loss", "telegram"), ("illness", "telegram")]),
        ("zh_TW", "失業了，家人又生病", [("job_loss", "telegram"), ("illness", "telegram")]),
    ],
)  # fmt: skip
def test_what_a_verified_debtor_tells_us_is_recorded_once(
    chat: Chat,
    accounts: dict[str, Debtor],
    db: Database,
    locale: str,
    words: str,
    kinds: list[tuple[str, str]],
) -> None:
    chat.verify(accounts[locale])
    chat.say(words)
    chat.say(words)  # said again in the same conversation: still one of each
    assert _recorded(db) == kinds


def test_nothing_is_recorded_before_verification(
    chat: Chat, accounts: dict[str, Debtor], db: Database
) -> None:
    chat.start(accounts["en"].ref)
    chat.say("I lost my job")  # whoever holds the phone may not be the debtor
    assert _recorded(db) == []


@pytest.mark.parametrize(
    ("locale", "first", "remembered", "longest"),
    [
        (
            "en",
            "I was laid off",
            "You told us before that things have been hard, so I've added a plan with smaller "
            "payments over a longer time.",
            "23 monthly payments of $114.40 and a last of $114.55, first on Mar 20, 2026",
        ),
        (
            "zh_CN",
            "我生病住院了",
            "您之前跟我们说过最近不太容易，所以我加了一个期数更长、每期更少的方案。",
            "前23期每月还¥487.52，最后一期还¥487.54，首期2026年3月20日",
        ),
        (
            "zh_TW",
            "家人去世了",
            "您之前跟我們提過最近不太容易，所以我多加了一個期數更長、每期更少的方案。",
            "前23期每月還NT$2,041，最後一期還NT$2,057，首期2026年3月20日",
        ),
    ],
)
def test_a_later_session_remembers_and_offers_the_longest_plan(
    app: App,
    clock: Clock,
    accounts: dict[str, Debtor],
    locale: str,
    first: str,
    remembered: str,
    longest: str,
) -> None:
    before = Chat(app, clock, who="one")
    before.verify(accounts[locale])
    assert all(b.label != longest for b in before.buttons)  # not offered the first time
    before.say(first)
    clock.advance(days=3)
    later = Chat(app, clock, who="two", platform="wechat")
    replies = later.verify(accounts[locale])
    texts = [r.text for r in replies]
    assert remembered in texts
    assert [b.label for b in later.buttons][-1] == longest
    later.press(len(later.buttons))
    assert later.text().count("\n") >= 24  # the whole 24-payment schedule to confirm


def test_accounts_show_lists_circumstances_and_erasure_removes_them(
    chat: Chat, app: App, accounts: dict[str, Debtor], db: Database, clock: Clock
) -> None:
    chat.verify(accounts["zh_CN"])
    chat.say("我失业了")
    result = CliRunner().invoke(
        cli,
        ["accounts", "show", "A-1001", "--format", "json"],
        obj={"settings": app.settings, "app": app},
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["circumstances"] == [
        {"kind": "job_loss", "said_at": "2026-03-10T06:00:00+00:00", "channel": "telegram"}
    ]
    with db.session() as s:
        account = s.scalars(select(Account).where(Account.account_ref == "A-1001")).one()
        erase_account(s, account, clock(), app.settings.compliance)
    assert _recorded(db) == []


# What a debtor says about a hardship that is not theirs: negated, hypothetical, about
# someone outside the household, or taken back in the same breath.
NOT_THEIRS = {
    "en": [
        "I didn't lose my job",
        "I'm not sick",
        "not unemployed anymore, I found work",
        "I haven't been laid off",
        "I'm not in hospital",
        "my friend lost his job",
        "if I get laid off I'll tell you",
        "I lost my job in 2019 but I found a new one",
        "I was unemployed but not anymore",
        "I was sick but I'm better now",
    ],
    "zh_CN": [
        "我没有失业",
        "我并没有生病",
        "没被裁员",
        "我同事失业了",
        "万一住院了怎么办",
        "我不是失业",
    ],
    "zh_TW": [
        "我沒有生病",
        "我沒有失業",
        "我朋友住院了",
        "我已經不失業了，找到工作了",
        "要是被資遣怎麼辦",
    ],
}
THEIRS = {
    "en": [
        ("I lost my job", ("job_loss",)),
        ("I'm not working, I was laid off", ("job_loss",)),
        ("my husband lost his job", ("job_loss",)),
        ("I was fired by my boss", ("job_loss",)),
        ("I'm sick and not able to work", ("illness",)),
        ("I lost my job and can no longer pay", ("job_loss",)),
        ("I was laid off and haven't found work since", ("job_loss",)),
        ("In May I lost my job", ("job_loss",)),
        ("I don't have a job", ("job_loss",)),
    ],
    "zh_CN": [
        ("我失业了", ("job_loss",)),
        ("我没有工作", ("job_loss",)),
        ("不好意思，我生病了", ("illness",)),
        ("老板说我被裁了", ("job_loss",)),
        ("我失业了，还没找到工作", ("job_loss",)),
    ],
    "zh_TW": [
        ("我生病住院了", ("illness",)),
        ("我被資遣了，沒有收入", ("job_loss", "income_loss")),
        ("我老公失業了", ("job_loss",)),
    ],
}


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_what_is_not_the_debtors_own_hardship_states_nothing(locale: str) -> None:
    assert {text: circumstances(fold(text).text) for text in NOT_THEIRS[locale]} == {
        text: () for text in NOT_THEIRS[locale]
    }


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_plain_statements_are_still_read(locale: str) -> None:
    assert {text: circumstances(fold(text).text) for text in dict(THEIRS[locale])} == dict(
        THEIRS[locale]
    )


@pytest.mark.parametrize(
    ("locale", "negated", "plain", "kind", "sorry"),
    [
        ("en", "I didn't lose my job", "I lost my job", "job_loss", "I'm sorry to hear that."),
        ("en", "I'm not unemployed anymore, I found work", "I'm unemployed", "job_loss",
         "I'm sorry to hear that."),
        ("zh_CN", "我没有失业", "我失业了", "job_loss", "理解您现在的难处"),
        ("zh_TW", "我沒有生病", "我生病了", "illness", "了解您現在的難處"),
    ],
)  # fmt: skip
def test_a_negated_statement_is_not_recorded_nor_met_as_hardship(
    chat: Chat,
    accounts: dict[str, Debtor],
    db: Database,
    locale: str,
    negated: str,
    plain: str,
    kind: str,
    sorry: str,
) -> None:
    chat.verify(accounts[locale])
    offered = [b.label for b in chat.buttons]
    chat.say(negated)
    assert _recorded(db) == []
    assert sorry not in chat.text()  # no hardship reply, no smaller plans
    assert [b.label for b in chat.buttons] == offered
    chat.say(plain)  # said plainly, it is theirs: recorded and met with smaller plans
    assert _recorded(db) == [(kind, "telegram")]
    assert sorry in chat.text()
    assert [b.label for b in chat.buttons] != offered
