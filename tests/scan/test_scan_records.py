"""Reading WARC and ARC records: HTTP decoding, malformed records, byte ranges."""

from __future__ import annotations

import gzip
import io
from collections import Counter
from itertools import pairwise
from pathlib import Path

import pytest
from crawl import ALL_PLANTS, MALFORMED, MAX_BYTES, Crawl, write_crawl
from hypothesis import given, settings
from hypothesis import strategies as st

from reprint.errors import InputError
from reprint.scan.records import (
    Kind,
    Limits,
    Passed,
    Payload,
    Skipped,
    dechunk,
    decode_response,
    read_arc,
    read_warc,
)
from reprint.scan.tasks import Task, plan_tasks

LIMITS = Limits(MAX_BYTES)


def _http(headers: str, body: bytes) -> bytes:
    return b"HTTP/1.1 200 OK\r\n" + headers.encode() + b"\r\n\r\n" + body


def test_chunked_gzip_body_is_decoded_with_the_header_charset() -> None:
    page = "<p>Café société</p>".encode("windows-1252")
    coded = gzip.compress(page)
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(coded), coded)
    headers = (
        "Content-Type: text/html; charset=Windows-1252\r\n"
        "Transfer-Encoding: chunked\r\nContent-Encoding: gzip"
    )
    assert decode_response(_http(headers, chunked), LIMITS) == (
        Kind.HTML,
        page,
        "windows-1252",
    )


@pytest.mark.parametrize(
    ("block", "cause"),
    [
        (b"\x00\x01 garbage\r\n\r\n", "broken HTTP header"),
        (
            _http("Content-Type: text/html\r\nBad header line", b"x"),
            "broken HTTP header",
        ),
        (
            _http("Content-Type: text/html\r\nTransfer-Encoding: chunked", b"zz\r\nx"),
            "bad chunk size",
        ),
        (
            _http("Content-Type: text/html\r\nContent-Encoding: gzip", b"not gzip"),
            "cannot decode content coding 'gzip'",
        ),
        (
            _http(
                "Content-Type: text/html\r\nContent-Encoding: gzip",
                gzip.compress(b"a" * (MAX_BYTES + 1)),
            ),
            "byte limit once decoded",
        ),
    ],
    ids=["status-line", "header-line", "chunk-size", "gzip", "gzip-bomb"],
)
def test_broken_http_message_raises_input_error_naming_the_cause(
    block: bytes, cause: str
) -> None:
    with pytest.raises(InputError, match=cause):
        decode_response(block, LIMITS)


def test_a_chunk_cut_short_is_an_error() -> None:
    with pytest.raises(InputError, match="cut short"):
        dechunk(b"10\r\nshort\r\n0\r\n\r\n")


def test_not_found_and_images_are_not_documents() -> None:
    assert (
        decode_response(b"HTTP/1.1 404 Not Found\r\n\r\n<p>gone</p>", LIMITS)[0] is None
    )
    image = _http("Content-Type: image/png", b"\x89PNG")
    assert decode_response(image, LIMITS)[0] is None


def test_an_image_s_content_coding_is_not_undone() -> None:
    """Not a document by its header: its body is neither inflated nor judged."""
    image = _http("Content-Type: image/png\r\nContent-Encoding: gzip", b"not gzip")
    assert decode_response(image, LIMITS) == (None, b"", None)
    unknown = _http("Content-Encoding: gzip", b"not gzip")
    with pytest.raises(InputError, match="cannot decode content coding"):
        decode_response(unknown, LIMITS)


def _read(path: Path, start: int = 0, end: int | None = None) -> list[object]:
    with path.open("rb") as stream:
        return list(read_warc(stream, str(path), LIMITS, start, end))


def _counts(items: list[object]) -> tuple[Counter[str], int]:
    types: Counter[str] = Counter()
    for item in items:
        if isinstance(item, Passed):
            types[item.record_type] += 1
        elif isinstance(item, Payload):
            types["response"] += 1
    return types, sum(isinstance(item, Skipped) for item in items)


