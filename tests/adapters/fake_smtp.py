"""A real SMTP server on 127.0.0.1 (aiosmtpd) that keeps what it receives.

:class:`FakeSmtp` requires STARTTLS (a certificate for 127.0.0.1 made at start,
its PEM in ``ca_file`` for the client to trust), then accepts mail after AUTH
with :data:`USER` / :data:`PASSWORD`, refuses recipients listed in ``refuse``
with ``550 5.1.1`` (a hard bounce at RCPT) and answers ``451`` to the next
``busy`` messages. ``mails`` holds every accepted message, parsed.
"""

from __future__ import annotations

import datetime
import ipaddress
import socket
import ssl
import threading
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

USER = "bot@mail.example"
PASSWORD = "smtp-secret"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate and key for 127.0.0.1 (the certificate is its own CA)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "smtp-cert.pem", folder / "smtp-key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@dataclass
class Received:
    sender: str
    recipients: list[str]
    message: EmailMessage

    def text(self) -> str:
        part = self.message.get_body(preferencelist=("plain",))
        assert part is not None
        return str(part.get_content())

    def html(self) -> str:
        part = self.message.get_body(preferencelist=("html",))
        assert part is not None
        return str(part.get_content())


@dataclass
class FakeSmtp:
    """Use as a context manager; ``port`` is where it listens."""

    folder: Path
    refuse: set[str] = field(default_factory=set)
    busy: int = 0
    mails: list[Received] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __enter__(self) -> FakeSmtp:
        fake = self

        class Handler:
            async def handle_RCPT(
                self, server: Any, session: Any, envelope: Any, address: str, options: Any
            ) -> str:
                if address.lower() in fake.refuse:
                    return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
                envelope.rcpt_tos.append(address)
                return "250 OK"

            async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
                with fake._lock:
                    if fake.busy:
                        fake.busy -= 1
                        return "451 4.3.0 Try again later"
                    msg = message_from_bytes(envelope.content, policy=policy.default)
                    assert isinstance(msg, EmailMessage)
                    fake.mails.append(Received(envelope.mail_from, list(envelope.rcpt_tos), msg))
                return "250 Message accepted"

        def authenticate(server: Any, session: Any, envelope: Any, mechanism: str,
                         auth_data: Any) -> AuthResult:  # fmt: skip
            ok = (
                isinstance(auth_data, LoginPassword)
                and auth_data.login.decode() == USER
                and auth_data.password.decode() == PASSWORD
            )
            if ok:
                fake.logins.append(USER)
            return AuthResult(success=ok)

        self.port = free_port()
        cert, key = self_signed(self.folder)
        self.ca_file = str(cert)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)
        self._controller = Controller(
            Handler(),
            hostname="127.0.0.1",
            port=self.port,
            authenticator=authenticate,
            auth_required=True,
            tls_context=context,
            require_starttls=True,
        )
        self._controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._controller.stop()
