"""A local fake of WeChat: the API server (token, custom/send, template/send) and the pushing side.

:class:`FakeWechatApi` serves ``/cgi-bin/token``, ``/cgi-bin/message/custom/send``
and ``/cgi-bin/message/template/send`` on 127.0.0.1 (ephemeral port), records every
call, and can be told to fail (``fail_next(45015)``). :class:`WechatPush`
builds requests exactly as WeChat's servers do (signed with the Token, in safe
mode encrypted with ``WeChatCrypto``) and decrypts the passive replies.
:class:`FakeEngine` stands in for the dialog engine where a test needs control
over timing or replies.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import xmltodict
from sqlalchemy import select
from sqlalchemy.orm import Session
from wechatpy.crypto import WeChatCrypto

from bot import channels
from bot.adapters.wechat_protocol import signature
from bot.app import App
from bot.channels import Channel
from bot.config import Secret, Settings, WechatSettings
from bot.dialog.engine import UNFOLLOWED
from bot.messages import Incoming, Reply, Unfollowed
from bot.store import conversations as store
from bot.store.db import Database
from bot.store.models import Conversation, Message
from bot.store.replies import add_replies

APP_ID = "wx0123456789abcdef"
APP_SECRET = "fake-app-secret"
TOKEN = "fake-wechat-token"
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
OLD_AES_KEY = "ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut"
OTHER_AES_KEY = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFG"
OFFICIAL_ACCOUNT = "gh_0123456789ab"


@dataclass
class ApiCall:
    """One request the fake API received."""

    path: str
    params: dict[str, str]
    body: dict[str, Any] | None
    tag: str = ""  # which client called, when it was given ``base_url_for(tag)``
    msgid: int | None = None  # what a successful send answered
    at: float = field(default_factory=time.monotonic)


@dataclass
class FakeWechatApi:
    """The WeChat API on a local port. Use as a context manager."""

    app_id: str = APP_ID
    secret: str = APP_SECRET
    calls: list[ApiCall] = field(default_factory=list)
    _errors: list[int] = field(default_factory=list)
    _valid: set[str] = field(default_factory=set)
    _issued: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __enter__(self) -> FakeWechatApi:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self._answer(None)

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                self._answer(json.loads(self.rfile.read(length) or b"{}"))

            def _answer(self, body: dict[str, Any] | None) -> None:
                url = urlsplit(self.path)
                params = {k: v[0] for k, v in parse_qs(url.query).items()}
                path, tag = url.path, ""
                if not path.startswith("/cgi-bin/"):
                    tag, path = path[1:].split("/", 1)
                    path = "/" + path
                result = fake._handle(path, params, body, tag)
                data = json.dumps(result, ensure_ascii=False).encode()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    @property
    def base_url(self) -> str:
        """What ``[wechat] api_base_url`` should be."""
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/cgi-bin/"

    def base_url_for(self, tag: str) -> str:
        """A ``base_url`` whose calls are recorded with ``tag`` (one per server process)."""
        return self.base_url.replace("/cgi-bin/", f"/{tag}/cgi-bin/")

    def fail_next(self, *errcodes: int) -> None:
        """Answer the next custom/send or template/send calls with these errcodes (one each)."""
        with self._lock:
            self._errors.extend(errcodes)

    def token_calls(self) -> list[ApiCall]:
        return [c for c in self.calls if c.path.endswith("/token")]

    def send_calls(self) -> list[ApiCall]:
        return [c for c in self.calls if c.path.endswith("/message/custom/send")]

    def template_calls(self) -> list[ApiCall]:
        return [c for c in self.calls if c.path.endswith("/message/template/send")]

    def _handle(
        self, path: str, params: dict[str, str], body: dict[str, Any] | None, tag: str = ""
    ) -> Any:
        with self._lock:
            call = ApiCall(path, params, body, tag)
            self.calls.append(call)
            if path == "/cgi-bin/token":
                if params.get("appid") != self.app_id or params.get("secret") != self.secret:
                    return {"errcode": 40125, "errmsg": "invalid appsecret"}
                self._issued += 1
                token = f"ACCESS_TOKEN_{self._issued}"
                self._valid.add(token)
                return {"access_token": token, "expires_in": 7200}
            if path in ("/cgi-bin/message/custom/send", "/cgi-bin/message/template/send"):
                token = params.get("access_token", "")
                if token not in self._valid:
                    return {"errcode": 40001, "errmsg": "invalid credential"}
                if self._errors:
                    code = self._errors.pop(0)
                    if code in (40001, 42001):
                        self._valid.discard(token)
                    return {"errcode": code, "errmsg": f"fake error {code}"}
                call.msgid = 1000 + len(self.calls)
                return {"errcode": 0, "errmsg": "ok", "msgid": call.msgid}
            return {"errcode": 404, "errmsg": "no such API in the fake"}


@dataclass
class WechatPush:
    """What WeChat's servers send to our webhook, and how they read the answer."""

    client: httpx.AsyncClient
    clock: Callable[[], datetime]
    token: str = TOKEN
    aes_key: str = AES_KEY
    app_id: str = APP_ID
    safe: bool = False
    _nonce: int = 0

    @staticmethod
    def text(openid: str, content: str, msg_id: int, created: int, **extra: str) -> str:
        fields = "".join(f"<{k}><![CDATA[{v}]]></{k}>" for k, v in extra.items())
        return (
            f"<xml><ToUserName><![CDATA[{OFFICIAL_ACCOUNT}]]></ToUserName>"
            f"<FromUserName><![CDATA[{openid}]]></FromUserName>"
            f"<CreateTime>{created}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
            f"<Content><![CDATA[{content}]]></Content><MsgId>{msg_id}</MsgId>{fields}</xml>"
        )

    @staticmethod
    def event(openid: str, event: str, created: int, key: str | None = None) -> str:
        key_xml = "" if key is None else f"<EventKey><![CDATA[{key}]]></EventKey>"
        return (
            f"<xml><ToUserName><![CDATA[{OFFICIAL_ACCOUNT}]]></ToUserName>"
            f"<FromUserName><![CDATA[{openid}]]></FromUserName>"
            f"<CreateTime>{created}</CreateTime><MsgType><![CDATA[event]]></MsgType>"
            f"<Event><![CDATA[{event}]]></Event>{key_xml}</xml>"
        )

    @staticmethod
    def message(openid: str, msg_type: str, msg_id: int, created: int, **extra: str) -> str:
        fields = "".join(f"<{k}><![CDATA[{v}]]></{k}>" for k, v in extra.items())
        return (
            f"<xml><ToUserName><![CDATA[{OFFICIAL_ACCOUNT}]]></ToUserName>"
            f"<FromUserName><![CDATA[{openid}]]></FromUserName>"
            f"<CreateTime>{created}</CreateTime><MsgType><![CDATA[{msg_type}]]></MsgType>"
            f"{fields}<MsgId>{msg_id}</MsgId></xml>"
        )

    def now(self) -> int:
        return int(self.clock().timestamp())

    def signed(
        self, xml: str, *, timestamp: int | None = None, aes_key: str | None = None
    ) -> tuple[dict[str, str], str]:
        """The query parameters and body WeChat would POST for ``xml``."""
        self._nonce += 1
        stamp = str(self.now() if timestamp is None else timestamp)
        nonce = f"{1000000 + self._nonce}"
        params = {
            "signature": signature(self.token, stamp, nonce),
            "timestamp": stamp,
            "nonce": nonce,
            "openid": "ignored-by-the-bot",
        }
        if not self.safe:
            return params, xml
        crypto = WeChatCrypto(self.token, aes_key or self.aes_key, self.app_id)
        wrapped = xmltodict.parse(crypto.encrypt_message(xml, nonce, stamp))["xml"]
        params["encrypt_type"] = "aes"
        params["msg_signature"] = wrapped["MsgSignature"]
        body = (
            f"<xml><ToUserName><![CDATA[{OFFICIAL_ACCOUNT}]]></ToUserName>"
            f"<Encrypt><![CDATA[{wrapped['Encrypt']}]]></Encrypt></xml>"
        )
        return params, body

    async def post(
        self,
        xml: str,
        *,
        timestamp: int | None = None,
        aes_key: str | None = None,
        params: dict[str, str] | None = None,
    ) -> httpx.Response:
        query, body = self.signed(xml, timestamp=timestamp, aes_key=aes_key)
        query.update(params or {})
        return await self.client.post(
            "/webhooks/wechat?" + urlencode(query),
            content=body.encode(),
            headers={"content-type": "text/xml"},
        )

    def read(self, response: httpx.Response) -> dict[str, str] | None:
        """The passive reply's fields (decrypted in safe mode); None for ``success``."""
        assert response.status_code == 200, response.text
        if response.text == "success":
            return None
        doc = xmltodict.parse(response.text)["xml"]
        if not self.safe:
            assert "Encrypt" not in doc
            return dict(doc)
        expected = signature(self.token, doc["TimeStamp"], doc["Nonce"], doc["Encrypt"])
        assert doc["MsgSignature"] == expected
        crypto = WeChatCrypto(self.token, self.aes_key, self.app_id)
        inner = crypto.decrypt_message(
            response.text, doc["MsgSignature"], doc["TimeStamp"], doc["Nonce"]
        )
        return dict(xmltodict.parse(inner)["xml"])

    async def say(self, xml: str) -> str | None:
        """Post ``xml``; the passive reply's text, or None for ``success``."""
        fields = self.read(await self.post(xml))
        return None if fields is None else fields["Content"]


