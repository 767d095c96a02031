"""``reprint extract``: the text a reader sees, and what is hidden from them."""

from __future__ import annotations

from pathlib import Path

import click

from reprint import api
from reprint.cli.options import jobs_option, jobs_or_cores, password_option
from reprint.render import DOCUMENT_FORMATS, OutputFormat, render_document


@click.command("extract")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--format",
    "output_format",
    type=click.Choice([f.value for f in DOCUMENT_FORMATS]),
    default=OutputFormat.TEXT.value,
    show_default=True,
    help="Plain text blocks with their locations, or the Document as JSON.",
)
@click.option(
    "--show-hidden", is_flag=True, help="Also print hidden text with its reason."
)
@click.option(
    "--render",
    is_flag=True,
    help="Read HTML in headless Chromium (Debian's chromium package), scripts on "
    "and the network closed, instead of reprint's own CSS engine.",
)
@password_option
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=None,
    help="Refuse inputs larger than this many bytes (default 64 MiB).",
)
@jobs_option("to read the pages of a long PDF in")
def command(
    file: Path,
    output_format: str,
    show_hidden: bool,
    password: str | None,
    max_bytes: int | None,
    jobs: int | None,
    render: bool,
) -> None:
    """Show the text a reader of FILE sees, in reading order, with locations.

    Exit status: 0 read, 2 unreadable or a usage error, 70 a bug in reprint.
    """
    document = api.extract(
        file,
        password=password,
        max_bytes=max_bytes,
        jobs=jobs_or_cores(jobs),
        render=render,
    )
    for problem in document.problems:
        click.echo(f"warning: {file}: {problem.message}", err=True)
    click.echo(
        render_document(
            document,
            OutputFormat(output_format),
            file=str(file),
            show_hidden=show_hidden,
        )
    )
