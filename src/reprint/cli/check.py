"""``reprint check``: does a document republish the work, with its credits?"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

import click

from reprint import api
from reprint.cli import EXIT_INTERNAL
from reprint.cli.options import (
    flag,
    jobs_option,
    jobs_or_cores,
    password_option,
    work_option,
)
from reprint.model import ProblemCode, Report
from reprint.render import REPORT_FORMATS, OutputFormat, iter_reports

# A document's CPU-time budget: a 500-page PDF takes under a minute here; past
# five, something in it is making reprint work without end.
DEFAULT_TIMEOUT_S = 300.0


def _is_colour(stream: TextIO) -> bool:
    # https://no-color.org: any non-empty NO_COLOR turns colour off.
    return stream.isatty() and not os.environ.get("NO_COLOR")


class _Progress:
    """A one-line counter on stderr, shown only on a terminal and for several files."""

    def __init__(self) -> None:
        self._is_shown = False

    def __call__(self, done: int, total: int) -> None:
        if total < 2 or not sys.stderr.isatty():
            return
        width = 30
        filled = width * done // total
        bar = "#" * filled + "-" * (width - filled)
        sys.stderr.write(f"\rchecking [{bar}] {done}/{total}")
        sys.stderr.flush()
        self._is_shown = True

    def close(self) -> None:
        """End the counter's line, once."""
        if self._is_shown:
            sys.stderr.write("\n")
            self._is_shown = False


def _warn(report: Report) -> None:
    from reprint.render.text import problem_message

    for problem in report.problems:
        prefix = "error" if report.format is None else "warning"
        message = problem_message(problem, flag)
        if report.file not in message:
            message = f"{report.file}: {message}"
        click.echo(f"{prefix}: {message}", err=True)


@click.command("check")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice([f.value for f in REPORT_FORMATS]),
    default=OutputFormat.TEXT.value,
    show_default=True,
    help="A report to read, one JSON object, or SARIF 2.1.0 for code-scanning UIs.",
)
@work_option
@click.option(
    "--assume-reprint",
    is_flag=True,
    help="Judge the credits whatever the coverage (the piece is a known reprint).",
)
@jobs_option("for several files, or for the pages of one long PDF")
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
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=DEFAULT_TIMEOUT_S,
    show_default=True,
    help="Seconds of CPU time one document may take; past it, it is unverifiable.",
)
@click.option(
    "--follow-links",
    is_flag=True,
    help="Read symbolic links inside a folder that lead outside it.",
)
def command(
    paths: tuple[Path, ...],
    output_format: str,
    work_file: Path | None,
    assume_reprint: bool,
    jobs: int | None,
    password: str | None,
    max_bytes: int | None,
    render: bool,
    timeout: float,
    follow_links: bool,
) -> None:
    """Check that each of PATHS (files, or folders searched recursively) reprints
    the work with every required credit visible to readers.

    Exit status: 0 compliant or not a reprint, 1 non-compliant, 2 unverifiable
    or an input error; for several files the worst wins; 70 a bug in reprint
    (after every report is written).
    """
    work = api.load_work(work_file)
    if render:  # one clear error before any file, not one per file
        from reprint.formats.html.browser import require_browser

        require_browser()
    progress = _Progress()
    reports = api.check_paths(
        list(paths),
        work=work,
        assume_reprint=assume_reprint,
        password=password,
        max_bytes=max_bytes,
        jobs=jobs_or_cores(jobs),
        progress=progress,
        render=render,
        timeout_s=timeout,
        on_skip=lambda file, cause: skipped.append((file, cause)),
        follow_links=follow_links,
    )
    exit_codes: list[int] = []
    with_problems: list[Report] = []
    skipped: list[tuple[str, str]] = []

    def noted(reports: Iterable[Report]) -> Iterator[Report]:
        for report in reports:
            exit_codes.append(report.verdict.exit_code)
            if any(p.code == ProblemCode.INTERNAL_ERROR for p in report.problems):
                exit_codes.append(EXIT_INTERNAL)
            if report.problems:
                with_problems.append(report)
            yield report

    try:
        pieces = iter_reports(
            noted(reports),
            OutputFormat(output_format),
            is_colour=_is_colour(sys.stdout),
            word_field=flag,
            skipped=skipped,
        )
        if sys.stdout.isatty():  # a person reads it whole, after the progress bar
            whole = "".join(pieces)
            progress.close()
            pieces = iter([whole])
        # Into a pipe or a file, each report is written as soon as it is checked.
        for piece in pieces:
            click.echo(piece, nl=False)
        click.echo()
    finally:
        progress.close()
    for report in with_problems:
        _warn(report)
    for file, cause in skipped:
        click.echo(f"skipped: {file}: {cause}", err=True)
    checked = sum(1 for code in exit_codes if code != EXIT_INTERNAL)
    if skipped or any(os.path.isdir(path) for path in paths):  # a folder's summary
        click.echo(f"{checked} checked, {len(skipped)} skipped", err=True)
    if not exit_codes:
        click.echo("error: no documents found in the given folders", err=True)
    sys.exit(max(exit_codes, default=2))
