"""Where a debtor can be reached by email and SMS, and whether they may be.

An address (an email address, a mobile number in E.164) is a conversation's
chat on that channel. The chat id is a keyed hash of the normalised address, so
conversations, messages and the outbox never hold the address; the address is
kept only encrypted, in :class:`~bot.store.models.ContactChannel`, for sending.

Accounts' own addresses are linked with :func:`sync_accounts`: each address
becomes a contact row and an unverified identity, so mail or a text from it
continues that account's conversation (the verification questions still apply).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.utils import parseaddr

import phonenumbers
from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from bot.store.crypto import PersonalData
from bot.store.models import Account, AuditEntry, ContactChannel, Conversation, Identity, OptOut
from bot.store.models import KeyValue as KV

EMAIL = "email"
SMS = "sms"
GRANTED = "granted"
REVOKED = "revoked"
UNKNOWN = "unknown"
_SYNC_KEY = "contacts.synced_at"


def normalize_email(raw: str) -> str | None:
    """``Name <Addr@Example.COM>`` → ``addr@example.com``; None if it is not an address."""
    _name, addr = parseaddr(raw)
    addr = addr.strip().lower()
    local, at, domain = addr.partition("@")
    if not at or not local or "." not in domain or " " in addr:
        return None
    return addr


def e164(raw: str, region: str = "US") -> str | None:
    """A phone number in E.164 (``+8613800138000``); None if it is not a valid number."""
    try:
        number = phonenumbers.parse(raw, region.upper() or None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalize(platform: str, raw: str, region: str = "US") -> str | None:
    """The normal form of an address on ``platform`` (None when it is not one)."""
    return normalize_email(raw) if platform == EMAIL else e164(raw, region)


def chat_key(personal: PersonalData, platform: str, address: str) -> str:
    """The chat id of a normalised address on ``platform`` (a keyed hash)."""
    return personal.digest(f"contact_{platform}", address)


@dataclass(frozen=True)
class Contact:
    """One address as the delivery core needs it."""

    platform: str
    chat_id: str
    address: str
    account_id: int | None
    unusable_reason: str | None


def remember(
    s: Session,
    personal: PersonalData,
    platform: str,
    address: str,
    now: datetime,
    *,
    account_id: int | None = None,
    inbound: bool = False,
) -> ContactChannel:
    """The contact row of a normalised address, created if new.

    ``inbound``: the debtor just wrote from it, so it works: an unusable mark is lifted.
    """
    key = chat_key(personal, platform, address)
    row = s.scalars(
        select(ContactChannel).where(
            ContactChannel.platform == platform, ContactChannel.chat_id == key
        )
    ).first()
    if row is None:
        row = ContactChannel(
            account_id=account_id,
            platform=platform,
            chat_id=key,
            address_enc=personal.encrypt(address),
            consent=UNKNOWN,
            created_at=now,
            updated_at=now,
        )
        s.add(row)
    elif account_id is not None and row.account_id is None:
        row.account_id = account_id
    if inbound:
        row.last_inbound_at = now
        row.unusable_at = None
        row.unusable_reason = None
        row.updated_at = now
    s.flush()
    return row


def find(s: Session, personal: PersonalData, platform: str, chat_id: str) -> Contact | None:
    """The address behind ``chat_id`` on ``platform``."""
    row = s.scalars(
        select(ContactChannel).where(
            ContactChannel.platform == platform, ContactChannel.chat_id == chat_id
        )
    ).first()
    if row is None:
        return None
    return Contact(
        platform, chat_id, personal.decrypt(row.address_enc), row.account_id, row.unusable_reason
    )


def mark_unusable(
    s: Session, platform: str, chat_id: str, reason: str, now: datetime, *, actor: str
) -> bool:
    """The channel failed for good (bounce, invalid number, carrier block); False if unknown."""
    row = s.scalars(
        select(ContactChannel).where(
            ContactChannel.platform == platform, ContactChannel.chat_id == chat_id
        )
    ).first()
    if row is None:
        return False
    first = row.unusable_at is None
    row.unusable_at = row.unusable_at or now
    row.unusable_reason = reason[:500]
    row.updated_at = now
    if first:
        s.add(
            AuditEntry(
                actor=actor,
                action="channel.unusable",
                account_id=row.account_id,
                details={"channel": platform, "reason": reason[:500]},
                created_at=now,
            )
        )
    s.flush()
    return True


def set_consent(s: Session, platform: str, chat_id: str, consent: str, now: datetime) -> None:
    """Record the debtor's consent (``granted``) or its withdrawal (``revoked``)."""
    row = s.scalars(
        select(ContactChannel).where(
            ContactChannel.platform == platform, ContactChannel.chat_id == chat_id
        )
    ).first()
    if row is not None and row.consent != consent:
        row.consent = consent
        row.updated_at = now


