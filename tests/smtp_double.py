"""A real SMTP server on 127.0.0.1 for the tests (aiosmtpd), and a TLS certificate.

The test double of the mail relay a republisher sends through: it speaks SMTP,
STARTTLS, implicit TLS and AUTH, and keeps what it receives.
"""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

SMTP_USER = "republisher"
SMTP_PASSWORD = "correct horse battery staple"  # a test server's, never a real one


@dataclass
class Inbox:
    """An aiosmtpd handler that keeps every message it is given."""

    received: list[tuple[str, list[str], bytes]] = field(default_factory=list)

    async def handle_DATA(
        self, server: object, session: object, envelope: object
    ) -> str:
        self.received.append(
            (
                getattr(envelope, "mail_from"),  # noqa: B009 - aiosmtpd is untyped
                list(getattr(envelope, "rcpt_tos")),  # noqa: B009
                bytes(getattr(envelope, "original_content")),  # noqa: B009
            )
        )
        return "250 Message accepted"


def check_password(
    server: object, session: object, envelope: object, mechanism: str, auth_data: object
) -> AuthResult:
    is_valid = isinstance(auth_data, LoginPassword) and (
        auth_data.login == SMTP_USER.encode()
        and auth_data.password == SMTP_PASSWORD.encode()
    )
    # handled=False: aiosmtpd answers a failure itself (535).
    return AuthResult(success=is_valid, handled=False)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def smtp_server(
    *,
    tls_context: ssl.SSLContext | None = None,
    implicit_tls: ssl.SSLContext | None = None,
    is_auth_required: bool = False,
) -> Iterator[tuple[Inbox, int]]:
    """An SMTP server on 127.0.0.1 and a free port, stopped when the test is done.

    ``tls_context`` offers STARTTLS (and then requires it); ``implicit_tls`` speaks
    TLS from the first byte; ``is_auth_required`` wants a login (over TLS only).
    """
    inbox = Inbox()
    port = free_port()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        ssl_context=implicit_tls,
        tls_context=tls_context,
        require_starttls=tls_context is not None,
        auth_required=is_auth_required,
        authenticator=check_password if is_auth_required else None,
    )
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


@dataclass(frozen=True)
class Certificate:
    cert: Path
    key: Path

    def server_context(self) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.cert, self.key)
        return context

    def client_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.cert))


def make_certificate(folder: Path) -> Certificate | None:
    """A self-signed certificate for 127.0.0.1, or None without openssl."""
    openssl = shutil.which("openssl")
    if openssl is None:
        return None
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=localhost",
         "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
         "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return Certificate(cert, key)
