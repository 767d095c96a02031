"""Writing and sending the notice, against a real SMTP server on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from pathlib import Path

import pytest
from smtp_double import SMTP_PASSWORD, SMTP_USER, Certificate, free_port, smtp_server

from reprint.errors import SendError, UsageError
from reprint.notice import EmailDraft, NoticeFields, draft_notice
from reprint.notice.delivery import (
    SmtpSecurity,
    SmtpSettings,
    deliver,
    send,
    stamp,
    write_eml,
)
from reprint.work import Work


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


def test_message_id_is_random_bits_without_time_or_process_id(work: Work) -> None:
    # The reliability report: make_msgid's id carries the process id (and the
    # time), which tell a reader of the notice about the machine that sent it.
    message_id = stamp(make_draft(work))["Message-ID"]
    assert re.fullmatch(r"<[0-9a-f]{32}@example\.org>", message_id), message_id


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


def test_eml_file_opens_as_a_draft_and_is_otherwise_the_message(
    work: Work, tmp_path: Path
) -> None:
    out = tmp_path / "notice.eml"
    message = stamp(make_draft(work))
    write_eml(message, out)
    parsed = email.message_from_bytes(out.read_bytes(), policy=email.policy.SMTP)
    assert parsed["X-Unsent"] == "1"
    del parsed["X-Unsent"]
    assert parsed.as_bytes() == message.as_bytes()
    # The message itself, as it would go to a server, is not marked.
    assert "X-Unsent" not in message


@contextmanager
def refusing_smtp_server(certificate: Certificate, *, after_auth: str) -> Iterator[int]:
    """An implicit-TLS SMTP server that answers the first AUTH with ``535`` and then
    says nothing more (``after_auth="silence"``, as servers slowing password
    guessers do), or closes the connection at AUTH (``"close"``)."""
    listener = socket.create_server(("127.0.0.1", 0))
    port: int = listener.getsockname()[1]
    done = threading.Event()

    def serve() -> None:
        raw, _ = listener.accept()
        with certificate.server_context().wrap_socket(raw, server_side=True) as tls:
            tls.settimeout(30)
            lines = tls.makefile("rb")
            tls.sendall(b"220 mx.example ESMTP\r\n")
            for line in lines:
                if line.upper().startswith(b"EHLO"):
                    tls.sendall(b"250-mx.example\r\n250 AUTH CRAM-MD5 PLAIN LOGIN\r\n")
                elif line.upper().startswith(b"AUTH"):
                    if after_auth == "close":
                        return
                    tls.sendall(b"535 5.7.8 Authentication credentials invalid\r\n")
                    done.wait(30)  # silence until the test is over
                    return

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield port
    finally:
        done.set()
        listener.close()
        thread.join(timeout=5)


@pytest.mark.parametrize(
    ("after_auth", "reason"),
    [
        ("silence", "the server answered 535 5.7.8 Authentication credentials invalid"),
        ("close", "it closed the connection"),
    ],
)
def test_a_refused_login_is_reported_as_refused_at_once(
    work: Work, certificate: Certificate, after_auth: str, reason: str
) -> None:
    with refusing_smtp_server(certificate, after_auth=after_auth) as port:
        settings = SmtpSettings(
            "127.0.0.1",
            port,
            SmtpSecurity.TLS,
            user=SMTP_USER,
            password="wrong",
            ssl_context=certificate.client_context(),
            timeout_s=20,
        )
        started = time.monotonic()
        with pytest.raises(SendError) as caught:
            send(stamp(make_draft(work)), settings)
        elapsed_s = time.monotonic() - started
    assert str(caught.value) == (
        f"127.0.0.1:{port} refused the login of '{SMTP_USER}': {reason}"
    )
    # smtplib would try the next mechanism and wait out the 20 s for its answer.
    assert elapsed_s < 5
