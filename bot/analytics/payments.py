"""Payment-based metrics: first instalment paid, collected, promise kept, days to pay."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from bot.analytics.amounts import Mean, Money
from bot.analytics.dims import Period


@dataclass
class PaymentFigures:
    """What was paid on the agreements of one group."""

    first_paid_accounts: int = 0
    completed_accounts: int = 0
    collected: Money = field(default_factory=Money)
    due: int = 0
    kept: int = 0
    days_to_first_payment: Mean = field(default_factory=lambda: Mean(None, 0))


def payment_figures(session: Session, period: Period, by: str | None) -> dict[str, PaymentFigures]:
    """Payment figures per group."""
    return {}
