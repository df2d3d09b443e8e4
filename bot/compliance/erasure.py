"""Debtor data rights: erasing an account's personal data.

:func:`erase_account` deletes or anonymises personal data. What the law requires
us to keep stays: while the account is under legal hold or inside its retention
period, agreements with their instalments and offers, the audit log and the bare
transcript structure (texts become ``[erased]``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.compliance.activity import conversation_ids, last_activity, must_keep
from bot.config import ComplianceSettings
from bot.store import audit
from bot.store import erasure as erasure_rows
from bot.store.erasure import ERASED as ERASED
from bot.store.erasure import ErasureReport as ErasureReport
from bot.store.erasure import purge_conversations as purge_conversations
from bot.store.models import Account, Agreement


def erase_account(
    session: Session,
    account: Account,
    now: datetime,
    compliance: ComplianceSettings,
    *,
    actor: str = "admin",
) -> ErasureReport:
    """Erase ``account``'s personal data, keeping what retention or legal hold requires.

    Kept (anonymised) while required: the account row with its reference and
    amounts, agreements, instalments and the offers they came from, the
    conversation and message rows (texts replaced by ``[erased]``), escalations,
    verification attempts and the audit log. Everything else that identifies the
    debtor is deleted. If nothing must be kept, the account is purged entirely.
    The erasure itself is audited.
    """
    report = ErasureReport(account.account_ref)
    if not must_keep(session, account, now, compliance):
        purge_account(session, account, report)
    else:
        account.last_activity_at = last_activity(session, account)
        _anonymise_account(session, account, now, report)
        report.kept_agreements = len(
            list(session.scalars(select(Agreement.id).where(Agreement.account_id == account.id)))
        )
    audit.record(
        session,
        actor=actor,
        action="erase",
        account_id=None if report.purged_account else account.id,
        details={
            "account_ref": report.account_ref,
            "kept_agreements": report.kept_agreements,
            "deleted": report.deleted,
            "anonymised": report.anonymised,
            "purged_account": report.purged_account,
            "legal_hold": bool(not report.purged_account and account.legal_hold),
        },
        now=now,
    )
    session.flush()
    return report


def _anonymise_account(
    session: Session, account: Account, now: datetime, report: ErasureReport
) -> None:
    conv_ids = conversation_ids(session, account.id)
    erasure_rows.anonymise_account(session, account, conv_ids, now, report)


def purge_account(session: Session, account: Account, report: ErasureReport) -> None:
    """Delete ``account`` and everything linked to it; the audit log only loses the link."""
    conv_ids = conversation_ids(session, account.id)
    erasure_rows.purge_account(session, account, conv_ids, report)
