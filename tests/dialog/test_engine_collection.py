"""Transcripts after "your plan is recorded": one plan per debt, offers that stay
true, how to pay (en, zh_CN, zh_TW; SQLite and PostgreSQL)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import event, select
from sqlalchemy.exc import IntegrityError

from bot.collection.payments import import_text
from bot.config import CollectionSettings, Secret, Settings
from bot.i18n import format_date, format_money
from bot.store.models import Account, Agreement, AuditEntry, Instalment, Offer
from tests.dialog.conftest import Chat, Clock, Debtor

PAY = {
    "Example Bank": "bank transfer to Example Bank, account 6222 0000 1111.",
    "*": "transfer to account 9999 (any other creditor).",
}
SEES = {
    "en": {
        "yes": "yes",
        "recorded": "your plan is recorded",
        "status": "Your plan with Example Bank: $2,745.75 in all, no payments recorded yet. Next payment: $915.25 on Mar 17, 2026.",  # noqa: E501
        "status_paid": "$100.00 of $2,745.75 paid so far. Next payment: $815.25 on Mar 17, 2026.",
        "how": "How to pay: bank transfer to Example Bank, account 6222 0000 1111. Please quote your reference U-3003.",  # noqa: E501
        "how_q": "where do I send the money?",
        "verify_first": "once I've confirmed who you are",
        "change": "I'd like to change my plan",
        "replaced": "Your new plan replaces the previous one.",
        "requoted": "That offer is no longer valid",
        "recap": "To recap before I record it: 3 monthly payments of $915.25, first on Mar 17, 2026.",  # noqa: E501
        "settled": "Your account is fully paid",
    },
    "zh_CN": {
        "yes": "是",
        "recorded": "您的还款计划已登记",
        "status": "您在Example Bank的还款计划：共¥11,700.50，目前还没有还款记录。下一期在2026年3月17日，金额¥3,900.16。",  # noqa: E501
        "status_paid": "已还¥100.00。下一期在2026年3月17日，金额¥3,800.16。",
        "how": "还款方式：bank transfer to Example Bank, account 6222 0000 1111. 请注明您的参考编号 A-1001。",  # noqa: E501
        "how_q": "钱应该打到哪个账户？",
        "verify_first": "确认您的身份后",
        "change": "我想改一下还款计划",
        "replaced": "新的还款计划已取代之前的计划。",
        "requoted": "该方案已失效",
        "recap": "登记前再确认一下：前2期每月还¥3,900.16，最后一期还¥3,900.18，首期2026年3月17日。",
        "settled": "您的账户已全部还清",
    },
    "zh_TW": {
        "yes": "好",
        "recorded": "您的還款計畫已登記",
        "status": "您在範例銀行的還款計畫：共NT$49,000，目前還沒有繳款紀錄。下一期在2026年3月17日，金額NT$16,333。",  # noqa: E501
        "status_paid": "已還NT$100。下一期在2026年3月17日，金額NT$16,233。",
        "how": "還款方式：transfer to account 9999 (any other creditor). 請註明您的參考編號 T-2002。",  # noqa: E501
        "how_q": "請問在哪裡還款？",
        "verify_first": "確認您的身分後",
        "change": "我想調整還款計畫",
        "replaced": "新的還款計畫已取代先前的計畫。",
        "requoted": "該方案已失效",
        "recap": "登記前再確認一次：前2期每月還NT$16,333，最後一期還NT$16,334，首期2026年3月17日。",
        "settled": "您的帳戶已全數還清",
    },
}  # fmt: skip
LOCALES = list(SEES)
CURRENCY = {"en": "USD", "zh_CN": "CNY", "zh_TW": "TWD"}


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Payment instructions per creditor and a signed pay-now link."""
    collection = CollectionSettings(
        pay_instructions=PAY,
        pay_link_template="https://pay.example.com/?ref={account_ref}&amount={amount}&exp={expires}&sig={signature}",
        pay_link_key=Secret("pay-link-key"),
    )
    return dataclasses.replace(settings, collection=collection)


def _agree(chat: Chat, debtor: Debtor) -> None:
    """Verify, choose 3 monthly payments, confirm."""
    chat.verify(debtor)
    chat.press(2)
    assert SEES[debtor.locale]["recorded"] in chat.say(SEES[debtor.locale]["yes"])[0].text


def _agreements(chat: Chat) -> list[tuple[str, int]]:
    with chat.app.db.session() as s:
        return [(a.status, a.offer_id) for a in s.scalars(select(Agreement).order_by(Agreement.id))]


