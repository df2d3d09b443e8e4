"""Proposals as debtors make them: choosing by ordinal words or a button's own label,
Taiwan (民國) dates, and a single payment on the debtor's own date (up to the horizon).

Each runs on the default script admins edit (dialogs/collections.yaml), in every
language, on SQLite and PostgreSQL. The clock is Tuesday 10 March 2026.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app import App
from bot.config import Settings
from bot.store.db import Database
from bot.store.models import Agreement, Escalation, Instalment, Offer
from tests.dialog.conftest import Chat, Debtor

# Phrasings written for these tests and kept out of every word list: they must be
# understood by the grammar, not because someone added them to the lexicon.
HELD_OUT_ORDINALS = {
    "en": ["I'd rather have the third option", "let's do plan 3 instead"],
    "zh_CN": ["还是第三种吧", "换成第3个方案"],
    "zh_TW": ["改成第三種好了", "我想要第3個方案"],
}


def _plans(db: Database, ref_id: int | None = None) -> list[list[tuple[str, Decimal]]]:
    with db.session() as s:
        out = []
        for agreement in s.scalars(select(Agreement).order_by(Agreement.id)):
            rows = s.scalars(
                select(Instalment)
                .where(Instalment.agreement_id == agreement.id)
                .order_by(Instalment.seq)
            )
            out.append([(i.due_date.isoformat(), i.amount) for i in rows])
        return out


# -- choosing by ordinal words at the confirmation -----------------------------------


@pytest.mark.parametrize(
    ("locale", "words", "first_line"),
    [
        ("en", "actually, the third one", "Here is the plan: 5 monthly payments of $457.62"),
        ("zh_CN", "我要第三个方案", "还款计划：前5期每月还¥1,950.08"),
        ("zh_TW", "第3個方案", "還款計畫：前5期每月還NT$8,166"),
    ],
)
def test_an_ordinal_at_the_confirmation_picks_that_plan(
    chat: Chat, accounts: dict[str, Debtor], locale: str, words: str, first_line: str
) -> None:
    chat.verify(accounts[locale])
    chat.say("1")  # pay in full, then changes their mind
    replies = chat.say(words)
    assert replies[0].text.startswith(first_line)
    assert [b.payload for b in replies[-1].buttons] == ["yes", "no"]


def test_second_one_at_the_confirmation_is_the_second_plan_not_the_no_button_zh_tw(
    chat: Chat, accounts: dict[str, Debtor]
) -> None:
    chat.verify(accounts["zh_TW"])
    chat.say("1")
    text = chat.say("第二個")[0].text
    assert text.startswith("還款計畫：前2期每月還NT$16,333，最後一期還NT$16,334")


def test_a_bare_digit_at_the_confirmation_still_answers_the_buttons(
    chat: Chat, accounts: dict[str, Debtor]
) -> None:
    chat.verify(accounts["en"])
    chat.say("1")
    replies = chat.say("2")  # the "No, show other options" button
    assert [b.payload for b in replies[-1].buttons] == ["choose:1", "choose:2", "choose:3"]


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_held_out_ordinal_phrasings_pick_the_third_plan(
    app, clock, accounts: dict[str, Debtor], locale: str
) -> None:  # type: ignore[no-untyped-def]
    for i, words in enumerate(HELD_OUT_ORDINALS[locale]):
        chat = Chat(app, clock, who=f"{locale}-{i}")
        chat.verify(accounts[locale])
        chat.say("1")
        text = chat.say(words)[0].text
        assert "5" in text.split("\n")[0] and text.count("\n") >= 6, (words, text)


# -- a button's own label typed as text -----------------------------------------------


@pytest.mark.parametrize(
    ("locale", "label", "first_line"),
    [
        (
            "en",
            "3 monthly payments of $915.25, first on Mar 17, 2026",
            "Here is the plan: 3 monthly payments of $915.25, first on Mar 17, 2026.",
        ),
        (
            "zh_CN",
            "前5期每月还¥1,950.08，最后一期还¥1,950.10，首期2026年3月17日",
            "还款计划：前5期每月还¥1,950.08，最后一期还¥1,950.10，首期2026年3月17日。",
        ),
        (
            "zh_TW",
            "在2026年3月17日前一次還清NT$46,550（可減免NT$2,450）",
            "還款計畫：在2026年3月17日前一次還清NT$46,550（可減免NT$2,450）。",
        ),
    ],
)
def test_a_plan_label_typed_as_text_is_that_plan_exactly(
    chat: Chat, accounts: dict[str, Debtor], locale: str, label: str, first_line: str
) -> None:
    chat.verify(accounts[locale])
    assert chat.say(label)[0].text.split("\n")[0] == first_line


@pytest.mark.parametrize(
    ("locale", "label", "done"),
    [
        ("en", "Yes, record it", "Done, your plan is recorded."),
        ("zh_CN", "是，登记计划", "好的，您的还款计划已登记。"),
        ("zh_TW", "是，登記計畫", "好的，您的還款計畫已登記。"),
    ],
)
def test_the_yes_label_typed_as_text_records_the_plan(
    chat: Chat, accounts: dict[str, Debtor], db: Database, locale: str, label: str, done: str
) -> None:
    chat.verify(accounts[locale])
    chat.say("2")
    assert chat.say(label)[0].text.startswith(done)
    assert len(_plans(db)) == 1


# -- Taiwan (民國) dates --------------------------------------------------------------


@pytest.mark.parametrize(
    "words",
    [
        "民國115年4月5日全部還清",
        "115/4/5一次還清",
        "115年4月5日還清",
        "民國一一五年四月五日一次還清",
    ],
)
def test_a_roc_date_names_the_day_of_a_single_payment(
    chat: Chat, accounts: dict[str, Debtor], db: Database, words: str
) -> None:
    chat.verify(accounts["zh_TW"])
    text = chat.say(words)[0].text
    assert text.startswith("還款計畫：在2026年4月5日前一次還清NT$49,000。\n2026年4月5日：NT$49,000")
    chat.say("是")
    assert _plans(db) == [[("2026-04-05", Decimal("49000.00"))]]


def test_a_roc_date_in_the_past_is_not_a_payment_day(
    chat: Chat, accounts: dict[str, Debtor]
) -> None:
    chat.verify(accounts["zh_TW"])
    text = chat.say("民國114年4月5日全部還清")[0].text
    assert "2025" not in text and "4月5日" not in text


@pytest.mark.parametrize(
    "dob", ["民國74年6月15日", "74年6月15日", "民國七十四年六月十五日", "074/06/15"]
)
def test_a_taiwan_debtor_verifies_with_a_roc_date_of_birth(
    chat: Chat, accounts: dict[str, Debtor], dob: str
) -> None:
    chat.start(accounts["zh_TW"].ref)
    assert chat.say(dob)[0].text.startswith("謝謝，已確認是您本人。")


def test_a_mainland_debtor_writing_a_two_digit_year_is_not_read_as_roc(
    chat: Chat, accounts: dict[str, Debtor]
) -> None:
    chat.start(accounts["zh_CN"].ref)
    # 民國79年 is 1990, but "79年1月31日" from a mainland debtor is not a 民國 date.
    assert not chat.say("79年1月31日")[0].text.startswith("谢谢，已确认")
    chat2_text = chat.say("民國79年1月31日")[0].text
    assert chat2_text.startswith("谢谢，已确认是您本人。")


# -- a single payment on the debtor's own date, up to the horizon ------------------------


@pytest.mark.parametrize(
    ("locale", "words", "first_line", "total"),
    [
        (
            "en",
            "I get paid at the end of next month, I can pay it all then",
            "Here is the plan: Pay $2,745.75 in full by Apr 30, 2026.",
            Decimal("2745.75"),
        ),
        (
            "zh_CN",
            "下个月底发工资，到时一次性还清",
            "还款计划：在2026年4月30日前一次性还清¥11,700.50。",
            Decimal("11700.50"),
        ),
        (
            "zh_TW",
            "4月30日全部還清",
            "還款計畫：在2026年4月30日前一次還清NT$49,000。",
            Decimal("49000.00"),
        ),
    ],
)
def test_paying_everything_on_payday_at_the_end_of_next_month_is_accepted(
    chat: Chat,
    accounts: dict[str, Debtor],
    db: Database,
    locale: str,
    words: str,
    first_line: str,
    total: Decimal,
) -> None:
    chat.verify(accounts[locale])
    assert chat.say(words)[0].text.split("\n")[0] == first_line
    chat.press(1)
    assert _plans(db) == [[("2026-04-30", total)]]


@pytest.mark.parametrize(
    ("locale", "words", "expected"),
    [
        (
            "en",
            "I'll pay everything on June 15",
            "I can't agree to that: a single payment can wait until Apr 30, 2026 at the latest. "
            "The closest plan I can offer is: Pay $2,745.75 in full by Apr 30, 2026.",
        ),
        (
            "zh_CN",
            "5月31日一次性还清",
            "这个方案我无法同意：一次性还款最晚可以等到2026年4月30日。"
            "我能提供的最接近的方案是：在2026年4月30日前一次性还清¥11,700.50。",
        ),
        (
            "zh_TW",
            "民國115年6月1日全部還清",
            "這個方案我無法同意：一次還清最晚可以等到2026年4月30日。"
            "我能提供的最接近方案是：在2026年4月30日前一次還清NT$49,000。",
        ),
    ],
)
def test_a_single_payment_beyond_the_horizon_is_countered_with_the_latest_day(
    chat: Chat, accounts: dict[str, Debtor], locale: str, words: str, expected: str
) -> None:
    chat.verify(accounts[locale])
    assert chat.say(words)[0].text == expected


def test_the_discount_stays_within_its_own_window(chat: Chat, accounts: dict[str, Debtor]) -> None:
    chat.verify(accounts["en"])
    text = chat.say("pay in full tomorrow")[0].text
    assert text.startswith(
        "Here is the plan: Pay $2,608.46 in full by Mar 11, 2026 (you save $137.29)."
    )


# -- settlements: accepted from the policy floor, countered below it ---------------------
# Balances: $2,745.75, ¥11,700.50, NT$49,000. settlement: min_percent 70,
# approval_below_percent 80, within_days 14 (the default script).

HELD_OUT_SETTLEMENTS = {
    "en": [
        "would you accept 2300 to settle this?",
        "I can offer $2,300 as a full and final settlement",
        "if I pay 2300 can we close this account?",
    ],
    "zh_CN": [
        "给你们10000，这事就了结了吧",
        "我一次付10000，账就算清了行吗",
        "10000一次性，剩下的免了吧",
    ],
    "zh_TW": [
        "我一次付45000，這筆帳就結清好嗎",
        "45000一次付清，剩下的就算了",
        "付45000兩清可以嗎",
    ],
}
SETTLED = {
    "en": (
        "2300.00",
        "445.75",
        "Pay $2,300.00 by Mar 17, 2026 to settle the account in full (you save $445.75)",
    ),
    "zh_CN": (
        "10000.00",
        "1700.50",
        "在2026年3月17日前还¥10,000.00即可结清全部欠款（可减免¥1,700.50）",
    ),
    "zh_TW": (
        "45000.00",
        "4000.00",
        "在2026年3月17日前繳NT$45,000即可結清全部欠款（可減免NT$4,000）",
    ),
}


def turn_money(amount: str) -> str:
    """``amount`` as the replies write it, with thousands separated ("34,300", "1,922.03")."""
    whole, _, cents = amount.partition(".")
    grouped = f"{int(whole):,}"
    return grouped if cents in ("", "00") else f"{grouped}.{cents}"


def _agreements(db: Database) -> list[tuple[Decimal, Decimal, list[tuple[str, Decimal]]]]:
    with db.session() as s:
        out = []
        for agreement in s.scalars(select(Agreement).order_by(Agreement.id)):
            rows = s.scalars(
                select(Instalment)
                .where(Instalment.agreement_id == agreement.id)
                .order_by(Instalment.seq)
            )
            schedule = [(i.due_date.isoformat(), i.amount) for i in rows]
            out.append((agreement.total, agreement.discount, schedule))
        return out


@pytest.mark.parametrize(
    ("locale", "words"),
    [
        ("en", "can I pay 2300 to settle"),
        ("zh_CN", "一次性还10000结清"),
        ("zh_TW", "一次還45000結清"),
    ],
)
def test_a_settlement_within_the_policy_is_accepted_and_recorded(
    chat: Chat, accounts: dict[str, Debtor], db: Database, locale: str, words: str
) -> None:
    total, discount, label = SETTLED[locale]
    chat.verify(accounts[locale])
    first = chat.say(words)[0].text.split("\n")
    assert label in first[0]
    chat.press(1)
    assert _agreements(db) == [
        (Decimal(total), Decimal(discount), [("2026-03-17", Decimal(total))])
    ]


@pytest.mark.parametrize(
    ("locale", "words", "expected", "floor"),
    [
        (
            "en",
            "can I settle for 1000 and call it even?",
            "I can't agree to that: to settle the account, the least a colleague can approve is "
            "$1,922.03 (70% of what you owe), and from $2,196.60 I can agree it straight away. "
            "The closest plan I can offer is: Pay $1,922.03 by "
            "Mar 17, 2026 to settle the account in full (you save $823.72).",
            "1922.03",
        ),
        (
            "zh_CN",
            "我只能还5000，就当两清吧",
            "这个方案我无法同意：一次结清最少需要还¥8,190.35（欠款的70%），这个金额需要同事审批；"
            "¥9,360.40及以上我可以直接同意。我能提供的最接近的方案是："
            "在2026年3月17日前还¥8,190.35即可结清全部欠款（可减免¥3,510.15）。",
            "8190.35",
        ),
        (
            "zh_TW",
            "我只能付20000，就當兩清",
            "這個方案我無法同意：一次結清最少需要繳NT$34,300（欠款的70%），這個金額需要同仁審核；"
            "NT$39,200以上我可以直接同意。我能提供的最接近方案是："
            "在2026年3月17日前繳NT$34,300即可結清全部欠款（可減免NT$14,700）。",
            "34300.00",
        ),
    ],
)
def test_a_settlement_below_the_floor_is_countered_with_the_floor(
    chat: Chat,
    accounts: dict[str, Debtor],
    db: Database,
    locale: str,
    words: str,
    expected: str,
    floor: str,
) -> None:
    chat.verify(accounts[locale])
    replies = chat.say(words)
    assert replies[0].text == expected
    assert len(replies[-1].buttons) == 4  # the floor first, then the usual plans
    # The floor is below the approval line: taken up, it goes to a colleague first (as
    # an offer of the debtor's own between the two does), and nothing is recorded yet.
    taken = chat.press(1)
    assert turn_money(floor) in taken[0].text and _agreements(db) == []
    with db.session() as s:
        (escalation,) = s.scalars(select(Escalation)).all()
        assert escalation.reason == "settlement_approval"


@pytest.mark.parametrize(
    ("locale", "words", "amount", "said"),
    [
        (
            "en",
            "I can pay 2000 to settle it next week",
            "2000.00",
            "Settling the account for $2,000.00 needs a colleague's approval",
        ),
        ("zh_CN", "一次性还9000结清", "9000.00", "用¥9,000.00结清欠款需要同事审批"),
        ("zh_TW", "一次還35000結清", "35000.00", "以NT$35,000結清欠款需要同事審核"),
    ],
)
def test_a_settlement_below_the_approval_line_goes_to_a_person_with_the_offer(
    chat: Chat,
    accounts: dict[str, Debtor],
    db: Database,
    locale: str,
    words: str,
    amount: str,
    said: str,
) -> None:
    chat.verify(accounts[locale])
    texts = [r.text for r in chat.say(words)]
    assert said in texts[0]
    assert len(texts) == 2  # and when a colleague will reply
    with db.session() as s:
        (escalation,) = s.scalars(select(Escalation)).all()
        assert escalation.reason == "settlement_approval"
        offer = s.scalars(select(Offer).where(Offer.made_by == "debtor")).one()
        assert (offer.kind, offer.total, offer.status) == (
            "settlement",
            Decimal(amount),
            "proposed",
        )
    assert _agreements(db) == []


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_held_out_settlement_phrasings_are_accepted(
    app, clock, accounts: dict[str, Debtor], locale: str
) -> None:  # type: ignore[no-untyped-def]
    label = SETTLED[locale][2]
    for i, words in enumerate(HELD_OUT_SETTLEMENTS[locale]):
        chat = Chat(app, clock, who=f"s-{locale}-{i}")
        chat.verify(accounts[locale])
        assert label in chat.say(words)[0].text, words


# -- split payments: X now, the rest on the debtor's day ---------------------------------

HELD_OUT_SPLITS = {
    "en": [
        "I can do 1200 today and the remainder on March 31",
        "1200 on Friday, rest by end of month",
    ],
    "zh_CN": ["今天先转1200，余下的月底前还清", "这周五还2000，剩余的4月15号还"],
    "zh_TW": ["先繳10000，剩下的月底再繳", "今天先還10000，尾款4月15日付清"],
}


@pytest.mark.parametrize(
    ("locale", "words", "schedule"),
    [
        (
            "en",
            "1.2k now and the rest in two weeks",
            [("2026-03-10", "1200.00"), ("2026-03-24", "1545.75")],
        ),
        (
            "zh_CN",
            "先还2000，剩下的4月30日还",
            [("2026-03-17", "2000.00"), ("2026-04-30", "9700.50")],
        ),
        (
            "zh_TW",
            "今天先還12345.6，其餘4月30日再還",
            [("2026-03-10", "12346.00"), ("2026-04-30", "36654.00")],
        ),
    ],
)
def test_a_split_is_a_two_payment_plan_exact_to_the_cent(
    chat: Chat,
    accounts: dict[str, Debtor],
    db: Database,
    locale: str,
    words: str,
    schedule: list[tuple[str, str]],
) -> None:
    chat.verify(accounts[locale])
    replies = chat.say(words)
    assert [b.payload for b in replies[-1].buttons] == ["yes", "no"]
    chat.press(1)
    ((total, discount, recorded),) = _agreements(db)
    assert recorded == [(d, Decimal(a)) for d, a in schedule]
    assert sum(a for _, a in recorded) == total and discount == 0


@pytest.mark.parametrize(
    ("locale", "words", "expected"),
    [
        (
            "en",
            "2000 now and the rest on June 30",
            "I can't agree to that: the rest can wait until Apr 30, 2026 at the latest. "
            "The closest plan I can offer is: $2,000.00 on Mar 10, 2026, "
            "then $745.75 on Apr 30, 2026.",
        ),
        (
            "zh_CN",
            "先还2000，剩下的6月30日还",
            "这个方案我无法同意：剩余的钱最晚可以等到2026年4月30日再还。我能提供的最接近的方案是："
            "2026年3月17日先还¥2,000.00，之后2026年4月30日还¥9,700.50。",
        ),
        (
            "zh_TW",
            "先還10000，其餘5月5日再還",
            "這個方案我無法同意：其餘款項最晚可以等到2026年4月30日再繳。我能提供的最接近方案是："
            "2026年3月17日先還NT$10,000，之後2026年4月30日還NT$39,000。",
        ),
    ],
)
def test_a_split_whose_rest_is_beyond_the_horizon_is_countered(
    chat: Chat, accounts: dict[str, Debtor], locale: str, words: str, expected: str
) -> None:
    chat.verify(accounts[locale])
    assert chat.say(words)[0].text == expected


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_held_out_split_phrasings_are_two_payment_plans(
    app, clock, accounts: dict[str, Debtor], locale: str
) -> None:  # type: ignore[no-untyped-def]
    for i, words in enumerate(HELD_OUT_SPLITS[locale]):
        chat = Chat(app, clock, who=f"p-{locale}-{i}")
        chat.verify(accounts[locale])
        lines = chat.say(words)[0].text.split("\n")
        # the plan sentence, two schedule lines, the total
        assert len(lines) == 4 and lines[-1].startswith(("Total", "合计", "合計")), (words, lines)


# -- a pause: a breathing space, then hardship plans ---------------------------------------

HELD_OUT_PAUSES = {
    "en": [
        "could I have a break from payments for a month?",
        "is it possible to freeze payments for 6 weeks",
    ],
    "zh_CN": ["可以先缓两个月再还吗", "这两个月能不能先不还"],
    "zh_TW": ["能不能先暫停還款一個月", "可以讓我停繳兩個月嗎"],
}


@pytest.mark.parametrize(
    ("locale", "words", "said", "first_due", "amount"),
    [
        (
            "en",
            "can I pause for two months",
            "I can pause your payments until May 9, 2026: nothing is due before then. After "
            "that, you could pay with one of these plans, starting on May 10, 2026:",
            "2026-05-10",
            "228.81",
        ),
        (
            "zh_CN",
            "能不能停两个月",
            "可以为您暂停还款到2026年5月9日，在此之前不用还款。之后可以从2026年5月10日开始，按以下任一方案还款：",
            "2026-05-10",
            "975.04",
        ),
        (
            "zh_TW",
            "可以先暫停幾個月嗎",  # "a few months": as long as the policy allows (92 days)
            "可以為您暫停還款到2026年6月9日，在此之前不用繳款。之後可以從2026年6月10日開始，依以下任一方案還款：",
            "2026-06-10",
            "4083.00",
        ),
    ],
)
def test_a_pause_is_a_breathing_space_then_a_plan(
    chat: Chat,
    accounts: dict[str, Debtor],
    db: Database,
    locale: str,
    words: str,
    said: str,
    first_due: str,
    amount: str,
) -> None:
    chat.verify(accounts[locale])
    replies = chat.say(words)
    assert replies[0].text == said
    assert len(replies[-1].buttons) == 2
    chat.press(1)
    chat.press(1)
    ((total, _, schedule),) = _agreements(db)
    assert schedule[0] == (first_due, Decimal(amount))
    assert len(schedule) == 12 and sum(a for _, a in schedule) == total


def test_a_pause_longer_than_the_policy_gets_the_longest_allowed(
    chat: Chat, accounts: dict[str, Debtor]
) -> None:
    chat.verify(accounts["en"])
    texts = [r.text for r in chat.say("I need a payment holiday for 4 months")]
    assert texts[0] == "The longest break I can give is 92 days."
    assert texts[1].startswith("I can pause your payments until Jun 9, 2026")


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_held_out_pause_phrasings_get_a_breathing_space(
    app, clock, accounts: dict[str, Debtor], locale: str
) -> None:  # type: ignore[no-untyped-def]
    for i, words in enumerate(HELD_OUT_PAUSES[locale]):
        chat = Chat(app, clock, who=f"z-{locale}-{i}")
        chat.verify(accounts[locale])
        text = chat.say(words)[0].text
        assert text.startswith(("I can pause", "可以为您暂停", "可以為您暫停")), (words, text)


@pytest.fixture
def strict_app(settings: Settings, clock, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The default script with no pause and no settlement in its policy."""
    text = Path(settings.dialog.script).read_text(encoding="utf-8")
    text = text.replace("pause_max_days: 92", "pause_max_days: 0")
    text = re.sub(r"\n  settlement: \{[^}]*\}", "", text)
    script = tmp_path / "strict.yaml"
    script.write_text(text, encoding="utf-8")
    application = App(
        replace(settings, dialog=replace(settings.dialog, script=str(script))), clock=clock
    )
    yield application
    application.stop()


