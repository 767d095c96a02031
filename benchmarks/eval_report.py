"""Accuracy of ``reprint check`` on the labelled evaluation set (fixtures/eval).

    python benchmarks/eval_report.py [--only pdf,docx] [--failures]

Prints verdict accuracy, extent accuracy, credit-status accuracy (three labels per
document), a confusion table for verdicts and for credit statuses (rows: label,
columns: reprint), the false-"compliant" count, and with ``--failures`` every
label reprint disagrees with. A document that makes ``check`` raise counts as
wrong on all its labels, with the exception named. Exits 1 if any document is
falsely judged compliant.
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

EVAL = Path(__file__).resolve().parent.parent / "fixtures" / "eval"
CREDIT_KEYS = ("author", "anu_ir", "macarthur")
FIELDS = ("verdict", "extent", *CREDIT_KEYS)
ERROR = "error"  # the outcome of a document that made check raise


@dataclass(frozen=True, slots=True)
class Result:
    file: str
    description: str
    expected: dict[str, str]
    got: dict[str, str]
    error: str = ""

    def wrong(self) -> list[str]:
        return [key for key in FIELDS if self.expected[key] != self.got[key]]


def _evaluate(row: dict[str, str]) -> Result:
    expected = {key: row[key] for key in FIELDS}
    try:
        report = check(EVAL / row["file"])
    except Exception as exc:  # a crash is a finding of this script, not a stop
        got = dict.fromkeys(FIELDS, ERROR)
        return Result(row["file"], row["description"], expected, got, repr(exc))
    got = {
        "verdict": report.verdict.value,
        "extent": report.reprint.extent.value,
        **{finding.key: finding.status.value for finding in report.credits},
    }
    return Result(row["file"], row["description"], expected, got)


def _confusion(pairs: Counter[tuple[str, str]], names: Sequence[str]) -> list[str]:
    columns = [*names, ERROR]
    width = max(len(n) for n in columns) + 2
    lines = ["label \\ got".ljust(width) + "".join(c.rjust(width) for c in columns)]
    for expected in names:
        counts = [str(pairs[(expected, got)] or ".") for got in columns]
        lines.append(expected.ljust(width) + "".join(c.rjust(width) for c in counts))
    return lines


def _share(right: int, total: int) -> str:
    return f"{right}/{total} ({100 * right / total:.1f}%)" if total else "0/0"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="comma-separated folders")
    parser.add_argument("--failures", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    rows = tomllib.loads((EVAL / "labels.toml").read_text("utf-8"))["document"]
    only = {part for part in args.only.split(",") if part}
    chosen = [r for r in rows if not only or r["file"].split("/")[0] in only]
    results = [_evaluate(row) for row in chosen]

    verdicts: Counter[tuple[str, str]] = Counter()
    statuses: Counter[tuple[str, str]] = Counter()
    for result in results:
        verdicts[(result.expected["verdict"], result.got["verdict"])] += 1
        for key in CREDIT_KEYS:
            statuses[(result.expected[key], result.got[key])] += 1
    docs = len(results)
    verdict_right = sum(n for (e, g), n in verdicts.items() if e == g)
    extent_right = sum(r.expected["extent"] == r.got["extent"] for r in results)
    status_right = sum(n for (e, g), n in statuses.items() if e == g)
    compliant = Verdict.COMPLIANT.value
    false_compliant = [
        r.file
        for r in results
        if r.got["verdict"] == compliant and r.expected["verdict"] != compliant
    ]
    all_right = sum(not r.wrong() for r in results)

    print(f"documents:               {docs}")
    print(f"documents fully right:   {_share(all_right, docs)}")
    print(f"verdict accuracy:        {_share(verdict_right, docs)}")
    print(f"extent accuracy:         {_share(extent_right, docs)}")
    print(f"credit-status accuracy:  {_share(status_right, 3 * docs)}")
    print(f"false 'compliant':       {len(false_compliant)}")
    for file in false_compliant:
        print(f"  {file}")
    print("\nverdicts (rows: label, columns: reprint)")
    print("\n".join(_confusion(verdicts, [v.value for v in Verdict])))
    print("\ncredit statuses (rows: label, columns: reprint)")
    print("\n".join(_confusion(statuses, [s.value for s in CreditStatus])))
    if args.failures:
        print("\nfailures")
        for result in results:
            for key in result.wrong():
                expected, got = result.expected[key], result.got[key]
                print(f"  {result.file}: {key} label={expected} got={got}")
            if result.error:
                print(f"    raised {result.error}")
    return 1 if false_compliant else 0


if __name__ == "__main__":
    raise SystemExit(main())
