"""``repaybot keys``: generate and rotate the keys that protect personal data."""

from __future__ import annotations

from pathlib import Path

import click
from cryptography.fernet import Fernet
from sqlalchemy import select

from bot.commands.base import cli, config_option, friendly_errors, get_app
from bot.store.crypto import PersonalData, load_keys, rotate_key_file
from bot.store.db import Database
from bot.store.keyring import record_rotation
from bot.store.models import Account, ContactChannel

BATCH = 500


@cli.group()
def keys() -> None:
    """Keys that protect personal data: generate, rotate."""


@keys.command("generate")
@config_option
def keys_generate() -> None:
    """Print a new encryption key for [security] encryption_keys."""
    click.echo(Fernet.generate_key().decode())


@keys.command("rotate")
@config_option
@click.pass_context
@friendly_errors
def keys_rotate(ctx: click.Context) -> None:
    """Re-encrypt all personal data with the current (first) key.

    With keys in the config: put the new key first in [security] encryption_keys,
    keep the old ones after it, run this, then remove the old keys. With the
    local key file (development), a new key is generated into it first.
    """
    app = get_app(ctx)
    settings = app.settings
    if not settings.security.encryption_keys:
        material = rotate_key_file(Path(settings.security.key_file))
        click.echo(f"added a new current key to {settings.security.key_file}", err=True)
    else:
        material = load_keys(settings)
    count = reencrypt_all(app.db, PersonalData(material))
    record_rotation(app.db, material, now=app.clock())
    click.echo(f"re-encrypted personal data of {count} accounts with the current key")


def reencrypt_all(db: Database, personal: PersonalData) -> int:
    """Re-encrypt every account's encrypted fields (and email and SMS addresses) with
    ``personal``'s current key."""
    done = 0
    last_id = 0
    while True:
        with db.session() as s:
            batch = s.scalars(
                select(Account).where(Account.id > last_id).order_by(Account.id).limit(BATCH)
            ).all()
            if not batch:
                break
            for acc in batch:
                acc.full_name_enc = personal.rotate(acc.full_name_enc)
                if acc.phone_enc:
                    acc.phone_enc = personal.rotate(acc.phone_enc)
                if acc.email_enc:
                    acc.email_enc = personal.rotate(acc.email_enc)
            done += len(batch)
            last_id = batch[-1].id
    reencrypt_contacts(db, personal)
    return done


def reencrypt_contacts(db: Database, personal: PersonalData) -> None:
    """Re-encrypt the email addresses and phone numbers of email and SMS chats."""
    last_id = 0
    while True:
        with db.session() as s:
            batch = s.scalars(
                select(ContactChannel)
                .where(ContactChannel.id > last_id)
                .order_by(ContactChannel.id)
                .limit(BATCH)
            ).all()
            if not batch:
                return
            for row in batch:
                row.address_enc = personal.rotate(row.address_enc)
            last_id = batch[-1].id