def test_every_record_is_read_and_every_malformed_one_counted(
    planted_crawl: Crawl,
) -> None:
    items = _read(planted_crawl.path)
    types, skipped = _counts(items)
    assert types == planted_crawl.manifest.records
    assert skipped == len(MALFORMED)
    causes = sorted(
        item.cause.split(" (")[0] for item in items if isinstance(item, Skipped)
    )
    assert causes == [
        "broken HTTP header",
        "not a WARC record",  # the junk between two records
        f"payload over the {MAX_BYTES} byte limit",
        "unreadable record",  # the gzip member cut in half
    ]


@pytest.mark.parametrize("range_bytes", [20_000, 65_536, 150_001])
def test_byte_ranges_read_every_record_once(
    planted_crawl: Crawl, range_bytes: int
) -> None:
    whole = _read(planted_crawl.path)
    tasks = plan_tasks([str(planted_crawl.path)], range_bytes)
    assert len(tasks) > 2
    pieces = [
        item
        for task in tasks
        for item in _read(planted_crawl.path, task.start, task.end)
    ]
    assert pieces == whole


def test_a_file_is_cut_into_ranges_enough_for_every_worker_to_take_several(
    planted_crawl: Crawl, tmp_path: Path
) -> None:
    """Two workers and one 9 MiB file: eight ranges of about 1.1 MiB (not the
    256 MiB asked for, nor two halves, one of which would be left running
    alone), meeting at record starts and covering the file once."""
    from reprint.scan.tasks import MIN_RANGE_BYTES, RANGES_PER_WORKER

    big = tmp_path / "big.warc.gz"
    unit = planted_crawl.path.read_bytes()
    big.write_bytes(unit * -(-(9 << 20) // len(unit)))
    tasks = plan_tasks([str(big)], 256 << 20, workers=2)
    assert len(tasks) == 2 * RANGES_PER_WORKER
    assert tasks[0].start == 0
    assert tasks[-1].end is None
    for before, after in pairwise(tasks):
        assert before.end == after.start
    with big.open("rb") as stream:
        for task in tasks[1:]:
            stream.seek(task.start)
            assert stream.read(2) == b"\x1f\x8b"
    assert all((t.end or big.stat().st_size) - t.start > MIN_RANGE_BYTES for t in tasks)
    assert plan_tasks([str(big)], 256 << 20, workers=1) == [Task(str(big))]


def test_uncompressed_warc_with_junk_between_records(tmp_path: Path) -> None:
    path = tmp_path / "plain.warc"
    manifest = write_crawl(
        path,
        seed=5,
        pages=20,
        plants=ALL_PLANTS[:2],
        malformed=("junk",),
        gzipped=False,
    )
    types, skipped = _counts(_read(path))
    assert types == manifest.records
    assert skipped == 1


def _arc_record(uri: str, body: bytes) -> bytes:
    block = b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
    return b"%s 1.2.3.4 20080102030405 text/html %d\n%s\n" % (
        uri.encode(),
        len(block),
        block,
    )


@pytest.mark.parametrize("is_gzip", [True, False], ids=["gzip", "plain"])
def test_arc_records_are_read_and_a_truncated_one_counted(is_gzip: bool) -> None:
    desc = b"<arc version='1'/>"
    members = [
        b"filedesc://x.arc 0.0.0.0 20080102030405 text/plain %d\n%s\n"
        % (len(desc), desc),
        _arc_record("http://a.example/1", b"<p>one</p>"),
        _arc_record("http://a.example/2", b"<p>two</p>"),
    ]
    if is_gzip:
        raw = b"".join(gzip.compress(m) for m in members)
        raw += gzip.compress(_arc_record("http://a.example/3", b"<p>three</p>"))[:-20]
    else:
        raw = (
            b"".join(members) + _arc_record("http://a.example/3", b"<p>three</p>")[:-20]
        )
    items = list(read_arc(io.BytesIO(raw), "x.arc", LIMITS))
    payloads = [item for item in items if isinstance(item, Payload)]
    assert [(p.uri, p.date, p.body) for p in payloads] == [
        ("http://a.example/1", "2008-01-02T03:04:05Z", b"<p>one</p>"),
        ("http://a.example/2", "2008-01-02T03:04:05Z", b"<p>two</p>"),
    ]
    assert [type(item) for item in items] == [Passed, Payload, Payload, Skipped]


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=2000), st.booleans())
def test_arbitrary_bytes_are_skipped_never_raised(junk: bytes, is_gzip: bool) -> None:
    data = gzip.compress(junk) if is_gzip else junk
    items = list(read_warc(io.BytesIO(data), "junk.warc", LIMITS))
    assert all(isinstance(item, Skipped) for item in items)
    assert items or not data.strip()


