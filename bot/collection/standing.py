"""Where an account's plan stands, for what the bot says and the reminders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from bot.collection.ledger import ZERO, active_agreement, open_instalments
from bot.store.models import Account, Agreement, Instalment


@dataclass(frozen=True)
class Standing:
    """The active plan of an account and how far it has got.

    Attributes:
        agreement: The active agreement.
        paid: Paid towards the plan so far.
        total: The plan's total.
        next_due: The next instalment still to pay (None when all are paid).
        next_amount: What is still due on it.
    """

    agreement: Agreement
    paid: Decimal
    total: Decimal
    next_due: date | None
    next_amount: Decimal

    @property
    def remaining(self) -> Decimal:
        """What the plan still asks for."""
        return self.total - self.paid


def standing_of(session: Session, account: Account) -> Standing | None:
    """The account's active plan and its progress, or None without one."""
    agreement = active_agreement(session, account.id)
    if agreement is None:
        return None
    return standing_for(agreement)


def standing_for(agreement: Agreement) -> Standing:
    """:class:`Standing` of ``agreement`` (its instalments loaded)."""
    paid = sum((i.paid for i in agreement.instalments), ZERO)
    todo = open_instalments(agreement)
    nxt: Instalment | None = todo[0] if todo else None
    return Standing(
        agreement=agreement,
        paid=paid,
        total=agreement.total,
        next_due=nxt.due_date if nxt is not None else None,
        next_amount=nxt.remaining if nxt is not None else ZERO,
    )
