"""Accuracy of ``reprint check`` on the labelled sets (fixtures/eval, fixtures/holdout).

    python benchmarks/accuracy.py [--set eval|holdout] [--only pdf,docx] [--failures]

For each set: verdict, extent and credit-status accuracy (three labels per
document), the false-"compliant" count (labelled anything else, judged compliant),
the same again for the cases not marked ``debatable`` where a set marks any,
confusion tables for verdicts and credit statuses (rows: label, columns: reprint),
and with ``--failures`` every label reprint disagrees with. fixtures/eval was
written next to the matching code; fixtures/holdout was written blind, from the
specification alone. A document that makes ``check`` raise counts as wrong on all
its labels, with the exception named. Exits 1 if any document is falsely judged
compliant.
"""

from __future__ import annotations

import argparse
import tomllib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reprint.api import check
from reprint.model import CreditStatus, Verdict

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SETS = ("eval", "holdout")
CREDIT_KEYS = ("author", "anu_ir", "macarthur")
FIELDS = ("verdict", "extent", *CREDIT_KEYS)
ERROR = "error"  # the outcome of a document that made check raise


@dataclass(frozen=True, slots=True)
class Result:
    file: str
    is_debatable: bool
    expected: dict[str, str]
    got: dict[str, str]
    error: str = ""

    def wrong(self) -> list[str]:
        return [key for key in FIELDS if self.expected[key] != self.got[key]]

    @property
    def is_false_compliant(self) -> bool:
        compliant = Verdict.COMPLIANT.value
        return self.got["verdict"] == compliant != self.expected["verdict"]


def evaluate(folder: Path, row: dict[str, object]) -> Result:
    """Check one labelled file and pair its labels with what ``check`` says."""
    file = str(row["file"])
    expected = {key: str(row[key]) for key in FIELDS}
    is_debatable = bool(row.get("debatable", False))
    try:
        report = check(folder / file)
    except Exception as exc:  # a crash is a finding of this script, not a stop
        got = dict.fromkeys(FIELDS, ERROR)
        return Result(file, is_debatable, expected, got, repr(exc))
    got = {
        "verdict": report.verdict.value,
        "extent": report.reprint.extent.value,
        **{finding.key: finding.status.value for finding in report.credits},
    }
    return Result(file, is_debatable, expected, got)


def _share(right: int, total: int) -> str:
    return f"{right}/{total} ({100 * right / total:.1f}%)" if total else "0/0"


def summary(results: Sequence[Result]) -> list[str]:
    """The accuracy lines for one group of results."""
    docs = len(results)
    verdict = sum(r.expected["verdict"] == r.got["verdict"] for r in results)
    extent = sum(r.expected["extent"] == r.got["extent"] for r in results)
    status = sum(r.expected[k] == r.got[k] for r in results for k in CREDIT_KEYS)
    exact = sum(not r.wrong() for r in results)
    false_compliant = [r.file for r in results if r.is_false_compliant]
    lines = [
        f"  documents:               {docs}",
        f"  documents fully right:   {_share(exact, docs)}",
        f"  verdict accuracy:        {_share(verdict, docs)}",
        f"  extent accuracy:         {_share(extent, docs)}",
        f"  credit-status accuracy:  {_share(status, 3 * docs)}",
        f"  false 'compliant':       {len(false_compliant)}",
    ]
    return lines + [f"    {file}" for file in false_compliant]


def confusion(results: Sequence[Result]) -> list[str]:
    """Verdict and credit-status tables: rows are labels, columns reprint's answer."""
    verdicts = Counter((r.expected["verdict"], r.got["verdict"]) for r in results)
    statuses = Counter(
        (r.expected[key], r.got[key]) for r in results for key in CREDIT_KEYS
    )
    lines: list[str] = []
    for title, pairs, names in (
        ("verdicts", verdicts, [v.value for v in Verdict]),
        ("credit statuses", statuses, [s.value for s in CreditStatus]),
    ):
        columns = [*names, ERROR]
        width = max(len(n) for n in columns) + 2
        lines.append(f"  {title} (rows: label, columns: reprint)")
        lines.append(
            "  "
            + "label \\ got".ljust(width)
            + "".join(c.rjust(width) for c in columns)
        )
        for expected in names:
            counts = [str(pairs[(expected, got)] or ".") for got in columns]
            lines.append(
                "  " + expected.ljust(width) + "".join(c.rjust(width) for c in counts)
            )
    return lines


def failures(results: Sequence[Result]) -> list[str]:
    """One line per wrong field: file, field, label, answer."""
    lines: list[str] = []
    for result in results:
        mark = " (debatable)" if result.is_debatable else ""
        for key in result.wrong():
            expected, got = result.expected[key], result.got[key]
            lines.append(f"  {result.file}{mark}: {key} label={expected} got={got}")
        if result.error:
            lines.append(f"    raised {result.error}")
    return lines or ["  none"]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--set", choices=SETS, action="append", help="default: all")
    parser.add_argument("--only", default="", help="comma-separated folders")
    parser.add_argument("--failures", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    only = {part for part in str(args.only).split(",") if part}
    any_false_compliant = False
    for name in args.set or SETS:
        folder = FIXTURES / name
        rows = tomllib.loads((folder / "labels.toml").read_text("utf-8"))["document"]
        chosen = [r for r in rows if not only or str(r["file"]).split("/")[0] in only]
        results = [evaluate(folder, row) for row in chosen]
        any_false_compliant |= any(r.is_false_compliant for r in results)
        print(f"{name}: all cases")
        print("\n".join(summary(results)))
        firm = [r for r in results if not r.is_debatable]
        if len(firm) < len(results):
            print(f"{name}: cases not marked debatable")
            print("\n".join(summary(firm)))
        print("\n".join(confusion(results)))
        if args.failures:
            print(f"{name}: failures")
            print("\n".join(failures(results)))
        print()
    return 1 if any_false_compliant else 0


if __name__ == "__main__":
    raise SystemExit(main())
