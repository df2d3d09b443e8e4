"""How to pay: the creditor's instructions and an optional signed pay-now link.

The link is built from ``collection.pay_link_template`` with the account
reference, the amount, an expiry (Unix time) and a signature: hex
HMAC-SHA256 with ``collection.pay_link_key`` of
``account_ref|amount|currency|expires``, so the lender's payment page can
trust the amount and refuse an old link.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from urllib.parse import quote

from bot.config import CollectionSettings
from bot.money import quantize

DEFAULT_CREDITOR = "*"


def sign(key: str, account_ref: str, amount: str, currency: str, expires: int) -> str:
    """The pay link's signature (hex HMAC-SHA256)."""
    message = f"{account_ref}|{amount}|{currency}|{expires}".encode()
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()


def check_signature(
    key: str,
    account_ref: str,
    amount: str,
    currency: str,
    expires: int,
    signature: str,
    now: datetime,
) -> bool:
    """Whether a pay link's fields are as signed and it has not expired (for payment pages)."""
    if now.timestamp() > expires:
        return False
    return hmac.compare_digest(sign(key, account_ref, amount, currency, expires), signature)


@dataclass(frozen=True)
class PayLinks:
    """Instructions and links per the ``[collection]`` settings."""

    settings: CollectionSettings

    def instructions(self, creditor: str, account_ref: str, amount: str) -> str:
        """The creditor's payment instructions, filled; empty when none are configured."""
        table = self.settings.pay_instructions
        text = table.get(creditor) or table.get(DEFAULT_CREDITOR) or ""
        return text.replace("{account_ref}", account_ref).replace("{amount}", amount)

    def link(self, account_ref: str, amount: Decimal, currency: str, now: datetime) -> str:
        """A signed pay-now link, or ``""`` when no template (or key) is configured."""
        template = self.settings.pay_link_template
        key = self.settings.pay_link_key.reveal()
        if not template or not key:
            return ""
        amount_text = str(quantize(amount, currency))
        expires = int((now + timedelta(hours=self.settings.pay_link_ttl_hours)).timestamp())
        signature = sign(key, account_ref, amount_text, currency, expires)
        values = {
            "account_ref": quote(account_ref, safe=""),
            "amount": amount_text,
            "currency": currency,
            "expires": str(expires),
            "signature": signature,
        }
        out = template
        for name, value in values.items():
            out = out.replace("{" + name + "}", value)
        return out
