"""Debtor data rights: exporting everything held about an account.

:func:`export_account` returns everything held about one account as plain JSON
data (personal fields decrypted: it is for the debtor).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.compliance.activity import conversation_ids
from bot.config import ConfigError
from bot.store.crypto import PersonalData
from bot.store.models import (
    Account,
    Agreement,
    AuditEntry,
    Base,
    Circumstance,
    Conversation,
    Escalation,
    Event,
    Identity,
    Message,
    Offer,
    OptOut,
    VerificationAttempt,
)


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return None
    return value


def _row(obj: Base, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        c.key: _plain(getattr(obj, c.key))
        for c in obj.__table__.columns
        if c.key not in skip and not c.key.endswith("_enc")
    }


def _decrypt(personal: PersonalData, blob: bytes | None) -> str | None:
    if not blob:
        return None
    try:
        return personal.decrypt(blob)
    except ConfigError:  # a key that was rotated away: say so rather than fail the export
        return "[cannot decrypt]"


def export_account(session: Session, personal: PersonalData, account: Account) -> dict[str, Any]:
    """Everything held about ``account``, as JSON-ready data.

    Amounts are exact decimal strings, times ISO 8601. Date of birth and ID
    digits are held only as keyed hashes and are reported as such.
    """
    conv_ids = conversation_ids(session, account.id)
    data: dict[str, Any] = {
        "account": {
            **_row(account, skip=("dob_hash", "id_last4_hash", "row_hash")),
            "full_name": _decrypt(personal, account.full_name_enc),
            "phone": _decrypt(personal, account.phone_enc),
            "email": _decrypt(personal, account.email_enc),
            "date_of_birth": "held as a keyed hash" if account.dob_hash else None,
            "id_last4": "held as a keyed hash" if account.id_last4_hash else None,
        },
        "identities": _rows(session, select(Identity).where(Identity.account_id == account.id)),
        "conversations": [],
        "offers": _rows(session, select(Offer).where(Offer.account_id == account.id)),
        "agreements": [],
        "verification_attempts": _rows(
            session,
            select(VerificationAttempt).where(VerificationAttempt.account_id == account.id),
        ),
        "escalations": _rows(
            session, select(Escalation).where(Escalation.account_id == account.id)
        ),
        "opt_outs": _rows(session, select(OptOut).where(OptOut.account_id == account.id)),
        "circumstances": _rows(
            session, select(Circumstance).where(Circumstance.account_id == account.id)
        ),
        "events": _rows(session, select(Event).where(Event.account_id == account.id)),
        "audit_log": _rows(session, select(AuditEntry).where(AuditEntry.account_id == account.id)),
    }
    for conv in session.scalars(
        select(Conversation).where(Conversation.id.in_(conv_ids)).order_by(Conversation.id)
    ):
        messages = _rows(
            session,
            select(Message).where(Message.conversation_id == conv.id),
        )
        data["conversations"].append({**_row(conv), "messages": messages})
    for agreement in session.scalars(
        select(Agreement).where(Agreement.account_id == account.id).order_by(Agreement.id)
    ):
        data["agreements"].append(
            {**_row(agreement), "instalments": [_row(i) for i in agreement.instalments]}
        )
    return data


def _rows(session: Session, query: Any) -> list[dict[str, Any]]:
    return [_row(obj) for obj in session.scalars(query.order_by("id"))]
