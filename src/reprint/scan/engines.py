"""Where tasks run: in this process, in local worker processes, or on Dask.

Each task's result comes back whole when the task finishes, so a task that dies
half-way (its worker killed) and is run again reports its findings once.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from enum import StrEnum

from reprint.errors import UsageError
from reprint.scan.findings import TaskResult
from reprint.scan.tasks import ScanSettings, Task, run_task


class Engine(StrEnum):
    """How the tasks of a scan are run."""

    LOCAL = "local"
    DASK = "dask"


# A worker process's settings, set by the pool's initializer: the work and its
# shingles are sent once per process, not pickled with every task.
_worker_settings: ScanSettings | None = None


def _init_worker(settings: ScanSettings) -> None:
    global _worker_settings
    _worker_settings = settings


def _run_in_worker(task: Task) -> TaskResult:
    assert _worker_settings is not None, "the pool initializer sets it"
    return run_task(task, _worker_settings)


def run_local(
    tasks: Sequence[Task], settings: ScanSettings, jobs: int
) -> Iterator[TaskResult]:
    """Run the tasks in ``jobs`` worker processes, yielding results as they finish."""
    if jobs <= 1 or len(tasks) <= 1:
        for task in tasks:
            yield run_task(task, settings)
        return
    from concurrent.futures import ProcessPoolExecutor, as_completed

    with ProcessPoolExecutor(
        max_workers=jobs, initializer=_init_worker, initargs=(settings,)
    ) as pool:
        futures = [pool.submit(_run_in_worker, task) for task in tasks]
        for future in as_completed(futures):
            yield future.result()


def run_dask(
    tasks: Sequence[Task],
    settings: ScanSettings,
    scheduler: str | None,
    jobs: int,
) -> Iterator[TaskResult]:
    """Run one Dask task per ``Task`` on the cluster at ``scheduler``, or on a
    LocalCluster of ``jobs`` worker processes; yield results as tasks finish.

    Raises:
        UsageError: Dask is not installed or the scheduler cannot be reached.
    """
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError as exc:
        raise UsageError(
            "--engine dask needs Dask: pip install 'reprint[scan]'"
        ) from exc
    cluster = None
    try:
        if scheduler is None:
            cluster = LocalCluster(
                n_workers=max(1, jobs),
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",
            )
            client = Client(cluster)
        else:
            client = Client(scheduler, timeout="30s")
    except OSError as exc:
        raise UsageError(
            f"cannot reach the Dask scheduler '{scheduler}': {exc}"
        ) from exc
    try:
        shared = client.scatter(settings, broadcast=True)
        # pure=False: two tasks over equal inputs are still two tasks to run.
        futures = [
            client.submit(
                run_task, task, shared, key=f"scan-{i}-{task.name}", pure=False
            )
            for i, task in enumerate(tasks)
        ]
        for future in as_completed(futures):
            result: TaskResult = future.result()
            future.release()
            yield result
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
