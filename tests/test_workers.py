"""Which parallelism runs when: a batch's jobs go to its files, or one file's pages."""

from __future__ import annotations

import pytest

from reprint.workers import Plan, plan


@pytest.mark.parametrize(
    ("files", "jobs", "expected"),
    [
        (10, 4, Plan(file_processes=4, page_processes=1)),
        (2, 2, Plan(file_processes=2, page_processes=1)),
        # One file: the jobs read its pages instead.
        (1, 4, Plan(file_processes=1, page_processes=4)),
        (10, 1, Plan(file_processes=1, page_processes=1)),
        (0, 3, Plan(file_processes=1, page_processes=3)),
        (5, 0, Plan(file_processes=1, page_processes=1)),
    ],
    ids=["batch", "two-files", "one-file", "one-job", "no-files", "zero-jobs"],
)
def test_jobs_go_to_the_files_or_to_a_lone_files_pages(
    files: int, jobs: int, expected: Plan
) -> None:
    assert plan(files, jobs) == expected
