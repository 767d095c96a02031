"""The ``reprint`` command: a lazy click group; each command lives in its own module.

Subcommands are imported only when invoked so ``reprint --help`` stays cheap.
"""

from __future__ import annotations

import importlib
import os
import sys
import traceback
from typing import Any

import click

from reprint import __version__
from reprint.cli.options import flag
from reprint.errors import ReprintError

# Exit code for a bug in reprint itself (sysexits EX_SOFTWARE): never mistaken for
# a finding (1) or an input problem (2).
EXIT_INTERNAL = 70
# The reader of stdout went away (`reprint check … | head`): what a shell reports
# for a process ended by SIGPIPE (128 + 13), with nothing printed.
EXIT_BROKEN_PIPE = 141

_COMMANDS: dict[str, tuple[str, str]] = {
    "check": (
        "reprint.cli.check",
        "Check that a document reprints the paper with its credits.",
    ),
    "extract": (
        "reprint.cli.extract",
        "Show the text a reader sees in a document, and what is hidden.",
    ),
    "cite": (
        "reprint.cli.cite",
        "Print the paper's citation in a style or an exchange format.",
    ),
    "credit": (
        "reprint.cli.credit",
        "Print the credit line a republisher should paste.",
    ),
    "notify": (
        "reprint.cli.notify",
        "Draft (and optionally send) the message to the series editor.",
    ),
    "serve": ("reprint.cli.serve", "Run the HTTP pre-publish check service."),
    "fix": ("reprint.cli.fix", "Write a copy of a document with the credit added."),
    "scan": ("reprint.cli.scan", "Find the paper's republications in a web crawl."),
}


class LazyGroup(click.Group):
    """A group whose commands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(_COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in _COMMANDS:
            return None
        module = importlib.import_module(_COMMANDS[cmd_name][0])
        command: click.Command = module.command
        return command

    def format_commands(
        self, ctx: click.Context, formatter: click.HelpFormatter
    ) -> None:
        # Help lists the short descriptions without importing every command module.
        rows = [(name, help_text) for name, (_, help_text) in _COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ReprintError as exc:
            click.echo(f"error: {exc.worded(flag)}", err=True)
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except BrokenPipeError:  # `reprint check … | head`: the reader has gone
            _quiet_stdout()
            ctx.exit(EXIT_BROKEN_PIPE)
        except Exception:  # the shell's last resort: a bug, reported as one
            traceback.print_exc()
            click.echo(
                "error: internal error in reprint (a bug; please report it)", err=True
            )
            ctx.exit(EXIT_INTERNAL)


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so the exit's flush of what is left cannot fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="reprint")
def main() -> None:
    """Check, cite and report republished copies of a paper.

    The paper is the work embedded in the package unless a command's --work
    option names a TOML work file describing another.

    Exit status: 0 success (check: compliant or not a reprint), 1 a finding
    (check: non-compliant), 2 an input or usage error (check: unverifiable),
    70 a bug in reprint (please report it), 141 the reader of the output went away.
    """


def run() -> None:  # pragma: no cover - console entry for `python -m reprint`
    sys.exit(main())
