"""A pool of worker processes that check documents, each job under a time limit.

The HTTP service hands CPU-bound checks to these processes so its event loop only
moves bytes; a check over its time ends its worker, which is replaced at once.
The workers import the pipeline, not the public façade ``reprint.api``.
"""

from __future__ import annotations

import asyncio
import importlib
import signal
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from multiprocessing.connection import Connection
from multiprocessing.context import SpawnContext, SpawnProcess

from reprint.errors import ReprintError
from reprint.model import Report
from reprint.pipeline import check, internal_error
from reprint.work import Work

__all__ = ["CheckJob", "Checker", "WorkerLostError", "WorkerPool", "run_check"]


@dataclass(frozen=True, slots=True)
class CheckJob:
    """One document to check, as it travels to a worker process."""

    data: bytes
    name: str
    assume_reprint: bool
    max_bytes: int
    work: Work
    render: bool = False  # read HTML in headless Chromium


# Runs in a worker process, so it must be picklable: a module-level function.
Checker = Callable[[CheckJob], Report]


def run_check(job: CheckJob) -> Report:
    """The real checker: ``reprint.pipeline.check`` on the uploaded bytes.

    One process per check: the pool is the service's parallelism (see
    ``reprint.workers``), so a PDF's pages are not split further.
    """
    return check(
        job.data,
        name=job.name,
        work=job.work,
        assume_reprint=job.assume_reprint,
        max_bytes=job.max_bytes,
        render=job.render,
    )


@dataclass(frozen=True, slots=True)
class _Request:
    checker: Checker
    job: CheckJob


@dataclass(frozen=True, slots=True)
class _Answer:
    report: Report | None = None
    error: ReprintError | None = None
    # The worker's traceback of a bug; ``report`` is then the internal-error one.
    bug: str | None = None


class WorkerLostError(Exception):
    """A worker process died (or was ended) before it answered."""


# What every check loads lazily: the readers of the common formats and the core.
_WARM_MODULES = (
    "reprint.formats.html.reader",
    "reprint.match",
    "reprint.credits",
    "reprint.report",
)
_READY = "ready"


def _serve_jobs(connection: Connection) -> None:
    """A worker process's loop: one job in, one answer out, until the pipe closes."""
    # Ctrl-C on `reprint serve` reaches the whole process group; the server stops
    # its workers itself, so they must not print a KeyboardInterrupt each.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Load what a check needs before the first job arrives, so a new or replacing
    # worker's import time is not charged to the request it serves first.
    importlib.import_module("reprint.pipeline")
    for module in _WARM_MODULES:
        importlib.import_module(module)
    connection.send(_READY)
    while True:
        try:
            request: _Request = connection.recv()
        except EOFError:
            return
        try:
            answer = _Answer(report=request.checker(request.job))
        except ReprintError as exc:
            answer = _Answer(error=exc)
        except Exception as exc:  # a bug: the document's report says so
            report = internal_error(request.job.name, request.job.work, exc)
            answer = _Answer(report=report, bug=traceback.format_exc())
        connection.send(answer)


class _Worker:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, context: SpawnContext) -> None:
        parent, child = context.Pipe()
        self.process: SpawnProcess = context.Process(
            target=_serve_jobs, args=(child,), name="reprint-check", daemon=True
        )
        self.process.start()
        child.close()
        self._connection = parent
        self._is_ready = False

    @property
    def is_ready(self) -> bool:
        """Whether the process has loaded the pipeline (polled, never blocks)."""
        if not self._is_ready:
            try:
                self._is_ready = self._connection.poll() and self._take_ready()
            except (EOFError, OSError):
                return False
        return self._is_ready

    def _take_ready(self) -> bool:
        message = self._connection.recv()
        assert message == _READY, "a worker says it is ready before any answer"
        return True

    def ask(self, request: _Request) -> _Answer:
        """Send a job and wait for the answer; blocks, so it runs in a thread.

        The pipe is closed only here, by the thread using it: a timed-out request
        ends the process, and this thread then sees the pipe break and cleans up.

        Raises:
            WorkerLostError: the process died or was ended before answering.
        """
        try:
            if not self._is_ready:
                self._is_ready = self._take_ready()
            self._connection.send(request)
            answer: _Answer = self._connection.recv()
        except (EOFError, OSError) as exc:
            self.close()
            raise WorkerLostError("the check's worker process ended") from exc
        return answer

    def end(self) -> None:
        """Stop the process at once, whatever it is doing; safe from any thread."""
        if self.process.exitcode is None:
            self.process.kill()

    def close(self) -> None:
        self.end()
        self.process.join()
        self._connection.close()


class WorkerPool:
    """A fixed number of worker processes; a job over its time ends its worker."""

    def __init__(self, size: int, checker: Checker) -> None:
        self._size = max(1, size)
        self._checker = checker
        # spawn, not fork: the server has threads, and a forked child could inherit
        # a lock held by one of them.
        self._context = get_context("spawn")
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()
        # Each busy worker holds one thread in a blocking pipe read; a worker being
        # replaced may hold another until its process is gone.
        self._threads = ThreadPoolExecutor(
            max_workers=2 * self._size + 1, thread_name_prefix="reprint-pipe"
        )

    def start(self) -> None:
        for _ in range(self._size):
            self._add()

    def _add(self) -> None:
        worker = _Worker(self._context)
        self._all.add(worker)
        self._idle.put_nowait(worker)

    def _replace(self, worker: _Worker) -> None:
        worker.end()
        self._all.discard(worker)
        self._add()

    @property
    def size(self) -> int:
        return len(self._all)

    @property
    def ready(self) -> int:
        """How many workers have loaded the pipeline and can start a check at once."""
        return sum(worker.is_ready for worker in list(self._all))

    async def run(self, job: CheckJob, timeout_s: float) -> _Answer:
        """Check ``job`` in a worker; waiting for a free worker counts in the time.

        Raises:
            TimeoutError: no answer within ``timeout_s``.
            WorkerLostError: the worker died (a crash in a native library).
        """
        loop = asyncio.get_running_loop()
        async with asyncio.timeout(timeout_s):
            worker = await self._idle.get()
            try:
                answer = await loop.run_in_executor(
                    self._threads, worker.ask, _Request(self._checker, job)
                )
            except BaseException:
                # Timed out, cancelled or crashed: the process may be mid-check, and
                # ending it is the only way to get its CPU back.
                self._replace(worker)
                raise
            self._idle.put_nowait(worker)
            return answer

    def close(self) -> None:
        for worker in self._all:
            worker.end()
        for worker in self._all:
            worker.process.join()
        self._all.clear()
        self._threads.shutdown(wait=True, cancel_futures=True)
