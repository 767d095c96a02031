"""The labelled evaluation sets: reprint must agree with every label of every document.

Each set's labels.toml states the truth about each document in its folder (made by
real producers, see fixtures/make_eval.py, fixtures/make_holdout.py and each
SOURCES.tsv): its verdict, how much of the paper it reprints, and the status of each
required credit as a reader of the page sees it. fixtures/eval was written next to
the matching code; fixtures/holdout was written blind, from the specification alone,
and first measured before any fix it prompted. Labels never follow the tool; a
failure here is a bug to fix in reprint (or a label to argue about with the
document in hand).
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

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SETS = (FIXTURES / "eval", FIXTURES / "holdout")
CREDIT_KEYS = ("author", "anu_ir", "macarthur")
# Files of the folder that are not documents under evaluation; style sheets are
# resources of the pages that link to them.
NOT_DOCUMENTS = {"labels.toml", "SOURCES.tsv"}
RESOURCE_SUFFIXES = {".css"}


@dataclass(frozen=True, slots=True)
class Label:
    """The truth about one document, as labels.toml states it."""

    folder: Path
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

    @property
    def id(self) -> str:
        return f"{self.folder.name}/{self.file}"


def _load_labels(folder: Path) -> tuple[Label, ...]:
    raw = tomllib.loads((folder / "labels.toml").read_text("utf-8"))
    return tuple(
        Label(
            folder=folder,
            file=str(row["file"]),
            verdict=Verdict(row["verdict"]),
            extent=Extent(row["extent"]),
            credits=tuple((key, CreditStatus(row[key])) for key in CREDIT_KEYS),
            description=str(row["description"]),
        )
        for row in raw["document"]
    )


LABELS = tuple(label for folder in SETS for label in _load_labels(folder))


@cache
def _report(path: Path) -> Report:
    return check(path)


def _outcome(report: Report) -> dict[str, str]:
    return {
        "verdict": report.verdict.value,
        "extent": report.reprint.extent.value,
        **{finding.key: finding.status.value for finding in report.credits},
    }


@pytest.mark.parametrize("label", LABELS, ids=[label.id for label in LABELS])
def test_document_is_judged_as_labelled(label: Label) -> None:
    report = _report(label.folder / label.file)
    assert _outcome(report) == label.expected(), label.description


def test_no_document_is_falsely_compliant() -> None:
    # The one error reprint must never make: telling a republisher that a copy
    # lacking a visible credit (or not checkable at all) is compliant.
    false_compliant = [
        label.id
        for label in LABELS
        if label.verdict is not Verdict.COMPLIANT
        and _report(label.folder / label.file).verdict is Verdict.COMPLIANT
    ]
    assert false_compliant == []


@pytest.mark.parametrize("folder", SETS, ids=[folder.name for folder in SETS])
def test_every_document_is_labelled_and_sourced(folder: Path) -> None:
    on_disk = {
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*")
        if path.is_file()
        and path.parts[len(folder.parts)] != "source"
        and path.suffix not in RESOURCE_SUFFIXES
    } - NOT_DOCUMENTS
    with (folder / "SOURCES.tsv").open(encoding="utf-8", newline="") as table:
        sourced = {row["file"] for row in csv.DictReader(table, delimiter="\t")}
    labelled = [label.file for label in LABELS if label.folder == folder]
    assert len(labelled) == len(set(labelled))
    assert set(labelled) == on_disk == sourced


def test_labels_cover_every_verdict_status_and_format() -> None:
    statuses = {status for label in LABELS for _, status in label.credits}
    suffixes = {Path(label.file).suffix for label in LABELS}
    assert {label.verdict for label in LABELS} == set(Verdict)
    assert {label.extent for label in LABELS} == set(Extent)
    assert statuses == set(CreditStatus)
    assert suffixes >= {".html", ".pdf", ".docx", ".md"}