@pytest.mark.parametrize(
    ("locale", "words", "said"),
    [
        (
            "en",
            "can I pause for two months",
            "I can't pause payments myself, so a colleague will look at what is possible for you.",
        ),
        ("zh_CN", "能不能停两个月", "暂停还款需要由同事来处理，我会请他们看看还有什么办法帮您。"),
        ("zh_TW", "能不能停兩個月", "暫停還款需要由同事來處理，我會請他們看看還有什麼辦法幫您。"),
    ],
)
def test_a_pause_the_policy_does_not_allow_goes_to_a_person(
    strict_app: App,
    clock,
    accounts: dict[str, Debtor],
    db: Database,
    locale: str,
    words: str,
    said: str,
) -> None:  # type: ignore[no-untyped-def]
    chat = Chat(strict_app, clock)
    chat.verify(accounts[locale])
    texts = [r.text for r in chat.say(words)]
    assert texts[0] == said and len(texts) == 2
    with db.session() as s:
        assert [e.reason for e in s.scalars(select(Escalation))] == ["hardship"]


def test_a_settlement_the_policy_does_not_allow_is_declined_with_the_plans(
    strict_app: App, clock, accounts: dict[str, Debtor]
) -> None:  # type: ignore[no-untyped-def]
    chat = Chat(strict_app, clock)
    chat.verify(accounts["en"])
    replies = chat.say("can I pay 2300 to settle")
    assert replies[0].text == (
        "I can't agree to that: I can't reduce what you owe. Here are the plans I can offer:"
    )
    assert (
        replies[-1].buttons[0].label == "Pay $2,608.46 in full by Mar 17, 2026 (you save $137.29)"
    )


