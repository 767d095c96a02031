"""Splitting a job over forked processes: same result as one call, errors carried."""

from __future__ import annotations

import faulthandler
import os
import re
import signal
import threading
from pathlib import Path

import pytest

from reprint import api
from reprint.errors import CorruptInputError, InputError
from reprint.formats.pdf import reader as pdf
from reprint.workers.pages import WorkerCrashedError, can_fork, map_ranges

needs_fork = pytest.mark.skipif(not can_fork(), reason="no fork, or threads running")
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def squares(start: int, stop: int) -> list[tuple[int, int, int]]:
    return [(n, n * n, os.getpid()) for n in range(start, stop)]


@needs_fork
@pytest.mark.parametrize(("count", "processes"), [(10, 2), (10, 3), (7, 7), (3, 8)])
def test_results_are_those_of_one_call_in_order(count: int, processes: int) -> None:
    found = map_ranges(squares, count, processes)
    assert [(n, square) for n, square, _ in found] == [(n, n * n) for n in range(count)]
    pids = {pid for _, _, pid in found}
    assert len(pids) == min(count, processes)
    assert os.getpid() in pids  # this process reads the first range itself


@needs_fork
def test_this_process_reads_more_by_what_sending_back_costs() -> None:
    # 100 items, 2 processes, sending a result costing 25 % of reading it: this
    # process reads 1.25 parts of 2.25, the first 55 items; the child the rest.
    found = map_ranges(squares, 100, 2, send_share=0.25)
    assert [(n, square) for n, square, _ in found] == [(n, n * n) for n in range(100)]
    here = [n for n, _, pid in found if pid == os.getpid()]
    assert here == list(range(55))


def test_one_process_or_no_items_runs_here() -> None:
    assert {pid for *_, pid in map_ranges(squares, 5, 1)} == {os.getpid()}
    assert map_ranges(squares, 0, 4) == []


@needs_fork
def test_an_error_in_a_child_is_raised_here() -> None:
    def failing(start: int, stop: int) -> list[int]:
        if start > 0:
            raise CorruptInputError(f"page {start + 1} is broken")
        return list(range(start, stop))

    with pytest.raises(CorruptInputError, match="page 6 is broken"):
        map_ranges(failing, 10, 2)


@needs_fork
def test_a_child_that_dies_is_reported_not_waited_for() -> None:
    def crashing(start: int, stop: int) -> list[int]:
        if start > 0:
            # Crash as a C library would, but quietly: pytest's faulthandler would
            # print this process's stack into the run's output, and the kernel
            # could leave a core file.
            import resource  # Unix only, as fork is

            faulthandler.disable()
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
            os.kill(os.getpid(), signal.SIGSEGV)
        return list(range(start, stop))

    with pytest.raises(WorkerCrashedError, match="signal 11") as caught:
        map_ranges(crashing, 10, 2)
    assert (caught.value.start, caught.value.stop) == (5, 10)


@needs_fork
def test_an_error_here_stops_and_reaps_the_children(forked_pids: list[int]) -> None:
    def failing_here(start: int, stop: int) -> list[int]:
        if start == 0:
            raise ValueError("first range")
        return list(range(start, stop))

    with pytest.raises(ValueError, match="first range"):
        map_ranges(failing_here, 10, 3)
    assert len(forked_pids) == 2
    for pid in forked_pids:  # each one waited for: not even a zombie is left
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


def test_with_other_threads_running_nothing_is_forked() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        found = map_ranges(squares, 10, 4)
    finally:
        stop.set()
        thread.join()
    assert {pid for *_, pid in found} == {os.getpid()}


@needs_fork
def test_a_pdf_read_in_several_processes_is_the_same_document(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pdf, "MIN_PAGES_PER_PROCESS", 1)
    split = 0
    for path in sorted(FIXTURES.glob("*/pdf/*.pdf")):
        try:
            document = api.extract(path)
        except InputError as exc:  # encrypted, damaged: the same error either way
            with pytest.raises(type(exc), match=re.escape(str(exc))):
                api.extract(path, jobs=3)
            continue
        assert api.extract(path, jobs=3) == document, path.name
        split += (document.page_count or 0) > 1
    assert split >= 10


@needs_fork
def test_a_crash_reading_pages_is_a_corrupt_pdf(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def crash(
        read: object, count: int, processes: int, send_share: float
    ) -> list[object]:
        raise WorkerCrashedError(0, count, "the worker was killed by signal 11")

    monkeypatch.setattr(pdf, "map_ranges", crash)
    with pytest.raises(
        CorruptInputError, match="pages 1-4 of the PDF failed: the worker was killed"
    ):
        api.extract(FIXTURES / "eval" / "pdf" / "reportlab-hyphenated.pdf")
