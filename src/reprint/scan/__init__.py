"""``reprint scan``: find the work's republications in a web crawl (WARC and ARC).

Built on the public library API only (``reprint.api.check``, ``check_document``
and ``extract``): a cheap screen picks the records worth checking, ``check``
judges them exactly as it judges any other document.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from reprint.scan.engines import Engine, run_dask, run_local
from reprint.scan.findings import Finding, Tally, TaskResult
from reprint.scan.screen import Screen
from reprint.scan.tasks import ScanSettings, Task, plan_tasks
from reprint.work import Work, default_work

__all__ = ["Engine", "Finding", "Tally", "Task", "TaskResult", "plan_tasks", "scan"]

# Ranges of a large file are tasks of their own; a Common Crawl WARC file is
# about 1 GB, so a file is split in four for local workers.
DEFAULT_RANGE_BYTES = 256 << 20
# A record's payload at most, as `check --max-bytes` defaults to.
DEFAULT_MAX_BYTES = 64 << 20


def scan(
    sources: Sequence[str],
    *,
    work: Work | None = None,
    engine: Engine | str = Engine.LOCAL,
    jobs: int = 1,
    scheduler: str | None = None,
    max_bytes: int | None = None,
    range_bytes: int | None = DEFAULT_RANGE_BYTES,
    tasks: Sequence[Task] | None = None,
) -> Iterator[TaskResult]:
    """Scan WARC/ARC files, folders of them, lists of paths or URLs for the work.

    Yields each task's result as it finishes. ``max_bytes`` bounds a record's
    payload (larger ones are skipped and counted); ``range_bytes`` splits larger
    WARC files into tasks; ``tasks`` (from ``plan_tasks``) replaces ``sources``.

    Raises:
        UsageError: a source does not exist, an unknown engine, or no Dask.
    """
    from reprint.errors import UsageError

    try:
        chosen = Engine(engine)
    except ValueError as exc:
        raise UsageError(f"unknown engine '{engine}'") from exc
    chosen_work = work or default_work()
    settings = ScanSettings(
        chosen_work,
        max_bytes or DEFAULT_MAX_BYTES,
        Screen.from_work(chosen_work),
    )
    planned = (
        list(tasks) if tasks is not None else plan_tasks(sources, range_bytes, jobs)
    )
    if chosen is Engine.DASK:
        return run_dask(planned, settings, scheduler, jobs)
    return run_local(planned, settings, jobs)
