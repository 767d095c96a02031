"""The one-document pipeline: read a file, find the reuse and the credits, judge.

``extract`` turns a path or bytes into a ``Document``; ``check_document`` judges
one; ``check`` does both and turns a file that cannot be read into an
"unverifiable" report. ``check_file`` is ``check`` for a file of a batch, where a
file found in a folder that is not a document at all is ``Skipped``, not judged.

``check`` and ``check_file`` never raise for a document: a bug met while reading
or judging one (any exception) becomes its report, "unverifiable" with an
``internal-error`` problem naming the exception, and a document over its CPU-time
budget becomes one with a ``timeout`` problem. Every shell (the CLI, the batch
workers, the service's workers) gets this from here, not from a copy of its own.
How many processes run these is decided in ``reprint.workers``.
"""

from __future__ import annotations

import gc
import logging
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from types import FrameType
from typing import TypeVar

from reprint.errors import (
    EmptyInputError,
    InputError,
    UnsafeInputError,
    UnsupportedFormatError,
)
from reprint.formats.options import ExtractOptions
from reprint.formats.registry import extract_bytes
from reprint.limits import DEFAULT_LIMITS
from reprint.model import Document, Problem, ProblemCode, Report
from reprint.sources import local_images, local_stylesheets, read_source
from reprint.work import Work, default_work

__all__ = [
    "Skipped",
    "check",
    "check_document",
    "check_file",
    "extract",
    "internal_error",
    "library_log",
    "library_warnings",
]

_log = logging.getLogger("reprint.pipeline")
_T = TypeVar("_T")

