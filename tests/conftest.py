"""Shared test configuration: golden-file updates and paths to fixtures."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from smtp_double import Certificate, make_certificate

if TYPE_CHECKING:  # pragma: no cover
    from crawl import Crawl

from reprint.model import Paint, TextSpan
from reprint.work import Work, default_work

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="Rewrite golden files from the current output (review the diff).",
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


@pytest.fixture
def work() -> Work:
    return default_work()


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> Certificate:
    """A self-signed certificate for the test SMTP server on 127.0.0.1."""
    made = make_certificate(tmp_path_factory.mktemp("tls"))
    if made is None:
        pytest.skip("openssl is needed to make a self-signed certificate")
    return made


@pytest.fixture
def forked_pids(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The children ``os.fork`` makes while the test runs, by pid, in order."""
    forked: list[int] = []
    real_fork = os.fork

    def recording_fork() -> int:
        pid = real_fork()
        if pid:
            forked.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", recording_fork)
    return forked


@pytest.fixture
def without_ocr(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A machine without the ocr extra: ``import tesserocr`` fails while it runs."""
    from reprint.formats import ocr

    ocr._api.cache_clear()
    monkeypatch.setitem(sys.modules, "tesserocr", None)
    yield
    ocr._api.cache_clear()


@pytest.fixture(scope="session")
def planted_crawl(tmp_path_factory: pytest.TempPathFactory) -> Crawl:
    """A crawl with every kind of planted reprint among 300 ordinary pages, pages
    quoting a sentence, and one malformed record of each kind (made in ~1 s)."""
    from crawl import ALL_PLANTS, MALFORMED, Crawl, write_crawl

    path = tmp_path_factory.mktemp("crawl") / "planted.warc.gz"
    manifest = write_crawl(
        path, seed=17, pages=300, plants=ALL_PLANTS, malformed=MALFORMED, quotes=8
    )
    return Crawl(path, manifest)


# fsspec runs its async file systems on a thread of its own and Dask offloads work
# to a thread pool; both outlive the test that started them (the scan tests). A
# process with threads must not fork (``reprint.workers.pages.can_fork``), so a later
# test of the per-page fork in the same pytest worker would run in one process.


def _stop_fsspec_thread() -> None:
    asyn = sys.modules.get("fsspec.asyn")
    if asyn is None or asyn.loop[0] is None:
        return
    loop, thread = asyn.loop[0], asyn.iothread[0]
    loop.call_soon_threadsafe(loop.stop)
    thread.join(timeout=10)
    loop.close()
    asyn.loop[0] = asyn.iothread[0] = None


def _stop_dask_offload_thread() -> None:
    utils = sys.modules.get("distributed.utils")
    if utils is None:
        return
    executor: ThreadPoolExecutor = getattr(utils, "_offload_executor")  # noqa: B009
    executor.shutdown(wait=True)
    # A fresh pool starts no thread until Dask offloads to it again.
    fresh = ThreadPoolExecutor(max_workers=1, thread_name_prefix="Dask-Offload")
    setattr(utils, "_offload_executor", fresh)  # noqa: B010


@pytest.fixture(autouse=True, scope="module")
def _no_threads_left_behind() -> Iterator[None]:
    yield
    _stop_fsspec_thread()
    _stop_dask_offload_thread()


@pytest.fixture(scope="module")
def chromium_session() -> Iterator[None]:
    """One headless Chromium for a module of browser tests, closed after it.

    Those tests are in one xdist group, so they run on one worker, one module
    after another. Closed after each module, the browser leaves no thread behind
    for the fork tests that may run next in the same process. Without Chromium
    they fail loudly, not skip: CI installs it (.ci/run).
    """
    from reprint.formats.html import browser

    browser.require_browser()
    yield
    browser.close_browser()


class ScriptedConfirmer:
    """A PaintConfirmer whose renderer paints what ``unpainted`` does not name.

    Text containing any of ``unpainted`` is not painted, any of ``unfound`` is
    not found; the rest is painted. Every span asked about is recorded.
    """

    def __init__(self, unpainted: tuple[str, ...] = (), unfound: tuple[str, ...] = ()):
        self.unpainted, self.unfound = unpainted, unfound
        self.asked: list[TextSpan] = []

    def confirm(self, spans: Sequence[TextSpan]) -> tuple[Paint, ...]:
        self.asked.extend(spans)
        return tuple(self._answer(span.text) for span in spans)

    def _answer(self, text: str) -> Paint:
        if any(part in text for part in self.unfound):
            return Paint.NOT_FOUND
        if any(part in text for part in self.unpainted):
            return Paint.NOT_PAINTED
        return Paint.PAINTED
