"""Writing single account rows (bulk imports go through :mod:`bot.accounts.writer`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from bot.store.models import Account


def add_account(session: Session, **columns: Any) -> Account:
    """Add an account row with ``columns`` to ``session`` (written at its next flush)."""
    account = Account(**columns)
    session.add(account)
    return account
