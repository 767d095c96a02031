"""``reprint scan`` on a generated crawl against the floor of reading it at all.

    python benchmarks/bench_scan.py [--mb 1024] [--unit-mb 32]

A unit crawl (ordinary pages in five languages, one planted HTML reprint, a few
pages quoting a sentence of the paper; no malformed record, so that FastWARC alone
reads it to the end) is generated with
tests/crawl.py and repeated to ``--mb`` MiB (gzip-per-record WARC files concatenate
into a valid WARC file). Reported, each the median of ``--rounds`` runs:

* the floor: bare iteration of the file with FastWARC (HTTP parsed, payload
  decoded) plus resiliparse's plain text of every HTML payload, in one process;
* ``reprint scan --jobs 1`` (one worker), its ratio to the floor (goal <= 1.5x),
  records/s and MiB/s per core;
* ``--jobs 2`` against ``--jobs 1`` (goal >= 1.8x); ``--engine dask --jobs 2``
  (a LocalCluster of two processes, start-up included);
* the peak RSS of the largest process (parent or worker), for this file and for
  one a quarter of its size: bounded, independent of the file's size;
* the library choices: warcio against FastWARC for iteration, selectolax against
  resiliparse for the screen's text, on the unit crawl.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
OUT = ROOT / "benchmarks" / "out" / "scan"
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
import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=False, stdout=subprocess.DEVNULL)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(usage.ru_maxrss, usage.ru_utime + usage.ru_stime)
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


def timed(command: list[str], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        subprocess.run(
            command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def rusage(command: list[str]) -> tuple[float, float]:
    """Peak RSS of the largest process (MiB) and CPU seconds of the whole tree."""
    out = subprocess.run(
        [PYTHON, "-c", _RUSAGE, *command], check=True, capture_output=True, text=True
    ).stdout
    rss_kib, cpu_s = out.split()
    return int(rss_kib) / 1024, float(cpu_s)


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
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=int, default=1024)
    parser.add_argument("--unit-mb", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    big, quarter = make_crawl(args.mb, args.unit_mb)
    mib = big.stat().st_size / (1 << 20)
    records = records_in(big)
    floor = timed([PYTHON, "-c", _FLOOR, str(big)], args.rounds)
    one = timed(scan_command(big, "--jobs", "1"), args.rounds)
    two = timed(scan_command(big, "--jobs", "2"), args.rounds)
    dask = timed(scan_command(big, "--engine", "dask", "--jobs", "2"), 1)
    rss_big, cpu_two = rusage(scan_command(big, "--jobs", "2"))
    rss_quarter, _ = rusage(scan_command(quarter, "--jobs", "2"))
    rss_one, cpu_one = rusage(scan_command(big, "--jobs", "1"))
    _, cpu_floor = rusage([PYTHON, "-c", _FLOOR, str(big)])
    result = {
        "load_average_1min_at_end": round(os.getloadavg()[0], 2),
        "file_mib": round(mib, 1),
        "records": records,
        "floor_s": round(floor, 2),
        "jobs1_s": round(one, 2),
        "jobs2_s": round(two, 2),
        "dask2_s": round(dask, 2),
        "ratio_to_floor": round(one / floor, 2),
        # CPU time is less at the mercy of busy neighbours than wall time.
        "floor_cpu_s": round(cpu_floor, 2),
        "jobs1_cpu_s": round(cpu_one, 2),
        "jobs2_cpu_s": round(cpu_two, 2),
        "cpu_ratio_to_floor": round(cpu_one / cpu_floor, 2),
        "jobs1_records_per_cpu_s": round(records / cpu_one),
        "jobs1_mib_per_cpu_s": round(mib / cpu_one, 2),
        "speedup_2_vs_1": round(one / two, 2),
        "speedup_dask2_vs_1": round(one / dask, 2),
        "jobs1_records_per_s": round(records / one),
        "jobs1_mib_per_s": round(mib / one, 1),
        "floor_mib_per_s": round(mib / floor, 1),
        "peak_rss_mib_jobs1": round(rss_one),
        "peak_rss_mib_jobs2": round(rss_big),
        "peak_rss_mib_jobs2_quarter_file": round(rss_quarter),
        **{
            k: round(v, 2)
            for k, v in library_choices(OUT / f"unit-{args.unit_mb}.warc.gz").items()
        },
    }
    (OUT / "result.json").write_text(json.dumps(result, indent=2) + "\n")
    for key, value in result.items():
        print(f"{key:34} {value}")


if __name__ == "__main__":
    main()
