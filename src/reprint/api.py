"""The typed library API; the CLI and the HTTP service are thin shells over it.

``from reprint import check, extract, cite, credit_line, notify``.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from reprint.errors import (
    EmptyInputError,
    InputError,
    UnsafeInputError,
    UnsupportedFormatError,
    UsageError,
    WorkError,
)
from reprint.formats import ExtractOptions, extract_bytes
from reprint.limits import DEFAULT_LIMITS
from reprint.model import Document, Problem, Report
from reprint.sources import expand_paths, local_stylesheets, read_source
from reprint.work import Work, default_work

# Each command needs only its own part of the pipeline: matching, citing and
# drafting are imported by the functions that use them, so `reprint extract` and
# `reprint cite` start without the rest.
if TYPE_CHECKING:  # pragma: no cover
    from reprint.cite import CiteFormat
    from reprint.csl import StyleEntry
    from reprint.markup import Markup
    from reprint.notify import EmailDraft, NoticeFields

__all__ = [
    "check",
    "check_document",
    "check_paths",
    "cite",
    "credit_line",
    "extract",
    "list_styles",
    "load_work",
    "notify",
]


def _options(
    password: str | None, max_bytes: int | None, jobs: int = 1
) -> ExtractOptions:
    limits = (
        DEFAULT_LIMITS
        if max_bytes is None
        else replace(DEFAULT_LIMITS, max_input_bytes=max_bytes)
    )
    return ExtractOptions(limits=limits, password=password, processes=jobs)


def extract(
    source: Path | str | bytes,
    *,
    name: str = "",
    password: str | None = None,
    max_bytes: int | None = None,
    jobs: int = 1,
    site: Path | None = None,
) -> Document:
    """Extract what a reader sees (and what is hidden) from a file path or bytes.

    ``name`` labels bytes in messages and lets a misleading suffix be reported.
    ``jobs`` > 1 lets a long PDF's pages be read in that many forked processes
    (in a single-threaded process on a system with ``fork``; the result is the same).
    An HTML page read from disk is shown with the local style sheets it links to;
    ``site`` is the folder being checked, where they may be found (see
    ``reprint.sources.local_stylesheets``).

    Raises:
        InputError: the file cannot be read; the message names it and the cause.
    """
    options = _options(password, max_bytes, jobs)
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
            options = replace(options, stylesheets=styles)
        with _collector_paused():
            return extract_bytes(data, label, options)
    except InputError as exc:
        raise type(exc)(f"cannot read '{label}': {exc}") from exc


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


def load_work(path: Path | str | None = None) -> Work:
    """The work described by the TOML work file at ``path``, or the embedded default.

    Raises:
        WorkError: the file cannot be read or does not describe a work.
    """
    if path is None:
        return default_work()
    try:
        text = Path(path).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise WorkError(f"cannot read work file '{path}': {exc}") from exc
    return Work.from_toml(text, str(path))


def check_document(
    document: Document,
    *,
    file: str = "<document>",
    work: Work | None = None,
    assume_reprint: bool = False,
) -> Report:
    """Judge an already extracted document: reuse, credits and verdict."""
    from reprint.credits import check_credits
    from reprint.match import find_reuse
    from reprint.report import judge

    work = work or default_work()
    with _collector_paused():
        reuse = find_reuse(work, document.blocks)
        # With no text to read, judge reports every credit unknown: none searched.
        credits = check_credits(work, document) if document.has_text else ()
    return judge(file, work, document, reuse, credits, is_known_reprint=assume_reprint)


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
) -> Report:
    """Check whether a document reprints the work and gives every required credit.

    A file that cannot be read does not raise: its report is "unverifiable" with
    the cause in ``problems``. ``jobs`` and ``site`` are as for ``extract``.
    """
    work = work or default_work()
    label = _label(source, name)
    try:
        document = extract(
            source,
            name=name,
            password=password,
            max_bytes=max_bytes,
            jobs=jobs,
            site=site,
        )
    except InputError as exc:
        from reprint.report import unreadable

        return unreadable(label, work, Problem(exc.code, str(exc)))
    return check_document(
        document, file=label, work=work, assume_reprint=assume_reprint
    )


@dataclass(frozen=True, slots=True)
class _BatchSettings:
    """What every file of a batch is checked with; sent to each worker once."""

    work: Work
    assume_reprint: bool
    password: str | None
    max_bytes: int | None


# A worker process's settings, set by the pool's initializer: the work is sent
# once per process rather than pickled with each of a thousand files.
_worker_settings: _BatchSettings | None = None


def _init_worker(settings: _BatchSettings) -> None:
    global _worker_settings
    _worker_settings = settings


# Problems of a file that is not a document at all (in a folder: not ours to judge).
_NOT_DOCUMENT_CODES = frozenset({UnsupportedFormatError.code, EmptyInputError.code})


def _check_one(
    settings: _BatchSettings, path: Path, found_in: Path | None, jobs: int = 1
) -> Report | None:
    report = check(
        path,
        work=settings.work,
        assume_reprint=settings.assume_reprint,
        password=settings.password,
        max_bytes=settings.max_bytes,
        jobs=jobs,
        site=found_in,
    )
    codes = {problem.code for problem in report.problems}
    if found_in is not None and not codes.isdisjoint(_NOT_DOCUMENT_CODES):
        return None  # a file in a folder that is not a document: not ours to judge
    return report


def _check_in_worker(job: tuple[Path, Path | None]) -> Report | None:
    assert _worker_settings is not None, "the pool initializer sets it"
    return _check_one(_worker_settings, *job)


def check_paths(
    paths: Sequence[Path],
    *,
    work: Work | None = None,
    assume_reprint: bool = False,
    password: str | None = None,
    max_bytes: int | None = None,
    jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> Iterator[Report]:
    """Check files and (recursively) folders, in input order, in ``jobs`` processes.

    Files inside folders are chosen by content: those that are not PDF, DOCX,
    HTML, Markdown or text are skipped. One bad file never stops the others.
    ``progress(done, total)`` is called after each file. A single file gets the
    ``jobs`` for its pages instead (see ``extract``).
    """
    settings = _BatchSettings(
        work or default_work(), assume_reprint, password, max_bytes
    )
    batch = list(expand_paths(list(paths)))
    if jobs <= 1 or len(batch) <= 1:
        results = (
            _check_one(settings, path, found_in, jobs) for path, found_in in batch
        )
        yield from _counted(results, len(batch), progress)
        return
    from concurrent.futures import ProcessPoolExecutor

    # Small files make per-task overhead dominate: hand each worker runs of files.
    chunk = max(1, min(16, len(batch) // (jobs * 4)))
    # Forked workers share the parent's memory until something writes to it, and
    # the collector writes to every object it visits: frozen objects are skipped,
    # so the workers keep sharing those pages (1,000 pages on 2 cores: 1.51x -> 1.7x).
    gc.freeze()
    try:
        with ProcessPoolExecutor(
            max_workers=jobs, initializer=_init_worker, initargs=(settings,)
        ) as pool:
            yield from _counted(
                pool.map(_check_in_worker, batch, chunksize=chunk),
                len(batch),
                progress,
            )
    finally:
        gc.unfreeze()


def _counted(
    results: Iterator[Report | None],
    total: int,
    progress: Callable[[int, int], None] | None,
) -> Iterator[Report]:
    for done, report in enumerate(results, start=1):
        if progress is not None:
            progress(done, total)
        if report is not None:
            yield report


def notify(
    fields: NoticeFields,
    *,
    work: Work | None = None,
    template: Path | None = None,
) -> EmailDraft:
    """Draft the notice telling the work's editor where and when it was republished.

    Nothing is sent: ``reprint.mailer`` writes or sends the draft. ``template`` is a
    folder of templates to use instead of the packaged ones.

    Raises:
        UsageError: a required field is missing (all are named) or invalid.
        TemplateError: no such template folder, a missing template or variable.
    """
    from reprint.notify import draft_notice

    return draft_notice(fields.complete(), work or default_work(), template)


def _read_style_file(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read style '{path}': {exc.strerror or exc}") from exc


def cite(
    *,
    style: str | None = None,
    fmt: CiteFormat | str = "text",
    in_text: bool = False,
    url: str | None = None,
    accessed: str | dt.date | None = None,
    work: Work | None = None,
    read_file: Callable[[str], bytes] = _read_style_file,
) -> str:
    """Cite the work: its cite-as line, a CSL style's entry, or an exchange format.

    ``style`` is a CSL style id, a short alias (``list_styles``) or a .csl file's
    path, which ``read_file`` reads (a caller that must read no files passes one
    that refuses). ``in_text`` asks for the in-text citation (a note style's first
    note). ``url`` cites an online copy, read on ``accessed`` (default: today).

    Raises:
        UsageError: an unknown style or format, a malformed URL or date, or
            options that do not go together.
    """
    from reprint.cite import CiteFormat, OnlineCopy, format_citation

    try:
        chosen_fmt = CiteFormat(fmt)
    except ValueError as exc:
        raise UsageError(f"unknown citation format '{fmt}'") from exc
    online = None
    if url is not None:
        # The clock is read here, at the edge, never in the citation core.
        online = OnlineCopy.from_strings(
            url, dt.date.today() if accessed is None else accessed
        )
    elif accessed is not None:
        raise UsageError("--accessed needs --url: it dates the visit to an online copy")
    chosen_style = None
    if style is not None:
        from reprint.csl import resolve_style

        chosen_style = resolve_style(style, read_file)
    return format_citation(
        work or default_work(),
        fmt=chosen_fmt,
        style=chosen_style,
        in_text=in_text,
        online=online,
    )


def credit_line(fmt: Markup | str = "text", *, work: Work | None = None) -> str:
    """The credit line a republisher pastes, with the work's cite-as line.

    Raises:
        UsageError: an unknown format.
    """
    from reprint.cite import format_credit
    from reprint.markup import Markup

    try:
        markup = Markup(fmt)
    except ValueError as exc:
        raise UsageError(f"unknown credit format '{fmt}'") from exc
    return format_credit(work or default_work(), markup)


def list_styles() -> tuple[StyleEntry, ...]:
    """The CSL styles checked against citeproc-js, with their titles and aliases."""
    from reprint.csl import list_styles as csl_styles

    return csl_styles()
