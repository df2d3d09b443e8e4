"""Local fakes of the Telegram Bot API and the WeChat API for ``bench/webhooks.py``.

One small asyncio HTTP/1.1 server (keep-alive, no framework) answers both, so
the fakes cost the benchmark process little and never slow the server down.
Every delivered message is recorded with its arrival time (``time.perf_counter``).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

TOKEN = "123456:BENCH-TOKEN"
BOT_USERNAME = "repay_bench_bot"


@dataclass
class Arrival:
    """One message that reached a fake: where, which id, when, whether it had buttons."""

    chat_id: str
    message_id: str
    at: float
    keyboard: bool
    text: str


@dataclass
class Fakes:
    """Recorded traffic of both fakes."""

    telegram: list[Arrival] = field(default_factory=list)
    wechat: list[Arrival] = field(default_factory=list)
    calls: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    by_chat: dict[str, asyncio.Event] = field(default_factory=dict)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def wait_event(self, chat_id: str) -> asyncio.Event:
        """An event set whenever a message for ``chat_id`` arrives."""
        ev = self.by_chat.get(chat_id)
        if ev is None:
            ev = self.by_chat[chat_id] = asyncio.Event()
        return ev

    def _arrived(self, box: list[Arrival], chat_id: str, text: str, keyboard: bool) -> str:
        mid = str(next(self._ids))
        box.append(Arrival(chat_id, mid, time.perf_counter(), keyboard, text))
        ev = self.by_chat.get(chat_id)
        if ev is not None:
            ev.set()
        return mid

    def answer(self, method: str, path: str, body: bytes, ctype: str) -> tuple[int, bytes]:
        """The JSON answer for one request."""
        params = json.loads(body or b"{}") if "json" in ctype else dict(parse_qsl(body.decode()))
        parts = urlsplit(path)
        name = parts.path.rsplit("/", 1)[-1]
        self.calls[name] += 1
        if parts.path.startswith("/cgi-bin/"):
            return self._wechat(parts.path, params)
        result: object = True
        if name == "getMe":
            result = {"id": 123456, "is_bot": True, "first_name": "Bench",
                      "username": BOT_USERNAME}  # fmt: skip
        elif name == "getUpdates":
            result = []
        elif name == "sendMessage":
            chat = str(params.get("chat_id"))
            mid = self._arrived(self.telegram, chat, str(params.get("text", "")),
                                bool(params.get("reply_markup")))  # fmt: skip
            result = {"message_id": int(mid), "date": int(time.time()),
                      "chat": {"id": int(chat), "type": "private"},
                      "text": params.get("text", "")}  # fmt: skip
        return 200, json.dumps({"ok": True, "result": result}).encode()

    def _wechat(self, path: str, params: dict[str, object]) -> tuple[int, bytes]:
        if path.endswith("/token"):
            return 200, b'{"access_token": "BENCH-ACCESS", "expires_in": 7200}'
        if path.endswith("/message/custom/send"):
            chat = str(params.get("touser"))
            text = params.get("text")
            content = text.get("content", "") if isinstance(text, dict) else ""
            mid = self._arrived(self.wechat, chat, str(content), False)
            return 200, json.dumps({"errcode": 0, "errmsg": "ok", "msgid": int(mid)}).encode()
        return 200, b'{"errcode": 0, "errmsg": "ok"}'


async def serve(fakes: Fakes) -> tuple[asyncio.AbstractServer, int]:
    """Start the fake HTTP server on 127.0.0.1; return it and its port."""

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                method, path, _ = lines[0].split(" ", 2)
                headers = {}
                for line in lines[1:]:
                    if ":" in line:
                        k, v = line.split(":", 1)
                        headers[k.strip().lower()] = v.strip()
                length = int(headers.get("content-length", "0") or 0)
                body = await reader.readexactly(length) if length else b""
                status, payload = fakes.answer(method, path, body, headers.get("content-type", ""))
                writer.write(
                    b"HTTP/1.1 %d OK\r\nContent-Type: application/json\r\n"
                    b"Content-Length: %d\r\nConnection: keep-alive\r\n\r\n%s"
                    % (status, len(payload), payload)
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, asyncio.CancelledError, ConnectionError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=1024)
    port = server.sockets[0].getsockname()[1]
    return server, port
