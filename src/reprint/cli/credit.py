"""``reprint credit``: the credit line a republisher should paste under the paper."""

from __future__ import annotations

from pathlib import Path

import click

from reprint import api
from reprint.cite import CreditFormat


@click.command("credit")
@click.option(
    "--format",
    "fmt",
    type=click.Choice([f.value for f in CreditFormat]),
    default=CreditFormat.TEXT.value,
    show_default=True,
    help="Plain text, an HTML fragment or Markdown.",
)
@click.option(
    "--work",
    "work_file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="A TOML work file describing another paper (default: the embedded one).",
)
def command(fmt: str, work_file: Path | None) -> None:
    """Print the credit line (author, department, funder) with the cite-as line."""
    work = None if work_file is None else api.load_work(work_file)
    click.echo(api.credit_line(fmt, work=work))
