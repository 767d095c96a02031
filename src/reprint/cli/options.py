"""Options several commands share, declared once so their names and help agree."""

from __future__ import annotations

from pathlib import Path

import click

work_option = click.option(
    "--work",
    "work_file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="A TOML work file describing another paper (default: the embedded one).",
)
