"""``reprint scan`` on a generated crawl against the floor of reading it at all.

    python benchmarks/bench_scan.py [--mb 1024] [--unit-mb 32] [--out /tmp/...]

A unit crawl (ordinary pages in five languages, one planted HTML reprint, a few
pages quoting a sentence of the paper; no malformed record, so that FastWARC alone
reads it to the end) is generated with
tests/crawl.py and repeated to ``--mb`` MiB (gzip-per-record WARC files concatenate
into a valid WARC file), under ``--out`` (default in /tmp: a 1 GiB file has no
place in the work tree). The floor and the scans run in turn, ``--rounds``
times, and each figure is the minimum of its runs, so that load from other
processes weighs on all of them alike. Reported:

* the floor: bare iteration of the file with FastWARC (HTTP parsed, payload
  decoded) plus resiliparse's plain text of every HTML payload, in one process;
* ``reprint scan --jobs 1`` (one worker), its ratio to the floor (goal <= 1.5x),
  records/s and MiB/s per core;
* ``--jobs 2`` against ``--jobs 1`` (goal >= 1.8x); ``--engine dask --jobs 2``
  (a LocalCluster of two processes, start-up included);
* the peak RSS of the largest process (parent or worker), for this file and for
  one a quarter of its size: bounded, independent of the file's size;
* with ``--libraries``, the library choices: warcio against FastWARC for
  iteration, selectolax against resiliparse for the screen's text, on the unit.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
OUT = Path("/tmp/reprint-bench-scan")
PYTHON = sys.executable
REPRINT = str(Path(PYTHON).parent / "reprint")

_FLOOR = """
import sys, zlib
from fastwarc.warc import ArchiveIterator, WarcRecordType
from resiliparse.extract.html2text import extract_plain_text
n = 0
with open(sys.argv[1], "rb") as f:
    # FastWARC removes the chunked coding; its content decoding stops the
    # iteration on a chunked gzip body (2.0.1), so gzip is undone here.
    for record in ArchiveIterator(f, record_types=WarcRecordType.any_type,
                                  parse_http=True, auto_decode="transfer"):
        body = record.reader.read()
        n += 1
        if record.is_http and "html" in (record.http_content_type or ""):
            if "gzip" in (record.http_headers.get("Content-Encoding") or ""):
                body = zlib.decompress(body, 47)
            # The header's charset, as the scan decodes (no detection).
            extract_plain_text(body.decode(record.http_charset or "utf-8", "replace"))
