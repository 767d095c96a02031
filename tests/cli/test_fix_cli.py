"""``reprint fix`` through the CLI: the copy it writes, its messages, exit codes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from reprint import api
from reprint.cli import main

ROOT = Path(__file__).resolve().parents[2]
EVAL = ROOT / "fixtures" / "eval"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_uncredited_page_is_written_fixed_and_the_input_left_alone(
    tmp_path: Path,
) -> None:
    source = tmp_path / "post.html"
    shutil.copy(EVAL / "html" / "wp-missing-all.html", source)
    original = source.read_bytes()
    out = tmp_path / "fixed.html"
    code, stdout, stderr = run("fix", str(source), "-o", str(out))
    assert code == 0, stderr
    assert source.read_bytes() == original
    assert stdout.startswith(f"{source}: COMPLIANT\n")
    assert stderr == (
        "fixed: added the credit line after the reprinted text (body, paragraph 38)"
        f"; wrote '{out}'\n"
    )
    assert api.check(out).verdict.value == "compliant"


def test_compliant_copy_is_left_as_it_is_and_says_so(tmp_path: Path) -> None:
    source = EVAL / "html" / "wp-entire-byline-note.html"
    out = tmp_path / "same.html"
    code, _, stderr = run("fix", str(source), "-o", str(out))
    assert code == 0
    assert stderr == (
        f"already compliant: nothing changed ('{out}' is an identical copy)\n"
    )
    assert out.read_bytes() == source.read_bytes()


def test_misattribution_is_named_and_nothing_is_written(tmp_path: Path) -> None:
    out = tmp_path / "out.docx"
    source = EVAL / "docx" / "python-docx-misattr-ricki.docx"
    code, stdout, stderr = run("fix", str(source), "-o", str(out), "--format", "json")
    assert code == 1
    assert not out.exists()
    shown = json.loads(stdout)
    assert shown["outcome"] == "not-fixed"
    assert shown["changed"] is False
    assert shown["report"]["credits"]["author"]["status"] == "misattributed"
    assert stderr.startswith(
        "not fixed: the author, Rikki Kersten is misattributed (a misspelling of "
        "the author's name) in “Ricki Kersten” at body, paragraph 2"
    )
    assert stderr.endswith("; nothing written\n")


def test_not_a_reprint_cannot_be_fixed(tmp_path: Path) -> None:
    out = tmp_path / "out.html"
    code, _, stderr = run(
        "fix", str(EVAL / "html" / "unrelated-alliance.html"), "-o", str(out)
    )
    assert code == 1
    assert stderr == (
        "not fixed: not a reprint of the work: there is no credit to add; "
        "nothing written\n"
    )
    assert not out.exists()


def test_unreadable_input_exits_2(tmp_path: Path) -> None:
    out = tmp_path / "out.pdf"
    code, stdout, stderr = run("fix", str(EVAL / "pdf" / "empty.pdf"), "-o", str(out))
    assert code == 2
    assert "UNVERIFIABLE" in stdout
    assert stderr.startswith("not fixed: it cannot be read (cannot read '")
    assert not out.exists()


def test_output_that_is_the_input_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "post.html"
    shutil.copy(EVAL / "html" / "wp-missing-all.html", source)
    original = source.read_bytes()
    code, _, stderr = run("fix", str(source), "-o", str(tmp_path / "." / "post.html"))
    assert code == 2
    assert stderr == (
        f"error: the output '{tmp_path / '.' / 'post.html'}' is the input: reprint "
        "fix never changes its input; name another file with -o\n"
    )
    assert source.read_bytes() == original


def test_missing_input_exits_2(tmp_path: Path) -> None:
    code, _, stderr = run("fix", str(tmp_path / "nope.html"), "-o", str(tmp_path / "o"))
    assert code == 2
    assert stderr.startswith(f"error: cannot read '{tmp_path / 'nope.html'}'")


def test_library_log_lines_are_warnings_naming_the_file(tmp_path: Path) -> None:
    # Every offset 2 bytes short, from a comment line inserted after the header:
    # pypdf, which writes the copy, repairs the input and logs that it did.
    data = (EVAL / "pdf" / "reportlab-missing-macarthur.pdf").read_bytes()
    header_end = data.index(b"\n") + 1
    source = tmp_path / "stale-offsets.pdf"
    source.write_bytes(data[:header_end] + b"%\n" + data[header_end:])
    out = tmp_path / "fixed.pdf"
    # A process of its own: pytest's log capture would hide a bare log line.
    command = ["fix", "--format", "json", str(source), "-o", str(out)]
    done = subprocess.run(
        [sys.executable, "-m", "reprint", *command],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    # Bare, they read "incorrect startxref pointer(1)" with no file.
    assert done.stderr.splitlines() == [
        f"warning: {source}: pypdf: incorrect startxref pointer(1)",
        f"warning: {source}: pypdf: parsing for Object Streams",
        "fixed: added the credit line after the reprinted text (body, page 1, "
        f"paragraph 9); wrote '{out}'",
    ]
    problems = json.loads(done.stdout)["report"]["problems"]
    assert {
        "code": "library-warning",
        "message": "pypdf: incorrect startxref pointer(1)",
    } in problems