def opted_out(s: Session, platform: str, chat_id: str) -> bool:
    """Whether an opt-out is in force for this address on ``platform``."""
    found = s.scalar(
        select(OptOut.id).where(
            OptOut.platform == platform,
            OptOut.platform_user_id == chat_id,
            OptOut.revoked_at.is_(None),
        )
    )
    return found is not None


def sync_accounts(
    s: Session, personal: PersonalData, now: datetime, *, region: str = "US", strict: bool = False
) -> int:
    """Link accounts' email addresses and phone numbers changed since the last sync.

    Each address gets a contact row and, unless the address is already bound,
    an unverified identity, so the debtor writing from it is that account's
    conversation. Work is batched: one query for the accounts, one per 500
    addresses for what exists, one flush. Returns how many accounts were read.

    Args:
        strict: read only accounts changed after the last sync's newest change.
            Otherwise also those changed at that same moment (an import writes
            many rows with one time) that have no address linked yet.
    """
    marker = s.get(KV, _SYNC_KEY)
    q = select(Account.id, Account.email_enc, Account.phone_enc, Account.updated_at).where(
        (Account.email_enc.is_not(None)) | (Account.phone_enc.is_not(None))
    )
    if marker is not None:
        since = datetime.fromisoformat(marker.value)
        later = Account.updated_at > since
        if strict:
            q = q.where(later)
        else:
            unlinked = ~exists().where(ContactChannel.account_id == Account.id)
            q = q.where(later | ((Account.updated_at == since) & unlinked))
    rows = s.execute(q.order_by(Account.id)).all()
    wanted: dict[tuple[str, str], tuple[str, int]] = {}  # (platform, key) -> (address, account)
    for account_id, email_enc, phone_enc, _updated in rows:
        for platform, enc in ((EMAIL, email_enc), (SMS, phone_enc)):
            raw = personal.decrypt(enc) if enc else ""
            address = normalize(platform, raw, region) if raw else None
            if address is not None:
                key = chat_key(personal, platform, address)
                wanted.setdefault((platform, key), (address, account_id))
    keys = [k for _p, k in wanted]
    have: dict[tuple[str, str], ContactChannel] = {}
    bound: set[tuple[str, str]] = set()
    for i in range(0, len(keys), 500):
        chunk = keys[i : i + 500]
        for found in s.scalars(select(ContactChannel).where(ContactChannel.chat_id.in_(chunk))):
            have[(found.platform, found.chat_id)] = found
        bound |= {
            (p, u)
            for p, u in s.execute(
                select(Identity.platform, Identity.platform_user_id).where(
                    Identity.platform_user_id.in_(chunk)
                )
            )
        }
    for (platform, key), (address, account_id) in wanted.items():
        row = have.get((platform, key))
        if row is None:
            s.add(
                ContactChannel(
                    account_id=account_id, platform=platform, chat_id=key,
                    address_enc=personal.encrypt(address), consent=UNKNOWN,
                    created_at=now, updated_at=now,
                )
            )  # fmt: skip
        elif row.account_id is None:
            row.account_id = account_id
        if (platform, key) not in bound:
            s.add(
                Identity(
                    account_id=account_id, platform=platform, platform_user_id=key,
                    chat_id=key, bound_at=now, unreachable=False,
                )
            )  # fmt: skip
    newest = max((r.updated_at for r in rows), default=None)
    if newest is not None:
        stamp = newest.isoformat()
        if marker is None:
            s.add(KV(key=_SYNC_KEY, value=stamp))
        elif stamp > marker.value:
            marker.value = stamp
    s.flush()
    return len(rows)


def account_channels(s: Session, account_id: int) -> list[ContactChannel]:
    """The account's contact rows, oldest first (``accounts show``)."""
    return list(
        s.scalars(
            select(ContactChannel)
            .where(ContactChannel.account_id == account_id)
            .order_by(ContactChannel.id)
        )
    )


def forget_account(s: Session, account_id: int, conversation_ids: list[int]) -> int:
    """Delete the account's addresses (and those of its conversations); how many went."""
    from sqlalchemy import delete, or_, tuple_

    chats = s.execute(
        select(Conversation.platform, Conversation.chat_id).where(
            Conversation.id.in_(conversation_ids), Conversation.platform.in_((EMAIL, SMS))
        )
    ).all()
    match = [ContactChannel.account_id == account_id]
    if chats:
        match.append(
            tuple_(ContactChannel.platform, ContactChannel.chat_id).in_([tuple(c) for c in chats])
        )
    result = s.execute(delete(ContactChannel).where(or_(*match)))
    return int(getattr(result, "rowcount", 0) or 0)