# What makes a file found in a folder no document at all, rather than a damaged
# one: nothing in it, or bytes of a format reprint does not read.
_NOT_A_DOCUMENT = (EmptyInputError, UnsupportedFormatError)


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file found in a folder that is not a document: not ours to judge."""

    file: str
    cause: str  # the message of the error that showed it is no document


def _options(
    password: str | None, max_bytes: int | None, jobs: int = 1, render: bool = False
) -> ExtractOptions:
    limits = (
        DEFAULT_LIMITS
        if max_bytes is None
        else replace(DEFAULT_LIMITS, max_input_bytes=max_bytes)
    )
    return ExtractOptions(
        limits=limits, password=password, processes=jobs, render=render
    )


def extract(
    source: Path | str | bytes,
    *,
    name: str = "",
    password: str | None = None,
    max_bytes: int | None = None,
    jobs: int = 1,
    site: Path | None = None,
    render: bool = False,
) -> Document:
    """Extract what a reader sees (and what is hidden) from a file path or bytes.

    ``name`` labels bytes in messages and lets a misleading suffix be reported.
    ``jobs`` > 1 lets a long PDF's pages be read in that many forked processes
    (in a single-threaded process on a system with ``fork``; the result is the same).
    An HTML page read from disk is shown with the local style sheets it links to;
    ``site`` is the folder being checked, where they may be found (see
    ``reprint.sources.local_stylesheets``). ``render`` reads HTML in headless
    Chromium (``reprint.formats.html.browser``) instead of the static reader.

    Raises:
        BrowserUnavailableError: ``render`` without Chromium or Playwright.
        InputError: the file cannot be read; the message names it and the cause.
    """
    options = _options(password, max_bytes, jobs, render)
    label = _label(source, name)
    try:
        if isinstance(source, bytes):
            data = source
            limit = options.limits.max_input_bytes
            if len(data) > limit:
                raise UnsafeInputError(f"over the {limit} byte limit")
        else:
            path = Path(source)
            data = read_source(path, options.limits)
            # A page on disk is shown with the style sheets it links to beside it.
            styles = local_stylesheets(path, site, options.limits)
            images = local_images(path, site, options.limits)
            options = replace(options, stylesheets=styles, images=images)
        with _collector_paused(), library_log() as logged:
            document = extract_bytes(data, label, options)
    except InputError as exc:
        raise type(exc)(f"cannot read '{label}': {exc.template}") from exc
    if not logged:
        return document
    return replace(document, problems=(*document.problems, *library_warnings(logged)))


# Distinct library warnings kept per document; a damaged PDF can make pypdf log
# the same flaw once per object.
MAX_LIBRARY_WARNINGS = 5


@contextmanager
def library_log() -> Iterator[list[logging.LogRecord]]:
    """Collect the warnings third-party libraries log in this thread meanwhile.

    Without a handler, Python prints them bare on stderr (pypdf's "incorrect
    startxref pointer(1)"), with no file name; collected, they become problems
    of the document they are about. Records of other threads are left alone.
    """
    records: list[logging.LogRecord] = []
    thread = threading.get_ident()

    class Collector(logging.Handler):
        def filter(self, record: logging.LogRecord) -> bool:
            return (
                record.thread == thread
                and record.levelno >= logging.WARNING
                and record.name.partition(".")[0] != "reprint"
            )

        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    collector = Collector()
    root = logging.getLogger()
    root.addHandler(collector)
    try:
        yield records
    finally:
        root.removeHandler(collector)


def library_warnings(records: list[logging.LogRecord]) -> list[Problem]:
    """The distinct messages of ``records``, each named by its library."""
    messages = dict.fromkeys(
        f"{record.name.partition('.')[0]}: {' '.join(record.getMessage().split())}"
        for record in records
    )
    kept = list(messages)[:MAX_LIBRARY_WARNINGS]
    if len(messages) > len(kept):
        kept[-1] += f" (and {len(messages) - len(kept)} more)"
    return [Problem(ProblemCode.LIBRARY_WARNING, message) for message in kept]


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cycle collector for one document, restoring its state after.

    Extraction and matching allocate hundreds of thousands of small objects that
    form no cycles; the collector would scan them again and again for nothing
    (8 % of checking a 500-page PDF). Anything cyclic is collected once it resumes.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _label(source: Path | str | bytes, name: str) -> str:
    """How messages and reports name a source: its name, path, or "<bytes>"."""
    return name or ("<bytes>" if isinstance(source, bytes) else str(source))


def check_document(
    document: Document,
    *,
    file: str = "<document>",
    work: Work | None = None,
    assume_reprint: bool = False,
) -> Report:
    """Judge an already extracted document: reuse, credits and verdict."""
    from reprint.confirm import Judged, confirm_painted
    from reprint.credits import check_credits
    from reprint.match import find_reuse
    from reprint.report import judge

    work = work or default_work()
    with _collector_paused():
        reuse = find_reuse(work, document.blocks)
        credits = check_credits(work, document)
        # The decisive text confirmed by rendering, where the reader can (PDF).
        found = confirm_painted(work, Judged(document, reuse, credits))
    return judge(
        file,
        work,
        found.document,
        found.reuse,
        found.credits,
        is_known_reprint=assume_reprint,
    )


def check(
    source: Path | str | bytes,
    *,
    name: str = "",
    work: Work | None = None,
    assume_reprint: bool = False,
    password: str | None = None,
    max_bytes: int | None = None,
    jobs: int = 1,
    site: Path | None = None,
    render: bool = False,
    timeout_s: float | None = None,
) -> Report:
    """Check whether a document reprints the work and gives every required credit.

    A file that cannot be read does not raise: its report is "unverifiable" with
    the cause in ``problems``; so is one that meets a bug in reprint, or that takes
    more than ``timeout_s`` seconds of CPU time (None: no budget; enforced only in
    the main thread). ``jobs``, ``site`` and ``render`` are as for ``extract``.
    """
    work = work or default_work()
    label = _label(source, name)

    def run() -> Report:
        try:
            document = extract(
                source,
                name=name,
                password=password,
                max_bytes=max_bytes,
                jobs=jobs,
                site=site,
                render=render,
            )
        except InputError as exc:
            return _unreadable(label, work, exc, render)
        return check_document(
            document, file=label, work=work, assume_reprint=assume_reprint
        )

    return _guarded(label, work, timeout_s, run)


def check_file(
    path: Path,
    *,
    found_in: Path | None,
    work: Work,
    assume_reprint: bool = False,
    password: str | None = None,
    max_bytes: int | None = None,
    jobs: int = 1,
    render: bool = False,
    timeout_s: float | None = None,
) -> Report | Skipped:
    """``check`` one file of a batch: named (``found_in`` None) or found in a folder.

    A file named is always judged, as ``check`` does. A file found in the folder
    ``found_in`` that is empty or of a format reprint does not read is ``Skipped``:
    a folder holds images and archives beside its documents. Like ``check``, it
    never raises for the document.
    """

    def run() -> Report | Skipped:
        try:
            document = extract(
                path,
                password=password,
                max_bytes=max_bytes,
                jobs=jobs,
                site=found_in,
                render=render,
            )
        except _NOT_A_DOCUMENT as exc:
            if found_in is not None:
                return Skipped(str(path), str(exc))
            return _unreadable(str(path), work, exc, render)
        except InputError as exc:
            return _unreadable(str(path), work, exc, render)
        return check_document(
            document, file=str(path), work=work, assume_reprint=assume_reprint
        )

    return _guarded(str(path), work, timeout_s, run)


class _OverBudget(BaseException):
    """Raised by the CPU-time alarm; a BaseException so that no reader's broad
    ``except Exception`` can swallow it."""


@contextmanager
def _cpu_budget(seconds: float | None) -> Iterator[None]:
    """Raise ``_OverBudget`` once this process has spent ``seconds`` of CPU time.

    A profiling timer (ITIMER_PROF counts user and system time) and its signal:
    only the main thread can take a signal, so elsewhere there is no budget. A
    forked page process does not inherit the timer.
    """
    if (
        not seconds
        or not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return

    def over(signum: int, frame: FrameType | None) -> None:
        raise _OverBudget

    previous = signal.signal(signal.SIGPROF, over)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def _guarded(
    label: str, work: Work, timeout_s: float | None, run: Callable[[], _T]
) -> _T | Report:
    """``run()``, or the report of a document it could not finish: over its CPU
    budget, or a bug (any exception) met while reading or judging it."""
    from reprint.report import unreadable

    try:
        with _cpu_budget(timeout_s):
            return run()
    except _OverBudget:
        message = (
            f"checking '{label}' took more than its {timeout_s:g} s CPU-time budget"
        )
        return unreadable(label, work, Problem(ProblemCode.TIMEOUT, message))
    except Exception as exc:
        _log.debug("internal error checking %r", label, exc_info=True)
        return internal_error(label, work, exc)


def internal_error(label: str, work: Work, exc: BaseException | str) -> Report:
    """The report of a document whose check met a bug in reprint: unverifiable,
    with an ``internal-error`` problem giving the exception's one-line summary."""
    from reprint.report import unreadable

    summary = exc if isinstance(exc, str) else _one_line(exc)
    message = (
        f"internal error in reprint while checking '{label}' "
        f"(a bug; please report it): {summary}"
    )
    return unreadable(label, work, Problem(ProblemCode.INTERNAL_ERROR, message))


def _one_line(exc: BaseException) -> str:
    """``TypeName: first line of the message``, at most 300 characters."""
    lines = str(exc).strip().splitlines()
    text = f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__
    return text if len(text) <= 300 else text[:299] + "…"


def _unreadable(
    label: str, work: Work, exc: InputError, render: bool = False
) -> Report:
    from reprint.report import unreadable

    engine = "chromium" if render else "static"
    return unreadable(label, work, Problem(exc.code, str(exc), exc.template), engine)
