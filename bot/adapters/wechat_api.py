"""Customer-service messages through wechatpy's ``WeChatClient``, with a shared token.

The access token lives in the ``kv`` table (row ``wechat:access_token`` with
``expires_at``) so every worker on every host uses the same one instead of
invalidating each other's. wechatpy's client is used as is, composed rather than
subclassed: its session storage is :class:`KeyValueSession`, its
``API_BASE_URL`` comes from config, and its ``fetch_access_token`` (which
hard-codes the real token URL) is replaced on the instance by one that asks
``<api_base_url>token``. Automatic retries are off: on ``40001``/``42001`` we
drop the stale token, fetch a new one and resend exactly once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import requests
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from wechatpy import WeChatClient
from wechatpy.exceptions import WeChatClientException
from wechatpy.session import SessionStorage

from bot.store.db import Database
from bot.store.models import KeyValue

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


class KeyValueSession(SessionStorage):  # type: ignore[misc]
    """wechatpy session storage on the shared ``kv`` table, with expiry by our clock."""

    def __init__(self, db: Database, clock: Callable[[], datetime]) -> None:
        self.db = db
        self.clock = clock

    @staticmethod
    def _row_key(key: str) -> str:
        return TOKEN_KEY if key.endswith("_access_token") else f"wechat:{key}"

    def get(self, key: str, default: Any = None) -> Any:
        with self.db.session() as s:
            row = s.get(KeyValue, self._row_key(key))
            if row is None or (row.expires_at is not None and row.expires_at <= self.clock()):
                return default
            return row.value

    def set(self, key: str, value: Any, ttl: int | None = None) -> None:
        now = self.clock()
        expires = None if ttl is None else now + timedelta(seconds=int(ttl)) - TOKEN_MARGIN
        row_key = self._row_key(key)
        try:
            with self.db.session() as s:
                row = s.get(KeyValue, row_key, with_for_update=True)
                if row is None:
                    s.add(KeyValue(key=row_key, value=str(value), expires_at=expires))
                else:
                    row.value = str(value)
                    row.expires_at = expires
        except IntegrityError:  # another worker inserted it first: overwrite theirs
            with self.db.session() as s:
                s.execute(
                    update(KeyValue)
                    .where(KeyValue.key == row_key)
                    .values(value=str(value), expires_at=expires)
                )

    def delete(self, key: str) -> None:
        with self.db.session() as s:
            s.execute(delete(KeyValue).where(KeyValue.key == self._row_key(key)))

    def discard(self, key: str, value: str) -> None:
        """Delete the row only if it still holds ``value`` (another worker may have renewed it)."""
        with self.db.session() as s:
            s.execute(
                delete(KeyValue).where(KeyValue.key == self._row_key(key), KeyValue.value == value)
            )

    def peek(self, key: str) -> str | None:
        """The stored value regardless of expiry (for tests and diagnostics)."""
        with self.db.session() as s:
            return s.scalar(select(KeyValue.value).where(KeyValue.key == self._row_key(key)))


class CustomerService:
    """Sends customer-service text messages (``message/custom/send``).

    Args:
        app_id: the Official Account's AppID.
        app_secret: its AppSecret.
        api_base_url: ``https://api.weixin.qq.com/cgi-bin/`` or a local fake.
        db: where the shared access token is kept.
        clock: the application clock (token expiry).
    """

    def __init__(
        self,
        *,
        app_id: str,
        app_secret: str,
        api_base_url: str,
        db: Database,
        clock: Callable[[], datetime],
        timeout: float = 10.0,
    ) -> None:
        self.base_url = api_base_url if api_base_url.endswith("/") else api_base_url + "/"
        self.session = KeyValueSession(db, clock)
        self.client = WeChatClient(
            app_id, app_secret, session=self.session, timeout=timeout, auto_retry=False
        )
        self.client.API_BASE_URL = self.base_url
        self.client.fetch_access_token = self._fetch_access_token

    def close(self) -> None:
        """Close the HTTP connections the client keeps open."""
        # wechatpy's client has no close(); its requests.Session is ``_http``.
        http = getattr(self.client, "_http", None)
        if http is not None:
            http.close()

    def _fetch_access_token(self) -> Any:
        log.info("fetching a WeChat access token")
        result = self.client._fetch_access_token(
            url=f"{self.base_url}token",
            params={
                "grant_type": "client_credential",
                "appid": self.client.appid,
                "secret": self.client.secret,
            },
        )
        # Expiry is kept on the kv row by our clock; the client should just trust the session.
        self.client.expires_at = None
        return result

    def send_text(self, openid: str, text: str) -> str | None:
        """Send ``text`` to ``openid``; return WeChat's message id if it gives one.

        A stale token (``40001``/``42001``) is renewed once and the message resent.

        Raises:
            WechatApiError: the API refused (``errcode`` set) or could not be reached.
        """
        for attempt in (1, 2):
            token = self._token()
            try:
                result = self.client.message.send_text(openid, text)
            except WeChatClientException as exc:
                code = _code(exc)
                if code in STALE_TOKEN_CODES and attempt == 1:
                    log.info("WeChat access token rejected (%s); renewing it once", code)
                    self.session.discard(self.client.access_token_key, token)
                    continue
                raise WechatApiError(code, str(exc.errmsg or exc)) from None
            except requests.RequestException as exc:
                raise WechatApiError(None, f"cannot reach the WeChat API: {exc}") from None
            msgid = result.get("msgid") if isinstance(result, dict) else None
            return None if msgid is None else str(msgid)
        raise AssertionError("unreachable")  # pragma: no cover

    def _token(self) -> str:
        try:
            return str(self.client.access_token)
        except WeChatClientException as exc:
            raise WechatApiError(_code(exc), f"cannot get an access token: {exc.errmsg}") from None
        except requests.RequestException as exc:
            raise WechatApiError(None, f"cannot reach the WeChat token API: {exc}") from None


def _code(exc: WeChatClientException) -> int | None:
    try:
        return int(exc.errcode)
    except (TypeError, ValueError):
        return None
