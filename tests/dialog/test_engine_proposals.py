"""Proposals as debtors make them: choosing by ordinal words or a button's own label,
Taiwan (民國) dates, and a single payment on the debtor's own date (up to the horizon).

Each runs on the default script admins edit (dialogs/collections.yaml), in every
language, on SQLite and PostgreSQL. The clock is Tuesday 10 March 2026.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from bot.store.db import Database
from bot.store.models import Agreement, Instalment
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
            "我能提供最接近的方案是：在2026年4月30日前一次還清NT$49,000。",
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
