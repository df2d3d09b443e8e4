"""Tencent Cloud SMS (mainland China): ``SendSms`` signed with TC3-HMAC-SHA256.

Only templates approved in the Tencent Cloud console may be sent, with a
signature (签名) and parameters; free text is not allowed. Each reply goes as
the configured template, its parameters named by ``template_params``: ``link``
(the signed link to read the message) and ``sender`` (the neutral sender name).

The request is signed as Tencent Cloud API 3.0 specifies: a canonical request
(method, path, query, ``content-type`` and ``host`` headers, SHA-256 of the
body), a string to sign with the timestamp and credential scope
(``<date>/sms/tc3_request``), and a key derived by HMAC-SHA256 from
``"TC3" + SecretKey`` over the date, the service and ``tc3_request``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime
from urllib.parse import urlsplit

import httpx

from bot.adapters.tls import tls_context
from bot.config import TencentSmsSettings
from bot.messages import Gone, Retry, SendResult, Sent

SERVICE = "sms"
ACTION = "SendSms"
VERSION = "2021-01-11"
CONTENT_TYPE = "application/json; charset=utf-8"
ALGORITHM = "TC3-HMAC-SHA256"
# Per-number codes that are about the number (blacklisted after 退订, invalid, not a mobile).
UNUSABLE_CODES = frozenset(
    {
        "FailedOperation.PhoneNumberInBlacklist",
        "InvalidParameterValue.IncorrectPhoneNumber",
        "FailedOperation.PhoneNumberParseFail",
        "UnsupportedOperation.ContainDomesticAndInternationalPhoneNumber",
    }
)
RATE_CODES = frozenset(
    {
        "LimitExceeded.PhoneNumberDailyLimit",
        "LimitExceeded.PhoneNumberThirtySecondLimit",
        "LimitExceeded.PhoneNumberOneHourLimit",
        "LimitExceeded.PhoneNumberSameContentDailyLimit",
        "RequestLimitExceeded",
    }
)


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def authorization(
    *, secret_id: str, secret_key: str, host: str, payload: bytes, timestamp: int
) -> str:
    """The ``Authorization`` header for a POST of ``payload`` to ``host``."""
    day = datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d")
    canonical = "\n".join(
        [
            "POST",
            "/",
            "",
            f"content-type:{CONTENT_TYPE}\nhost:{host}\n",
            "content-type;host",
            hashlib.sha256(payload).hexdigest(),
        ]
    )
    scope = f"{day}/{SERVICE}/tc3_request"
    to_sign = "\n".join(
        [ALGORITHM, str(timestamp), scope, hashlib.sha256(canonical.encode()).hexdigest()]
    )
    key = _hmac(_hmac(_hmac(("TC3" + secret_key).encode(), day), SERVICE), "tc3_request")
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    return (
        f"{ALGORITHM} Credential={secret_id}/{scope}, "
        f"SignedHeaders=content-type;host, Signature={signature}"
    )


class TencentProvider:
    """Sends approved templates through one Tencent Cloud SMS application."""

    name = "tencent"
    free_text = False

    def __init__(
        self, settings: TencentSmsSettings, sender: str = "", timeout: float = 20.0
    ) -> None:
        self.settings = settings
        self.sender = sender
        self.host = urlsplit(settings.endpoint).netloc
        self.client = httpx.AsyncClient(timeout=timeout, verify=tls_context())

    async def close(self) -> None:
        """Close the HTTP connections."""
        await self.client.aclose()

    def params(self, text: str, link: str) -> list[str]:
        """The template's parameters, in the configured order."""
        values = {"link": link, "sender": self.sender, "text": text}
        return [values.get(name, "") for name in self.settings.template_params]

    async def send(self, to: str, text: str, link: str) -> SendResult:
        """Send the template for this reply to ``to`` (E.164)."""
        s = self.settings
        body = {
            "PhoneNumberSet": [to],
            "SmsSdkAppId": s.sdk_app_id,
            "SignName": s.sign_name,
            "TemplateId": s.template_id,
            "TemplateParamSet": self.params(text, link),
        }
        payload = json.dumps(body, ensure_ascii=False).encode()
        stamp = int(datetime.now(UTC).timestamp())
        headers = {
            "Authorization": authorization(
                secret_id=s.secret_id,
                secret_key=s.secret_key.reveal(),
                host=self.host,
                payload=payload,
                timestamp=stamp,
            ),
            "Content-Type": CONTENT_TYPE,
            "Host": self.host,
            "X-TC-Action": ACTION,
            "X-TC-Timestamp": str(stamp),
            "X-TC-Version": VERSION,
            "X-TC-Region": s.region,
        }
        try:
            response = await self.client.post(s.endpoint, content=payload, headers=headers)
            data = response.json().get("Response", {})
        except (httpx.HTTPError, ValueError, AttributeError) as exc:
            return Retry(f"Tencent Cloud SMS unreachable: {exc}", kind="network")
        error = data.get("Error")
        if error:
            code = str(error.get("Code", ""))
            reason = f"Tencent Cloud SMS refused the request: {error.get('Message', '')} ({code})"
            if code in RATE_CODES:
                return Retry(reason, kind="rate_limited")
            if code.startswith(("InternalError", "FailedOperation.Timeout")):
                return Retry(reason, kind="server")
            return Gone(reason)
        statuses = data.get("SendStatusSet") or [{}]
        status = statuses[0]
        code = str(status.get("Code", ""))
        if code == "Ok":
            return Sent(str(status.get("SerialNo") or "") or None)
        reason = f"Tencent Cloud SMS did not send: {status.get('Message', '')} ({code})"
        if code in UNUSABLE_CODES:
            return Gone(reason, unusable=True)
        if code in RATE_CODES:
            return Retry(reason, kind="rate_limited")
        return Gone(reason)
