"""Split one big job over forked processes: contiguous ranges, results in order.

A 500-page PDF is read page by page through PDFium, which is not thread-safe;
with a spare core, the second half of the pages can be read by a forked copy of
this process while this one reads the first half. The children inherit the open
document (no re-parse), send their results back pickled through a pipe, and leave
with ``os._exit``: no buffered output is flushed twice, no finalizer runs twice.

Forking is only safe in a single-threaded process, so where other threads run (a
web server), or where there is no ``fork`` (Windows), the ranges are read here,
one after the other, with the same result.
"""

from __future__ import annotations

import itertools
import os
import pickle
import signal
import threading
from collections.abc import Callable
from typing import TypeVar

__all__ = ["WorkerCrashedError", "can_fork", "map_ranges"]

T = TypeVar("T")


class WorkerCrashedError(Exception):
    """A child died without sending a result (a crash in C code, a kill)."""

    def __init__(self, start: int, stop: int, detail: str) -> None:
        super().__init__(f"items {start + 1}-{stop}: {detail}")
        self.start, self.stop, self.detail = start, stop, detail


def can_fork() -> bool:
    """Whether forking is possible and safe here: ``fork`` exists, one thread runs."""
    return hasattr(os, "fork") and threading.active_count() == 1


def _ranges(count: int, parts: int, send_share: float = 0.0) -> list[tuple[int, int]]:
    """``range(count)`` cut into ``parts`` contiguous (start, stop) ranges.

    The first range is ``1 + send_share`` times as long as each of the others.
    """
    total = parts + send_share
    inner = (int(count * (part + send_share) / total) for part in range(1, parts))
    return list(itertools.pairwise([0, *inner, count]))


def map_ranges(
    read: Callable[[int, int], list[T]],
    count: int,
    processes: int,
    send_share: float = 0.0,
) -> list[T]:
    """``read(start, stop)`` over ``range(count)`` in up to ``processes`` processes.

    The results of the ranges are concatenated in order, exactly as one call
    ``read(0, count)`` would give them. An exception ``read`` raises in a child
    is raised here (the first range's first); a child that dies without a result
    raises ``WorkerCrashedError``. ``send_share`` is what sending an item's result
    back costs a child, as a share of reading it: this process, which sends
    nothing, reads that much more, so that it does not wait for the children.
    """
    processes = min(processes, count)
    if processes <= 1 or not can_fork():
        return read(0, count)
    first, *rest = _ranges(count, processes, send_share)
    children: list[tuple[int, int, tuple[int, int]]] = []  # pid, read end, range
    try:
        for start, stop in rest:
            children.append((*_fork(read, start, stop), (start, stop)))
        results = read(*first)
        while children:
            pid, reader, (start, stop) = children.pop(0)
            results.extend(_collect(pid, reader, start, stop))
        return results
    finally:
        for pid, reader, _ in children:  # left only after an error: stop them
            os.close(reader)
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)


def _fork(
    read: Callable[[int, int], list[T]], start: int, stop: int
) -> tuple[int, int]:
    reader, writer = os.pipe()
    pid = os.fork()
    if pid:
        os.close(writer)
        return pid, reader
    # The child: never returns, never runs the parent's clean-up.
    status = 1
    try:
        os.close(reader)
        try:
            outcome: tuple[bool, object] = (True, read(start, stop))
        except Exception as exc:  # sent to the parent, which raises it
            outcome = (False, exc)
        payload = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(writer, "wb") as pipe:
            pipe.write(payload)
        status = 0
    finally:
        os._exit(status)


def _collect(pid: int, reader: int, start: int, stop: int) -> list[T]:
    with os.fdopen(reader, "rb") as pipe:
        payload = pipe.read()
    _, status = os.waitpid(pid, 0)
    if not payload:
        code = os.waitstatus_to_exitcode(status)
        if code < 0:
            detail = f"the worker was killed by signal {-code}"
        else:
            detail = f"the worker exited with status {code}"
        raise WorkerCrashedError(start, stop, detail)
    is_result, value = pickle.loads(payload)
    if not is_result:
        assert isinstance(value, BaseException)
        raise value
    assert isinstance(value, list)
    return value
