"""Debtor data rights in the console: export what is held, erase the rest.

* **Export**: an agent holding the conversation's claim, or an admin,
  downloads everything held about the linked account as JSON
  (:func:`bot.compliance.data_rights.export_account`). Personal data is
  decrypted only into that download; the download is audited
  (``data.export``: who, when, which account), never logged.
* **Erasure**: admins only, with a written reason and the account reference
  typed again as confirmation. The existing erasure keeps what legal hold or
  the retention profile requires (agreements, instalments, offers, the audit
  log, the bare transcript) and deletes or anonymises the rest; the account's
  open escalations are closed. ``data.erase`` records the reason, what was
  kept and why, and what was removed; the result page shows it.

The pages and downloads are in :mod:`bot.web.console.data_rights_routes`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from bot.compliance.data_rights import erase_account, export_account, last_activity
from bot.compliance.profiles import profile_for
from bot.store import audit
from bot.store.models import (
    Account,
    Agreement,
    AuditEntry,
    Conversation,
    Escalation,
    Instalment,
    Message,
    Offer,
)
from bot.web.console import service
from bot.web.console.auth import Principal
from bot.web.console.service import N_, ConsoleError

if TYPE_CHECKING:
    from bot.web.parts import Parts

EXPORT_ACTION = "data.export"
ERASE_ACTION = "data.erase"
MAX_REASON_LENGTH = 1000

NOT_LINKED = N_(
    "This conversation is not linked to an account: there is no data to export or erase."
)
ADMIN_ONLY = N_("Only an admin can erase personal data.")
NO_REASON = N_("Nothing erased: write the reason for the erasure.")
NO_CONFIRM = N_("Nothing erased: type the account reference %(ref)s to confirm.")
WRONG_CONFIRM = N_("Nothing erased: the reference you typed does not match %(ref)s.")
ALREADY_ERASED = N_("This account's personal data has already been erased.")
NO_ERASURE = N_("No erasure is recorded for this conversation.")
# What each table holds, in words (erasure reports count rows per table).
TABLE_LABELS = {
    "accounts": N_("account record"),
    "agreements": N_("agreements"),
    "instalments": N_("instalments"),
    "offers": N_("offers"),
    "conversations": N_("conversations"),
    "messages": N_("messages"),
    "outbox": N_("outgoing deliveries"),
    "events": N_("events"),
    "identities": N_("bound chat identities"),
    "link_tokens": N_("chat links"),
    "opt_outs": N_("opt-outs"),
    "verification_attempts": N_("verification attempts"),
    "escalations": N_("escalations"),
    "audit_log": N_("audit log entries"),
}


class DataRightsError(ConsoleError):
    """A refused export or erasure; ``msgid`` and ``values`` translate the message."""

    def __init__(self, msgid: str, status: int = 400, **values: str) -> None:
        super().__init__(msgid, status, **values)
        self.values = values


def _linked_account(session: Session, conv: Conversation) -> Account:
    account = session.get(Account, conv.account_id) if conv.account_id is not None else None
    if account is None:
        raise DataRightsError(NOT_LINKED, 409)
    return account


def export(app: Parts, user: Principal, conversation_id: int) -> tuple[str, bytes]:
    """Everything held about the conversation's account, as a JSON document.

    Agents need the conversation's claim; admins may export any linked account.

    Returns:
        The account reference and the UTF-8 JSON bytes.

    Raises:
        ConsoleError: no such conversation, not theirs, no claim, or no account.
    """
    now = app.clock()
    with app.db.session() as s:
        if user.is_admin:
            conv, _esc = service.open_conversation(s, user, conversation_id)
        else:
            conv, _esc = service.require_claim(s, user, conversation_id)
        account = _linked_account(s, conv)
        data = export_account(s, app.personal, account)
        service.audit(
            s, user, EXPORT_ACTION, now, conversation=conv, account_ref=account.account_ref
        )
        ref = account.account_ref
    body = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return ref, body.encode("utf-8")


def _count(session: Session, query: Any) -> int:
    return int(session.scalar(query) or 0)


def _kept(session: Session, account_id: int, conv_ids: list[int]) -> dict[str, int]:
    """What is left of an anonymised account, counted per table."""
    agreement_ids = select(Agreement.id).where(Agreement.account_id == account_id)
    kept = {
        "accounts": 1,
        "agreements": _count(
            session, select(func.count()).where(Agreement.account_id == account_id)
        ),
        "instalments": _count(
            session, select(func.count()).where(Instalment.agreement_id.in_(agreement_ids))
        ),
        "offers": _count(session, select(func.count()).where(Offer.account_id == account_id)),
        "messages": _count(
            session, select(func.count()).where(Message.conversation_id.in_(conv_ids))
        ),
        "escalations": _count(
            session, select(func.count()).where(Escalation.account_id == account_id)
        ),
        "audit_log": _count(
            session, select(func.count()).where(AuditEntry.account_id == account_id)
        ),
    }
    return {table: n for table, n in kept.items() if n}


def erase(app: Parts, user: Principal, conversation_id: int, reason: str, confirm_ref: str) -> int:
    """Erase the personal data of the conversation's account (admins only).

    Args:
        reason: Why, in the admin's words (required, audited).
        confirm_ref: The account reference typed again (must match exactly).

    Returns:
        The id of the ``data.erase`` audit entry (the result page shows it).

    Raises:
        ConsoleError: not an admin, no account, already erased, or the reason or
            confirmation is missing or wrong. Nothing is changed then.
    """
    if not user.is_admin:
        raise DataRightsError(ADMIN_ONLY, 403)
    now = app.clock()
    compliance = app.settings.compliance
    reason = reason.strip()[:MAX_REASON_LENGTH]
    with app.db.session() as s:
        conv, _esc = service.open_conversation(s, user, conversation_id)
        account = _linked_account(s, conv)
        locked = s.scalar(select(Account).where(Account.id == account.id).with_for_update())
        assert locked is not None
        account = locked
        ref = account.account_ref
        if account.status == "erased":
            raise DataRightsError(ALREADY_ERASED, 409)
        if not reason:
            raise DataRightsError(NO_REASON)
        if not confirm_ref.strip():
            raise DataRightsError(NO_CONFIRM, ref=ref)
        if confirm_ref.strip() != ref:
            raise DataRightsError(WRONG_CONFIRM, ref=ref)
        profile = profile_for(account, compliance)
        until = profile.retention_until(last_activity(s, account))
        legal_hold = bool(account.legal_hold)
        conv_ids = list(
            s.scalars(select(Conversation.id).where(Conversation.account_id == account.id))
        )
        closed = 0
        for esc in s.scalars(
            select(Escalation).where(
                or_(Escalation.account_id == account.id, Escalation.conversation_id.in_(conv_ids)),
                Escalation.status != service.CLOSED,
            )
        ):
            service.close_escalation(s, esc, now)
            closed += 1
        s.flush()
        account_id = account.id
        report = erase_account(s, account, now, compliance, actor=user.name)
        kept = {} if report.purged_account else _kept(s, account_id, conv_ids)
        entry = AuditEntry(
            actor=user.name,
            action=ERASE_ACTION,
            account_id=None if report.purged_account else account_id,
            conversation_id=None if report.purged_account else conv.id,
            details={
                "account_ref": ref,
                "conversation_id": conversation_id,
                "reason": reason,
                "legal_hold": legal_hold,
                "profile": profile.name,
                "retention_until": until.isoformat(),
                "purged_account": report.purged_account,
                "kept": kept,
                "deleted": report.deleted,
                "anonymised": report.anonymised,
                "escalations_closed": closed,
            },
            created_at=now,
        )
        audit.add_entry(s, entry)
        s.flush()
        return entry.id


@dataclass(frozen=True, slots=True)
class ErasureResult:
    """One recorded erasure, as the result page shows it."""

    entry_id: int
    actor: str
    at: datetime
    account_ref: str
    conversation_id: int | None
    conversation_exists: bool
    reason: str
    legal_hold: bool
    profile: str
    retention_until: datetime | None
    purged: bool
    kept: list[tuple[str, int]]
    deleted: list[tuple[str, int]]
    anonymised: list[tuple[str, int]]
    escalations_closed: int


def erasure_result(
    session: Session, entry_id: int, label: Callable[[str], str]
) -> ErasureResult | None:
    """The erasure recorded in audit entry ``entry_id``, or None.

    Args:
        label: Turns a table name into words (in the page's language).
    """
    entry = session.get(AuditEntry, entry_id)
    if entry is None or entry.action != ERASE_ACTION:
        return None
    d = entry.details or {}

    def counts(key: str) -> list[tuple[str, int]]:
        found = d.get(key) or {}
        return [(label(t), int(n)) for t, n in sorted(found.items()) if n]

    conv_id = d.get("conversation_id")
    until = d.get("retention_until")
    return ErasureResult(
        entry_id=entry.id,
        actor=entry.actor,
        at=entry.created_at,
        account_ref=str(d.get("account_ref", "")),
        conversation_id=conv_id if isinstance(conv_id, int) else None,
        conversation_exists=isinstance(conv_id, int)
        and session.get(Conversation, conv_id) is not None,
        reason=str(d.get("reason", "")),
        legal_hold=bool(d.get("legal_hold")),
        profile=str(d.get("profile", "")),
        retention_until=datetime.fromisoformat(until) if isinstance(until, str) else None,
        purged=bool(d.get("purged_account")),
        kept=counts("kept"),
        deleted=counts("deleted"),
        anonymised=counts("anonymised"),
        escalations_closed=int(d.get("escalations_closed", 0)),
    )
