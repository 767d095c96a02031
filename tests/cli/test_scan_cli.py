"""``reprint scan``: findings as JSON Lines, Parquet and a page; summary; engines."""

from __future__ import annotations

import json
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from crawl import ALL_PLANTS, MAX_BYTES, Crawl, write_crawl

from reprint.cli import main


@pytest.fixture(scope="module")
def small_crawl(tmp_path_factory: pytest.TempPathFactory) -> Crawl:
    folder = tmp_path_factory.mktemp("crawl")
    path = folder / "small.warc.gz"
    plants = (ALL_PLANTS[0], ALL_PLANTS[4], ALL_PLANTS[8])  # html, html, pdf
    manifest = write_crawl(
        path, seed=3, pages=40, plants=plants, malformed=("junk", "too-large")
    )
    return Crawl(path, manifest)


def _run(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["scan", *args])
    return result.exit_code, result.stdout, result.stderr


def test_scan_writes_findings_and_prints_the_summary(
    small_crawl: Crawl, tmp_path: Path
) -> None:
    out = tmp_path / "findings.jsonl"
    code, stdout, stderr = _run(
        [
            str(small_crawl.path),
            "-o",
            str(out),
            "--max-bytes",
            str(MAX_BYTES),
            "--jobs",
            "1",
        ]
    )
    records = small_crawl.manifest.records
    assert (code, stderr) == (1, "")  # a non-compliant republication was found
    lines = stdout.splitlines()
    assert lines[:-1] == [
        f"records: {sum(records.values()) + 2} read ("
        f"{records['metadata']} metadata, {records['request']} request, "
        f"{records['response']} response, 1 revisit)",
        f"screened: {records['response'] - 1} documents; checked: 3",
        "findings: 1 compliant, 2 non-compliant",
        "skipped: 2",
        "  1 not a WARC record (Gzip decompression error: data error)",
        f"  1 payload over the {MAX_BYTES} byte limit",
    ]
    assert lines[-1].startswith("throughput: ")
    findings = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert {f["url"] for f in findings} == set(small_crawl.manifest.planted)
    first = next(f for f in findings if "html-entire-credited" in f["url"])
    assert first["warc_file"] == str(small_crawl.path)
    assert first["extent"] == "entire"
    assert first["coverage"] == 1.0
    assert first["warc_date"].startswith("2026-11-")
    assert first["credits"]["macarthur"]["status"] == "present"
    assert "MacArthur Foundation" in first["credits"]["macarthur"]["evidence"]
    # The offset points at the record: reading from there gives its URL first.
    raw = small_crawl.path.read_bytes()[first["offset"] :]
    head = zlib.decompressobj(31).decompress(raw, 2000)
    assert f"WARC-Target-URI: {first['url']}".encode() in head


def test_local_workers_over_byte_ranges_find_the_same(
    small_crawl: Crawl, tmp_path: Path
) -> None:
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    base = [str(small_crawl.path), "--max-bytes", str(MAX_BYTES)]
    _run([*base, "-o", str(one), "--jobs", "1"])
    code, _, _ = _run([*base, "-o", str(two), "--jobs", "2", "--range-mb", "1"])
    assert code == 1
    assert sorted(one.read_text().splitlines()) == sorted(two.read_text().splitlines())


def test_html_page_and_parquet_hold_one_row_per_republication(
    small_crawl: Crawl, tmp_path: Path
) -> None:
    import pyarrow.parquet as pq

    page, table = tmp_path / "report.html", tmp_path / "findings.parquet"
    outputs = ["-o", str(tmp_path / "f.jsonl"), "--html", str(page)]
    outputs += ["--parquet", str(table)]
    code, _, _ = _run(
        [str(small_crawl.path), *outputs, "--max-bytes", str(MAX_BYTES), "--jobs", "1"]
    )
    assert code == 1
    html = page.read_text("utf-8")
    assert html.count("<tr><td class='verdict") == 3
    assert html.count("<h2>") == 3  # one site per plant
    assert "<td class='verdict non-compliant'>non-compliant</td>" in html
    rows = pq.read_table(table).to_pylist()
    assert sorted(r["url"] for r in rows) == sorted(small_crawl.manifest.planted)
    assert {r["credit_macarthur"] for r in rows} == {"present", "missing", "hidden"}


def test_folder_and_list_of_paths_are_sources(
    small_crawl: Crawl, tmp_path: Path
) -> None:
    listing = tmp_path / "crawl.paths"
    listing.write_text(f"{small_crawl.path}\n", "utf-8")
    for source in (str(small_crawl.path.parent), str(listing)):
        out = tmp_path / "f.jsonl"
        code, _, _ = _run(
            [source, "-o", str(out), "--max-bytes", str(MAX_BYTES), "--jobs", "1"]
        )
        assert code == 1
        assert len(out.read_text().splitlines()) == 3


def test_missing_source_is_a_usage_error(tmp_path: Path) -> None:
    code, _, stderr = _run([str(tmp_path / "nope.warc.gz")])
    assert (code, stderr) == (
        2,
        f"error: no such file or folder: '{tmp_path / 'nope.warc.gz'}'\n",
    )