# -- a proposal that went stale keeps its shape; a pause with a plan replaces it ----------


def test_a_stale_settlement_is_quoted_again_as_a_settlement(
    chat: Chat, clock, accounts: dict[str, Debtor], db: Database
) -> None:  # type: ignore[no-untyped-def]
    chat.verify(accounts["en"])
    chat.say("can I pay 2300 to settle")
    clock.advance(days=21)  # its day (Mar 17) has passed
    text = "\n".join(r.text for r in chat.say("yes"))
    assert (
        "That offer is no longer valid, so here it is again with today's balance and dates: "
        "Pay $2,300.00 by Apr 7, 2026 to settle the account in full (you save $445.75)."
    ) in text
    chat.say("yes")
    assert _agreements(db) == [
        (Decimal("2300.00"), Decimal("445.75"), [("2026-04-07", Decimal("2300.00"))])
    ]


def test_a_stale_split_is_quoted_again_as_two_payments(
    chat: Chat, clock, accounts: dict[str, Debtor], db: Database
) -> None:  # type: ignore[no-untyped-def]
    chat.verify(accounts["zh_CN"])
    chat.say("先还2000，剩下的4月30日还")
    clock.advance(days=10)  # the first day (Mar 17) has passed
    text = "\n".join(r.text for r in chat.say("好"))
    assert "2026年3月27日先还¥2,000.00，之后2026年4月30日还¥9,700.50" in text
    chat.say("好")
    assert _agreements(db)[0][2] == [
        ("2026-03-27", Decimal("2000.00")),
        ("2026-04-30", Decimal("9700.50")),
    ]


