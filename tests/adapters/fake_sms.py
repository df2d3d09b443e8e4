"""Local fakes of the SMS providers' HTTP APIs, and Twilio's pushing side.

:class:`FakeTwilio` serves ``POST /2010-04-01/Accounts/{sid}/Messages.json``
(basic auth with the account SID and auth token) and records each text; it can
answer the next sends with a Twilio error code. :class:`FakeTencent` serves
Tencent Cloud SMS ``SendSms`` and recomputes the TC3-HMAC-SHA256 signature of
every request with the secret key, refusing a wrong one as Tencent does.
:class:`TwilioPush` posts inbound texts and status callbacks signed as Twilio does.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

import httpx
from twilio.request_validator import RequestValidator

from bot.config import Secret, Settings, SmsSettings, TencentSmsSettings, TwilioSettings

SID = "AC0123456789abcdef0123456789abcdef"
AUTH_TOKEN = "twilio-auth-token"
FROM_NUMBER = "+15005550006"
WEBHOOK_URL = "https://bot.example/webhooks/sms/twilio"
STATUS_URL = "https://bot.example/webhooks/sms/twilio/status"
TC_SECRET_ID = "AKIDfake0123456789"
TC_SECRET_KEY = "tencent-secret-key"
TC_CALLBACK_SECRET = "tencent-callback-secret"


@contextmanager
def serve(handle: Any) -> Iterator[str]:
    """An HTTP server on 127.0.0.1 calling ``handle(method, path, headers, body)``."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            status, data = handle(self.path, dict(self.headers.items()), self.rfile.read(length))
            raw = json.dumps(data, ensure_ascii=False).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
    )
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host}:{port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@dataclass
class Text:
    to: str
    body: str
    status_callback: str | None


@dataclass
class FakeTwilio:
    texts: list[Text] = field(default_factory=list)
    errors: list[tuple[int, int]] = field(default_factory=list)  # (http status, twilio code)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def handle(self, path: str, headers: dict[str, str], body: bytes) -> tuple[int, Any]:
        expected = "Basic " + base64.b64encode(f"{SID}:{AUTH_TOKEN}".encode()).decode()
        if headers.get("Authorization") != expected:
            return 401, {"code": 20003, "message": "Authenticate", "status": 401}
        if path != f"/2010-04-01/Accounts/{SID}/Messages.json":
            return 404, {"code": 20404, "message": "not found", "status": 404}
        form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
        with self._lock:
            if self.errors:
                status, code = self.errors.pop(0)
                return status, {"code": code, "message": f"fake error {code}", "status": status}
            if form.get("From") != FROM_NUMBER:
                return 400, {"code": 21606, "message": "bad From", "status": 400}
            self.texts.append(Text(form["To"], form["Body"], form.get("StatusCallback")))
            return 201, {"sid": f"SM{len(self.texts):032d}", "status": "queued"}

    def to(self, number: str) -> list[str]:
        return [t.body for t in self.texts if t.to == number]


def twilio_settings(settings: Settings, base_url: str, **overrides: Any) -> Settings:
    sms: dict[str, Any] = {
        "provider": "twilio",
        "twilio": TwilioSettings(
            account_sid=SID,
            auth_token=Secret(AUTH_TOKEN),
            from_number=FROM_NUMBER,
            api_base_url=base_url,
            webhook_url=WEBHOOK_URL,
            status_callback_url=STATUS_URL,
        ),
    }
    sms.update(overrides)
    web = dataclasses.replace(settings.web, public_url="https://bot.example")
    return dataclasses.replace(settings, sms=SmsSettings(**sms), web=web)


@dataclass
class TwilioPush:
    """What Twilio posts to our hooks, signed with the auth token."""

    client: httpx.AsyncClient
    sent: int = 0

    async def text(self, number: str, body: str, sid: str | None = None) -> httpx.Response:
        self.sent += 1
        form = {
            "MessageSid": sid or f"SMin{self.sent:030d}",
            "AccountSid": SID,
            "From": number,
            "To": FROM_NUMBER,
            "Body": body,
            "NumMedia": "0",
        }
        return await self.post("/webhooks/sms/twilio", WEBHOOK_URL, form)

    async def status(self, number: str, state: str, code: str = "") -> httpx.Response:
        form = {"MessageSid": "SM1", "MessageStatus": state, "To": number, "From": FROM_NUMBER}
        if code:
            form["ErrorCode"] = code
        return await self.post("/webhooks/sms/twilio/status", STATUS_URL, form)

    async def post(
        self, path: str, url: str, form: dict[str, str], token: str = AUTH_TOKEN
    ) -> httpx.Response:
        signature = RequestValidator(token).compute_signature(url, form)
        return await self.client.post(path, data=form, headers={"X-Twilio-Signature": signature})


def tc3_signature(secret_key: str, host: str, body: bytes, timestamp: int) -> str:
    """The signature Tencent Cloud computes (the documented algorithm, written out again)."""
    day = datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d")
    canonical = (
        "POST\n/\n\ncontent-type:application/json; charset=utf-8\n"
        f"host:{host}\n\ncontent-type;host\n{hashlib.sha256(body).hexdigest()}"
    )
    to_sign = (
        f"TC3-HMAC-SHA256\n{timestamp}\n{day}/sms/tc3_request\n"
        f"{hashlib.sha256(canonical.encode()).hexdigest()}"
    )

    def mac(key: bytes, msg: str) -> bytes:
        return hmac.new(key, msg.encode(), hashlib.sha256).digest()

    key = mac(mac(mac(f"TC3{secret_key}".encode(), day), "sms"), "tc3_request")
    return hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()


@dataclass
class FakeTencent:
    sends: list[dict[str, Any]] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)  # per-number codes for the next sends
    refused: int = 0

    def handle(self, path: str, headers: dict[str, str], body: bytes) -> tuple[int, Any]:
        auth = headers.get("Authorization", "")
        stamp = int(headers.get("X-TC-Timestamp", "0"))
        day = datetime.fromtimestamp(stamp, UTC).strftime("%Y-%m-%d")
        expected = (
            f"TC3-HMAC-SHA256 Credential={TC_SECRET_ID}/{day}/sms/tc3_request, "
            "SignedHeaders=content-type;host, "
            f"Signature={tc3_signature(TC_SECRET_KEY, headers.get('Host', ''), body, stamp)}"
        )
        if not hmac.compare_digest(auth, expected) or headers.get("X-TC-Action") != "SendSms":
            self.refused += 1
            error = {"Code": "AuthFailure.SignatureFailure", "Message": "signature mismatch"}
            return 200, {"Response": {"Error": error, "RequestId": "r-1"}}
        data = json.loads(body)
        self.sends.append(data)
        code = self.codes.pop(0) if self.codes else "Ok"
        status = {
            "SerialNo": f"2433:{len(self.sends)}",
            "PhoneNumber": data["PhoneNumberSet"][0],
            "Code": code,
            "Message": "send success" if code == "Ok" else code,
        }
        return 200, {"Response": {"SendStatusSet": [status], "RequestId": "r-2"}}


def tencent_settings(settings: Settings, base_url: str) -> Settings:
    sms = SmsSettings(
        provider="tencent",
        default_region="CN",
        default_locale="zh_CN",
        tencent=TencentSmsSettings(
            secret_id=TC_SECRET_ID,
            secret_key=Secret(TC_SECRET_KEY),
            sdk_app_id="1400000001",
            sign_name="示例科技",
            template_id="2000001",
            template_params=["sender", "link"],
            endpoint=base_url,
            callback_secret=Secret(TC_CALLBACK_SECRET),
        ),
    )
    web = dataclasses.replace(settings.web, public_url="https://bot.example")
    return dataclasses.replace(settings, sms=sms, web=web)
