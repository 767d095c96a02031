"""Shared test configuration: golden-file updates and paths to fixtures."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from smtp_double import Certificate, make_certificate

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
