"""WeChat webhook requests: signatures, timestamps, safe XML, AES envelopes.

Everything here runs before anything is stored. A request is accepted only if
its signature matches (compared in constant time), its timestamp is close to our
clock, its body is small, and its XML declares no DOCTYPE or entity (XXE,
billion laughs). Safe mode (``encrypt_type=aes``) additionally checks
``msg_signature`` over the ciphertext and decrypts with the current
EncodingAESKey, then the previous one (key rotation).
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from xml.parsers.expat import ExpatError

import xmltodict  # type: ignore[import-untyped]
from wechatpy.crypto import PrpCrypto, WeChatCrypto

_DECLARATION = re.compile(r"<!\s*(DOCTYPE|ENTITY|ATTLIST|ELEMENT|NOTATION)", re.IGNORECASE)


class WechatRequestError(Exception):
    """A request WeChat did not send (or sent wrongly); ``status`` is the HTTP answer.

    Attributes:
        status: 400 malformed, 403 not authentic or stale, 413 too large.
        reason: a one-line explanation for the log.
    """

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Envelope:
    """An authentic request's message fields and how to answer it.

    Attributes:
        fields: the top-level XML elements of the message (text values).
        aes_key: the EncodingAESKey that decrypted it (None in plain mode);
            the passive reply is encrypted with the same key.
    """

    fields: Mapping[str, str]
    aes_key: str | None


def signature(*parts: str) -> str:
    """WeChat's signature: SHA-1 of the sorted parts concatenated."""
    return hashlib.sha1("".join(sorted(parts)).encode()).hexdigest()


def _param(params: Mapping[str, str], name: str) -> str:
    value = params.get(name)
    if not value:
        raise WechatRequestError(400, f"missing query parameter {name!r}")
    return value


def check_signature(params: Mapping[str, str], token: str) -> None:
    """Check the plain ``signature`` over token, timestamp and nonce.

    Raises:
        WechatRequestError: 400 if a parameter is missing, 403 if it does not match.
    """
    given = _param(params, "signature")
    expected = signature(token, _param(params, "timestamp"), _param(params, "nonce"))
    if not hmac.compare_digest(given.lower().encode(), expected.encode()):
        raise WechatRequestError(403, "signature does not match")


def check_timestamp(params: Mapping[str, str], now: datetime, tolerance_seconds: int) -> None:
    """Refuse requests whose timestamp is further than ``tolerance_seconds`` from ``now``."""
    raw = _param(params, "timestamp")
    try:
        stamp = int(raw)
    except ValueError:
        raise WechatRequestError(400, f"timestamp is not a number: {raw[:20]!r}") from None
    skew = abs(now.timestamp() - stamp)
    if skew > tolerance_seconds:
        raise WechatRequestError(403, f"timestamp is {int(skew)} s away from our clock")


def parse_xml(text: str) -> dict[str, str]:
    """Parse a WeChat ``<xml>`` document into its top-level text fields.

    Raises:
        WechatRequestError: 400 for DOCTYPE/entity declarations, malformed XML
            or a root other than ``<xml>``.
    """
    if _DECLARATION.search(text):
        raise WechatRequestError(400, "XML with a DOCTYPE or entity declaration")
    try:
        doc = xmltodict.parse(text, disable_entities=True)
    except ValueError:  # xmltodict refuses entity declarations
        raise WechatRequestError(400, "XML with an entity declaration") from None
    except ExpatError as exc:
        raise WechatRequestError(400, f"malformed XML: {exc}") from None
    root = doc.get("xml") if isinstance(doc, dict) else None
    if not isinstance(root, dict):
        raise WechatRequestError(400, "XML root is not <xml>")
    return {k: v for k, v in root.items() if isinstance(v, str)}


def decode_body(body: bytes) -> str:
    """The request body as text; WeChat sends UTF-8 only."""
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise WechatRequestError(400, "body is not UTF-8") from None


def open_envelope(
    params: Mapping[str, str],
    body: bytes,
    *,
    token: str,
    app_id: str,
    aes_keys: tuple[str, ...],
) -> Envelope:
    """Authenticate (signature already checked) and open one POSTed message.

    Args:
        params: the query parameters.
        body: the raw request body.
        token: the Token configured in the WeChat console.
        app_id: the Official Account's AppID (bound into every ciphertext).
        aes_keys: the current EncodingAESKey, then the previous one (empty ones skipped).

    Raises:
        WechatRequestError: on anything WeChat would not have sent.
    """
    outer = parse_xml(decode_body(body))
    if params.get("encrypt_type", "raw").lower() != "aes":
        return Envelope(fields=outer, aes_key=None)
    ciphertext = outer.get("Encrypt")
    if not ciphertext:
        raise WechatRequestError(400, "safe-mode message without <Encrypt>")
    expected = signature(token, _param(params, "timestamp"), _param(params, "nonce"), ciphertext)
    given = _param(params, "msg_signature")
    if not hmac.compare_digest(given.lower().encode(), expected.encode()):
        raise WechatRequestError(403, "msg_signature does not match")
    for key in aes_keys:
        if not key:
            continue
        inner = _decrypt(ciphertext, key, app_id)
        if inner is not None:
            return Envelope(fields=parse_xml(inner), aes_key=key)
    raise WechatRequestError(403, "message cannot be decrypted with the configured keys")


def _decrypt(ciphertext: str, key: str, app_id: str) -> str | None:
    try:
        crypto = WeChatCrypto("", key, app_id)
        text = PrpCrypto(crypto.key).decrypt(ciphertext, app_id)
    except Exception:  # wrong key: bad padding, bad length, other AppID, not base64
        return None
    return text if isinstance(text, str) else None


def encrypt_reply(
    xml: str, *, token: str, key: str, app_id: str, nonce: str, timestamp: str
) -> str:
    """Wrap a passive reply for safe mode, signed like WeChat expects."""
    crypto = WeChatCrypto(token, key, app_id)
    return str(crypto.encrypt_message(xml, nonce, timestamp))


def verify_echo(params: Mapping[str, str], token: str) -> str:
    """Answer WeChat's server verification: the ``echostr`` if the signature matches."""
    check_signature(params, token)
    return _param(params, "echostr")
