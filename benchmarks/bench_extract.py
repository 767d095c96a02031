"""``reprint extract FILE`` against the bare parser reading the same file's text.

    python benchmarks/bench_extract.py [--rounds N] [--only pdf,docx,html]

For each big input, reprint and every installed baseline run as whole processes
with stdout to /dev/null, interleaved round by round; the table gives medians, the
median per-round ratio, the goal and the peak RSS of each side.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from baselines import available
from measure import (
    INPUT_DIR,
    Command,
    Table,
    compare,
    compared_row,
    load_line,
    reprint_command,
    require_inputs,
)

# Input name for --only -> (file under benchmarks/out/inputs, format of baselines).
INPUTS = {
    "pdf": ("big.pdf", "pdf"),
    "docx": ("big.docx", "docx"),
    "html": ("big.html", "html"),
}
DEFAULT_ROUNDS = 5
# Formats whose single file reprint may read in several processes (--jobs, default
# the core count): for these, one process (--jobs 1) is measured too, for the record.
MULTI_PROCESS_KINDS = frozenset({"pdf"})


def measure_inputs(
    title: str,
    reprint_args: Sequence[str],
    *,
    inputs: Sequence[tuple[str, str]],
    rounds: int,
    ok_codes: Sequence[int] = (0,),
) -> Table:
    """Time ``reprint <reprint_args> FILE`` against the baselines on each input."""
    table = Table(title)
    table.notes.append(f"before: {load_line()}")
    for file_name, kind in inputs:
        path = INPUT_DIR / file_name
        require_inputs(path)
        baselines = available(kind)
        reprint = reprint_command(
            "reprint", *reprint_args, str(path), ok_codes=ok_codes
        )
        commands: list[Command] = [reprint, *(b.command(path) for b, _ in baselines)]
        single = None
        if kind in MULTI_PROCESS_KINDS:
            single = reprint_command(
                "reprint --jobs 1",
                *reprint_args,
                "--jobs",
                "1",
                str(path),
                ok_codes=ok_codes,
            )
            commands.append(single)
        try:
            stats = compare(commands, rounds=rounds)
        except RuntimeError as exc:
            # An extractor mid-change should not cost the other inputs' figures.
            table.notes.append(f"{path.name}: not measured: {str(exc).splitlines()[0]}")
            continue
        for baseline, goal in baselines:
            base = stats[baseline.name]
            table.rows.append(
                compared_row(
                    path.name, path, stats["reprint"], baseline.name, base, goal
                )
            )
            if single is not None and goal is not None:
                one = stats[single.label]
                label = f"{path.name} --jobs 1"
                table.rows.append(
                    compared_row(label, path, one, baseline.name, base, None)
                )
        print(f"  {path.name}: done ({load_line()})", file=sys.stderr)
    table.notes.append(f"after: {load_line()}")
    table.notes.append(
        f"{rounds} interleaved rounds after one warm-up; ratio = median of per-round "
        "reprint/baseline; goal applies to the parser reprint uses, others are info."
    )
    if any(kind in MULTI_PROCESS_KINDS for _, kind in inputs):
        table.notes.append(
            "By default reprint reads a long PDF's pages in as many processes as "
            "there are cores (the CPU ratio counts them all); `--jobs 1` rows are "
            "the same command in one process, for the record."
        )
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=DEFAULT_ROUNDS)
    parser.add_argument("--only", default=",".join(INPUTS), help="pdf,docx,html")
    args = parser.parse_args(argv)
    table = measure_inputs(
        "extract: reprint extract FILE vs bare parser",
        ["extract"],
        inputs=[INPUTS[name] for name in args.only.split(",")],
        rounds=args.rounds,
    )
    print(table.render())
    table.save("extract")
    return 0


if __name__ == "__main__":
    sys.exit(main())
