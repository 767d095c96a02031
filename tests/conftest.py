"""Shared test configuration: golden-file updates and paths to fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

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
