"""A known collection history for the metric tests (fixed clock, exact figures)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from bot.collection.payments import PaymentIn, record_payment
from bot.store.crypto import PersonalData
from bot.store.models import (
    Account,
    Conversation,
    Escalation,
    Message,
    Offer,
    OptOut,
    VerificationAttempt,
)
from tests.factories import make_account, make_agreement, make_conversation

#: The period of the reports in these tests: 1-31 March 2026.
SINCE = datetime(2026, 3, 1, tzinfo=UTC)
UNTIL = datetime(2026, 4, 1, tzinfo=UTC)
AS_OF = datetime(2026, 6, 1, tzinfo=UTC)


@dataclass
class Chat:
    """Builds one conversation's rows, the clock moving a minute per step."""

    session: Session
    conv: Conversation
    clock: datetime

    def tick(self, seconds: int = 60) -> datetime:
        self.clock += timedelta(seconds=seconds)
        return self.clock

    def bot(self, text: str = "hello") -> Chat:
        self._msg("out", "bot", text)
        return self

    def debtor(self, text: str = "hi") -> Chat:
        self._msg("in", "debtor", text)
        return self

    def agent(self, after: int) -> Chat:
        self._msg("out", "agent", "agent here", after)
        return self

    def _msg(self, direction: str, sender: str, text: str, after: int = 60) -> None:
        self.session.add(
            Message(
                conversation_id=self.conv.id,
                platform=self.conv.platform,
                platform_message_id=f"{self.conv.id}-{self.clock.timestamp()}-{sender}",
                direction=direction,
                sender=sender,
                text=text,
                created_at=self.tick(after),
            )
        )
        self.session.flush()

    def verify(self, *results: bool) -> Chat:
        for ok in results:
            self.session.add(
                VerificationAttempt(
                    conversation_id=self.conv.id,
                    account_id=self.conv.account_id,
                    field="dob",
                    success=ok,
                    created_at=self.tick(),
                )
            )
        return self

    def offer(self) -> Chat:
        assert self.conv.account_id is not None
        self.session.add(
            Offer(
                conversation_id=self.conv.id,
                account_id=self.conv.account_id,
                kind="full",
                currency="USD",
                total=Decimal("100"),
                discount=Decimal("0"),
                schedule=[],
                created_at=self.tick(),
            )
        )
        return self

    def escalate(self, reason: str) -> Chat:
        self.session.add(
            Escalation(
                conversation_id=self.conv.id,
                account_id=self.conv.account_id,
                reason=reason,
                priority=2,
                created_at=self.tick(),
            )
        )
        self.session.flush()
        return self

    def opt_out(self) -> Chat:
        self.session.add(
            OptOut(
                account_id=self.conv.account_id,
                platform=self.conv.platform,
                platform_user_id=self.conv.user_id,
                source="typed",
                created_at=self.tick(),
            )
        )
        return self

    def end(self, state: str) -> Chat:
        self.conv.state = state
        self.conv.is_open = None
        self.conv.closed_at = self.tick()
        self.session.flush()
        return self


def chat(
    session: Session,
    account: Account | None,
    start: datetime,
    *,
    platform: str = "telegram",
    locale: str = "en",
    user: str,
) -> Chat:
    conv = make_conversation(
        session, account, start, platform=platform, user_id=user, locale=locale
    )
    return Chat(session, conv, start)


def account(
    session: Session, personal: PersonalData, ref: str, creditor: str, **kw: str
) -> Account:
    return make_account(
        session, personal, ref=ref, creditor=creditor, due_date=date(2026, 1, 15), **kw
    )


def pay(session: Session, account: Account, amount: str, paid_at: datetime) -> None:
    """A payment through the collection ledger (as ``payments import`` records it)."""
    payment = PaymentIn(
        f"{account.account_ref}-{paid_at:%m%d}", account.account_ref, Decimal(amount),
        account.currency, paid_at,
    )  # fmt: skip
    record_payment(session, payment, paid_at + timedelta(hours=1), source="csv")


def build(session: Session, personal: PersonalData) -> None:
    """Six accounts, seven conversations; see tests/analytics/test_report.py for the figures.

    Payments: A-1 pays its one instalment (due 20 March) on 18 March, which
    completes the plan; A-2 pays 10.00 on 1 March, before it agrees, then 50.00
    on 20 March and 50.10 on 28 March, so its first instalment (due 25 March)
    is paid in full late; A-6, outside the period, pays in February.
    """
    a1 = account(session, personal, "A-1", "Bank A", currency="USD", principal="500.00")
    a2 = account(session, personal, "A-2", "Bank A", currency="CNY", principal="6000.00")
    a3 = account(session, personal, "A-3", "Bank B", currency="USD", principal="100.00")
    a4 = account(session, personal, "A-4", "Bank B", currency="USD", principal="100.00")
    a5 = account(session, personal, "A-5", "Bank B", currency="CNY", principal="100.00")
    a6 = account(session, personal, "A-6", "Bank A", currency="USD", principal="100.00")
    day = SINCE + timedelta(days=2, hours=3)

    c1 = chat(session, a1, day, user="u1").bot().debtor().verify(True).offer().debtor()
    ag1 = make_agreement(
        session, a1, c1.conv.id, schedule=[(date(2026, 3, 20), "300.10")],
        created_at=c1.tick(), currency="USD",
    )  # fmt: skip
    pay(session, a1, "300.10", datetime(2026, 3, 18, 9, tzinfo=UTC))
    assert ag1.status == "completed"
    c1.bot().end("agreed")
    # A second conversation of the same account in the period: counted once.
    chat(session, a1, day + timedelta(days=5), user="u1b").bot().end("start")

    pay(session, a2, "10.00", datetime(2026, 3, 1, 8, tzinfo=UTC))
    c2 = chat(session, a2, day, platform="wechat", locale="zh_CN", user="u2")
    c2.bot().debtor().verify(False, True).offer()
    ag2 = make_agreement(
        session, a2, c2.conv.id,
        schedule=[(date(2026, 3, 25), "100.10"), (date(2026, 4, 25), "100.10")],
        created_at=c2.tick(), currency="CNY", discount="10.00",
    )  # fmt: skip
    pay(session, a2, "50.00", datetime(2026, 3, 20, 23, 30, tzinfo=UTC))
    pay(session, a2, "50.10", datetime(2026, 3, 28, 0, 10, tzinfo=UTC))
    ag2.status = "broken"
    c2.end("agreed")

    c3 = chat(session, a3, day + timedelta(days=10), user="u3").bot().debtor().verify(False)
    c3.escalate("verification_locked").agent(after=90).end("verify")

    chat(session, a4, day + timedelta(days=11), user="u4").bot().end("verify")

    c5 = chat(session, a5, day + timedelta(days=12), platform="wechat", locale="zh_CN", user="u5")
    c5.bot().debtor().verify(True).offer().escalate("distress").agent(after=30).opt_out()
    c5.end("offer")

    # Outside the period: a conversation before it, and one never tied to an account.
    c6 = chat(session, a6, SINCE - timedelta(days=3), user="u6").bot().debtor().verify(True)
    make_agreement(session, a6, c6.conv.id, schedule=[(date(2026, 3, 1), "50")],
                   created_at=c6.tick(), currency="USD")  # fmt: skip
    pay(session, a6, "50.00", SINCE - timedelta(days=2))
    c6.end("agreed")
    chat(session, None, day, user="stranger").bot().debtor().end("verify")
    session.flush()
