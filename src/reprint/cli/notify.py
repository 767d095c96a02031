"""``reprint notify``: draft (and, with --send, send) the notice to the series editor.

The editor's address is never invented: it comes from --to, from ``[notify] to`` in
the --config TOML file, or from REPRINT_EDITOR_EMAIL, first found wins. The SMTP
password comes only from REPRINT_SMTP_PASSWORD.
"""

from __future__ import annotations

import os
import sys
import tomllib
from pathlib import Path

import click

from reprint import api
from reprint.cli.options import work_option
from reprint.errors import InputError, UsageError
from reprint.fields import parse_date
from reprint.model import Verdict
from reprint.notify import (
    NO_RECIPIENT_NOTE,
    Mailbox,
    NoticeFields,
    NoticeFormat,
    format_draft,
)
from reprint.work import Work

EDITOR_EMAIL_VARIABLE = "REPRINT_EDITOR_EMAIL"
SMTP_PASSWORD_VARIABLE = "REPRINT_SMTP_PASSWORD"
_CONFIG_KEYS = frozenset({"to"})


def _stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def _configured_recipient(config: Path | None) -> Mailbox | None:
    """The editor's address from ``[notify] to`` in the config file, if any."""
    if config is None:
        return None
    try:
        raw = tomllib.loads(config.read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise UsageError(f"cannot read --config '{config}': {reason}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"--config '{config}' is not valid TOML: {exc}") from exc
    section = raw.get("notify", {})
    if not isinstance(section, dict):
        raise UsageError(f"--config '{config}': [notify] must be a table")
    unknown = sorted(set(section) - _CONFIG_KEYS)
    if unknown:
        raise UsageError(
            f"--config '{config}': unknown key '{unknown[0]}' in [notify] "
            f"(known: {', '.join(sorted(_CONFIG_KEYS))})"
        )
    to = section.get("to")
    if to is None:
        return None
    if not isinstance(to, str):
        raise UsageError(f"--config '{config}': [notify] to must be a string")
    return Mailbox.from_header(to, f"[notify] to in '{config}'")


def _recipient(to: str | None, config: Path | None) -> Mailbox | None:
    if to is not None and to.strip():
        return Mailbox.from_header(to, "--to")
    configured = _configured_recipient(config)
    if configured is not None:
        return configured
    variable = os.environ.get(EDITOR_EMAIL_VARIABLE, "")
    if variable.strip():
        return Mailbox.from_header(variable, EDITOR_EMAIL_VARIABLE)
    return None


def _prefill(from_check: Path | None, work: Work) -> NoticeFields:
    if from_check is None:
        return NoticeFields()
    report = api.check(from_check, work=work)
    if report.format is None:  # not read at all: nothing to pre-fill from
        reasons = "; ".join(problem.message for problem in report.problems)
        raise InputError(f"--from-check: {reasons or f'cannot read {from_check}'}")
    for problem in report.problems:
        message = problem.message
        if str(from_check) not in message:
            message = f"{from_check}: {message}"
        click.echo(f"warning: {message}", err=True)
    if report.verdict is not Verdict.COMPLIANT:
        click.echo(
            f"warning: {from_check}: the check's verdict is {report.verdict.value}",
            err=True,
        )
    return NoticeFields.from_report(report)


def _prompt_missing(fields: NoticeFields) -> NoticeFields:
    """Ask at the terminal for each required field still unknown."""

    def checked_date(text: str) -> str:
        try:
            parse_date(text, "the date")
        except UsageError as exc:
            raise click.BadParameter(str(exc)) from exc
        return text

    def checked_sender(text: str) -> str:
        try:
            Mailbox.from_header(text, "your name and address")
        except UsageError as exc:
            raise click.BadParameter(str(exc)) from exc
        return text

    answers: dict[str, str] = {}
    for name in fields.missing:
        if name == "publication":
            answers[name] = click.prompt("Publication (newspaper, site, blog)")
        elif name == "date":
            answers[name] = click.prompt(
                "Date of publication (YYYY-MM-DD)", value_proc=checked_date
            )
        elif name == "extent":
            answers[name] = click.prompt(
                "Extent", type=click.Choice(["entire", "part"])
            )
            if answers[name] == "part":
                answers["parts"] = click.prompt(
                    "Which parts (separated by ';', blank if unsure)",
                    default="",
                    show_default=False,
                )
        elif name == "from":
            answers[name] = click.prompt(
                "Your name and e-mail (Name <local@domain>)", value_proc=checked_sender
            )
    answered = NoticeFields.from_options(
        publication=answers.get("publication"),
        date=answers.get("date"),
        extent=answers.get("extent"),
        parts=answers.get("parts"),
        sender=answers.get("from"),
    )
    return fields.overriding(answered)


@click.command("notify")
@click.option("--publication", help="Name of the newspaper, site, newsletter or blog.")
@click.option("--url", help="Address of the republished copy (http or https).")
@click.option("--edition", help="Print edition, e.g. 'Saturday edition, p. 7'.")
@click.option("--date", "date", help="Date of publication, YYYY-MM-DD.")
@click.option(
    "--extent",
    type=click.Choice(["entire", "part"]),
    help="Whether the entire paper or part of it was republished.",
)
@click.option("--parts", help="The parts republished, e.g. 'Summary; Section 2'.")
@click.option("--credit", help="The credit text as printed with the republication.")
@click.option("--from", "sender", help="Your name and address: 'Name <local@domain>'.")
@click.option(
    "--to",
    "recipient",
    help=f"The editor's address (else [notify] to in --config, else "
    f"{EDITOR_EMAIL_VARIABLE}). The paper gives none.",
)
@click.option(
    "--from-check",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Check this republished document and pre-fill from it.",
)
@click.option(
    "--config",
    type=click.Path(path_type=Path, dir_okay=False),
    help="A TOML file; '[notify] to = \"...\"' gives the editor's address.",
)
@work_option
@click.option(
    "--template",
    type=click.Path(path_type=Path),
    help="A folder with notice.txt.j2 and notice.html.j2 to use instead.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice([f.value for f in NoticeFormat]),
    default=NoticeFormat.TEXT.value,
    show_default=True,
    help="How to print the draft: text with headers, HTML, or a mailto: link.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the message to this .eml file instead of printing it.",
)
@click.option("--send", is_flag=True, help="Send the message over SMTP.")
@click.option("--smtp-host", help="SMTP server to send through (with --send).")
@click.option(
    "--smtp-port",
    type=click.IntRange(1, 65535),
    help="SMTP port (default: 587 starttls, 465 tls, 25 none).",
)
@click.option(
    "--smtp-security",
    type=click.Choice(["starttls", "tls", "none"]),
    default="starttls",
    show_default=True,
    help="STARTTLS, implicit TLS, or no encryption.",
)
@click.option(
    "--smtp-user",
    help=f"SMTP login; the password is read from {SMTP_PASSWORD_VARIABLE}.",
)
@click.option(
    "--smtp-ca-file",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="Trust this CA certificate (PEM) for the SMTP server, e.g. a private relay.",
)
def command(
    publication: str | None,
    url: str | None,
    edition: str | None,
    date: str | None,
    extent: str | None,
    parts: str | None,
    credit: str | None,
    sender: str | None,
    recipient: str | None,
    from_check: Path | None,
    config: Path | None,
    work_file: Path | None,
    template: Path | None,
    output_format: str,
    out: Path | None,
    send: bool,
    smtp_host: str | None,
    smtp_port: int | None,
    smtp_security: str,
    smtp_user: str | None,
    smtp_ca_file: Path | None,
) -> None:
    """Draft the message telling the series editor where and when the paper was
    republished; print it, write it to an .eml file, or send it.

    Missing details are asked for at a terminal; otherwise they are an error.
    Nothing is sent without --send.
    """
    from reprint import mailer

    explicit = NoticeFields.from_options(
        publication=publication,
        url=url,
        edition=edition,
        date=date,
        extent=extent,
        parts=parts,
        credit=credit,
        sender=sender,
    )
    to = _recipient(recipient, config)
    if send and to is None:
        raise UsageError(
            "--send needs the editor's address: give --to, [notify] to in --config, "
            f"or {EDITOR_EMAIL_VARIABLE}"
        )
    if send and not smtp_host:
        raise UsageError("--send needs --smtp-host")
    work = api.load_work(work_file)
    fields = _prefill(from_check, work).overriding(explicit)
    fields = fields.overriding(NoticeFields(recipient=to))
    if fields.missing and _stdin_is_terminal():
        fields = _prompt_missing(fields)
    draft = api.notify(fields, work=work, template=template)

    if send and smtp_host:
        password = os.environ.get(SMTP_PASSWORD_VARIABLE)
        if smtp_user is not None and password is None:
            raise UsageError(
                f"--smtp-user needs the password in {SMTP_PASSWORD_VARIABLE}"
            )
        settings = mailer.SmtpSettings(
            host=smtp_host,
            port=smtp_port,
            security=mailer.SmtpSecurity(smtp_security),
            user=smtp_user,
            password=password if smtp_user is not None else None,
            ssl_context=mailer.trusting(smtp_ca_file),
        )
        mailer.deliver(mailer.stamp(draft), settings, out)
        click.echo(f"sent to {draft.recipient} via {settings.address}")
        return
    if out is not None:
        mailer.write_eml(mailer.stamp(draft), out)
        click.echo(f"wrote {out}")
    else:
        click.echo(format_draft(draft, NoticeFormat(output_format)))
    if not draft.has_recipient and (out is not None or output_format != "text"):
        click.echo(f"note: {NO_RECIPIENT_NOTE}", err=True)
