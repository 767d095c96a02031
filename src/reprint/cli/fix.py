"""``reprint fix``: write a copy of a document with the missing credit line added."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import click

from reprint.cli.options import work_option
from reprint.errors import UsageError
from reprint.fix import FixOutcome, FixResult
from reprint.model import ProblemCode, Report


def _same_file(first: Path, second: Path) -> bool:
    try:
        return first.resolve() == second.resolve() or (
            second.exists() and first.samefile(second)
        )
    except OSError:
        return False


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise UsageError(f"cannot write '{path}': {exc.strerror or exc}") from exc


def _warn_library(report: Report) -> None:
    """The third-party log lines about the file, as ``check`` shows them."""
    from reprint.cli.check import _warn

    logged = [p for p in report.problems if p.code is ProblemCode.LIBRARY_WARNING]
    if logged:
        _warn(replace(report, problems=tuple(logged)))


def _shown(result: FixResult, output_format: str) -> str:
    from reprint.render.text import render_text

    if output_format == "json":
        import json

        return json.dumps(result.to_dict(), indent=2, ensure_ascii=False)
    return render_text([result.report]).rstrip("\n")


@click.command("fix")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="Where to write the corrected copy (never the input itself).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="The re-check's report to read, or JSON with the outcome and report.",
)
@work_option
@click.option(
    "--assume-reprint",
    is_flag=True,
    help="Judge the credits whatever the coverage (the piece is a known reprint).",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=None,
    help="Refuse inputs larger than this many bytes (default 64 MiB).",
)
def command(
    path: Path,
    output: Path,
    output_format: str,
    work_file: Path | None,
    assume_reprint: bool,
    max_bytes: int | None,
) -> None:
    """Write to OUTPUT a copy of PATH that gives the credit line where readers
    see it, after the reprinted text, and check the copy again.

    The input is never changed. A misattributed credit is not rewritten: it is
    named for a person to correct, and nothing is written.

    Exit status: 0 fixed (the copy checks compliant) or already compliant (an
    identical copy is written); 1 no compliant copy could be made (not a
    reprint, a misattribution, or still non-compliant); 2 unverifiable, usage or
    input error; 70 a bug in reprint.
    """
    from reprint import api, fix

    if _same_file(path, output):
        raise UsageError(
            f"the output '{output}' is the input: reprint fix never changes its "
            "input; name another file with -o"
        )
    work = api.load_work(work_file)
    result = fix(path, work=work, assume_reprint=assume_reprint, max_bytes=max_bytes)
    if result.outcome is not FixOutcome.NOT_FIXED:
        _write(output, result.data)
    click.echo(_shown(result, output_format))
    _warn_library(result.report)
    match result.outcome:
        case FixOutcome.FIXED:
            click.echo(f"fixed: {result.reason}; wrote '{output}'", err=True)
        case FixOutcome.ALREADY_COMPLIANT:
            click.echo(
                f"already compliant: nothing changed ('{output}' is an identical copy)",
                err=True,
            )
        case FixOutcome.NOT_FIXED:
            click.echo(f"not fixed: {result.reason}; nothing written", err=True)
    sys.exit(result.exit_code)
