"""The one-document pipeline: a batch's file is judged, or skipped in a folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from reprint.model import Report, Verdict
from reprint.pipeline import Skipped, check_file
from reprint.work import Work, default_work

PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)


@pytest.fixture
def work() -> Work:
    return default_work()


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [("logo.png", PNG, "unsupported-format"), ("blank.txt", b"", "empty")],
    ids=["image", "empty"],
)
def test_a_file_in_a_folder_that_is_no_document_is_skipped_with_its_cause(
    tmp_path: Path, work: Work, name: str, data: bytes, code: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    outcome = check_file(path, found_in=tmp_path, work=work)
    assert isinstance(outcome, Skipped)
    assert outcome.file == str(path)
    assert outcome.cause.startswith(f"cannot read '{path}': ")
    # Named on its own, the same file is judged: unverifiable, with the cause.
    named = check_file(path, found_in=None, work=work)
    assert isinstance(named, Report)
    assert named.verdict is Verdict.UNVERIFIABLE
    assert [problem.code for problem in named.problems] == [code]
    assert named.problems[0].message == outcome.cause


def test_a_damaged_document_in_a_folder_is_judged_not_skipped(
    tmp_path: Path, work: Work
) -> None:
    path = tmp_path / "paper.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(100))
    outcome = check_file(path, found_in=tmp_path, work=work)
    assert isinstance(outcome, Report)
    assert outcome.verdict is Verdict.UNVERIFIABLE
    assert [problem.code for problem in outcome.problems] == ["corrupt"]


def test_a_document_in_a_folder_gets_its_report(tmp_path: Path, work: Work) -> None:
    path = tmp_path / "post.txt"
    path.write_text("A note on something else entirely, with no reuse.\n")
    outcome = check_file(path, found_in=tmp_path, work=work)
    assert isinstance(outcome, Report)
    assert (outcome.file, outcome.verdict) == (str(path), Verdict.NOT_A_REPRINT)