def _arc_file(path: Path, records: list[bytes], is_gzip: bool) -> list[int]:
    """Write the records (gzip per record or not); each one's offset."""
    offsets = []
    with path.open("wb") as out:
        for record in records:
            offsets.append(out.tell())
            out.write(gzip.compress(record, mtime=0) if is_gzip else record)
    return offsets


@pytest.mark.parametrize("is_gzip", [True, False], ids=["gzip", "plain"])
def test_an_arc_file_is_streamed_a_record_at_a_time(
    tmp_path: Path, is_gzip: bool
) -> None:
    """An ARC file of 4 MB (gzip) or 6 MB, read with a 64 KiB payload limit:
    the records come with their offsets, the one over the limit is skipped,
    and the reading holds a few records' worth of memory, not the file."""
    import random
    import tracemalloc

    rng = random.Random(4)
    letters = "abcdefghijklmnopqrstuvwxyz "
    bodies = ["".join(rng.choices(letters, k=30_000)).encode() for _ in range(200)]
    records = [
        _arc_record(f"http://a.example/{i}", b"<p>%s</p>" % body)
        for i, body in enumerate(bodies)
    ]
    records[50] = _arc_record("http://a.example/big", b"x" * 200_000)
    path = tmp_path / ("big.arc.gz" if is_gzip else "big.arc")
    offsets = _arc_file(path, records, is_gzip)
    limits = Limits(64 << 10)
    assert path.stat().st_size > 3_000_000 > 40 * limits.max_bytes
    tracemalloc.start()
    with path.open("rb") as stream:
        items = [
            (item.uri, item.offset) if isinstance(item, Payload) else item
            for item in read_arc(stream, str(path), limits)
        ]
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 8 * limits.max_bytes
    expected: list[object] = [
        (f"http://a.example/{i}", offsets[i]) for i in range(200) if i != 50
    ]
    expected.insert(50, Skipped("payload over the 65536 byte limit", offsets[50]))
    assert items == expected


def test_junk_between_gzip_arc_members_is_skipped_and_reading_goes_on(
    tmp_path: Path,
) -> None:
    records = [_arc_record(f"http://a.example/{i}", b"<p>%d</p>" % i) for i in range(3)]
    members = [gzip.compress(record, mtime=0) for record in records]
    path = tmp_path / "junk.arc.gz"
    path.write_bytes(members[0] + b"not gzip at all" + members[1] + members[2])
    with path.open("rb") as stream:
        items = list(read_arc(stream, str(path), LIMITS))
    second = len(members[0]) + len(b"not gzip at all")
    assert [
        (item.uri, item.offset) if isinstance(item, Payload) else type(item)
        for item in items
    ] == [
        ("http://a.example/0", 0),
        Skipped,
        ("http://a.example/1", second),
        ("http://a.example/2", second + len(members[1])),
    ]


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=2000), st.booleans())
def test_arbitrary_bytes_in_an_arc_file_are_skipped_never_raised(
    junk: bytes, is_gzip: bool
) -> None:
    data = gzip.compress(junk) if is_gzip else junk
    items = list(read_arc(io.BytesIO(data), "junk.arc", LIMITS))
    assert all(isinstance(item, Skipped) for item in items)
    assert items or not junk.strip(b"\n")