print(n)
"""

_RUSAGE = """
import resource, subprocess, sys, time
start = time.perf_counter()
subprocess.run(sys.argv[1:], check=False, stdout=subprocess.DEVNULL)
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(usage.ru_maxrss, usage.ru_utime + usage.ru_stime, wall)
"""


def make_crawl(total_mb: int, unit_mb: int) -> tuple[Path, Path]:
    """The crawl of ``total_mb`` MiB and one of a quarter of it, made once."""
    from crawl import ALL_PLANTS, write_crawl

    OUT.mkdir(parents=True, exist_ok=True)
    unit = OUT / f"unit-{unit_mb}.warc.gz"
    if not unit.exists():
        pages = unit_mb * 490  # about 2 KiB of gzipped page per record
        write_crawl(
            unit,
            seed=2026,
            pages=pages,
            plants=ALL_PLANTS[:1],
            quotes=3,
        )
    paths = []
    for mb in (total_mb, total_mb // 4):
        path = OUT / f"crawl-{mb}.warc.gz"
        if not path.exists():
            copies = max(1, round(mb * (1 << 20) / unit.stat().st_size))
            with path.open("wb") as out:
                for _ in range(copies):
                    with unit.open("rb") as piece:
                        shutil.copyfileobj(piece, out)
        paths.append(path)
    return paths[0], paths[1]


@dataclass
class Runs:
    """The best (least) wall time, CPU time and the peak RSS of a command's runs."""

    label: str
    wall_s: float = float("inf")
    cpu_s: float = float("inf")
    rss_mib: float = 0.0

    def run(self, command: list[str]) -> None:
        """Run once more: peak RSS of the largest process, CPU of the whole tree."""
        out = subprocess.run(
            [PYTHON, "-c", _RUSAGE, *command],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        rss_kib, cpu_s, wall_s = out.split()
        self.wall_s = min(self.wall_s, float(wall_s))
        self.cpu_s = min(self.cpu_s, float(cpu_s))
        self.rss_mib = max(self.rss_mib, int(rss_kib) / 1024)
        # Each run as it ends: a long benchmark that is stopped keeps its figures.
        print(f"{self.label}: {wall_s} s, {cpu_s} CPU s, {rss_kib} KiB", flush=True)


def scan_command(path: Path, *extra: str) -> list[str]:
    return [REPRINT, "scan", str(path), "-o", str(OUT / "findings.jsonl"), *extra]


def records_in(path: Path) -> int:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    count = 0
    with path.open("rb") as stream:
        try:
            for _ in ArchiveIterator(stream, record_types=WarcRecordType.any_type):
                count += 1
        except OSError:
            pass  # the unit's junk: counted below from the summary instead
    return count


def library_choices(unit: Path) -> dict[str, float]:
    """Seconds for each reader and each HTML text extractor over the unit crawl."""
    from fastwarc.warc import ArchiveIterator
    from resiliparse.extract.html2text import extract_plain_text
    from selectolax.lexbor import LexborHTMLParser
    from warcio.archiveiterator import ArchiveIterator as WarcioIterator

    from reprint.scan.records import Limits, Payload, read_warc

    result = {}
    start = time.perf_counter()
    with unit.open("rb") as stream:
        try:
            for record in ArchiveIterator(stream, parse_http=False):
                record.reader.read()
        except OSError:
            pass
    result["fastwarc_iterate_s"] = time.perf_counter() - start
    start = time.perf_counter()
    with unit.open("rb") as stream:
        try:
            for record in WarcioIterator(stream):
                record.raw_stream.read()
        except Exception:  # warcio stops at the junk; time what it read
            pass
    result["warcio_iterate_s"] = time.perf_counter() - start
    with unit.open("rb") as stream:
        pages = [
            item.body.decode(item.charset or "utf-8", "replace")
            for item in read_warc(stream, str(unit), Limits(64 << 20))
            if isinstance(item, Payload) and item.kind.value == "html"
        ]
    start = time.perf_counter()
    for page in pages:
        extract_plain_text(page, alt_texts=False, list_bullets=False, form_fields=True)
    result["resiliparse_text_s"] = time.perf_counter() - start
    start = time.perf_counter()
    for page in pages:
        tree = LexborHTMLParser(page)
        tree.strip_tags(["script", "style", "noscript", "template"])
        if tree.body is not None:
            tree.body.text(separator=" ")
    result["selectolax_text_s"] = time.perf_counter() - start
    result["html_pages"] = len(pages)
    return result


def main() -> None:
    global OUT
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=int, default=1024)
    parser.add_argument("--unit-mb", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--libraries", action="store_true")
    # A LocalCluster run of a 1 GiB file takes long on a busy machine: run the
    # Dask figure on a smaller --mb instead.
    parser.add_argument("--no-dask", action="store_true")
    args = parser.parse_args()
    OUT = args.out
    big, quarter = make_crawl(args.mb, args.unit_mb)
    mib = big.stat().st_size / (1 << 20)
    # The file is copies of the unit: its records, counted once, times the copies.
    unit = OUT / f"unit-{args.unit_mb}.warc.gz"
    records = records_in(unit) * (big.stat().st_size // unit.stat().st_size)
    floor, one, two = Runs("floor"), Runs("jobs 1"), Runs("jobs 2")
    for _ in range(args.rounds):
        floor.run([PYTHON, "-c", _FLOOR, str(big)])
        one.run(scan_command(big, "--jobs", "1"))
        two.run(scan_command(big, "--jobs", "2"))
    dask, small = Runs("dask 2"), Runs("jobs 2, a quarter of the file")
    if not args.no_dask:
        dask.run(scan_command(big, "--engine", "dask", "--jobs", "2"))
    small.run(scan_command(quarter, "--jobs", "2"))
    result: dict[str, float | int] = {
        "load_average_1min_at_end": round(os.getloadavg()[0], 2),
        "file_mib": round(mib, 1),
        "records": records,
        "floor_s": round(floor.wall_s, 2),
        "jobs1_s": round(one.wall_s, 2),
        "jobs2_s": round(two.wall_s, 2),
        # CPU time is less at the mercy of busy neighbours than wall time.
        "floor_cpu_s": round(floor.cpu_s, 2),
        "jobs1_cpu_s": round(one.cpu_s, 2),
        "jobs2_cpu_s": round(two.cpu_s, 2),
        "cpu_ratio_to_floor": round(one.cpu_s / floor.cpu_s, 2),
        "wall_ratio_to_floor": round(one.wall_s / floor.wall_s, 2),
        "jobs1_records_per_cpu_s": round(records / one.cpu_s),
        "jobs1_mib_per_cpu_s": round(mib / one.cpu_s, 2),
        # Two workers: the parent's CPU and theirs, per byte and per record.
        "jobs2_records_per_cpu_s": round(records / two.cpu_s),
        "jobs2_mib_per_cpu_s": round(mib / two.cpu_s, 2),
        "jobs2_cpu_ratio_to_floor": round(two.cpu_s / floor.cpu_s, 2),
        "speedup_2_vs_1_wall": round(one.wall_s / two.wall_s, 2),
        # Two workers doing the work of one in this much CPU: the speed-up two
        # free cores would give, whatever the neighbours take of them now.
        "speedup_2_vs_1_by_cpu": round(2 * one.cpu_s / two.cpu_s, 2),
        "floor_mib_per_cpu_s": round(mib / floor.cpu_s, 2),
        "peak_rss_mib_jobs1": round(one.rss_mib),
        "peak_rss_mib_jobs2": round(two.rss_mib),
        "peak_rss_mib_jobs2_quarter_file": round(small.rss_mib),
    }
    if not args.no_dask:
        result |= {
            "dask2_s": round(dask.wall_s, 2),
            "dask2_cpu_s": round(dask.cpu_s, 2),
            "speedup_dask2_vs_1_wall": round(one.wall_s / dask.wall_s, 2),
            "speedup_dask2_vs_1_by_cpu": round(2 * one.cpu_s / dask.cpu_s, 2),
            "peak_rss_mib_dask2": round(dask.rss_mib),
        }
    if args.libraries:
        result |= {k: round(v, 2) for k, v in library_choices(unit).items()}
    (OUT / f"result-{args.mb}.json").write_text(json.dumps(result, indent=2) + "\n")
    for key, value in result.items():
        print(f"{key:34} {value}")


if __name__ == "__main__":
    main()
