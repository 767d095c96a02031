"""What ``--help`` tells a user of each command: its exit statuses and defaults."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from reprint.cli import main


def _raw_help(*command: str) -> str:
    result = CliRunner().invoke(main, [*command, "--help"])
    assert result.exit_code == 0
    return result.stdout


def _help(*command: str) -> str:
    return " ".join(_raw_help(*command).split())


@pytest.mark.parametrize(
    "command", ["check", "extract", "cite", "credit", "notify", "serve", "fix", "scan"]
)
def test_each_commands_help_lists_its_exit_statuses_with_70(command: str) -> None:
    shown = _help(command)
    assert "Exit status: 0 " in shown
    assert "70 a bug in reprint" in shown


@pytest.mark.parametrize(
    ("command", "option", "default"),
    [
        ("check", "--max-bytes", "(default 64 MiB)"),
        ("extract", "--max-bytes", "(default 64 MiB)"),
        ("serve", "--port", "Port to listen on (0: any free port). [default: 8000;"),
        ("serve", "--header-timeout-s", "[default: 10.0; x>0]"),
        ("serve", "--body-timeout-s", "(default 60)"),
        ("serve", "--allowed-hosts", "(default: localhost, 127.0.0.1, ::1 and --host)"),
        ("serve", "--cors-origin", "(default: none, no CORS headers)"),
    ],
)
def test_options_say_their_defaults(command: str, option: str, default: str) -> None:
    # Each option's entry starts a line indented by two spaces.
    entries = re.split(r"\n  (?=-)", _raw_help(command))
    (entry,) = [e for e in entries if e.startswith(f"{option} ")]
    assert default in " ".join(entry.split())
