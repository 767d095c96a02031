"""The labelled evaluation set: reprint must agree with every label of every document.

fixtures/eval/labels.toml states the truth about each document in fixtures/eval
(made by real producers, see fixtures/make_eval.py and SOURCES.tsv): its verdict,
how much of the paper it reprints, and the status of each required credit as a
reader of the page sees it. Labels never follow the tool; a failure here is a bug
to fix in reprint (or a label to argue about with the document in hand).
"""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from reprint.api import check
from reprint.model import CreditStatus, Extent, Report, Verdict

EVAL = Path(__file__).resolve().parent.parent / "fixtures" / "eval"
CREDIT_KEYS = ("author", "anu_ir", "macarthur")
# Files of the folder that are not documents under evaluation.
NOT_DOCUMENTS = {"labels.toml", "SOURCES.tsv"}


@dataclass(frozen=True, slots=True)
class Label:
    """The truth about one document, as labels.toml states it."""

    file: str
    verdict: Verdict
    extent: Extent
    credits: tuple[tuple[str, CreditStatus], ...]
    description: str

    def expected(self) -> dict[str, str]:
        return {
            "verdict": self.verdict.value,
            "extent": self.extent.value,
            **{key: status.value for key, status in self.credits},
        }


def _load_labels() -> tuple[Label, ...]:
    raw = tomllib.loads((EVAL / "labels.toml").read_text("utf-8"))
    return tuple(
        Label(
            file=str(row["file"]),
            verdict=Verdict(row["verdict"]),
            extent=Extent(row["extent"]),
            credits=tuple((key, CreditStatus(row[key])) for key in CREDIT_KEYS),
            description=str(row["description"]),
        )
        for row in raw["document"]
    )


LABELS = _load_labels()


@cache
def _report(file: str) -> Report:
    return check(EVAL / file)


def _outcome(report: Report) -> dict[str, str]:
    return {
        "verdict": report.verdict.value,
        "extent": report.reprint.extent.value,
        **{finding.key: finding.status.value for finding in report.credits},
    }


@pytest.mark.parametrize("label", LABELS, ids=[label.file for label in LABELS])
def test_document_is_judged_as_labelled(label: Label) -> None:
    assert _outcome(_report(label.file)) == label.expected(), label.description


def test_no_document_is_falsely_compliant() -> None:
    # The one error reprint must never make: telling a republisher that a copy
    # lacking a visible credit (or not checkable at all) is compliant.
    false_compliant = [
        label.file
        for label in LABELS
        if label.verdict is not Verdict.COMPLIANT
        and _report(label.file).verdict is Verdict.COMPLIANT
    ]
    assert false_compliant == []


def test_every_document_is_labelled_and_sourced() -> None:
    on_disk = {
        path.relative_to(EVAL).as_posix()
        for path in EVAL.rglob("*")
        if path.is_file() and path.parts[len(EVAL.parts)] != "source"
    } - NOT_DOCUMENTS
    with (EVAL / "SOURCES.tsv").open(encoding="utf-8", newline="") as table:
        sourced = {row["file"] for row in csv.DictReader(table, delimiter="\t")}
    labelled = [label.file for label in LABELS]
    assert len(labelled) == len(set(labelled))
    assert set(labelled) == on_disk == sourced


def test_labels_cover_every_verdict_status_and_format() -> None:
    statuses = {status for label in LABELS for _, status in label.credits}
    suffixes = {Path(label.file).suffix for label in LABELS}
    assert {label.verdict for label in LABELS} == set(Verdict)
    assert {label.extent for label in LABELS} == set(Extent)
    assert statuses == set(CreditStatus)
    assert suffixes >= {".html", ".pdf", ".docx", ".md"}
