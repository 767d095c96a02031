"""Accuracy of ``reprint check`` on the blind, held-out set (fixtures/holdout).

    python benchmarks/holdout_report.py [--only html,pdf]

The held-out documents were written from the specification alone, without reading
the tool's patterns (see fixtures/make_holdout.py). For all cases and again for the
cases not marked ``debatable``, prints verdict accuracy, extent accuracy,
credit-status accuracy (three labels per document) and the false-"compliant" count
(labelled anything else, judged compliant), then lists every disagreement as
file, field, expected, got. A document that makes ``check`` raise counts as wrong on
every field, with the exception shown. Exits 1 if any document is falsely judged
compliant.
"""

from __future__ import annotations

import argparse
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reprint.api import check
from reprint.model import Verdict

HOLDOUT = Path(__file__).resolve().parent.parent / "fixtures" / "holdout"
CREDIT_KEYS = ("author", "anu_ir", "macarthur")
FIELDS = ("verdict", "extent", *CREDIT_KEYS)
ERROR = "error"  # the outcome of a document that made check raise


@dataclass(frozen=True, slots=True)
class Result:
    file: str
    debatable: bool
    expected: dict[str, str]
    got: dict[str, str]
    error: str = ""

    def wrong(self) -> list[str]:
        return [key for key in FIELDS if self.expected[key] != self.got[key]]

    @property
    def false_compliant(self) -> bool:
        compliant = Verdict.COMPLIANT.value
        return self.got["verdict"] == compliant != self.expected["verdict"]


def evaluate(row: dict[str, object], root: Path = HOLDOUT) -> Result:
    """Check one labelled file and pair its labels with what ``check`` says."""
    file = str(row["file"])
    expected = {key: str(row[key]) for key in FIELDS}
    debatable = bool(row.get("debatable", False))
    try:
        report = check(root / file)
    except Exception as exc:  # a crash is a finding of this script, not a stop
        got = dict.fromkeys(FIELDS, ERROR)
        return Result(file, debatable, expected, got, repr(exc))
    got = {
        "verdict": report.verdict.value,
        "extent": report.reprint.extent.value,
        **dict.fromkeys(CREDIT_KEYS, "absent"),
        **{finding.key: finding.status.value for finding in report.credits},
    }
    return Result(file, debatable, expected, got)


def _share(right: int, total: int) -> str:
    return f"{right}/{total} ({100 * right / total:.1f}%)" if total else "0/0"


def summary(results: Sequence[Result]) -> list[str]:
    """The accuracy lines for one group of results."""
    docs = len(results)
    verdict = sum(r.expected["verdict"] == r.got["verdict"] for r in results)
    extent = sum(r.expected["extent"] == r.got["extent"] for r in results)
    status = sum(r.expected[k] == r.got[k] for r in results for k in CREDIT_KEYS)
    exact = sum(not r.wrong() for r in results)
    false_compliant = [r.file for r in results if r.false_compliant]
    lines = [
        f"  documents:               {docs}",
        f"  documents fully right:   {_share(exact, docs)}",
        f"  verdict accuracy:        {_share(verdict, docs)}",
        f"  extent accuracy:         {_share(extent, docs)}",
        f"  credit-status accuracy:  {_share(status, 3 * docs)}",
        f"  false 'compliant':       {len(false_compliant)}",
    ]
    lines += [f"    {file}" for file in false_compliant]
    return lines


def disagreements(results: Sequence[Result]) -> list[str]:
    """One line per wrong field: file, field, expected, got."""
    lines: list[str] = []
    for result in results:
        mark = " (debatable)" if result.debatable else ""
        for key in result.wrong():
            expected, got = result.expected[key], result.got[key]
            lines.append(f"  {result.file}{mark}: {key} expected={expected} got={got}")
        if result.error:
            lines.append(f"    raised {result.error}")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--only", default="", help="comma-separated folders")
    args = parser.parse_args(argv)
    labels = tomllib.loads((HOLDOUT / "labels.toml").read_text("utf-8"))
    rows: list[dict[str, object]] = labels["document"]
    only = {part for part in str(args.only).split(",") if part}
    chosen = [r for r in rows if not only or str(r["file"]).split("/")[0] in only]
    results = [evaluate(row) for row in chosen]
    firm = [r for r in results if not r.debatable]

    print("all cases")
    print("\n".join(summary(results)))
    print("\nnon-debatable cases")
    print("\n".join(summary(firm)))
    print("\ndisagreements (file: field expected got)")
    print("\n".join(disagreements(results)) or "  none")
    return 1 if any(r.false_compliant for r in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
