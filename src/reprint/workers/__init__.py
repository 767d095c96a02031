"""All of reprint's parallelism, and the one place that says which runs when.

Three kinds of worker process, one module each:

- ``pages``: one long PDF's pages read in forked copies of this process
  (contiguous page ranges, results in order). Used by the PDF reader in
  ``formats``, so it imports nothing from reprint: it sits at the bottom layer.
  It forks only in a single-threaded process with ``fork``; elsewhere the ranges
  are read here, one after the other, with the same result.
- ``batch``: the files of ``reprint check`` (``api.check_paths``) in a pool of
  forked processes, each file checked by ``pipeline.check_file``.
- ``service_pool``: the HTTP service's long-lived spawned processes, each check
  under a time limit; a check over its time ends its worker.

``plan`` decides how a batch's ``jobs`` are spent: on files when there are
several, on one file's pages when there is one. The service's checks never split
pages: its pool already has one process per core it was given, and the server's
threads make forking unsafe (its workers are spawned, and check with ``jobs=1``).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Plan", "plan"]


@dataclass(frozen=True, slots=True)
class Plan:
    """How many processes check files, and how many read each file's pages."""

    file_processes: int  # 1: the files are checked here, one after the other
    page_processes: int  # per file: the PDF reader's forked page ranges


def plan(files: int, jobs: int) -> Plan:
    """Spend ``jobs`` processes on a batch's files, or on a lone file's pages.

    Files are independent and many, so they use the processes best; a single
    file's pages are the only work left to share when there is one.
    """
    if jobs <= 1 or files <= 1:
        return Plan(file_processes=1, page_processes=max(1, jobs))
    return Plan(file_processes=jobs, page_processes=1)
