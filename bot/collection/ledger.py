"""Where an account stands: its active plan, and payments applied to it.

A payment goes to the active plan's oldest open instalments first; a partial
payment leaves the rest of that instalment open; what is more than the plan
(or, without a plan, the balance) still needs is held as credit. When every
instalment is paid the plan is ``completed`` (a discount it carried is
waived), and an account owing nothing is ``settled``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from bot.store import audit
from bot.store.models import Account, Agreement, Instalment

ACTIVE = "active"
SUPERSEDED = "superseded"
COMPLETED = "completed"
BROKEN = "broken"
CANCELLED = "cancelled"
SETTLED = "settled"

OPEN = "open"
PARTIAL = "partial"
PAID = "paid"
MISSED = "missed"
ZERO = Decimal(0)


@dataclass(frozen=True)
class Applied:
    """How one payment was applied.

    Attributes:
        applied: the part that reduced what is owed.
        credit: the part held as credit (more than was still due).
        allocations: ``(instalment id, amount)`` in the order paid.
        completed: the plan was paid off by this payment.
        settled: the account owes nothing any more.
    """

    applied: Decimal
    credit: Decimal
    allocations: tuple[tuple[int, Decimal], ...]
    completed: bool
    settled: bool


# Built once: read on most turns of a conversation.
_ACTIVE = select(Agreement).where(
    Agreement.account_id == bindparam("account_id"), Agreement.status == ACTIVE
)
_ACTIVE_LOCKED = _ACTIVE.with_for_update()


def active_agreement(session: Session, account_id: int, *, lock: bool = False) -> Agreement | None:
    """The account's active agreement, if any (at most one: the database enforces it)."""
    locked = lock and session.get_bind().dialect.name == "postgresql"
    return session.scalars(
        _ACTIVE_LOCKED if locked else _ACTIVE, {"account_id": account_id}
    ).first()


def open_instalments(agreement: Agreement) -> list[Instalment]:
    """Instalments still to pay (open, partial or missed), oldest first."""
    return [i for i in agreement.instalments if i.closed_at is None and i.status != PAID]


def plan_remaining(agreement: Agreement) -> Decimal:
    """What the plan still asks for."""
    return sum((i.remaining for i in open_instalments(agreement)), ZERO)


def apply_payment(
    session: Session,
    account: Account,
    amount: Decimal,
    now: datetime,
    *,
    paid_at: datetime | None = None,
) -> Applied:
    """Apply ``amount`` (in the account's currency) to ``account`` and its active plan.

    ``paid_at`` is when the debtor paid (default ``now``): an instalment this
    payment completes records it, so "paid by the due date" can be judged later.
    """
    agreement = active_agreement(session, account.id, lock=True)
    limit = plan_remaining(agreement) if agreement is not None else account.owed
    to_balance = min(amount, limit)
    credit = amount - to_balance
    account.paid += to_balance
    account.credit += credit
    allocations: list[tuple[int, Decimal]] = []
    completed = False
    if agreement is not None:
        left = to_balance
        for inst in open_instalments(agreement):
            if left <= ZERO:
                break
            take = min(left, inst.remaining)
            inst.paid += take
            left -= take
            inst.status = PAID if inst.remaining == ZERO else PARTIAL
            if inst.status == PAID:
                inst.paid_at = paid_at or now
            allocations.append((inst.id, take))
        if not open_instalments(agreement):
            completed = True
            agreement.status = COMPLETED
            agreement.closed_at = now
            account.waived += account.owed  # what the plan's discount forgave
            audit.record(
                session,
                actor="system",
                action="agreement.completed",
                account_id=account.id,
                details={"agreement_id": agreement.id, "waived": str(account.waived)},
                now=now,
            )
    settled = account.owed == ZERO and account.status == ACTIVE
    if settled:
        account.status = SETTLED
    account.updated_at = now
    return Applied(to_balance, credit, tuple(allocations), completed, settled)


def supersede(
    session: Session, agreement: Agreement, now: datetime, *, by: str, reason: str
) -> None:
    """Mark ``agreement`` superseded and close its open instalments (audited).

    Instalments already paid keep their payments; what was paid still counts
    against the balance the new plan is quoted from.
    """
    agreement.status = SUPERSEDED
    agreement.closed_at = now
    for inst in open_instalments(agreement):
        inst.closed_at = now
    audit.record(
        session,
        actor=by,
        action="agreement.superseded",
        account_id=agreement.account_id,
        conversation_id=agreement.conversation_id,
        details={"agreement_id": agreement.id, "reason": reason},
        now=now,
    )
    session.flush()


def missed_before(agreement: Agreement, inst: Instalment) -> bool:
    """Whether the instalment before ``inst`` was missed too (and is still outstanding)."""
    earlier = [i for i in agreement.instalments if i.seq < inst.seq]
    if not earlier:
        return False
    prev = max(earlier, key=lambda i: i.seq)
    return prev.status == MISSED and prev.closed_at is None
