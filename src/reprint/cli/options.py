"""Options several commands share, declared once so their names and help agree."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click

FC = TypeVar("FC", bound=Callable[..., object])

# Fields whose flag is not the keyword in kebab case.
_FLAGS = {"sender": "--from", "recipient": "--to", "fmt": "--format"}


def flag(name: str) -> str:
    """The option that gives the field ``name`` (a Python keyword): ``--max-bytes``."""
    return _FLAGS.get(name, "--" + name.replace("_", "-"))


work_option = click.option(
    "--work",
    "work_file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="A TOML work file describing another paper (default: the embedded one).",
)


# A password given as an option shows in the process list; the variable does not.
PDF_PASSWORD_VARIABLE = "REPRINT_PDF_PASSWORD"

password_option = click.option(
    "--password",
    default=None,
    envvar=PDF_PASSWORD_VARIABLE,
    help=f"Password of an encrypted PDF (or in {PDF_PASSWORD_VARIABLE}, which, "
    "unlike an option, other users cannot see in the process list).",
)


def jobs_option(what: str) -> Callable[[FC], FC]:
    """``--jobs N``, defaulting to the number of cores; ``what`` the processes do."""
    return click.option(
        "--jobs",
        type=click.IntRange(min=1),
        default=None,
        help=f"Processes {what} (default: the number of cores).",
    )


def jobs_or_cores(jobs: int | None) -> int:
    return jobs or os.cpu_count() or 1
