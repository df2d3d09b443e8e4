"""A local fake of the Telegram Bot API for adapter tests.

Serves ``/bot<token>/<method>`` on 127.0.0.1 (an ephemeral port) in a thread and
records every request. Implements what the adapter calls: getMe, getUpdates
(queued updates, honouring ``offset``, long polling), sendMessage (which can be
told to answer 429 or 403), answerCallbackQuery, editMessageReplyMarkup,
setWebhook and deleteWebhook. Requests may be form-encoded (PTB) or JSON.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

TOKEN = "123456:TEST-TOKEN"
BOT_ID = 123456
BOT_USERNAME = "repay_test_bot"
JSON_PARAMS = {
    "reply_markup",
    "allowed_updates",
    "offset",
    "timeout",
    "limit",
    "message_id",
    "show_alert",
    "drop_pending_updates",
    "max_connections",
}


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)
    tag: str = ""  # which client called, when it was given ``base_url_for(tag)``


class FakeBotAPI:
    """The fake server; use as a context manager or call start/stop."""

    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.calls: list[Call] = []
        self._lock = threading.Condition()
        self._queue: list[dict[str, Any]] = []
        self._replays: list[dict[str, Any]] = []
        self._failures: list[tuple[int, str, int | None]] = []
        self._fail_after = 0
        self._next_update = itertools.count(1000)
        self._next_message = itertools.count(1)
        self._server: ThreadingHTTPServer | None = None
        self._delays: dict[str, float] = {}
        self._held: dict[str, int] = {}
        self._cut: set[str] = set()
        self.offsets: list[int | None] = []
        self._refuse_acks = 0

    # lifecycle
    def start(self) -> FakeBotAPI:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                fake._serve(self)

            do_GET = do_POST

            def log_message(self, *_args: Any) -> None:
                pass

        self._server = _Server(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        ).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            with self._lock:
                self._lock.notify_all()
            self._server.shutdown()
            self._server.server_close()

    def __enter__(self) -> FakeBotAPI:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        """The value for ``[telegram] base_url``."""
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}/bot"

    def base_url_for(self, tag: str) -> str:
        """A ``base_url`` whose calls are recorded with ``tag`` (one per server process)."""
        return self.base_url.replace("/bot", f"/{tag}/bot")

    # scripting
    def push(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue an update for getUpdates."""
        with self._lock:
            self._queue.append(update)
            self._lock.notify_all()
        return update

    def replay(self, update: dict[str, Any]) -> None:
        """Serve ``update`` once more, whatever the offset (a redelivery)."""
        with self._lock:
            self._replays.append(update)
            self._lock.notify_all()

    def fail_next_send(
        self, status: int, description: str, retry_after: int | None = None, after: int = 0
    ) -> None:
        """Make the next sendMessage fail (429 with ``retry_after``, 403 blocked...).

        ``after``: let that many sendMessage calls succeed first.
        """
        with self._lock:
            self._failures.append((status, description, retry_after))
            self._fail_after = after

    def refuse_acknowledgements(self, count: int) -> None:
        """Answer the next ``count`` getUpdates that only acknowledge (an offset, limit 1,
        no wait) with a 502, as a proxy's hiccup would."""
        with self._lock:
            self._refuse_acks = count

    def delay_sends(self, tag: str, seconds: float) -> None:
        """Hold ``tag``'s sendMessage calls this long before taking them (a slow link)."""
        with self._lock:
            self._delays[tag] = seconds

    def held(self, tag: str) -> int:
        """How many of ``tag``'s sendMessage calls are on the way now."""
        with self._lock:
            return self._held.get(tag, 0)

    def cut_off(self, tag: str) -> None:
        """``tag``'s process died: its calls on the way never arrive (nothing recorded)."""
        with self._lock:
            self._cut.add(tag)

    @property
    def pending_updates(self) -> int:
        with self._lock:
            return len(self._queue) + len(self._replays)

    def requests(self, method: str) -> list[dict[str, Any]]:
        with self._lock:
            return [c.params for c in self.calls if c.method == method]

    def sends(self) -> list[Call]:
        """The successful sendMessage calls, in the order they arrived."""
        with self._lock:
            sends = [c for c in self.calls if c.method == "sendMessage"]
        return [c for c in sends if "result_message_id" in c.params]

    def sent(self, chat_id: int | str | None = None) -> list[dict[str, Any]]:
        """Messages the bot sent (successful sendMessage calls)."""
        with self._lock:
            return [
                c.params
                for c in self.calls
                if c.method == "sendMessage"
                and "result_message_id" in c.params
                and (chat_id is None or str(c.params["chat_id"]) == str(chat_id))
            ]

    # update builders
    def user(self, user_id: int, language_code: str = "en") -> dict[str, Any]:
        return {
            "id": user_id,
            "is_bot": False,
            "first_name": f"User{user_id}",
            "language_code": language_code,
        }

    def text_update(self, user_id: int, text: str, language_code: str = "en") -> dict[str, Any]:
        """A private-chat text message from ``user_id``."""
        message: dict[str, Any] = {
            "message_id": next(self._next_message),
            "date": int(time.time()),
            "chat": {"id": user_id, "type": "private", "first_name": f"User{user_id}"},
            "from": self.user(user_id, language_code),
            "text": text,
        }
        if text.startswith("/"):
            length = len(text.split(" ", 1)[0])
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        return {"update_id": next(self._next_update), "message": message}

    def press_update(
        self, user_id: int, data: str, message_id: int, language_code: str = "en"
    ) -> dict[str, Any]:
        """A press of a button with ``data`` on the bot's message ``message_id``."""
        return {
            "update_id": next(self._next_update),
            "callback_query": {
                "id": f"cq{next(self._next_message)}",
                "from": self.user(user_id, language_code),
                "chat_instance": f"ci{user_id}",
                "data": data,
                "message": {
                    "message_id": message_id,
                    "date": int(time.time()),
                    "chat": {"id": user_id, "type": "private"},
                    "from": {"id": BOT_ID, "is_bot": True, "first_name": "Repay"},
                    "text": "...",
                },
            },
        }

    def member_update(self, user_id: int, status: str) -> dict[str, Any]:
        """``my_chat_member``: ``kicked`` when the user blocks the bot, ``member`` after."""
        bot = {"id": BOT_ID, "is_bot": True, "first_name": "Repay"}
        return {
            "update_id": next(self._next_update),
            "my_chat_member": {
                "chat": {"id": user_id, "type": "private"},
                "from": self.user(user_id),
                "date": int(time.time()),
                "old_chat_member": {"status": "member", "user": bot},
                "new_chat_member": {"status": status, "user": bot, "until_date": 0},
            },
        }

    # serving
    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        prefix = f"/bot{self.token}/"
        path, tag = handler.path, ""
        if not path.startswith(prefix) and path.count("/") > 2:
            tag, path = path[1:].split("/", 1)
            path = "/" + path
        if not path.startswith(prefix):
            self._reply(handler, 404, {"ok": False, "error_code": 404, "description": "Not Found"})
            return
        method = path[len(prefix) :].split("?", 1)[0]
        params = self._params(handler)
        if method == "sendMessage" and not self._arrives(tag):
            return  # the sender died while the call was on the way: no answer
        status, body = self._dispatch(method, params, tag)
        self._reply(handler, status, body)

    def _params(self, handler: BaseHTTPRequestHandler) -> dict[str, Any]:
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length).decode() if length else ""
        if "json" in (handler.headers.get("Content-Type") or ""):
            return dict(json.loads(raw or "{}"))
        params: dict[str, Any] = {}
        for key, value in parse_qsl(raw, keep_blank_values=True):
            params[key] = json.loads(value) if key in JSON_PARAMS else value
        return params

    def _arrives(self, tag: str) -> bool:
        with self._lock:
            delay = self._delays.get(tag, 0.0)
            if not delay:
                return True
            self._held[tag] = self._held.get(tag, 0) + 1
        time.sleep(delay)
        with self._lock:
            self._held[tag] -= 1
            return tag not in self._cut

    def _dispatch(
        self, method: str, params: dict[str, Any], tag: str = ""
    ) -> tuple[int, dict[str, Any]]:
        call = Call(method, params, tag=tag)
        with self._lock:
            self.calls.append(call)
        handler: Callable[[dict[str, Any]], tuple[int, dict[str, Any]]] | None = getattr(
            self, f"_api_{method}", None
        )
        if handler is None:
            return 404, {"ok": False, "error_code": 404, "description": "Not Found: method"}
        return handler(params)

    def _api_getMe(self, _p: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        return 200, _ok(
            {
                "id": BOT_ID,
                "is_bot": True,
                "first_name": "Repay",
                "username": BOT_USERNAME,
                "can_join_groups": False,
                "can_read_all_group_messages": False,
                "supports_inline_queries": False,
            }
        )

    def _api_getUpdates(self, p: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        offset = p.get("offset")
        limit = int(p.get("limit") or 100)
        deadline = time.monotonic() + float(p.get("timeout") or 0)
        with self._lock:
            if offset is not None and limit == 1 and self._refuse_acks > 0:
                self._refuse_acks -= 1
                return 502, {"ok": False, "error_code": 502, "description": "Bad Gateway"}
            self.offsets.append(offset)
            if offset is not None:
                self._queue = [u for u in self._queue if u["update_id"] >= int(offset)]
            while not self._queue and not self._replays and time.monotonic() < deadline:
                self._lock.wait(min(0.05, deadline - time.monotonic()))
            replays, self._replays = self._replays[:limit], self._replays[limit:]
            result = replays + self._queue[: limit - len(replays)]
        return 200, _ok(result)

    def _api_sendMessage(self, p: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        with self._lock:
            failure = None
            if self._failures and self._fail_after > 0:
                self._fail_after -= 1
            elif self._failures:
                failure = self._failures.pop(0)
        if failure is not None:
            status, description, retry_after = failure
            body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
            if retry_after is not None:
                body["parameters"] = {"retry_after": retry_after}
            return status, body
        message_id = next(self._next_message)
        with self._lock:
            p["result_message_id"] = message_id
        return 200, _ok(
            {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": {"id": int(p["chat_id"]), "type": "private"},
                "from": {"id": BOT_ID, "is_bot": True, "first_name": "Repay"},
                "text": p.get("text", ""),
            }
        )

    def _api_answerCallbackQuery(self, _p: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        return 200, _ok(True)

    def _api_editMessageReplyMarkup(self, _p: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        return 200, _ok(True)

    def _api_setWebhook(self, _p: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        return 200, _ok(True)

    def _api_deleteWebhook(self, _p: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        return 200, _ok(True)

    @staticmethod
    def _reply(handler: BaseHTTPRequestHandler, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        # a long poll the client gave up on (adapter stopped): nothing to report
        pass


def _ok(result: Any) -> dict[str, Any]:
    return {"ok": True, "result": result}
