"""Email and SMS addresses: normalised, linked to their accounts, encrypted, rotated, erased."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from cryptography.fernet import Fernet
from sqlalchemy import func, select

from bot.commands.db import reencrypt_all
from bot.compliance.erasure import erase_account
from bot.config import ComplianceSettings
from bot.store import contacts
from bot.store.crypto import KeyMaterial, PersonalData
from bot.store.db import Database
from bot.store.models import Account, ContactChannel, Identity
from tests.conftest import TEST_KEYS
from tests.factories import make_account

NOW = datetime(2026, 3, 10, 6, 0, tzinfo=UTC)


def test_addresses_are_normalised() -> None:
    assert contacts.normalize_email("Li Wei <Li.Wei@Example.COM>") == "li.wei@example.com"
    assert contacts.normalize_email("not an address") is None
    assert contacts.e164("+86 138 0013 8000") == "+8613800138000"
    assert contacts.e164("(202) 555-0143", "US") == "+12025550143"
    assert contacts.e164("12345") is None


def test_accounts_addresses_are_linked_once_and_stored_only_encrypted(
    db: Database, personal: PersonalData
) -> None:
    with db.session() as s:
        account = make_account(s, personal)
        account.email_enc = personal.encrypt("Li.Wei@Example.com")
    with db.session() as s:
        assert contacts.sync_accounts(s, personal, NOW, region="CN") == 1
    with db.session() as s:
        rows = s.scalars(select(ContactChannel).order_by(ContactChannel.platform)).all()
        assert [r.platform for r in rows] == ["email", "sms"]
        email, sms = rows
        assert email.chat_id == contacts.chat_key(personal, "email", "li.wei@example.com")
        assert b"example" not in email.address_enc  # encrypted
        assert personal.decrypt(sms.address_enc) == "+8613800000000"
        idents = s.scalars(select(Identity.platform_user_id).order_by(Identity.platform)).all()
        assert idents == [email.chat_id, sms.chat_id]  # mail from it continues the account's chat
        # Nothing changed since: a strict sync reads nothing; a full one rereads the rows
        # of the last sync's moment and adds nothing.
        assert contacts.sync_accounts(s, personal, NOW, region="CN", strict=True) == 0
        contacts.sync_accounts(s, personal, NOW + timedelta(minutes=1), region="CN")
        assert s.scalar(select(func.count()).select_from(ContactChannel)) == 2


def test_key_rotation_reencrypts_the_addresses(db: Database, personal: PersonalData) -> None:
    with db.session() as s:
        make_account(s, personal)
        contacts.sync_accounts(s, personal, NOW, region="CN")
    new_key = Fernet.generate_key().decode()
    both = PersonalData(KeyMaterial((new_key, *TEST_KEYS.encryption_keys), "h", "l"))
    reencrypt_all(db, both)
    only_new = PersonalData(KeyMaterial((new_key,), "h", "l"))
    with db.session() as s:
        addresses = sorted(
            only_new.decrypt(r.address_enc) for r in s.scalars(select(ContactChannel))
        )
    assert addresses == ["+8613800000000", "li.wei@example.com"]


def test_erasing_an_account_deletes_its_addresses(db: Database, personal: PersonalData) -> None:
    with db.session() as s:
        account = make_account(s, personal)
        contacts.sync_accounts(s, personal, NOW, region="CN")
    with db.session() as s:
        account = s.scalars(select(Account)).one()
        report = erase_account(s, account, NOW, ComplianceSettings())
        assert report.deleted.get("contact_channels") == 2
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(ContactChannel)) == 0
