"""Debtor data rights: export, erasure, and purging records past retention.

- :func:`export_account` returns everything held about one account as plain
  JSON data (personal fields decrypted: it is for the debtor).
- :func:`erase_account` deletes or anonymises personal data. What the law
  requires us to keep stays: while the account is under legal hold or inside
  its retention period, agreements with their instalments and offers, the
  audit log and the bare transcript structure (texts become ``[erased]``).
- :func:`retention_run` purges accounts (and unbound chats) whose retention
  period has ended, unless they are under legal hold.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from bot.compliance.profiles import PROFILE_NAMES, Profile, profile_for, profile_named
from bot.config import ComplianceSettings, ConfigError
from bot.store.crypto import PersonalData
from bot.store.models import (
    Account,
    Agreement,
    AuditEntry,
    Base,
    Conversation,
    Escalation,
    Event,
    Identity,
    Instalment,
    LinkToken,
    Message,
    Offer,
    OptOut,
    OutboxItem,
    VerificationAttempt,
)

ERASED = "[erased]"


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
    conv_ids = _conversation_ids(session, account.id)
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


def _conversation_ids(session: Session, account_id: int) -> list[int]:
    return list(
        session.scalars(select(Conversation.id).where(Conversation.account_id == account_id))
    )


def _conversation_activity() -> Any:
    """Per account: when its conversations last changed."""
    return (
        select(
            Conversation.account_id.label("account_id"),
            func.max(Conversation.updated_at).label("at"),
        )
        .where(Conversation.account_id.is_not(None))
        .group_by(Conversation.account_id)
        .subquery()
    )


def _agreement_activity() -> Any:
    """Per account: when its last agreement was recorded."""
    return (
        select(Agreement.account_id.label("account_id"), func.max(Agreement.created_at).label("at"))
        .group_by(Agreement.account_id)
        .subquery()
    )


def _latest(status: str, pinned: datetime | None, *moments: datetime | None) -> datetime:
    # Erasure pins an account's last activity (the erasure itself is not activity).
    if status == "erased" and pinned is not None:
        return pinned
    return max(m for m in (pinned, *moments) if m is not None)


def last_activity(session: Session, account: Account) -> datetime:
    """When anything last happened on the account: an import that changed it, a
    conversation turn, an agreement (and ``last_activity_at`` when set)."""
    conv = session.scalar(
        select(func.max(Conversation.updated_at)).where(Conversation.account_id == account.id)
    )
    agreed = session.scalar(
        select(func.max(Agreement.created_at)).where(Agreement.account_id == account.id)
    )
    return _latest(account.status, account.last_activity_at, account.updated_at, conv, agreed)


def must_keep(
    session: Session, account: Account, now: datetime, compliance: ComplianceSettings
) -> bool:
    """True while agreements must be kept: legal hold or inside the retention period."""
    if account.legal_hold:
        return True
    until = profile_for(account, compliance).retention_until(last_activity(session, account))
    return now < until


@dataclass
class ErasureReport:
    """What an erasure did, counted per table."""

    account_ref: str
    kept_agreements: int = 0
    deleted: dict[str, int] = field(default_factory=dict)
    anonymised: dict[str, int] = field(default_factory=dict)
    purged_account: bool = False

    def add(self, kind: str, table: str, count: int) -> None:
        if count:
            bucket = self.deleted if kind == "deleted" else self.anonymised
            bucket[table] = bucket.get(table, 0) + count


def _count(result: Any) -> int:
    return int(result.rowcount or 0)


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
        _purge_account(session, account, report)
    else:
        account.last_activity_at = last_activity(session, account)
        _anonymise_account(session, account, now, report)
        report.kept_agreements = len(
            list(session.scalars(select(Agreement.id).where(Agreement.account_id == account.id)))
        )
    session.add(
        AuditEntry(
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
            created_at=now,
        )
    )
    session.flush()
    return report


def _anonymise_account(
    session: Session, account: Account, now: datetime, report: ErasureReport
) -> None:
    conv_ids = _conversation_ids(session, account.id)
    account.full_name_enc = b""
    account.dob_hash = None
    account.id_last4_hash = None
    account.phone_enc = None
    account.email_enc = None
    account.status = "erased"
    account.updated_at = now
    report.add("anonymised", "accounts", 1)
    report.add(
        "deleted",
        "identities",
        _count(session.execute(delete(Identity).where(Identity.account_id == account.id))),
    )
    report.add(
        "deleted",
        "link_tokens",
        _count(session.execute(delete(LinkToken).where(LinkToken.account_id == account.id))),
    )
    report.add(
        "anonymised",
        "opt_outs",
        _count(
            session.execute(
                update(OptOut)
                .where(OptOut.account_id == account.id)
                .values(platform_user_id=ERASED)
            )
        ),
    )
    if conv_ids:
        in_convs = Message.conversation_id.in_(conv_ids)
        report.add(
            "anonymised",
            "messages",
            _count(
                session.execute(
                    update(Message).where(in_convs).values(text=ERASED, payload=None, buttons=[])
                )
            ),
        )
        report.add(
            "anonymised",
            "outbox",
            _count(
                session.execute(
                    update(OutboxItem)
                    .where(OutboxItem.conversation_id.in_(conv_ids))
                    .values(chat_id=ERASED, error=None)
                )
            ),
        )
        session.execute(
            update(OutboxItem)
            .where(
                OutboxItem.conversation_id.in_(conv_ids),
                OutboxItem.status.in_(("pending", "failed", "held", "sending")),
            )
            .values(status="undeliverable", error="account erased")
        )
        for conv in session.scalars(select(Conversation).where(Conversation.id.in_(conv_ids))):
            # The (platform, chat_id, is_open) constraint allows any number of closed rows.
            conv.chat_id = conv.user_id = ERASED
            conv.context = {}
            conv.is_open = None
            conv.closed_at = conv.closed_at or now
            conv.updated_at = now
            report.add("anonymised", "conversations", 1)
    report.add(
        "anonymised",
        "events",
        _count(
            session.execute(
                update(Event)
                .where(or_(Event.account_id == account.id, Event.conversation_id.in_(conv_ids)))
                .values(data={"erased": True})
            )
        ),
    )


def _purge_account(session: Session, account: Account, report: ErasureReport) -> None:
    conv_ids = _conversation_ids(session, account.id)
    agreement_ids = list(
        session.scalars(select(Agreement.id).where(Agreement.account_id == account.id))
    )
    report.add(
        "deleted",
        "instalments",
        _count(
            session.execute(delete(Instalment).where(Instalment.agreement_id.in_(agreement_ids)))
        ),
    )
    report.add(
        "deleted",
        "agreements",
        _count(session.execute(delete(Agreement).where(Agreement.account_id == account.id))),
    )
    report.add(
        "deleted",
        "offers",
        _count(
            session.execute(
                delete(Offer).where(
                    or_(Offer.account_id == account.id, Offer.conversation_id.in_(conv_ids))
                )
            )
        ),
    )
    _purge_conversations(session, conv_ids, report)
    for model in (Identity, LinkToken, OptOut, VerificationAttempt, Escalation, Event):
        col = model.account_id
        report.add(
            "deleted",
            model.__tablename__,
            _count(session.execute(delete(model).where(col == account.id))),
        )
    # The audit log outlives the account; it keeps no personal data, only the link goes.
    session.execute(
        update(AuditEntry).where(AuditEntry.account_id == account.id).values(account_id=None)
    )
    session.delete(account)
    session.flush()
    report.add("deleted", "accounts", 1)
    report.purged_account = True


def _purge_conversations(session: Session, conv_ids: list[int], report: ErasureReport) -> None:
    if not conv_ids:
        return
    session.execute(
        update(AuditEntry)
        .where(AuditEntry.conversation_id.in_(conv_ids))
        .values(conversation_id=None)
    )
    report.add(
        "deleted",
        "outbox",
        _count(session.execute(delete(OutboxItem).where(OutboxItem.conversation_id.in_(conv_ids)))),
    )
    in_convs = Message.conversation_id.in_(conv_ids)
    session.execute(update(Message).where(in_convs).values(in_reply_to_id=None))
    report.add("deleted", "messages", _count(session.execute(delete(Message).where(in_convs))))
    for model in (VerificationAttempt, Escalation, Event, Offer):
        col = model.conversation_id
        report.add(
            "deleted",
            model.__tablename__,
            _count(session.execute(delete(model).where(col.in_(conv_ids)))),
        )
    session.execute(
        update(Agreement)
        .where(Agreement.conversation_id.in_(conv_ids))
        .values(conversation_id=None)
    )
    report.add(
        "deleted",
        "conversations",
        _count(session.execute(delete(Conversation).where(Conversation.id.in_(conv_ids)))),
    )


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
    conv, agreed = _conversation_activity(), _agreement_activity()
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
        latest = _latest(status, pinned, updated, conv_at, agreed_at)
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
            _purge_account(session, account, erasure)
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
        _purge_conversations(session, stale, erasure)
        for table, n in erasure.deleted.items():
            report.deleted[table] = report.deleted.get(table, 0) + n
    if not dry_run and (report.accounts or stale):
        session.add(
            AuditEntry(
                actor="retention",
                action="retention_run",
                details={
                    "accounts": report.accounts,
                    "unbound_conversations": report.unbound_conversations,
                    "deleted": report.deleted,
                },
                created_at=now,
            )
        )
    session.flush()
    return report
