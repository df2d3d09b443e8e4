"""Customer-service and template messages with a small client over WeChat's public HTTP API.

Three calls: ``GET <api_base_url>token`` (client credentials → access token),
``POST <api_base_url>message/custom/send`` (inside the 48-hour customer-service
window) and ``POST <api_base_url>message/template/send`` (template messages,
allowed outside it). ``api_base_url`` comes from config,
so tests and benchmarks point it at a local fake. The access token is kept
where every worker sees it (a :class:`Tokens` store: the shared ``kv`` table),
so workers do not invalidate each other's. On ``40001``/``40014``/``42001`` the
stale token is dropped, a new one fetched and the message resent exactly once.
"""

from __future__ import annotations

import json
import logging
from datetime import timedelta
from typing import Any, Protocol

import requests

log = logging.getLogger(__name__)

TOKEN_KEY = "wechat:access_token"
# Tokens are renewed this long before WeChat says they expire.
TOKEN_MARGIN = timedelta(seconds=120)
STALE_TOKEN_CODES = frozenset({40001, 40014, 42001})
WINDOW_CLOSED = 45015
QUOTA_USED = 45047


class WechatApiError(Exception):
    """A failed API call; ``errcode`` is WeChat's code (None for HTTP/network failures)."""

    def __init__(self, errcode: int | None, errmsg: str) -> None:
        super().__init__(f"WeChat API error {errcode}: {errmsg}")
        self.errcode = errcode
        self.errmsg = errmsg


class Tokens(Protocol):
    """Where the access token is shared between workers."""

    def get(self, key: str) -> str | None: ...

    def set(self, key: str, value: str, ttl: timedelta | None = None) -> None: ...

    def discard(self, key: str, value: str) -> None: ...


class CustomerService:
    """Sends customer-service text messages (``message/custom/send``) and template messages.

    Args:
        app_id: the Official Account's AppID.
        app_secret: its AppSecret.
        api_base_url: ``https://api.weixin.qq.com/cgi-bin/`` or a local fake.
        tokens: where the shared access token lives.
        timeout: seconds per HTTP call.
    """

    def __init__(
        self,
        *,
        app_id: str,
        app_secret: str,
        api_base_url: str,
        tokens: Tokens,
        timeout: float = 10.0,
    ) -> None:
        self.base_url = api_base_url if api_base_url.endswith("/") else api_base_url + "/"
        self.app_id = app_id
        self.app_secret = app_secret
        self.tokens = tokens
        self.timeout = timeout
        self.http = requests.Session()

    def close(self) -> None:
        """Close the HTTP connections kept open."""
        self.http.close()

    def send_text(self, openid: str, text: str) -> str | None:
        """Send ``text`` to ``openid``; return WeChat's message id if it gives one.

        Raises:
            WechatApiError: the API refused (``errcode`` set) or could not be reached.
        """
        body = {"touser": openid, "msgtype": "text", "text": {"content": text}}
        return self._send("message/custom/send", body)

    def send_template(
        self, openid: str, template_id: str, fields: dict[str, str], url: str = ""
    ) -> str | None:
        """Send a template message (allowed outside the 48-hour window); WeChat's message id.

        The body is what wechatpy's ``client.message.send_template`` posts: each
        field as ``{"value": ...}``.

        Raises:
            WechatApiError: the API refused (``errcode`` set) or could not be reached.
        """
        body: dict[str, Any] = {
            "touser": openid,
            "template_id": template_id,
            "data": {name: {"value": value} for name, value in fields.items()},
        }
        if url:
            body["url"] = url
        return self._send("message/template/send", body)

    def _send(self, path: str, body: dict[str, Any]) -> str | None:
        for attempt in (1, 2):
            token = self._token()
            try:
                result = self._call("POST", path, {"access_token": token}, body)
            except WechatApiError as exc:
                if exc.errcode in STALE_TOKEN_CODES and attempt == 1:
                    log.info("WeChat access token rejected (%s); renewing it once", exc.errcode)
                    self.tokens.discard(TOKEN_KEY, token)
                    continue
                raise
            msgid = result.get("msgid")
            return None if msgid is None else str(msgid)
        raise AssertionError("unreachable")  # pragma: no cover

    def _token(self) -> str:
        token = self.tokens.get(TOKEN_KEY)
        if token:
            return token
        log.info("fetching a WeChat access token")
        try:
            result = self._call(
                "GET",
                "token",
                {
                    "grant_type": "client_credential",
                    "appid": self.app_id,
                    "secret": self.app_secret,
                },
            )
        except WechatApiError as exc:
            raise WechatApiError(exc.errcode, f"cannot get an access token: {exc.errmsg}") from None
        token = str(result.get("access_token") or "")
        if not token:
            raise WechatApiError(None, "cannot get an access token: none in the answer")
        ttl = timedelta(seconds=int(result.get("expires_in") or 7200)) - TOKEN_MARGIN
        self.tokens.set(TOKEN_KEY, token, ttl)
        return token

    def _call(
        self, method: str, path: str, params: dict[str, str], body: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        data = None if body is None else json.dumps(body, ensure_ascii=False).encode()
        try:
            answer = self.http.request(
                method, self.base_url + path, params=params, data=data, timeout=self.timeout
            )
            result = answer.json()
        except (requests.RequestException, ValueError) as exc:
            raise WechatApiError(None, f"cannot reach the WeChat API: {exc}") from None
        if not isinstance(result, dict):
            raise WechatApiError(None, "the WeChat API answered something that is not an object")
        code = result.get("errcode", 0)
        if code:
            raise WechatApiError(_int(code), str(result.get("errmsg") or ""))
        return result


def _int(value: object) -> int | None:
    try:
        return int(value)  # type: ignore[call-overload, no-any-return]
    except (TypeError, ValueError):
        return None