def test_a_debtor_with_a_plan_who_asks_for_a_pause_gets_it_and_the_new_plan_replaces_the_old(
    chat: Chat, accounts: dict[str, Debtor], db: Database
) -> None:
    chat.verify(accounts["zh_TW"])
    chat.press(2)
    chat.press(1)  # a plan is recorded
    replies = chat.say("可以先暫停兩個月嗎")
    assert replies[0].text.startswith("可以為您暫停還款到2026年5月9日")
    chat.press(1)
    texts = [r.text for r in chat.press(1)]
    assert "新的還款計畫已取代先前的計畫。" in texts
    with db.session() as s:
        statuses = [a.status for a in s.scalars(select(Agreement).order_by(Agreement.id))]
    assert statuses == ["superseded", "active"]


@pytest.mark.parametrize(
    ("locale", "words", "first_line", "schedule"),
    [
        (
            "en",
            "can I pay 2300 to settle",
            "Here is the plan: Pay $2,300.00 by Mar 17, 2026 to settle the account in full "
            "(you save $445.75).",
            [("2026-03-17", "2300.00")],
        ),
        (
            "zh_CN",
            "先还2000，剩下的4月30日还",
            "还款计划：2026年3月17日先还¥2,000.00，之后2026年4月30日还¥9,700.50。",
            [("2026-03-17", "2000.00"), ("2026-04-30", "9700.50")],
        ),
        (
            "zh_TW",
            "一次還45000結清",
            "還款計畫：在2026年3月17日前繳NT$45,000即可結清全部欠款（可減免NT$4,000）。",
            [("2026-03-17", "45000.00")],
        ),
    ],
)
def test_a_debtor_with_a_plan_is_heard_when_they_propose_a_new_one(
    chat: Chat,
    accounts: dict[str, Debtor],
    db: Database,
    locale: str,
    words: str,
    first_line: str,
    schedule: list[tuple[str, str]],
) -> None:
    chat.verify(accounts[locale])
    chat.press(3)
    chat.press(1)  # a six-month plan is recorded
    assert chat.say(words)[0].text.split("\n")[0] == first_line
    chat.press(1)
    with db.session() as s:
        statuses = [a.status for a in s.scalars(select(Agreement).order_by(Agreement.id))]
    assert statuses == ["superseded", "active"]
    assert _agreements(db)[-1][2] == [(d, Decimal(a)) for d, a in schedule]


