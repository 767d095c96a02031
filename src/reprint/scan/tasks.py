"""Units of scan work (a file, or a byte range of one) and how one is done."""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from reprint import api
from reprint.errors import InputError, UsageError
from reprint.model import Document, Extent
from reprint.scan.findings import Finding, Tally, TaskResult
from reprint.scan.records import (
    Kind,
    Limits,
    Passed,
    Payload,
    Skipped,
    find_record_start,
    read_arc,
    read_warc,
)
from reprint.scan.screen import Screen, html_text
from reprint.work import Work

_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")


@dataclass(frozen=True, slots=True)
class Task:
    """A WARC/ARC file, or the records starting in [start, end) of one."""

    source: str  # a local path or an fsspec URL
    start: int = 0
    end: int | None = None

    @property
    def name(self) -> str:
        """The task as the progress and messages name it."""
        if self.start == 0 and self.end is None:
            return self.source
        return f"{self.source}@{self.start}-{self.end}"

    @property
    def is_arc(self) -> bool:
        return self.source.removesuffix(".gz").endswith(".arc")


@dataclass(frozen=True, slots=True)
class ScanSettings:
    """What every task of a scan is done with; sent to each worker once."""

    work: Work
    max_bytes: int
    screen: Screen


def _is_url(source: str) -> bool:
    return "://" in source


@contextmanager
def open_source(source: str) -> Iterator[BinaryIO]:
    """The source opened for binary reading; a URL through fsspec.

    Raises:
        InputError: the file or URL cannot be opened.
    """
    try:
        if _is_url(source):
            import fsspec

            with fsspec.open(source, "rb") as stream:
                yield stream
        else:
            with Path(source).open("rb") as stream:
                yield stream
    except (OSError, ValueError, ImportError) as exc:
        raise InputError(f"cannot read '{source}': {exc}") from exc


def _size(source: str) -> int:
    if _is_url(source):
        import fsspec

        filesystem, path = fsspec.core.url_to_fs(source)
        return int(filesystem.size(path))
    return Path(source).stat().st_size


def expand_sources(sources: Sequence[str]) -> list[str]:
    """Files, folders (their WARC/ARC files, recursively) and lists of paths.

    A file named ``*.txt`` or ``*.paths`` lists one path or URL per line.

    Raises:
        UsageError: a source does not exist.
    """
    found: list[str] = []
    for source in sources:
        path = Path(source)
        if _is_url(source):
            found.append(source)
        elif path.is_dir():
            found += sorted(
                str(p) for p in path.rglob("*") if p.name.endswith(_SUFFIXES)
            )
        elif path.suffix in {".txt", ".paths"}:
            lines = path.read_text("utf-8").splitlines()
            found += expand_sources([s.strip() for s in lines if s.strip()])
        elif path.is_file():
            found.append(source)
        else:
            raise UsageError(f"no such file or folder: '{source}'")
    return found


# Ranges smaller than this cost more in set-up than they gain in balance.
MIN_RANGE_BYTES = 1 << 20
# Tasks per worker when a few large files are split: a worker that finishes
# first takes another range instead of waiting for the slowest one to end.
RANGES_PER_WORKER = 4


def plan_tasks(
    sources: Sequence[str], range_bytes: int | None, workers: int = 1
) -> list[Task]:
    """One task per file, or per ``range_bytes`` of a larger WARC file; for
    several ``workers``, files are cut into ranges (of 1 MiB or more) small
    enough that each worker has ``RANGES_PER_WORKER`` of them.

    Range boundaries are moved to record starts, so each record is read once.
    """
    tasks = []
    files = expand_sources(sources)
    sizes = [_size(source) for source in files]
    if range_bytes is not None and workers > 1:
        share = -(-sum(sizes) // (workers * RANGES_PER_WORKER))
        range_bytes = min(range_bytes, max(MIN_RANGE_BYTES, share))
    for source, size in zip(files, sizes, strict=True):
        task = Task(source)
        if range_bytes is None or size <= range_bytes or task.is_arc:
            tasks.append(task)
            continue
        with open_source(source) as stream:
            stream.seek(0)
            is_gzip = stream.read(2) == b"\x1f\x8b"
            cuts = [0]
            for at in range(range_bytes, size, range_bytes):
                found = find_record_start(stream, at, is_gzip)
                if found is None:
                    break
                if found > cuts[-1]:
                    cuts.append(found)
        ends: list[int | None] = [*cuts[1:], None]
        tasks += [Task(source, a, b) for a, b in zip(cuts, ends, strict=True)]
    return tasks


def _html_text(payload: Payload) -> str:
    """The page as text, decoded as a browser decodes it.

    A browser prefers a BOM, then the HTTP header's charset, then the page's
    own; ``check`` sees no header, so a page the screen passes is re-encoded
    behind a BOM (``_bytes_for_check``): both read the very same characters.
    """
    body = payload.body
    if body.startswith(b"\xef\xbb\xbf"):
        text = body[3:].decode("utf-8", "replace")
    else:
        text = ""
        for charset in (payload.charset, "utf-8"):
            if charset is None:
                continue
            try:
                text = body.decode(charset)
                break
            except (LookupError, UnicodeDecodeError):
                continue
        else:
            from resiliparse.parse.encoding import bytes_to_str, detect_encoding

            text = bytes_to_str(body, detect_encoding(body) or "utf-8")
    return text


def _bytes_for_check(text: str) -> bytes:
    return b"\xef\xbb\xbf" + text.encode("utf-8", "surrogatepass")


def check_payload(
    payload: Payload, settings: ScanSettings, tally: Tally
) -> Finding | None:
    """Screen one payload and, if it passes, check it; a reprint becomes a finding."""
    tally.screened += 1
    label = payload.uri or f"{payload.source}@{payload.offset}"
    try:
        if payload.kind is Kind.HTML:
            text = _html_text(payload)
            if not settings.screen.passes([html_text(text)]):
                return None
            tally.checked += 1
            report = api.check(
                _bytes_for_check(text),
                name=label,
                work=settings.work,
                max_bytes=settings.max_bytes,
            )
        else:
            document: Document = api.extract(
                payload.body, name=label, max_bytes=settings.max_bytes
            )
            if not settings.screen.passes(block.text for block in document.blocks):
                return None
            tally.checked += 1
            report = api.check_document(document, file=label, work=settings.work)
    except InputError as exc:
        tally.skipped[f"unreadable {payload.kind.value} payload ({exc.code})"] += 1
        return None
    if report.reprint.extent is Extent.NONE:
        return None
    return Finding.from_report(
        report, date=payload.date, warc_file=payload.source, offset=payload.offset
    )


def run_task(task: Task, settings: ScanSettings) -> TaskResult:
    """Read every record of ``task``; screen, check and count them."""
    started = time.perf_counter()
    tally = Tally()
    findings = []
    limits = Limits(settings.max_bytes)
    with open_source(task.source) as stream:
        items = (
            read_arc(stream, task.source, limits)
            if task.is_arc
            else read_warc(stream, task.source, limits, task.start, task.end)
        )
        for item in items:
            if isinstance(item, Skipped):
                tally.skipped[item.cause] += 1
            elif isinstance(item, Passed):
                tally.records[item.record_type] += 1
            else:
                tally.records["response"] += 1
                finding = check_payload(item, settings, tally)
                if finding is not None:
                    findings.append(finding)
        end = task.end if task.end is not None else _size(task.source)
    tally.bytes_read = end - task.start
    tally.seconds = time.perf_counter() - started
    return TaskResult(task.name, tuple(findings), tally)
