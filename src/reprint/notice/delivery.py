"""Delivering a drafted notice: the RFC 5322 message, ``.eml`` files and SMTP.

What the message says is decided by ``reprint.notice.drafting``; ``build_message``
makes it a message for a given date and Message-ID, ``stamp`` for now. Nothing is
sent unless ``send`` or ``deliver`` is called.
"""

from __future__ import annotations

import datetime as dt
import email.policy
import os
import secrets
import smtplib
import ssl
import tempfile
from dataclasses import dataclass, field
from email.header import Header
from email.message import EmailMessage
from enum import StrEnum
from pathlib import Path
from typing import assert_never

from reprint.errors import SendError, UsageError
from reprint.fields import refuse_line_breaks
from reprint.notice.values import NO_RECIPIENT_NOTE, EmailDraft, Mailbox

__all__ = [
    "SmtpSecurity",
    "SmtpSettings",
    "build_message",
    "deliver",
    "save_temporary",
    "send",
    "stamp",
    "trusting",
    "write_eml",
]


class SmtpSecurity(StrEnum):
    """How the connection to the SMTP server is protected."""

    STARTTLS = "starttls"  # plain connect, then STARTTLS (submission, RFC 6409)
    TLS = "tls"  # implicit TLS from the first byte (RFC 8314), smtplib.SMTP_SSL
    NONE = "none"  # no encryption: only for a relay on a trusted network

    @property
    def default_port(self) -> int:
        """587 for STARTTLS submission, 465 for implicit TLS, 25 otherwise."""
        match self:
            case SmtpSecurity.STARTTLS:
                return 587
            case SmtpSecurity.TLS:
                return 465
            case SmtpSecurity.NONE:
                return 25
            case _:  # pragma: no cover
                assert_never(self)


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    """Where and how to send; ``ssl_context`` None trusts the system's CAs."""

    host: str
    port: int | None = None  # None: the security's default port
    security: SmtpSecurity = SmtpSecurity.STARTTLS
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    ssl_context: ssl.SSLContext | None = None
    timeout_s: float = 30.0

    @property
    def port_or_default(self) -> int:
        """The port given, else the security's default port."""
        return self.port or self.security.default_port

    @property
    def address(self) -> str:
        """``host:port`` as messages show it."""
        return f"{self.host}:{self.port_or_default}"


def trusting(ca_file: Path | None) -> ssl.SSLContext | None:
    """A TLS context that trusts ``ca_file`` too; None (the system's CAs) without.

    Raises:
        UsageError: the file is not a PEM certificate.
    """
    if ca_file is None:
        return None
    try:
        return ssl.create_default_context(cafile=str(ca_file))
    except (ssl.SSLError, OSError) as exc:
        raise UsageError(f"cannot use '{ca_file}' as a CA certificate: {exc}") from exc


def build_message(
    draft: EmailDraft, *, date: dt.datetime, message_id: str
) -> EmailMessage:
    """The draft as an RFC 5322 message: multipart/alternative, UTF-8 text and HTML.

    ``date`` (timezone-aware) and ``message_id`` are given, not read from the clock,
    so the same draft always gives the same bytes. Without a recipient there is no
    To header and an ``X-Reprint-Note`` header says why.

    Raises:
        UsageError: a naive ``date`` or a ``message_id`` that is not ``<...@...>``.
    """
    if date.tzinfo is None:
        raise UsageError("the message date needs a timezone")
    refuse_line_breaks("the Message-ID", message_id)
    if not (
        message_id.startswith("<") and message_id.endswith(">") and "@" in message_id
    ):
        raise UsageError(f"{message_id!r} is not a Message-ID (expected <id@domain>)")
    message = EmailMessage(policy=_POLICY)
    _set_address(message, "From", draft.sender)
    if draft.recipient is not None:
        _set_address(message, "To", draft.recipient)
    else:
        message["X-Reprint-Note"] = NO_RECIPIENT_NOTE
    _set_text(message, "Subject", draft.subject)
    message["Date"] = date
    message["Message-ID"] = message_id
    # Quoted-printable keeps both parts 7-bit, so any SMTP server relays them
    # (8BITMIME is not universal) and the text stays legible in the raw file.
    message.set_content(
        draft.text, subtype="plain", charset="utf-8", cte="quoted-printable"
    )
    message.add_alternative(
        draft.html, subtype="html", charset="utf-8", cte="quoted-printable"
    )
    return message


