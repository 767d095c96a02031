"""Writing and sending the notice, against a real SMTP server on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import shutil
import socket
import ssl
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from reprint.errors import SendError, UsageError
from reprint.mailer import (
    SmtpSecurity,
    SmtpSettings,
    deliver,
    send,
    stamp,
    write_eml,
)
from reprint.notify import EmailDraft, NoticeFields, draft_notice
from reprint.work import Work

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


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> Certificate:
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is needed to make a self-signed certificate")
    folder = tmp_path_factory.mktemp("tls")
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


def make_draft(work: Work, recipient: str | None = "ed@example.org") -> EmailDraft:
    fields = NoticeFields.from_options(
        publication="East Asia Forum",
        date="2024-05-01",
        extent="entire",
        sender="Zoë Ångström <zoe@example.org>",
        recipient=recipient,
    )
    return draft_notice(fields.complete(), work)


def parse(raw: bytes) -> EmailMessage:
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def assert_is_the_notice(raw: bytes, drafted: EmailDraft) -> None:
    parsed = parse(raw)
    assert parsed["From"] == "Zoë Ångström <zoe@example.org>"
    assert parsed["To"] == "David Envall <ed@example.org>"
    assert parsed["Subject"] == drafted.subject
    text, html = parsed.iter_parts()
    assert text.get_content().replace("\r\n", "\n") == drafted.text
    assert html.get_content().replace("\r\n", "\n") == drafted.html


def test_stamp_dates_now_and_makes_message_id_on_sender_domain(work: Work) -> None:
    before = dt.datetime.now(dt.UTC)
    parsed = parse(stamp(make_draft(work)).as_bytes())
    after = dt.datetime.now(dt.UTC)
    date = parsed["Date"].datetime
    assert before - dt.timedelta(seconds=1) <= date <= after
    assert parsed["Message-ID"].endswith("@example.org>")
    assert stamp(make_draft(work))["Message-ID"] != parsed["Message-ID"]


def test_unencrypted_send_delivers_envelope_and_content(work: Work) -> None:
    drafted = make_draft(work)
    with smtp_server() as (inbox, port):
        settings = SmtpSettings("127.0.0.1", port, SmtpSecurity.NONE, timeout_s=5)
        send(stamp(drafted), settings)
    [(mail_from, rcpt_tos, raw)] = inbox.received
    assert (mail_from, rcpt_tos) == ("zoe@example.org", ["ed@example.org"])
    assert_is_the_notice(raw, drafted)


def test_starttls_send_trusts_the_given_certificate(
    work: Work, certificate: Certificate
) -> None:
    drafted = make_draft(work)
    with smtp_server(tls_context=certificate.server_context()) as (inbox, port):
        settings = SmtpSettings(
            "127.0.0.1",
            port,
            SmtpSecurity.STARTTLS,
            ssl_context=certificate.client_context(),
            timeout_s=5,
        )
        send(stamp(drafted), settings)
    [(mail_from, rcpt_tos, raw)] = inbox.received
    assert (mail_from, rcpt_tos) == ("zoe@example.org", ["ed@example.org"])
    assert_is_the_notice(raw, drafted)


def test_implicit_tls_send_connects_with_tls_from_the_start(
    work: Work, certificate: Certificate
) -> None:
    drafted = make_draft(work)
    with smtp_server(implicit_tls=certificate.server_context()) as (inbox, port):
        settings = SmtpSettings(
            "127.0.0.1",
            port,
            SmtpSecurity.TLS,
            ssl_context=certificate.client_context(),
            timeout_s=5,
        )
        send(stamp(drafted), settings)
    [(_, rcpt_tos, raw)] = inbox.received
    assert rcpt_tos == ["ed@example.org"]
    assert_is_the_notice(raw, drafted)


def test_starttls_refuses_an_untrusted_certificate(
    work: Work, certificate: Certificate
) -> None:
    with smtp_server(tls_context=certificate.server_context()) as (inbox, port):
        settings = SmtpSettings("127.0.0.1", port, SmtpSecurity.STARTTLS, timeout_s=5)
        with pytest.raises(
            SendError, match=f"cannot send via 127.0.0.1:{port}: .*CERTIFICATE"
        ):
            send(stamp(make_draft(work)), settings)
    assert inbox.received == []


def test_login_with_user_and_password_then_send(
    work: Work, certificate: Certificate
) -> None:
    with smtp_server(
        tls_context=certificate.server_context(), is_auth_required=True
    ) as (inbox, port):
        settings = SmtpSettings(
            "127.0.0.1",
            port,
            user=SMTP_USER,
            password=SMTP_PASSWORD,
            ssl_context=certificate.client_context(),
            timeout_s=5,
        )
        send(stamp(make_draft(work)), settings)
    assert [rcpt for _, rcpt, _ in inbox.received] == [["ed@example.org"]]


def test_wrong_password_is_a_send_error_naming_the_user(
    work: Work, certificate: Certificate
) -> None:
    with smtp_server(
        tls_context=certificate.server_context(), is_auth_required=True
    ) as (inbox, port):
        settings = SmtpSettings(
            "127.0.0.1",
            port,
            user=SMTP_USER,
            password="wrong",
            ssl_context=certificate.client_context(),
            timeout_s=5,
        )
        with pytest.raises(
            SendError, match=f"refused the login of '{SMTP_USER}': .*535"
        ):
            send(stamp(make_draft(work)), settings)
    assert inbox.received == []


def test_password_is_never_sent_without_tls(work: Work) -> None:
    # No server listens: the refusal must come before any connection.
    settings = SmtpSettings(
        "127.0.0.1", free_port(), SmtpSecurity.NONE, user="u", password="p"
    )
    with pytest.raises(
        UsageError, match="refusing to send an SMTP password without TLS"
    ):
        send(stamp(make_draft(work)), settings)


def test_sending_without_recipient_is_refused(work: Work) -> None:
    settings = SmtpSettings("127.0.0.1", free_port(), SmtpSecurity.NONE)
    with pytest.raises(UsageError, match="the notice has no recipient"):
        send(stamp(make_draft(work, recipient=None)), settings)


def test_failed_send_keeps_the_message_in_the_out_file(
    work: Work, tmp_path: Path
) -> None:
    out = tmp_path / "notice.eml"
    port = free_port()  # nothing listens on it
    settings = SmtpSettings("127.0.0.1", port, SmtpSecurity.NONE, timeout_s=5)
    drafted = make_draft(work)
    with pytest.raises(SendError) as caught:
        deliver(stamp(drafted), settings, out)
    assert str(caught.value) == (
        f"cannot send via 127.0.0.1:{port}: Connection refused; "
        f"the message is saved in '{out}'"
    )
    assert_is_the_notice(out.read_bytes(), drafted)


def test_failed_send_without_out_file_saves_a_temporary_one(work: Work) -> None:
    settings = SmtpSettings("127.0.0.1", free_port(), SmtpSecurity.NONE, timeout_s=5)
    drafted = make_draft(work)
    with pytest.raises(
        SendError, match=r"the message is saved in '(.+\.eml)'$"
    ) as caught:
        deliver(stamp(drafted), settings)
    saved = Path(str(caught.value).rsplit("'", 2)[1])
    try:
        assert saved.name.startswith("reprint-notice-")
        assert_is_the_notice(saved.read_bytes(), drafted)
    finally:
        saved.unlink()


def test_successful_delivery_also_writes_the_out_file(
    work: Work, tmp_path: Path
) -> None:
    out = tmp_path / "sent.eml"
    drafted = make_draft(work)
    with smtp_server() as (inbox, port):
        message = stamp(drafted)
        deliver(message, SmtpSettings("127.0.0.1", port, SmtpSecurity.NONE), out)
    assert out.read_bytes() == message.as_bytes()
    assert len(inbox.received) == 1


def test_eml_file_is_written_with_crlf_line_ends(work: Work, tmp_path: Path) -> None:
    out = tmp_path / "notice.eml"
    message = stamp(make_draft(work))
    write_eml(message, out)
    raw = out.read_bytes()
    assert raw == message.as_bytes()
    assert b"\r\n" in raw
    assert b"\n" not in raw.replace(b"\r\n", b"")


def test_unwritable_eml_path_is_a_usage_error(work: Work, tmp_path: Path) -> None:
    out = tmp_path / "no-such-folder" / "notice.eml"
    with pytest.raises(UsageError, match=f"cannot write '{out}': No such file"):
        write_eml(stamp(make_draft(work)), out)


@pytest.mark.parametrize(
    ("security", "port"),
    [(SmtpSecurity.STARTTLS, 587), (SmtpSecurity.TLS, 465), (SmtpSecurity.NONE, 25)],
    ids=["starttls", "tls", "none"],
)
def test_default_port_follows_security(security: SmtpSecurity, port: int) -> None:
    assert SmtpSettings("mail.example.org", security=security).address == (
        f"mail.example.org:{port}"
    )


def test_password_is_not_shown_in_settings_repr() -> None:
    assert "hunter2" not in repr(SmtpSettings("h", user="u", password="hunter2"))