@pytest.mark.parametrize(
    ("locale", "words", "expected"),
    [
        (
            "en",
            "I can pay it all on 2026-03-01",
            "I can't agree to that: the payment day can't be in the past. The closest plan I "
            "can offer is: Pay $2,608.46 in full by Mar 10, 2026 (you save $137.29).",
        ),
        (
            "zh_CN",
            "2026年3月1日一次性还清",
            "这个方案我无法同意：还款日期不能早于今天。我能提供的最接近的方案是："
            "在2026年3月10日前一次性还清¥11,115.47（可减免¥585.03）。",
        ),
        (
            "zh_TW",
            "民國115年3月1日全部還清",
            "這個方案我無法同意：繳款日期不能早於今天。我能提供的最接近方案是："
            "在2026年3月10日前一次還清NT$46,550（可減免NT$2,450）。",
        ),
    ],
)
def test_a_day_that_has_gone_by_is_never_accepted_and_the_debtor_is_told(
    chat: Chat, accounts: dict[str, Debtor], locale: str, words: str, expected: str
) -> None:
    chat.verify(accounts[locale])
    assert chat.say(words)[0].text == expected


def test_a_script_without_the_payment_day_reason_says_the_first_payment_one(
    settings: Settings, clock, accounts: dict[str, Debtor], tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    text = Path(settings.dialog.script).read_text(encoding="utf-8")
    text = re.sub(r"\n  reason_pay_date_in_past: [^\n]*", "", text)
    script = tmp_path / "older.yaml"
    script.write_text(text, encoding="utf-8")
    app = App(replace(settings, dialog=replace(settings.dialog, script=str(script))), clock=clock)
    try:
        chat = Chat(app, clock)
        chat.verify(accounts["en"])
        said = chat.say("I can pay it all on 2026-03-01")[0].text
    finally:
        app.stop()
    assert said.startswith("I can't agree to that: the first payment can't be in the past.")


# Asked about again without a length ("when does the pause end?"), the pause already
# offered is restated, not replaced by the longest one.
PAUSE_THEN_WHEN = {
    "en": ("can I pause for two months", "ok", "when does the pause end",
           "I can pause your payments until May 9, 2026"),
    "zh_CN": ("能不能停两个月", "好", "暂停到什么时候", "可以为您暂停还款到2026年5月9日"),
    "zh_TW": ("可以先停兩個月嗎", "好", "暫停到什麼時候", "可以為您暫停還款到2026年5月9日"),
}  # fmt: skip


@pytest.mark.parametrize("locale", ["en", "zh_CN", "zh_TW"])
def test_the_pause_asked_about_again_is_the_one_offered(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    asked, ok, when, said = PAUSE_THEN_WHEN[locale]
    chat.verify(accounts[locale])
    assert chat.say(asked)[0].text.startswith(said)
    chat.say(ok)
    assert chat.say(when)[0].text.startswith(said), chat.text()
