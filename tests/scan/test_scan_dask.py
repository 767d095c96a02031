"""``--engine dask`` on a real LocalCluster of two worker processes."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from crawl import ALL_PLANTS, MAX_BYTES, Plant, write_crawl

from reprint.scan import TaskResult, scan
from reprint.scan.findings import Finding

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def crawl_files(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, dict[str, Plant]]:
    """Six files, three plants in each, so each task takes about half a second."""
    folder = tmp_path_factory.mktemp("dask-crawl")
    planted: dict[str, Plant] = {}
    for i in range(6):
        manifest = write_crawl(
            folder / f"part-{i}.warc.gz",
            seed=100 + i,
            pages=120,
            plants=ALL_PLANTS[3 * i : 3 * i + 3],
            malformed=("junk",),
        )
        planted.update(manifest.planted)
    return folder, planted


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """The scheduler address of two worker processes, one thread each."""
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as local:
        yield local.scheduler_address


def _findings(results: Iterator[TaskResult]) -> list[Finding]:
    return [finding for result in results for finding in result.findings]


def test_dask_finds_every_planted_reprint_once(
    crawl_files: tuple[Path, dict[str, Plant]], cluster: str
) -> None:
    folder, planted = crawl_files
    address = cluster
    results = scan([str(folder)], engine="dask", scheduler=address, max_bytes=MAX_BYTES)
    found = _findings(results)
    assert sorted(f.url for f in found) == sorted(planted)
    assert {f.url: f.verdict for f in found} == {
        u: p.verdict for u, p in planted.items()
    }


def test_worker_killed_mid_task_loses_and_repeats_no_finding(
    crawl_files: tuple[Path, dict[str, Plant]], cluster: str
) -> None:
    from distributed import Client

    folder, planted = crawl_files
    address = cluster
    killed: list[tuple[str, int, tuple[str, ...]]] = []

    def kill_a_busy_worker() -> None:
        with Client(address) as watcher:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                busy = {w: ks for w, ks in watcher.processing().items() if ks}
                if busy:
                    worker, keys = next(iter(busy.items()))
                    pid = watcher.run(os.getpid, workers=[worker])[worker]
                    os.kill(pid, signal.SIGKILL)
                    killed.append((worker, pid, tuple(keys)))
                    return
                time.sleep(0.02)

    killer = threading.Thread(target=kill_a_busy_worker)
    results = scan([str(folder)], engine="dask", scheduler=address, max_bytes=MAX_BYTES)
    killer.start()
    found = _findings(results)
    killer.join()
    assert killed, "no worker was busy to be killed"
    assert any(key.startswith("scan-") for key in killed[0][2])
    urls = [f.url for f in found]
    assert sorted(urls) == sorted(planted)  # none lost, none twice


def test_cli_starts_a_local_cluster_when_no_scheduler_is_given(
    crawl_files: tuple[Path, dict[str, Plant]], tmp_path: Path
) -> None:
    from click.testing import CliRunner

    from reprint.cli import main

    folder, planted = crawl_files
    out = tmp_path / "f.jsonl"
    args = ["scan", str(folder), "--engine", "dask", "--jobs", "2", "-o", str(out)]
    result = CliRunner().invoke(main, [*args, "--max-bytes", str(MAX_BYTES)])
    assert result.exit_code == 1, result.output + str(result.exception)
    assert "skipped: 6\n" in result.stdout  # the junk of each of the six files
    assert len(out.read_text("utf-8").splitlines()) == len(planted)
