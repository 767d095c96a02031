"""Run every benchmark: make missing inputs, then start-up, extract, check, batch.

    python benchmarks/run_all.py [--rounds N] [--batch-rounds N]

Each benchmark prints its table and saves it as JSON in benchmarks/out/results/.
The whole run takes about ten minutes on two cores; run it on a quiet machine
(see the load averages printed with each table).
"""

from __future__ import annotations

import argparse
import sys

import bench_batch
import bench_check
import bench_extract
import bench_startup
import make_inputs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="for extract and check")
    parser.add_argument("--batch-rounds", type=int, default=5)
    parser.add_argument("--startup-rounds", type=int, default=20)
    args = parser.parse_args(argv)
    make_inputs.main([])
    steps = [
        (bench_startup.main, ["--rounds", str(args.startup_rounds)]),
        (bench_extract.main, ["--rounds", str(args.rounds)]),
        (bench_check.main, ["--rounds", str(args.rounds)]),
        (bench_batch.main, ["--rounds", str(args.batch_rounds)]),
    ]
    for step, step_args in steps:
        print(flush=True)
        status = step(step_args)
        if status:
            return status
    return 0


if __name__ == "__main__":
    sys.exit(main())
