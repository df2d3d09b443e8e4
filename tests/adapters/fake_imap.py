"""A tiny IMAP4rev1 server on 127.0.0.1: enough for ``imapclient`` to log in, select a
folder, search unseen messages, fetch them and mark them seen.

``messages`` is the mailbox: (uid, raw bytes, seen). ``logins`` counts sign-ins;
a wrong password is refused with ``NO``.
"""

from __future__ import annotations

import re
import socketserver
import threading
from dataclasses import dataclass, field
from typing import Any

USER = "replies@bank.example"
PASSWORD = "imap-secret"
_WORD = re.compile(r'"((?:[^"\\]|\\.)*)"|(\S+)')


def _args(text: str) -> list[str]:
    return [q if q else w for q, w in _WORD.findall(text)]


def _uid_set(text: str, uids: list[int]) -> list[int]:
    out: list[int] = []
    for part in text.split(","):
        if ":" in part:
            lo, hi = part.split(":")
            top = max(uids, default=0) if hi == "*" else int(hi)
            out += [u for u in uids if int(lo) <= u <= top]
        else:
            out.append(int(part))
    return out


@dataclass
class Stored:
    uid: int
    raw: bytes
    seen: bool = False


@dataclass
class FakeImap:
    messages: list[Stored] = field(default_factory=list)
    logins: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, raw: bytes) -> None:
        with self._lock:
            self.messages.append(Stored(len(self.messages) + 1, raw))

    def __enter__(self) -> FakeImap:
        fake = self

        class Handler(socketserver.StreamRequestHandler):
            def send(self, line: str | bytes) -> None:
                data = line.encode() if isinstance(line, str) else line
                self.wfile.write(data + b"\r\n")

            def handle(self) -> None:
                self.send("* OK [CAPABILITY IMAP4rev1 UIDPLUS] fake IMAP ready")
                while True:
                    line = self.rfile.readline()
                    if not line:
                        return
                    tag, _, rest = line.decode().rstrip("\r\n").partition(" ")
                    command, _, args = rest.partition(" ")
                    if not fake.command(self, tag, command.upper(), args):
                        return

        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = int(self._server.server_address[1])
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def command(self, h: Any, tag: str, command: str, args: str) -> bool:
        if command == "CAPABILITY":
            h.send("* CAPABILITY IMAP4rev1 UIDPLUS")
        elif command == "LOGIN":
            user, password = _args(args)[:2]
            if (user, password) != (USER, PASSWORD):
                h.send(f"{tag} NO [AUTHENTICATIONFAILED] invalid credentials")
                return True
            self.logins += 1
        elif command in ("SELECT", "EXAMINE"):
            with self._lock:
                h.send(f"* {len(self.messages)} EXISTS")
            h.send("* 0 RECENT")
            h.send("* FLAGS (\\Seen)")
            h.send("* OK [UIDVALIDITY 1] UIDs valid")
            h.send(f"{tag} OK [READ-WRITE] SELECT completed")
            return True
        elif command == "UID":
            sub, _, rest = args.partition(" ")
            self.uid_command(h, sub.upper(), rest)
        elif command == "LOGOUT":
            h.send("* BYE logging out")
            h.send(f"{tag} OK LOGOUT completed")
            return False
        elif command == "NOOP":
            pass
        else:
            h.send(f"{tag} BAD unknown command {command}")
            return True
        h.send(f"{tag} OK {command} completed")
        return True

    def uid_command(self, h: Any, sub: str, rest: str) -> None:
        with self._lock:
            by_uid = {m.uid: m for m in self.messages}
            if sub == "SEARCH":
                found = [m.uid for m in self.messages if "UNSEEN" not in rest.upper() or not m.seen]
                h.send("* SEARCH" + "".join(f" {u}" for u in found))
            elif sub == "FETCH":
                uid_text, _, _items = rest.partition(" ")
                for seq, uid in enumerate(_uid_set(uid_text, list(by_uid)), start=1):
                    m = by_uid.get(uid)
                    if m is None:
                        continue
                    h.send(f"* {seq} FETCH (UID {uid} RFC822 {{{len(m.raw)}}}".encode())
                    h.wfile.write(m.raw)
                    h.send(")")
            elif sub == "STORE":
                uid_text, _, _flags = rest.partition(" ")
                for uid in _uid_set(uid_text, list(by_uid)):
                    if uid in by_uid:
                        by_uid[uid].seen = True
                        h.send(f"* {uid} FETCH (UID {uid} FLAGS (\\Seen))")
