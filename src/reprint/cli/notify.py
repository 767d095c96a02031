"""``reprint notify``: draft (and, with --send, send) the notice to the series editor.

The recipient, the pre-fill from a check, the questions and the SMTP settings are the
library's (``reprint.config``, ``reprint.notice``); this command parses options,
asks at a terminal, and prints.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from reprint import api, config
from reprint.cli.options import flag, work_option
from reprint.config import EDITOR_EMAIL_VARIABLE, SMTP_PASSWORD_VARIABLE
from reprint.errors import UsageError
from reprint.notice import (
    NO_RECIPIENT_NOTE,
    QUESTIONS,
    NoticeFields,
    NoticeFormat,
    Prefill,
    Question,
    format_draft,
)
from reprint.work import Work


def _stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def _prefill(from_check: Path | None, work: Work) -> NoticeFields:
    if from_check is None:
        return NoticeFields()
    prefill = Prefill.from_report(api.check(from_check, work=work), str(from_check))
    for warning in prefill.warnings:
        click.echo(f"warning: {warning}", err=True)
    return prefill.fields


def _ask(question: Question, answers: dict[str, str]) -> None:
    def checked(text: str) -> str:
        if question.check is not None:
            try:
                question.check(text)
            except UsageError as exc:
                raise click.BadParameter(exc.worded(flag)) from exc
        return text

    answer: str = click.prompt(
        question.text,
        type=click.Choice(question.choices) if question.choices else None,
        value_proc=None if question.choices else checked,
        default="" if question.is_optional else None,
        show_default=False,
    )
    answers[question.field] = answer
    if question.then is not None and answer == question.then_on:
        _ask(question.then, answers)


def _prompt_missing(fields: NoticeFields) -> NoticeFields:
    """Ask at the terminal for each required field still unknown."""
    answers: dict[str, str] = {}
    for name in fields.missing:
        _ask(QUESTIONS[name], answers)
    return fields.overriding(NoticeFields.from_options(**answers))


@click.command("notify")
@click.option("--publication", help="Name of the newspaper, site, newsletter or blog.")
@click.option("--url", help="Address of the republished copy (http or https).")
@click.option("--edition", help="Print edition, e.g. 'Saturday edition, p. 7'.")
@click.option("--date", "date", help="Date of republication, YYYY-MM-DD.")
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
    "config_file",
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
    config_file: Path | None,
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

    Exit status: 0 drafted (or sent), 1 --from-check found a copy without its
    credits, 2 a usage or input error or a failed send, 70 a bug in reprint.
    """
    from reprint.notice import delivery

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
    to = config.recipient(recipient, config_file)
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
        settings = config.smtp_settings(
            smtp_host,
            port=smtp_port,
            security=smtp_security,
            user=smtp_user,
            ca_file=smtp_ca_file,
        )
        delivery.deliver(delivery.stamp(draft), settings, out)
        click.echo(f"sent to {draft.recipient} via {settings.address}")
        return
    if out is not None:
        delivery.write_eml(delivery.stamp(draft), out)
        click.echo(f"wrote {out}")
    else:
        click.echo(format_draft(draft, NoticeFormat(output_format)))
    if not draft.has_recipient and (out is not None or output_format != "text"):
        click.echo(f"note: {NO_RECIPIENT_NOTE}", err=True)
