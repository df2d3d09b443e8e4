"""Erasing an account's rows: the deletes and anonymising updates of an erasure.

What must be kept and when is decided in :mod:`bot.compliance.erasure`; these
functions run the statements in the caller's transaction and count them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from bot.store import circumstances
from bot.store.contacts import forget_account
from bot.store.models import (
    Account,
    Agreement,
    AuditEntry,
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


def anonymise_account(
    session: Session, account: Account, conv_ids: list[int], now: datetime, report: ErasureReport
) -> None:
    """Delete what identifies the debtor of ``account`` and anonymise what must be kept."""
    report.add("deleted", "contact_channels", forget_account(session, account.id, conv_ids))
    report.add("deleted", "circumstances", circumstances.forget(session, account.id))
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


def purge_account(
    session: Session, account: Account, conv_ids: list[int], report: ErasureReport
) -> None:
    """Delete ``account`` (with its conversations ``conv_ids``) and everything linked to it;
    the audit log only loses the link."""
    report.add("deleted", "contact_channels", forget_account(session, account.id, conv_ids))
    report.add("deleted", "circumstances", circumstances.forget(session, account.id))
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
    purge_conversations(session, conv_ids, report)
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


def purge_conversations(session: Session, conv_ids: list[int], report: ErasureReport) -> None:
    """Delete the conversations ``conv_ids`` with their messages, outbox and events."""
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
