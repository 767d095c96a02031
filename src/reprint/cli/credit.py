"""``reprint credit``: the credit line a republisher should paste under the paper."""

from __future__ import annotations

from pathlib import Path

import click

from reprint import api
from reprint.cli.options import work_option
from reprint.markup import Markup


@click.command("credit")
@click.option(
    "--format",
    "fmt",
    type=click.Choice([m.value for m in Markup]),
    default=Markup.TEXT.value,
    show_default=True,
    help="Plain text, an HTML fragment or Markdown.",
)
@work_option
def command(fmt: str, work_file: Path | None) -> None:
    """Print the credit line (author, department, funder) with the cite-as line.

    Exit status: 0 printed, 2 a usage error, 70 a bug in reprint.
    """
    work = api.load_work(work_file)
    click.echo(api.credit_line(fmt, work=work))
