"""Seconds per page of the browser mode (``check --render``) against the static engine.

    python benchmarks/bench_render.py [ROUNDS]

Reads the sample (fixtures/sample/reprint.html) and the 5 MB page
(benchmarks/out/inputs/big.html, from make_inputs.py) with both engines in one
process: Chromium's start-up is timed once, apart; each page's time is the
median of ROUNDS reads (default 3) after one warm-up read.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from measure import INPUT_DIR

from reprint.formats.html import browser
from reprint.formats.options import ExtractOptions
from reprint.pipeline import extract

ROOT = Path(__file__).resolve().parent.parent
PAGES = {
    "sample": ROOT / "fixtures" / "sample" / "reprint.html",
    "big.html (5 MB)": INPUT_DIR / "big.html",
}


def _median(path: Path, rounds: int, render: bool) -> float:
    extract(path, render=render)
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        extract(path, render=render)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    start = time.perf_counter()
    browser.extract(b"<p>start</p>", ExtractOptions())
    print(f"Chromium start-up and first page: {time.perf_counter() - start:.2f} s")
    for name, path in PAGES.items():
        if not path.exists():
            print(f"{name}: missing ({path}); run benchmarks/make_inputs.py")
            continue
        static = _median(path, rounds, render=False)
        chromium = _median(path, rounds, render=True)
        print(
            f"{name}: chromium {chromium:.2f} s/page, static {static:.3f} s/page "
            f"({chromium / static:.1f}x)"
        )
    browser.close_browser()


if __name__ == "__main__":
    main()
