"""Batches: ``reprint check --format json --jobs 2 DIR`` against ``--jobs 1``.

    python benchmarks/bench_batch.py [--rounds N]

On the 1,000 small CMS pages. The goal is a speed-up of at least 1.6x on an
otherwise idle two-core machine; RSS is given for the largest process and for
the whole process tree (parent plus workers, polled). For context the table also
gives the in-process cost of the same checks (``reprint.api.check`` in a loop,
no process start, no rendering), the floor that --jobs 1 can reach.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

from measure import (
    INPUT_DIR,
    PYTHON,
    Row,
    Stats,
    Table,
    compare,
    human_size,
    load_line,
    paired_cpu_ratio,
    paired_ratio,
    reprint_command,
    require_inputs,
)

from reprint import api
from reprint.work import default_work

DEFAULT_ROUNDS = 5
GOAL_SPEEDUP = 1.6
PAGES = INPUT_DIR / "pages"


def in_process_s(runs: int = 3) -> float:
    """Median time to check every page with ``api.check`` in this process."""
    work = default_work()
    paths = sorted(PAGES.iterdir())
    api.check(paths[0], work=work)  # imports and the work's indexes, once
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        for path in paths:
            api.check(path, work=work)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def import_ms(module: str, after: str) -> float:
    """Milliseconds a fresh interpreter spends importing ``module`` once ``after`` is.

    Pool workers are forked from the CLI process, which has imported ``after``
    (reprint.api) but no extractor yet, so this is each worker's own import cost.
    """
    result = subprocess.run(
        [PYTHON, "-X", "importtime", "-c", f"import {after}; import {module}"],
        capture_output=True,
        text=True,
        check=True,
    )
    for line in result.stderr.splitlines():
        # "import time: self [us] | cumulative | imported package"
        fields = [f.strip() for f in line.removeprefix("import time:").split("|")]
        if len(fields) == 3 and fields[2] == module:
            return int(fields[1]) / 1000
    return 0.0


def diagnose(stats: dict[str, Stats], loop_s: float, page_count: int) -> list[str]:
    """Where the time of the two runs goes, as lines for the table's notes."""
    single = reprint_command(
        "one page",
        "check",
        "--format",
        "json",
        "--jobs",
        "1",
        str(sorted(PAGES.iterdir())[0]),
        ok_codes=(0, 1),
    )
    one_page = compare([single], rounds=5)["one page"]
    one, two = stats["--jobs 1"], stats["--jobs 2"]
    cpus = os.cpu_count() or 1
    serial = one_page.median_s + loop_s
    ideal = one_page.median_s + loop_s / min(2, cpus)
    return [
        f"CPU time (user+sys, all processes): --jobs 1 {one.median_cpu_s:.2f} s, "
        f"--jobs 2 {two.median_cpu_s:.2f} s "
        f"(+{two.median_cpu_s - one.median_cpu_s:.2f} s for the pool).",
        f"--jobs 2 kept {two.median_cpu_s / (two.median_s * min(2, cpus)):.0%} of "
        "two cores busy; the rest is waiting (other load, or idle workers).",
        f"start-up plus one page (reprint check --jobs 1 FILE): "
        f"{one_page.median_s:.3f} s.",
        f"in process, api.check over the same pages: {loop_s:.2f} s "
        f"({loop_s / page_count * 1000:.2f} ms a page); --jobs 1 spends "
        f"{one.median_s - loop_s:.2f} s more (start-up, imports, rendering).",
        f"ideal speed-up on two idle cores from these costs: ({one_page.median_s:.2f}"
        f" + {loop_s:.2f}) / ({one_page.median_s:.2f} + {loop_s:.2f} / 2) = "
        f"{serial / ideal:.2f}x; from CPU time, 2 x {one.median_cpu_s:.2f} / "
        f"{two.median_cpu_s:.2f} = {2 * one.median_cpu_s / two.median_cpu_s:.2f}x.",
        "worker import cost after reprint.api: reprint.formats.html.reader "
        f"{import_ms('reprint.formats.html.reader', 'reprint.api'):.0f} ms.",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=DEFAULT_ROUNDS)
    args = parser.parse_args(argv)
    require_inputs(PAGES)
    table = Table("batch: reprint check --format json --jobs 2 DIR vs --jobs 1")
    table.notes.append(f"before: {load_line()}")
    args_common = ("check", "--format", "json")
    one = reprint_command(
        "--jobs 1", *args_common, "--jobs", "1", str(PAGES), ok_codes=(0, 1)
    )
    two = reprint_command(
        "--jobs 2", *args_common, "--jobs", "2", str(PAGES), ok_codes=(0, 1)
    )
    stats = compare([two, one], rounds=args.rounds, is_tree=True)
    speedup = 1 / paired_ratio(stats["--jobs 2"], stats["--jobs 1"])
    table.rows.append(
        Row(
            input="pages/",
            size=human_size(PAGES),
            reprint_s=stats["--jobs 2"].median_s,
            baseline="--jobs 1",
            baseline_s=stats["--jobs 1"].median_s,
            ratio=speedup,
            goal=GOAL_SPEEDUP,
            reprint_rss_mb=stats["--jobs 2"].tree_rss_mb,
            baseline_rss_mb=stats["--jobs 1"].tree_rss_mb,
            # --jobs 2 CPU / --jobs 1 CPU: the pool's extra work. Two idle cores can
            # give at most 2 / cpu_ratio.
            cpu_ratio=paired_cpu_ratio(stats["--jobs 2"], stats["--jobs 1"]),
            is_goal_minimum=True,
        )
    )
    table.notes.append(f"after: {load_line()}")
    loop_s = in_process_s()
    page_count = sum(1 for _ in PAGES.iterdir())
    table.notes.extend(
        [
            "ratio = speed-up (--jobs 1 time / --jobs 2 time, median per round); "
            "RSS = peak sum over the process tree.",
            f"largest single process: --jobs 2 {stats['--jobs 2'].peak_rss_mb:.0f} MB, "
            f"--jobs 1 {stats['--jobs 1'].peak_rss_mb:.0f} MB.",
            *diagnose(stats, loop_s, page_count),
            f"{args.rounds} interleaved rounds after one warm-up.",
        ]
    )
    print(table.render())
    table.save("batch")
    return 0


if __name__ == "__main__":
    sys.exit(main())