# The start of an RFC 2047 encoded word. A value holding one must not reach the
# email package's header folding: on Python 3.11 and 3.12 it decodes the word
# while refolding a long header and writes what it decoded, CR LF included, as is
# ("=?utf-8?q?X=0D=0AReply-To:_a@evil.example?=" became a Reply-To line).
_ENCODED_WORD = "=?"
# Headers set already encoded and folded (``set_raw``) are written as they are,
# never refolded; the others are folded by the email package as before.
_POLICY = email.policy.SMTP.clone(refold_source="none")


def _encoded(value: str) -> str:
    """``value`` as RFC 2047 encoded words (UTF-8), folded: text no decoder takes
    for anything but the characters it holds, whatever encoded words are in it."""
    return Header(value, "utf-8", maxlinelen=76).encode(linesep="\r\n")


def _set_text(message: EmailMessage, name: str, value: str) -> None:
    """Set an unstructured header; one holding an encoded word is encoded whole,
    already folded, so the email package never refolds (and decodes) it."""
    if _ENCODED_WORD in value:
        message.set_raw(name, _encoded(value))
    else:
        message[name] = value


def _set_address(message: EmailMessage, name: str, mailbox: Mailbox) -> None:
    """Set an address header, its display name encoded whole if it holds an
    encoded word (as ``_set_text``)."""
    if _ENCODED_WORD in mailbox.address:  # legal in a local part, never needed
        raise UsageError(
            f"the address {mailbox.address!r} holds '=?', which mail programs "
            "decode as an encoded word; give the address without it"
        )
    if mailbox.name and _ENCODED_WORD in mailbox.name:
        message.set_raw(name, f"{_encoded(mailbox.name)} <{mailbox.address}>")
    else:
        message[name] = mailbox.to_address()


def stamp(draft: EmailDraft) -> EmailMessage:
    """The draft as a message dated now, with a fresh Message-ID."""
    # The sender's domain, not the machine's (make_msgid would look up the host
    # name, slow and leaking it), and 128 random bits alone: make_msgid's id also
    # carries the time and the process id, which tell a reader about the server.
    domain = draft.sender.address.rpartition("@")[2]
    return build_message(
        draft,
        date=dt.datetime.now(dt.UTC).astimezone(),
        message_id=f"<{secrets.token_hex(16)}@{domain}>",
    )


def write_eml(message: EmailMessage, path: Path, *, is_draft: bool = True) -> None:
    """Write the message to ``path`` as an RFC 5322 file (CRLF line ends).

    A draft carries ``X-Unsent: 1`` so a mail client opens it to edit and send;
    ``is_draft=False`` writes the message as it goes to the server.

    Raises:
        UsageError: the file cannot be written; the message names it.
    """
    try:
        path.write_bytes(_as_draft(message) if is_draft else message.as_bytes())
    except OSError as exc:
        raise UsageError(f"cannot write '{path}': {exc.strerror or exc}") from exc


def _as_draft(message: EmailMessage) -> bytes:
    """The message's bytes with ``X-Unsent: 1``, so Outlook, Thunderbird and Apple
    Mail open the saved file as a draft to edit and send, not as a received mail."""
    raw = message.as_bytes()
    if "X-Unsent" in message:
        return raw
    return b"X-Unsent: 1\r\n" + raw


def save_temporary(message: EmailMessage) -> Path:
    """Write the message to a new file in the temporary folder and return its path.

    Raises:
        UsageError: the temporary folder cannot be written.
    """
    try:
        fd, name = tempfile.mkstemp(prefix="reprint-notice-", suffix=".eml")
        with os.fdopen(fd, "wb") as handle:
            handle.write(_as_draft(message))
    except OSError as exc:
        raise UsageError(f"cannot save the message: {exc.strerror or exc}") from exc
    return Path(name)


def _reason(exc: Exception) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        error = exc.smtp_error
        text = error if isinstance(error, str) else error.decode("utf-8", "replace")
        reason = f"the server answered {exc.smtp_code} {text}"
    elif isinstance(exc, smtplib.SMTPRecipientsRefused):
        refused = ", ".join(sorted(exc.recipients))
        reason = f"the server refused the recipient {refused}"
    elif isinstance(exc, OSError) and exc.strerror:
        reason = exc.strerror
    else:
        reason = str(exc) or type(exc).__name__
    return " ".join(reason.split())


