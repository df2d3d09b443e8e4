"""Purging records whose retention period has ended.

:func:`retention_run` purges accounts (and unbound chats) whose retention period
has ended, unless they are under legal hold.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.compliance.activity import agreement_activity, conversation_activity, latest_activity
from bot.compliance.erasure import ErasureReport, purge_account, purge_conversations
from bot.compliance.profiles import PROFILE_NAMES, Profile, profile_named
from bot.config import ComplianceSettings
from bot.store import audit
from bot.store.models import Account, Conversation


@dataclass
class RetentionReport:
    """What a retention run purged (or would purge, for a dry run)."""

    accounts: list[str] = field(default_factory=list)
    held: list[str] = field(default_factory=list)
    unbound_conversations: int = 0
    deleted: dict[str, int] = field(default_factory=dict)


def retention_run(
    session: Session,
    now: datetime,
    compliance: ComplianceSettings,
    *,
    dry_run: bool = False,
) -> RetentionReport:
    """Purge what is past retention: accounts and chats never bound to an account.

    An account is past retention when its profile's retention period has ended
    since its last activity; accounts under legal hold are kept (and listed in
    ``held``). Conversations that never got bound to an account are purged when
    the configured profile's period has ended since they were last updated.

    Args:
        session: The caller's transaction (commit to make the purge stick).
        now: The current time.
        compliance: The ``[compliance]`` settings.
        dry_run: Only report what would be purged.
    """
    report = RetentionReport()
    conv, agreed = conversation_activity(), agreement_activity()
    rows = session.execute(
        select(
            Account.id,
            Account.account_ref,
            Account.compliance_profile,
            Account.legal_hold,
            Account.status,
            Account.last_activity_at,
            Account.updated_at,
            conv.c.at,
            agreed.c.at,
        )
        .outerjoin(conv, conv.c.account_id == Account.id)
        .outerjoin(agreed, agreed.c.account_id == Account.id)
        .order_by(Account.account_ref)
        .execution_options(yield_per=5000)
    )
    profiles: dict[str | None, Profile] = {}
    expired: list[int] = []
    for pk, ref, override, hold, status, pinned, updated, conv_at, agreed_at in rows:
        if override not in profiles:
            name = override if override in PROFILE_NAMES else compliance.profile
            profiles[override] = profile_named(name, compliance)
        latest = latest_activity(status, pinned, updated, conv_at, agreed_at)
        if now < profiles[override].retention_until(latest):
            continue
        if hold:
            report.held.append(ref)
            continue
        report.accounts.append(ref)
        expired.append(pk)
    rows.close()
    if not dry_run:
        for pk in expired:
            account = session.get(Account, pk)
            assert account is not None
            erasure = ErasureReport(account.account_ref)
            purge_account(session, account, erasure)
            for table, n in erasure.deleted.items():
                report.deleted[table] = report.deleted.get(table, 0) + n
    profile = profile_named(compliance.profile, compliance)
    stale = [
        conv_id
        for conv_id, updated in session.execute(
            select(Conversation.id, Conversation.updated_at).where(
                Conversation.account_id.is_(None)
            )
        )
        if now >= profile.retention_until(updated)
    ]
    report.unbound_conversations = len(stale)
    if stale and not dry_run:
        erasure = ErasureReport("")
        purge_conversations(session, stale, erasure)
        for table, n in erasure.deleted.items():
            report.deleted[table] = report.deleted.get(table, 0) + n
    if not dry_run and (report.accounts or stale):
        audit.record(
            session,
            actor="retention",
            action="retention_run",
            details={
                "accounts": report.accounts,
                "unbound_conversations": report.unbound_conversations,
                "deleted": report.deleted,
            },
            now=now,
        )
    session.flush()
    return report
