"""Start-up: ``reprint --help`` against ``python -c "import click"``.

    python benchmarks/bench_startup.py [--rounds N]

``reprint --help`` must import no PDF, DOCX, HTML or citeproc code, so it should
cost little more than the interpreter and click. ``python -c pass`` is shown for
information: the floor every process pays.
"""

from __future__ import annotations

import argparse
import sys

from measure import (
    Row,
    Table,
    compare,
    load_line,
    paired_cpu_ratio,
    paired_ratio,
    python_command,
    reprint_command,
)

DEFAULT_ROUNDS = 20
GOAL = 1.5


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=DEFAULT_ROUNDS)
    args = parser.parse_args(argv)
    table = Table("start-up: reprint --help vs python -c 'import click'")
    table.notes.append(f"before: {load_line()}")
    reprint = reprint_command("reprint", "--help")
    click = python_command("import click", "import click")
    bare = python_command("python -c pass", "pass")
    stats = compare([reprint, click, bare], rounds=args.rounds, warmup=2)
    for baseline, goal in ((click, GOAL), (bare, None)):
        table.rows.append(
            Row(
                input="reprint --help",
                size="-",
                reprint_s=stats["reprint"].median_s,
                baseline=baseline.label,
                baseline_s=stats[baseline.label].median_s,
                ratio=paired_ratio(stats["reprint"], stats[baseline.label]),
                goal=goal,
                cpu_ratio=paired_cpu_ratio(stats["reprint"], stats[baseline.label]),
                reprint_rss_mb=stats["reprint"].peak_rss_mb,
                baseline_rss_mb=stats[baseline.label].peak_rss_mb,
            )
        )
    table.notes.append(f"after: {load_line()}")
    table.notes.append(f"{args.rounds} interleaved rounds after two warm-ups.")
    print(table.render())
    table.save("startup")
    return 0


if __name__ == "__main__":
    sys.exit(main())
