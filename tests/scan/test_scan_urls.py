"""Crawls read over HTTP through fsspec, from a server on the loopback interface."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from crawl import MAX_BYTES, Crawl

from reprint.scan import scan

pytestmark = pytest.mark.slow


class _RangeHandler(SimpleHTTPRequestHandler):
    """Static files with single byte ranges, as object stores serve them."""

    def send_head(self):  # type: ignore[no-untyped-def]  # the base is untyped
        spec = self.headers.get("Range")
        path = Path(self.translate_path(self.path))
        if spec is None or not path.is_file():
            return super().send_head()
        size = path.stat().st_size
        first_text, _, last_text = spec.removeprefix("bytes=").partition("-")
        first = int(first_text)
        last = min(int(last_text) if last_text else size - 1, size - 1)
        stream = path.open("rb")
        stream.seek(first)
        self.send_response(206)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Range", f"bytes {first}-{last}/{size}")
        self.send_header("Content-Length", str(last - first + 1))
        self.end_headers()
        self._left = last - first + 1
        return stream

    def copyfile(self, source, outputfile):  # type: ignore[no-untyped-def]
        left = getattr(self, "_left", None)
        if left is None:
            return super().copyfile(source, outputfile)
        outputfile.write(source.read(left))
        return None

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def served(planted_crawl: Crawl) -> Iterator[str]:
    handler = partial(_RangeHandler, directory=str(planted_crawl.path.parent))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{planted_crawl.path.name}"
    finally:
        server.shutdown()
        server.server_close()


def test_crawl_over_http_is_read_in_ranges_like_a_local_file(
    planted_crawl: Crawl, served: str
) -> None:
    local = [
        f
        for r in scan([str(planted_crawl.path)], max_bytes=MAX_BYTES)
        for f in r.findings
    ]
    remote_results = list(scan([served], max_bytes=MAX_BYTES, range_bytes=200_000))
    assert len(remote_results) > 2  # byte ranges of the remote file
    remote = [f for r in remote_results for f in r.findings]
    assert sorted(f.url for f in remote) == sorted(planted_crawl.manifest.planted)
    assert sorted((f.url, f.offset) for f in remote) == sorted(
        (f.url, f.offset) for f in local
    )
    assert {f.warc_file for f in remote} == {served}
