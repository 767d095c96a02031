"""``reprint check`` end to end through the CLI: output, exit codes, batches."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from reprint.api import check
from reprint.cli import main
from reprint.render.text import render_text

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "fixtures" / "sample"
GOLDENS = ROOT / "tests" / "goldens" / "check"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("name", "exit_code"),
    [("reprint.html", 0), ("uncredited-reprint.html", 1)],
    ids=["compliant", "non-compliant"],
)
def test_text_report_matches_golden(
    name: str, exit_code: int, update_goldens: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    code, out, err = run("check", f"fixtures/sample/{name}")
    golden = GOLDENS / f"{name}.txt"
    if update_goldens:
        golden.write_text(out, "utf-8")
    assert (code, err) == (exit_code, "")
    assert out == golden.read_text("utf-8")


def test_json_is_one_object_with_a_report_per_file() -> None:
    code, out, _ = run(
        "check",
        "--format",
        "json",
        str(SAMPLE / "reprint.html"),
        str(SAMPLE / "uncredited-reprint.html"),
    )
    payload = json.loads(out)
    assert code == 1  # the worst verdict wins
    assert payload["version"] == "1.0"
    verdicts = [r["verdict"] for r in payload["reports"]]
    assert verdicts == ["compliant", "non-compliant"]
    credits = payload["reports"][1]["credits"]
    assert {k: v["status"] for k, v in credits.items()} == {
        "author": "present",
        "anu_ir": "misattributed",
        "macarthur": "hidden",
    }


def test_unreadable_file_still_gets_a_report_and_one_line_on_stderr(
    tmp_path: Path,
) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n1 0 obj <</Type /Catalog")
    code, out, err = run("check", "--format", "json", str(broken))
    assert code == 2
    (report,) = json.loads(out)["reports"]
    assert report["verdict"] == "unverifiable"
    assert report["problems"][0]["code"] == "corrupt"
    assert err.count("\n") == 1
    assert err.startswith(f"error: cannot read '{broken}': ")


def test_one_bad_file_does_not_stop_the_others(tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    code, out, err = run(
        "check", "--format", "json", str(SAMPLE / "reprint.html"), str(empty)
    )
    verdicts = [r["verdict"] for r in json.loads(out)["reports"]]
    assert verdicts == ["compliant", "unverifiable"]
    assert code == 2
    assert err == f"error: cannot read '{empty}': the file is empty\n"


def test_folder_is_searched_recursively_by_content(tmp_path: Path) -> None:
    nested = tmp_path / "site" / "2011"
    nested.mkdir(parents=True)
    shutil.copy(SAMPLE / "reprint.html", nested / "post")  # no suffix at all
    (nested / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0")
    code, out, _ = run("check", "--format", "json", str(tmp_path))
    reports = json.loads(out)["reports"]
    assert [Path(r["file"]).name for r in reports] == ["post"]
    assert reports[0]["format"] == "html"
    assert code == 0


def test_parallel_jobs_give_the_same_reports_in_the_same_order(tmp_path: Path) -> None:
    for i in range(6):
        source = "reprint.html" if i % 2 else "uncredited-reprint.html"
        shutil.copy(SAMPLE / source, tmp_path / f"{i}.html")
    serial = run("check", "--format", "json", "--jobs", "1", str(tmp_path))
    parallel = run("check", "--format", "json", "--jobs", "2", str(tmp_path))
    assert serial == parallel
    assert serial[0] == 1


def test_assume_reprint_judges_credits_of_a_short_excerpt(tmp_path: Path) -> None:
    post = tmp_path / "quote.md"
    post.write_text(
        "# A quote\n\nJapan's security policy has undergone a remarkable "
        "transformation over the past decade.\n",
        "utf-8",
    )
    assert run("check", str(post))[0] == 0
    code, out, _ = run("check", "--assume-reprint", "--format", "json", str(post))
    assert code == 1
    assert json.loads(out)["reports"][0]["verdict"] == "non-compliant"


def test_a_problem_names_the_flag_in_text_and_the_field_in_json(
    tmp_path: Path,
) -> None:
    page = tmp_path / "page.html"
    page.write_text("<p>" + "word " * 100 + "</p>", "utf-8")
    text = CliRunner().invoke(main, ["check", "--max-bytes", "100", str(page)])
    assert text.exit_code == 2
    assert text.stdout.splitlines()[1].endswith("limit (--max-bytes)")
    assert text.stderr.rstrip().endswith("limit (--max-bytes)")
    as_json = CliRunner().invoke(
        main, ["check", "--format", "json", "--max-bytes", "100", str(page)]
    )
    (problem,) = json.loads(as_json.stdout)["reports"][0]["problems"]
    assert problem["message"].endswith("limit (max_bytes)")


def test_missing_path_is_an_input_error(tmp_path: Path) -> None:
    code, _, err = run("check", str(tmp_path / "nope.html"))
    assert code == 2
    assert err == f"error: cannot read '{tmp_path / 'nope.html'}': no such file\n"


def test_bad_work_file_is_a_usage_error(tmp_path: Path) -> None:
    work = tmp_path / "w.toml"
    work.write_text("schema = 1\n", "utf-8")
    code, out, err = run("check", "--work", str(work), str(SAMPLE / "reprint.html"))
    assert (code, out) == (2, "")
    assert err == f"error: {work}: missing 'work'\n"


def test_colour_is_used_only_when_asked() -> None:
    report = check(SAMPLE / "uncredited-reprint.html")
    assert "\033[31mNON-COMPLIANT\033[0m" in render_text([report], is_colour=True)
    assert "\033[" not in render_text([report], is_colour=False)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_is_drawn_on_a_terminal_for_several_files(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from reprint.cli.check import _Progress

    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    progress = _Progress()
    for done in (1, 2, 3, 4):
        progress(done, 4)
    progress.close()
    drawn = terminal.getvalue()
    assert drawn.startswith("\rchecking [")
    assert drawn.endswith("] 4/4\n")
    assert drawn.count("\r") == 4


def test_no_progress_bar_for_one_file_or_off_a_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from reprint.cli.check import _Progress

    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    single = _Progress()
    single(1, 1)
    single.close()
    assert terminal.getvalue() == ""
    piped = io.StringIO()
    monkeypatch.setattr(sys, "stderr", piped)
    several = _Progress()
    several(1, 3)
    several.close()
    assert piped.getvalue() == ""


def _long_pdf(path: Path, pages: int) -> None:
    """A reportlab volume: the paper once, then other pages, the credit in the foot."""
    from html import escape

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    from reprint.work import default_work

    work = default_work()
    style = getSampleStyleSheet()["BodyText"]

    def foot(canvas: Any, _: object) -> None:  # reportlab has no type hints
        canvas.drawString(56, 30, work.credit_line[:110])

    story: list[object] = [Paragraph(escape(p.text), style) for p in work.paragraphs]
    for number in range(pages):
        story += [PageBreak(), Paragraph(f"Page of notes {number}. {NEWS_NOTE}", style)]
    document = SimpleDocTemplate(str(path), pagesize=A4)
    document.build(story, onFirstPage=foot, onLaterPages=foot)


NEWS_NOTE = "Officials met in Tokyo to discuss trade and the yen. " * 8


def test_a_long_pdf_read_in_two_processes_gets_the_same_report(
    tmp_path: Path, forked_pids: list[int]
) -> None:
    from reprint.workers.pages import can_fork

    if not can_fork():
        pytest.skip("no fork here, or other threads running")
    path = tmp_path / "volume.pdf"
    _long_pdf(path, 70)
    one = run("check", "--format", "json", "--jobs", "1", str(path))
    assert not forked_pids
    two = run("check", "--format", "json", "--jobs", "2", str(path))
    assert len(forked_pids) == 1  # the second half of the pages was read by a child
    assert two == one
    report = json.loads(one[1])["reports"][0]
    assert report["reprint"]["extent"] == "entire"
    assert report["credits"]["author"]["status"] == "present"


def test_into_a_pipe_each_report_is_written_as_soon_as_it_is_checked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import click

    from reprint import api

    events: list[str] = []
    names = ("reprint.html", "uncredited-reprint.html")
    reports = [check(SAMPLE / name) for name in names]

    def checked_one_by_one(*args: object, **kwargs: object) -> object:
        for report in reports:
            events.append(f"checked {report.file}")
            yield report

    real_echo = click.echo

    def recording_echo(message: object = None, **kwargs: object) -> None:
        if message and not kwargs.get("err"):
            events.append("wrote " + str(message).split('"file": ')[-1][:40])
        real_echo(message, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(api, "check_paths", checked_one_by_one)
    monkeypatch.setattr(click, "echo", recording_echo)
    code, out, _ = run("check", "--format", "json", "x.html", "y.html")
    assert code == 1
    assert [event.split()[0] for event in events] == [
        "checked", "wrote", "checked", "wrote", "wrote"  # the last: the closing
    ]  # fmt: skip
    assert json.loads(out)["reports"] == [r.to_dict() for r in reports]


def _pdf_with_stale_offsets(tmp_path: Path) -> Path:
    """A real PDF with /Metadata whose every offset is 2 bytes short, from a comment
    line inserted after its header: pypdf repairs it and logs that it did."""
    data = (ROOT / "fixtures" / "pdf" / "reportlab-metadata.pdf").read_bytes()
    header_end = data.index(b"\n") + 1
    path = tmp_path / "stale-offsets.pdf"
    path.write_bytes(data[:header_end] + b"%\n" + data[header_end:])
    return path


@pytest.mark.parametrize("command", ["check", "extract"])
def test_library_log_lines_are_warnings_naming_the_file(
    tmp_path: Path, command: str
) -> None:
    path = _pdf_with_stale_offsets(tmp_path)
    # A process of its own: pytest's log capture would hide a bare log line.
    done = subprocess.run(
        [sys.executable, "-m", "reprint", command, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode in (0, 1)
    # Bare, they read "incorrect startxref pointer(1)" with no file.
    assert done.stderr == (
        f"warning: {path}: pypdf: incorrect startxref pointer(1)\n"
        f"warning: {path}: pypdf: parsing for Object Streams\n"
    )


def test_library_warnings_are_problems_of_the_document_in_json(
    tmp_path: Path,
) -> None:
    path = _pdf_with_stale_offsets(tmp_path)
    _, out, _ = run("check", "--format", "json", str(path))
    problems = json.loads(out)["reports"][0]["problems"]
    assert {
        "code": "library-warning",
        "message": "pypdf: parsing for Object Streams",
    } in problems