# How long a slow engine waits for the test at most (a test that forgets must not hang).
RELEASE_TIMEOUT = 60.0


@dataclass
class FakeTurn:
    replies: tuple[Reply, ...]
    outbox_ids: tuple[int, ...]
    conversation_id: int | None
    duplicate: bool
    passive: tuple[Reply, ...] = ()
    passive_ids: tuple[int, ...] = ()


class Deliverer:
    """The WeChat channel's delivery core, one pass at a time (for tests that step the clock)."""

    def __init__(self, channel: Channel) -> None:
        self.channel = channel

    @property
    def hold_seconds(self) -> float:
        return self.channel.delivery.hold_replies_seconds

    def deliver_due(self) -> int:
        """Send what is due now; the number of items claimed."""
        with ThreadPoolExecutor(1) as pool:  # its own event loop, also from async tests
            return pool.submit(asyncio.run, self.channel.delivery.deliver_due()).result()


def from_app(app: App) -> Deliverer | None:
    """The WeChat channel of ``app`` (None when WeChat is not configured)."""
    channel = channels.wechat(app.settings.wechat, app.db, app.outbox)
    return None if channel is None else Deliverer(channel)


class FakeEngine:
    """A minimal engine: stores the message, dedupes, queues scripted replies.

    Args:
        db: the database.
        clock: the app clock.
        answer: replies for an incoming message (default: echo).
        slow: a slow engine: each message waits until the test sets ``release``
            (``started`` tells that it is waiting).
    """

    def __init__(
        self,
        db: Database,
        clock: Callable[[], datetime],
        answer: Callable[[Incoming], Sequence[Reply]] | None = None,
        slow: bool = False,
    ) -> None:
        self.db = db
        self.clock = clock
        self.answer = answer or (lambda m: [Reply(f"收到：{m.payload or m.text}")])
        self.seen: list[Incoming] = []
        self.started = threading.Event()
        self.release = threading.Event()
        self.finished = threading.Event()
        if not slow:
            self.release.set()

    def warm_up(self) -> None:
        """Nothing to load."""

    def record(self, event: Unfollowed) -> FakeTurn:
        """An unfollow, handled as the real engine does: a stop whose replies cannot go."""
        incoming = Incoming(event.chat, event.message_id, command="stop", timestamp=event.timestamp)
        return self.process(incoming, undeliverable=UNFOLLOWED)

    def stored(self, incoming: Incoming) -> FakeTurn | None:
        """What was stored for a message already handled, as the real engine tells."""
        with self.db.session() as s:
            inbound = s.scalar(
                select(Message.id).where(
                    Message.platform == incoming.chat.platform,
                    Message.platform_message_id == incoming.message_id,
                )
            )
            return None if inbound is None else _stored(s, inbound)

    def process(
        self,
        incoming: Incoming,
        *,
        passive: Callable[[Sequence[Reply]], tuple[int, tuple[str, str] | None]] | None = None,
        undeliverable: str | None = None,
    ) -> FakeTurn:
        self.started.set()
        if not self.release.wait(RELEASE_TIMEOUT):
            raise TimeoutError("the test never released the slow engine")
        now = self.clock()
        self.seen.append(incoming)
        chat = incoming.chat
        with self.db.session() as s:
            conv = s.scalar(
                select(Conversation).where(
                    Conversation.platform == chat.platform, Conversation.chat_id == chat.chat_id
                )
            )
            if conv is None:
                conv = Conversation(
                    platform=chat.platform,
                    chat_id=chat.chat_id,
                    user_id=chat.user_id,
                    state="start",
                    context={},
                    locale=incoming.locale_hint or "en",
                    started_at=now,
                    updated_at=now,
                )
                s.add(conv)
                s.flush()
            inbound = s.scalar(
                select(Message).where(
                    Message.platform == chat.platform,
                    Message.platform_message_id == incoming.message_id,
                )
            )
            if inbound is not None:
                turn = _stored(s, inbound.id)
            else:
                inbound = Message(
                    conversation_id=conv.id,
                    platform=chat.platform,
                    platform_message_id=incoming.message_id,
                    direction="in",
                    sender="debtor",
                    text=incoming.text,
                    payload=incoming.payload,
                    created_at=now,
                )
                s.add(inbound)
                s.flush()
                replies = tuple(self.answer(incoming))
                taken, cut = passive(replies) if passive and replies else (0, None)
                rows, given = store.reply_rows(replies, taken, cut, undeliverable)
                ids = add_replies(s, conv, rows, now=now, in_reply_to_id=inbound.id)
                turn = FakeTurn(
                    replies, tuple(ids), conv.id, False, given, tuple(ids[: len(given)])
                )
        self.finished.set()
        return turn


def _stored(s: Session, inbound_id: int) -> FakeTurn:
    conversation_id, stored = store.stored_replies(s, inbound_id)
    given = [r for r in stored if r.passive]
    return FakeTurn(
        tuple(r.reply for r in stored),
        tuple(r.item_id for r in stored if r.item_id),
        conversation_id,
        True,
        tuple(r.reply for r in given),
        tuple(r.item_id for r in given if r.item_id),
    )


class MutableClock:
    """The app clock, moved by hand (``advance``)."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def wechat_settings(settings: Settings, api: FakeWechatApi, **overrides: Any) -> Settings:
    """``settings`` with WeChat configured against the fake API."""
    values: dict[str, Any] = {
        "app_id": APP_ID,
        "app_secret": Secret(APP_SECRET),
        "token": Secret(TOKEN),
        "encoding_aes_key": Secret(AES_KEY),
        "api_base_url": api.base_url,
        # Long, so that a busy test machine never turns a passive reply into a late one;
        # the tests about the deadline set a short one.
        "reply_deadline_seconds": 30.0,
    }
    values.update(overrides)
    return dataclasses.replace(settings, wechat=WechatSettings(**values))
