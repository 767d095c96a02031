"""The README shows real output: its examples are run and compared here."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from reprint.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text("utf-8")
_CONSOLE = re.compile(r"```console\n(.*?)```", re.DOTALL)
_PYTHON = re.compile(r"```python\n(.*?)```\n+```console\n(.*?)```", re.DOTALL)
# Commands that need a server, another repository or a shell are shown, not run.
_NOT_RUN = re.compile(r"[|>;&]|\breprint serve\b")
_QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")


def _examples() -> list[tuple[str, str, int]]:
    """(command, output, exit status) of each ``$ reprint`` line that can run here.

    A ``$ echo $?`` right after a command shows its exit status.
    """
    examples: list[tuple[str, str, int]] = []
    for block in _CONSOLE.findall(README):
        for chunk in re.split(r"^(?=\$ )", block, flags=re.MULTILINE):
            command, _, output = chunk.partition("\n")
            if command == "$ echo $?" and examples:
                last_command, last_output, _ = examples[-1]
                examples[-1] = (last_command, last_output, int(output))
            elif command.startswith("$ reprint ") and not _NOT_RUN.search(
                _QUOTED.sub("", command)
            ):
                examples.append((command.removeprefix("$ "), output, 0))
    return examples


EXAMPLES = _examples()


def test_readme_opens_with_the_two_commands() -> None:
    blocks = re.findall(r"```sh\n(.*?)\n```", README, re.DOTALL)[:2]
    assert blocks[0].endswith(
        "pip install . && reprint check fixtures/sample/reprint.html"
    )
    assert blocks[1].endswith("pip install '.[test]' && pytest")
    assert README.index(blocks[1]) < README.index("## ")


def test_readme_has_examples_of_every_command() -> None:
    commands = {command.split()[1] for command, _, _ in EXAMPLES}
    assert {"check", "cite", "credit", "notify"} <= commands


@pytest.mark.parametrize(
    ("command", "output", "exit_code"), EXAMPLES, ids=[c for c, _, _ in EXAMPLES]
)
def test_readme_command_prints_what_the_readme_shows(
    command: str, output: str, exit_code: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, shlex.split(command)[1:], env={"NO_COLOR": "1"})
    assert result.stdout == output
    assert result.exit_code == exit_code


def test_readme_library_example_prints_what_the_readme_shows() -> None:
    ((code, output),) = _PYTHON.findall(README)
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    assert result.stdout == output
