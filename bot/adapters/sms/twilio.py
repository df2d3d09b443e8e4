"""Twilio: send over the REST API, check ``X-Twilio-Signature`` on what Twilio posts.

Sending is one ``POST /2010-04-01/Accounts/{sid}/Messages.json`` (basic auth
with the account SID and auth token). Twilio's error codes say whether the
number itself is the problem (invalid, not a mobile, the debtor replied STOP
to Twilio: the channel is unusable) or the request may be retried.
Inbound messages and status callbacks are checked with the SDK's
``RequestValidator`` over the public URL Twilio was configured with.
"""

from __future__ import annotations

from collections.abc import Mapping

import httpx
from twilio.request_validator import RequestValidator

from bot.adapters.tls import tls_context
from bot.config import TwilioSettings
from bot.messages import Gone, Retry, SendResult, Sent

# Twilio error codes that are about the number, not the request.
# 21610 (the debtor replied STOP to Twilio) is an opt-out, recorded as such, not a dead number.
UNUSABLE_CODES = frozenset({21211, 21214, 21217, 21401, 21407, 21408, 21612, 21614})
# Delivery failures reported by status callbacks that are about the number.
FAILED_STATUSES = frozenset({"failed", "undelivered"})
SIGNATURE_HEADER = "X-Twilio-Signature"


class TwilioProvider:
    """Sends through one Twilio account."""

    name = "twilio"
    free_text = True

    def __init__(self, settings: TwilioSettings, timeout: float = 20.0) -> None:
        self.settings = settings
        base = settings.api_base_url.rstrip("/")
        self.url = f"{base}/2010-04-01/Accounts/{settings.account_sid}/Messages.json"
        self.client = httpx.AsyncClient(
            auth=(settings.account_sid, settings.auth_token.reveal()),
            timeout=timeout,
            verify=tls_context(),
        )

    async def close(self) -> None:
        """Close the HTTP connections."""
        await self.client.aclose()

    async def send(self, to: str, text: str, link: str) -> SendResult:
        """Send ``text`` to ``to`` (E.164)."""
        form = {"To": to, "From": self.settings.from_number, "Body": text}
        if self.settings.status_callback_url:
            form["StatusCallback"] = self.settings.status_callback_url
        try:
            response = await self.client.post(self.url, data=form)
        except httpx.HTTPError as exc:
            return Retry(f"Twilio unreachable: {exc}", kind="network")
        try:
            data = response.json()
        except ValueError:
            data = {}
        if response.status_code in (200, 201):
            return Sent(str(data.get("sid") or "") or None)
        code = data.get("code")
        reason = f"Twilio refused the message: {data.get('message', response.text[:200])} ({code})"
        if response.status_code == 429:
            after = response.headers.get("retry-after", "")
            wait = float(after) if after.replace(".", "", 1).isdigit() else None
            return Retry(reason, after=wait, kind="rate_limited")
        if response.status_code >= 500:
            return Retry(reason, kind="server")
        if code in UNUSABLE_CODES:
            return Gone(reason, unusable=True)
        return Gone(reason)


def signature_ok(auth_token: str, url: str, params: Mapping[str, str], signature: str) -> bool:
    """Whether ``X-Twilio-Signature`` is Twilio's for this URL and form."""
    if not auth_token or not url or not signature:
        return False
    return bool(RequestValidator(auth_token).validate(url, dict(params), signature))