# smtplib's order of preference among the mechanisms a server offers.
_AUTH_MECHANISMS = ("CRAM-MD5", "PLAIN", "LOGIN")


def _login(client: smtplib.SMTP, user: str, password: str, address: str) -> None:
    """Log in with one mechanism, the first smtplib prefers that the server offers.

    ``SMTP.login`` tries each offered mechanism in turn after a refusal; a server
    that delays or stops answering after a failed login (as many do against
    password guessing) then keeps the client waiting until its timeout, and the
    refusal is reported as a timeout. One refusal is the answer.

    Raises:
        SendError: the server refuses the login, or closes the connection at it.
        smtplib.SMTPException: the server offers no mechanism smtplib speaks.
    """
    client.ehlo_or_helo_if_needed()
    if not client.has_extn("auth"):
        raise smtplib.SMTPNotSupportedError("the server offers no login (SMTP AUTH)")
    offered = client.esmtp_features["auth"].upper().split()
    mechanism = next((m for m in _AUTH_MECHANISMS if m in offered), None)
    if mechanism is None:
        raise smtplib.SMTPException(
            f"the server offers no login mechanism reprint speaks ({' '.join(offered)})"
        )
    client.user, client.password = user, password
    answer = getattr(client, "auth_" + mechanism.lower().replace("-", "_"))
    try:
        client.auth(mechanism, answer, initial_response_ok=True)
    except smtplib.SMTPAuthenticationError as exc:
        client.close()  # no QUIT: a server slowing refused clients would not answer
        raise SendError(
            f"{address} refused the login of '{user}': {_reason(exc)}"
        ) from exc
    except (smtplib.SMTPServerDisconnected, ConnectionError) as exc:
        raise SendError(
            f"{address} refused the login of '{user}': it closed the connection"
        ) from exc


def send(message: EmailMessage, settings: SmtpSettings) -> None:
    """Send the message over SMTP to the addresses in its To header.

    Raises:
        UsageError: the message has no recipient, or a password would travel
            unencrypted.
        SendError: the server cannot be reached, its certificate is not trusted,
            or it refuses the login or the message; the message says which.
    """
    if message["To"] is None:
        raise UsageError("the notice has no recipient; give the editor's address")
    if settings.user is not None and settings.security is SmtpSecurity.NONE:
        raise UsageError(
            "refusing to send an SMTP password without TLS; use starttls or tls"
        )
    if settings.user is not None and settings.password is None:
        raise UsageError(f"no password for SMTP user '{settings.user}'")
    port = settings.port_or_default
    context = settings.ssl_context or ssl.create_default_context()
    try:
        client: smtplib.SMTP
        match settings.security:
            case SmtpSecurity.TLS:
                client = smtplib.SMTP_SSL(
                    settings.host, port, timeout=settings.timeout_s, context=context
                )
            case SmtpSecurity.STARTTLS | SmtpSecurity.NONE:
                client = smtplib.SMTP(settings.host, port, timeout=settings.timeout_s)
            case _:  # pragma: no cover
                assert_never(settings.security)
        with client:
            if settings.security is SmtpSecurity.STARTTLS:
                client.starttls(context=context)
            if settings.user is not None and settings.password is not None:
                _login(client, settings.user, settings.password, settings.address)
            client.send_message(message)
    except (smtplib.SMTPException, OSError) as exc:
        raise SendError(f"cannot send via {settings.address}: {_reason(exc)}") from exc


def deliver(
    message: EmailMessage, settings: SmtpSettings, out: Path | None = None
) -> None:
    """Send the message, first writing it to ``out`` when given.

    A message that could not be sent is never lost: it stays in ``out``, or is
    saved to a temporary file, as a draft (``X-Unsent: 1``), and the error names
    the file. A message sent stays in ``out`` as sent.

    Raises:
        UsageError: as ``send``, or ``out`` cannot be written.
        SendError: as ``send``; the message ends with the path of the saved copy.
    """
    if out is not None:
        write_eml(message, out, is_draft=False)
    try:
        send(message, settings)
    except SendError as exc:
        # Unsent: the saved copy opens as a draft to send again.
        if out is not None:
            write_eml(message, out)
        saved = out if out is not None else save_temporary(message)
        raise SendError(f"{exc}; the message is saved in '{saved}'") from exc