@pytest.mark.parametrize("locale", LOCALES)
def test_summary_says_how_to_pay_with_a_signed_link(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    _agree(chat, accounts[locale])
    text = chat.text()
    assert SEES[locale]["how"] in text
    assert "https://pay.example.com/?ref=" + accounts[locale].ref in text
    assert "&sig=" in text
    assert [b.payload for b in chat.last[-1].buttons] == ["how_to_pay", "change_plan"]


@pytest.mark.parametrize("locale", LOCALES)
def test_returning_debtor_with_a_plan_hears_where_it_stands(
    chat: Chat,
    new_chat,
    clock: Clock,
    accounts: dict[str, Debtor],
    locale: str,  # type: ignore[no-untyped-def]
) -> None:
    debtor = accounts[locale]
    _agree(chat, debtor)
    clock.advance(days=2)
    again = new_chat("u1-back")
    replies = again.verify(debtor)

    text = "\n".join(r.text for r in replies)
    assert SEES[locale]["status"] in text
    assert SEES[locale]["how"] in text
    assert [b.payload for b in replies[-1].buttons] == ["how_to_pay", "change_plan"]
    assert len(_agreements(chat)) == 1  # no new offers, no second agreement
    with chat.app.db.session() as s:
        assert s.scalars(select(Offer)).all()[-1].conversation_id == chat.conversation_id


@pytest.mark.parametrize("locale", LOCALES)
def test_a_payment_during_the_chat_shows_in_the_next_reply(
    chat: Chat, clock: Clock, accounts: dict[str, Debtor], locale: str
) -> None:
    debtor = accounts[locale]
    _agree(chat, debtor)
    csv = "external_id,account_ref,amount,currency,paid_at\n"
    import_text(
        chat.app.db,
        csv + f"p-1,{debtor.ref},100,{CURRENCY[locale]},2026-03-10T07:00:00Z\n",
        clock(),
    )
    replies = chat.say(
        {"en": "how much do I owe?", "zh_CN": "我还欠多少钱", "zh_TW": "我還欠多少錢"}[locale]
    )
    assert SEES[locale]["status_paid"] in "\n".join(r.text for r in replies)


@pytest.mark.parametrize("locale", LOCALES)
def test_changing_the_plan_supersedes_the_old_one(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    _agree(chat, accounts[locale])
    offers = chat.say(SEES[locale]["change"])
    assert len(offers[-1].buttons) == 3  # new offers from today's balance
    chat.press(3)
    done = chat.say(SEES[locale]["yes"])

    assert SEES[locale]["replaced"] in "\n".join(r.text for r in done)
    assert [s for s, _ in _agreements(chat)] == ["superseded", "active"]
    with chat.app.db.session() as s:
        old = s.scalars(select(Agreement).order_by(Agreement.id)).first()
        assert old is not None and old.closed_at is not None
        assert all(i.closed_at is not None for i in old.instalments)
        audit = s.scalars(select(AuditEntry.action)).all()
        assert "agreement.superseded" in audit


def test_the_database_refuses_a_second_active_agreement(
    chat: Chat, accounts: dict[str, Debtor]
) -> None:
    _agree(chat, accounts["en"])
    with pytest.raises(IntegrityError), chat.app.db.session() as s:
        first = s.scalars(select(Agreement)).one()
        offer = s.get(Offer, first.offer_id)
        assert offer is not None
        clone = Offer(
            **{
                c: getattr(offer, c)
                for c in (
                    "conversation_id",
                    "account_id",
                    "kind",
                    "currency",
                    "total",
                    "discount",
                    "frequency",
                    "schedule",
                    "created_at",
                )
            }
        )
        s.add(clone)
        s.flush()
        s.add(
            Agreement(
                account_id=first.account_id,
                offer_id=clone.id,
                status="active",
                currency="USD",
                total=first.total,
                discount=first.discount,
                script_version="x",
                created_at=first.created_at,
            )
        )
        s.flush()


@pytest.mark.parametrize("locale", LOCALES)
def test_a_stale_offer_is_requoted_and_confirmed_again(
    chat: Chat, clock: Clock, accounts: dict[str, Debtor], locale: str
) -> None:
    chat.verify(accounts[locale])
    chat.press(2)
    clock.advance(days=21)  # first payment (Mar 17) is now in the past
    replies = chat.say(SEES[locale]["yes"])

    text = "\n".join(r.text for r in replies)
    assert SEES[locale]["requoted"] in text
    assert "2026年4月7日" in text or "Apr 7, 2026" in text  # today's dates (a week from now)
    assert _agreements(chat) == []
    assert [b.payload for b in replies[-1].buttons] == ["yes", "no"]
    done = chat.say(SEES[locale]["yes"])
    assert SEES[locale]["recorded"] in done[0].text
    with chat.app.db.session() as s:
        firsts = s.scalars(select(Instalment.due_date).where(Instalment.seq == 1)).all()
        assert [d.isoformat() for d in firsts] == ["2026-04-07"]


def test_an_ok_after_25_hours_is_requoted_not_recorded(
    chat: Chat, clock: Clock, accounts: dict[str, Debtor]
) -> None:
    chat.verify(accounts["en"])
    chat.press(1)  # pay in full with the discount
    clock.advance(hours=25)
    replies = chat.say("ok")
    assert "That offer is no longer valid" in "\n".join(r.text for r in replies)
    assert _agreements(chat) == []


@pytest.mark.parametrize("locale", LOCALES)
def test_a_confirmation_after_a_long_gap_gets_a_recap_first(
    chat: Chat, clock: Clock, accounts: dict[str, Debtor], locale: str
) -> None:
    chat.verify(accounts[locale])
    chat.press(2)
    clock.advance(hours=3)
    replies = chat.say(SEES[locale]["yes"])
    assert SEES[locale]["recap"] in "\n".join(r.text for r in replies)
    assert _agreements(chat) == []
    done = chat.say(SEES[locale]["yes"])
    assert SEES[locale]["recorded"] in done[0].text
    assert len(_agreements(chat)) == 1


@pytest.mark.parametrize("locale", LOCALES)
def test_how_do_i_pay_before_verification_before_and_after_agreement(
    chat: Chat, accounts: dict[str, Debtor], locale: str
) -> None:
    debtor = accounts[locale]
    chat.start(debtor.ref)
    before = chat.say(SEES[locale]["how_q"])
    assert SEES[locale]["verify_first"] in before[0].text
    assert SEES[locale]["how"] not in chat.text()  # nothing about the debt yet
    verified = "\n".join(r.text for r in chat.say(debtor.dob))
    assert SEES[locale]["how"] in verified  # told once they are verified
    offering = chat.say(SEES[locale]["how_q"])
    assert SEES[locale]["how"] in offering[0].text
    # Then back to the plan question in short; the offers shown before still work.
    assert len(offering) == 2 and offering[-1].buttons == ()
    chat.press(2)
    chat.say(SEES[locale]["yes"])
    after = chat.say(SEES[locale]["how_q"])
    assert SEES[locale]["how"] in after[0].text


@pytest.mark.parametrize("locale", LOCALES)
def test_a_settled_account_is_not_offered_plans(
    chat: Chat, clock: Clock, accounts: dict[str, Debtor], locale: str
) -> None:
    debtor = accounts[locale]
    with chat.app.db.session() as s:
        acc = s.scalars(select(Account).where(Account.account_ref == debtor.ref)).one()
        owed = acc.owed
    csv = "external_id,account_ref,amount,currency,paid_at\n"
    import_text(
        chat.app.db,
        csv + f"p-9,{debtor.ref},{owed},{CURRENCY[locale]},2026-03-09T00:00:00Z\n",
        clock(),
    )
    replies = chat.verify(debtor)
    assert SEES[locale]["settled"] in "\n".join(r.text for r in replies)
    assert all(not r.buttons for r in replies)
    with chat.app.db.session() as s:
        assert s.scalars(select(Offer)).all() == []
    assert datetime(2026, 3, 10, tzinfo=UTC) < clock()


@pytest.mark.parametrize(
    ("locale", "ask"),
    [("en", "I get paid on the 20th, can I pay 1000 a month on the 20th?"),
     ("zh_CN", "我每月20号发工资，每月20号还4000可以吗")],
)  # fmt: skip
def test_the_debtor_chooses_their_payday_and_every_reminder_date_follows_it(
    chat: Chat, accounts: dict[str, Debtor], locale: str, ask: str
) -> None:
    chat.verify(accounts[locale])
    chat.say(ask)
    chat.say(SEES[locale]["yes"])
    with chat.app.db.session() as s:
        days = {d.day for d in s.scalars(select(Instalment.due_date))}
    assert days == {20}


def test_a_replacing_plan_is_confirmed_with_its_own_next_payment_from_one_read(
    chat: Chat, accounts: dict[str, Debtor]
) -> None:
    _agree(chat, accounts["en"])  # 3 monthly payments of $915.25
    chat.say(SEES["en"]["change"])
    chat.press(3)
    reads: list[str] = []

    def seen(conn, cursor, statement, params, context, executemany):  # type: ignore[no-untyped-def]
        if "FROM agreements" in statement:
            reads.append(statement)

    event.listen(chat.app.db.engine, "before_cursor_execute", seen)
    try:
        done = "\n".join(r.text for r in chat.say(SEES["en"]["yes"]))
    finally:
        event.remove(chat.app.db.engine, "before_cursor_execute", seen)
    with chat.app.db.session() as s:
        new = s.scalars(select(Agreement).where(Agreement.status == "active")).one()
        first = new.instalments[0]
    assert first.amount != Decimal("915.25")
    assert SEES["en"]["replaced"] in done
    first_payment = (
        f"{format_money(first.amount, 'USD', 'en')} on {format_date(first.due_date, 'en')}"
    )
    assert first_payment in done
    assert f"?ref=U-3003&amount={first.amount}&" in done  # the link pays the new plan's first
    assert len(reads) == 1  # the plan it replaces, locked; the new one is known
