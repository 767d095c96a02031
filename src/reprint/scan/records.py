"""WARC and ARC records read from a file, a byte range of it, or a URL.

FastWARC frames the WARC records (gzip per record, or not); the HTTP message is
decoded here, from the response's own headers: chunked transfer coding, content
coding (gzip, deflate, br, zstd) and the charset. A malformed record is a
``Skipped`` with its cause and the scan goes on: after an error the stream is
searched for the next record start (a gzip member that inflates to ``WARC/``, or
a ``WARC/1.`` line) and read again from there.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import BinaryIO

from reprint.errors import InputError

# Bytes read at a time while searching for the next record start.
_SEARCH_CHUNK = 1 << 20
_GZIP_MAGIC = b"\x1f\x8b\x08"
# Junk may run straight into the next record: no line break is required before it.
_WARC_LINE = re.compile(rb"WARC/1\.[01]\r?\n")
_STATUS = re.compile(rb"HTTP/\d(?:\.\d)? (\d{3})")
_ARC_HEADER = re.compile(rb"(\S+) (\S+) (\d{14}) (\S*) (\d+)\n")
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class Kind(StrEnum):
    """What a response's payload is, for the scan."""

    HTML = "html"
    PDF = "pdf"
    DOCX = "docx"
    TEXT = "text"


_KINDS = {
    "text/html": Kind.HTML,
    "application/xhtml+xml": Kind.HTML,
    "application/pdf": Kind.PDF,
    DOCX_TYPE: Kind.DOCX,
    "text/plain": Kind.TEXT,
    "text/markdown": Kind.TEXT,
}

# Types servers send for files whose type they do not know: the body tells.
_SNIFFED_TYPES = frozenset({"", "application/octet-stream"})


@dataclass(frozen=True, slots=True)
class Payload:
    """A response worth checking: decoded body, where it came from, and when."""

    uri: str
    date: str  # WARC-Date (ARC: the archive date, as ISO 8601)
    source: str  # the WARC file's path or URL
    offset: int  # the record's first byte in the (compressed) file
    kind: Kind
    body: bytes  # transfer and content codings removed
    charset: str | None  # from the Content-Type header, if it names one


@dataclass(frozen=True, slots=True)
class Passed:
    """A record counted and passed over (request, revisit, an image...)."""

    record_type: str  # "response" for a response that is not a document


@dataclass(frozen=True, slots=True)
class Skipped:
    """A malformed record, counted with its cause."""

    cause: str
    offset: int


Item = Payload | Passed | Skipped


@dataclass(frozen=True, slots=True)
class Limits:
    """How large a record's payload may be, before and after content decoding."""

    max_bytes: int


def _inflate(data: bytes, wbits: int, limit: int) -> bytes:
    inflater = zlib.decompressobj(wbits)
    out = inflater.decompress(data, limit + 1)
    if len(out) > limit:
        raise InputError(f"over the {limit} byte limit once decoded")
    return out


def _decode_content(body: bytes, coding: str, limit: int) -> bytes:
    """Undo one content coding, never inflating past ``limit`` bytes.

    Raises:
        InputError: an unknown coding or a corrupt stream.
    """
    try:
        if coding in {"gzip", "x-gzip"}:
            return _inflate(body, 47, limit)  # 32 + 15: gzip or zlib header
        if coding == "deflate":
            try:
                return _inflate(body, 15, limit)
            except zlib.error:  # servers send raw deflate under this name too
                return _inflate(body, -15, limit)
        if coding == "br":
            import brotli  # optional: brotli or brotlicffi installs it

            out: bytes = brotli.decompress(body)
        elif coding == "zstd":
            import zstandard

            out = zstandard.ZstdDecompressor().decompress(body, max_output_size=limit)
        else:
            raise InputError(f"unknown content coding '{coding}'")
    except (zlib.error, ImportError) as exc:
        raise InputError(f"cannot decode content coding '{coding}': {exc}") from exc
    if len(out) > limit:
        raise InputError(f"over the {limit} byte limit once decoded")
    return out


def dechunk(body: bytes) -> bytes:
    """The body of a chunked transfer coding.

    Raises:
        InputError: a chunk size line is malformed or a chunk runs past the end.
    """
    parts: list[bytes] = []
    pos = 0
    while True:
        line_end = body.find(b"\r\n", pos)
        if line_end < 0:
            raise InputError("broken chunked transfer coding: no chunk size line")
        size_text = body[pos:line_end].split(b";", 1)[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError as exc:
            raise InputError("broken chunked transfer coding: bad chunk size") from exc
        if size == 0:
            return b"".join(parts)
        start = line_end + 2
        if start + size > len(body):
            raise InputError("broken chunked transfer coding: a chunk is cut short")
        parts.append(body[start : start + size])
        pos = start + size + 2


def _kind(content_type: str, body: bytes) -> Kind | None:
    kind = _KINDS.get(content_type)
    if kind is None and content_type in _SNIFFED_TYPES:
        # Servers that do not know a file's type: the first bytes do.
        if body.startswith(b"%PDF-"):
            return Kind.PDF
        if body.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")):
            return Kind.HTML
    return kind


def parse_http(block: bytes) -> tuple[int, dict[str, str], bytes]:
    """Status, lower-cased headers and raw body of an HTTP response message.

    Raises:
        InputError: the status line or the header block is malformed.
    """
    head_end = block.find(b"\r\n\r\n")
    separator = 4
    if head_end < 0:
        head_end, separator = block.find(b"\n\n"), 2
    status = _STATUS.match(block)
    if head_end < 0 or status is None:
        raise InputError("broken HTTP header")
    headers = {}
    for line in block[:head_end].decode("latin-1").splitlines()[1:]:
        name, colon, value = line.partition(":")
        if not colon:
            raise InputError("broken HTTP header")
        headers[name.strip().lower()] = value.strip()
    return int(status.group(1)), headers, block[head_end + separator :]


def decode_response(
    block: bytes, limits: Limits
) -> tuple[Kind | None, bytes, str | None]:
    """The payload kind, decoded body and header charset of a response message;
    kind is None for a response that is not a 2xx document of a known type.

    Raises:
        InputError: a broken header, transfer or content coding, or over the limit.
    """
    status, headers, body = parse_http(block)
    if not 200 <= status < 300:
        return None, b"", None
    media, _, params = headers.get("content-type", "").partition(";")
    media = media.strip().lower()
    if media not in _KINDS and media not in _SNIFFED_TYPES:
        # An image, a script, a style sheet: no document, so its transfer and
        # content codings are not undone (nor counted as broken).
        return None, b"", None
    if "chunked" in headers.get("transfer-encoding", "").lower():
        body = dechunk(body)
    for coding in reversed(headers.get("content-encoding", "").lower().split(",")):
        if coding.strip() not in {"", "identity"}:
            body = _decode_content(body, coding.strip(), limits.max_bytes)
    kind = _kind(media, body)
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip(" \"'"):
            charset = value.strip(" \"'").lower()
    return kind, body, charset


def _is_gzip_record(head: bytes) -> bool:
    """Whether ``head`` starts a gzip member that inflates to a WARC or ARC header."""
    try:
        start = zlib.decompressobj(31).decompress(head, 64)
    except zlib.error:
        return False
    return start.startswith(b"WARC/1.") or _ARC_HEADER.match(start) is not None


def find_record_start(stream: BinaryIO, start: int, is_gzip: bool) -> int | None:
    """The offset of the first record at or after ``start``, or None at the end."""
    pos = start
    while True:
        stream.seek(pos)
        chunk = stream.read(_SEARCH_CHUNK + 4096)
        if not chunk:
            return None
        if is_gzip:
            hit = chunk.find(_GZIP_MAGIC)
            while 0 <= hit < _SEARCH_CHUNK:
                if _is_gzip_record(chunk[hit : hit + 4096]):
                    return pos + hit
                hit = chunk.find(_GZIP_MAGIC, hit + 1)
        else:
            found = _WARC_LINE.search(chunk)
            if found is not None and found.start() < _SEARCH_CHUNK:
                return pos + found.start()
        if len(chunk) <= _SEARCH_CHUNK:
            return None
        pos += _SEARCH_CHUNK


def read_warc(
    stream: BinaryIO,
    source: str,
    limits: Limits,
    start: int = 0,
    end: int | None = None,
) -> Iterator[Item]:
    """The records of a WARC file that start in [``start``, ``end``).

    A record past the limit, with a broken HTTP message, or cut short is
    ``Skipped``; so is each stretch of bytes that is not a record. A range owns
    the records and bad stretches that start inside it, so adjacent ranges
    together read the file exactly once.
    """
    from fastwarc.warc import ArchiveIterator

    stream.seek(0)
    is_gzip = stream.read(2) == _GZIP_MAGIC[:2]
    stop = end if end is not None else float("inf")
    pos = find_record_start(stream, start, is_gzip)
    if start == 0 and pos != 0:
        yield Skipped("not a WARC record (junk before the first record)", 0)
    # A stretch after the last good record that failed to read: junk if the
    # record found after it reads well, else that record's own fault.
    suspect: tuple[int, str] | None = None
    while pos is not None and (pos < stop or suspect is not None):
        read_any = False
        try:
            stream.seek(pos)
            records = ArchiveIterator(stream, parse_http=False, auto_decode="none")
            for record in records:
                if not read_any and suspect is not None:
                    yield Skipped(f"not a WARC record ({suspect[1]})", suspect[0])
                    suspect = None
                read_any = True
                offset = record.stream_pos
                if offset >= stop:
                    return
                last = offset
                yield _item(record, source, limits)
            return
        except OSError as exc:
            if not read_any:
                suspect = None
                if pos >= stop:
                    return
                yield Skipped(f"unreadable record ({exc})", pos)
                pos = find_record_start(stream, pos + 1, is_gzip)
            else:
                suspect = (last + 1, str(exc))
                pos = find_record_start(stream, last + 1, is_gzip)
    if suspect is not None:
        yield Skipped(f"not a WARC record ({suspect[1]})", suspect[0])


def _item(record: object, source: str, limits: Limits) -> Item:
    from fastwarc.warc import WarcRecord, WarcRecordType

    assert isinstance(record, WarcRecord)
    offset = record.stream_pos
    record_type = record.record_type
    if record_type != WarcRecordType.response:
        record.reader.consume()
        return Passed(str(record_type))
    if record.content_length > limits.max_bytes:
        record.reader.consume()
        return Skipped(f"payload over the {limits.max_bytes} byte limit", offset)
    block = record.reader.read()
    if len(block) < record.content_length:
        return Skipped("record cut short (truncated)", offset)
    try:
        kind, body, charset = decode_response(block, limits)
    except InputError as exc:
        return Skipped(str(exc), offset)
    if kind is None:
        return Passed("response")
    headers = record.headers
    return Payload(
        uri=headers.get("WARC-Target-URI") or "",
        date=headers.get("WARC-Date") or "",
        source=source,
        offset=offset,
        kind=kind,
        body=body,
        charset=charset,
    )


# Bytes read at a time from an ARC file; an ARC header line is at most this long.
_ARC_CHUNK = 1 << 16
_ARC_LINE_BYTES = 1 << 16


def read_arc(stream: BinaryIO, source: str, limits: Limits) -> Iterator[Item]:
    """The records of an ARC (version 1) file, gzip per record or not.

    Streamed: a record at a time is held, never more than the payload limit,
    whatever the file's size.
    """
    stream.seek(0)
    is_gzip = stream.read(2) == _GZIP_MAGIC[:2]
    stream.seek(0)
    if is_gzip:
        yield from _gzip_arc(stream, source, limits)
    else:
        yield from _plain_arc(stream, source, limits)


def _plain_arc(stream: BinaryIO, source: str, limits: Limits) -> Iterator[Item]:
    offset = 0
    while line := stream.readline(_ARC_LINE_BYTES):
        if line == b"\n":  # the line feed that ends each record
            offset += 1
            continue
        header = _ARC_HEADER.match(line)
        if header is None:
            yield Skipped("broken ARC header", offset)
            return
        length = int(header.group(5))
        if length > limits.max_bytes:
            yield Skipped(f"payload over the {limits.max_bytes} byte limit", offset)
            stream.seek(length, 1)
            offset += len(line) + length
            continue
        block = stream.read(length)
        yield from _arc_records(line + block, offset, source, limits)
        offset += len(line) + len(block)


def _gzip_arc(stream: BinaryIO, source: str, limits: Limits) -> Iterator[Item]:
    """Each gzip member inflated in turn; one that inflates past the payload
    limit (and a header line) is inflated to its end but not kept."""
    limit = limits.max_bytes + _ARC_LINE_BYTES
    start = 0  # the file offset of the member being read
    pending = b""  # bytes read from the file from ``start`` on
    while True:
        data = pending or stream.read(_ARC_CHUNK)
        if not data:
            return
        consumed = len(data)  # bytes given to the inflater, from ``start`` on
        inflater = zlib.decompressobj(31)
        kept: list[bytes] = []
        size = 0
        try:
            while not inflater.eof:
                if not data:
                    data = stream.read(_ARC_CHUNK)
                    if not data:
                        yield Skipped("record cut short (truncated gzip member)", start)
                        return
                    consumed += len(data)
                out = inflater.decompress(data, _ARC_CHUNK)
                data = inflater.unconsumed_tail
                size += len(out)
                if size <= limit:
                    kept.append(out)
        except zlib.error as exc:
            yield Skipped(f"unreadable record ({exc})", start)
            found = find_record_start(stream, start + 1, is_gzip=True)
            if found is None:
                return
            start, pending = found, b""
            stream.seek(found)
            continue
        if size > limit:
            yield Skipped(f"payload over the {limits.max_bytes} byte limit", start)
        else:
            yield from _arc_records(b"".join(kept), start, source, limits)
        pending = inflater.unused_data
        start += consumed - len(pending)


def _arc_records(text: bytes, base: int, source: str, limits: Limits) -> Iterator[Item]:
    pos = 0
    while pos < len(text):
        while text[pos : pos + 1] == b"\n":
            pos += 1
        header = _ARC_HEADER.match(text, pos)
        if header is None:
            if pos < len(text):
                yield Skipped("broken ARC header", base + pos)
            return
        uri, _, date, _, length = header.groups()
        start = header.end()
        block = text[start : start + int(length)]
        pos = start + int(length)
        if uri.startswith(b"filedesc:"):
            yield Passed("warcinfo")
            continue
        if len(block) < int(length):
            yield Skipped("record cut short (truncated)", base + header.start())
            continue
        if int(length) > limits.max_bytes:
            yield Skipped(
                f"payload over the {limits.max_bytes} byte limit", base + header.start()
            )
            continue
        try:
            kind, body, charset = decode_response(block, limits)
        except InputError as exc:
            yield Skipped(str(exc), base + header.start())
            continue
        if kind is None:
            yield Passed("response")
            continue
        stamp = date.decode()
        iso = (
            f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}"
            f"T{stamp[8:10]}:{stamp[10:12]}:{stamp[12:]}Z"
        )
        yield Payload(
            uri.decode("utf-8", "replace"),
            iso,
            source,
            base + header.start(),
            kind,
            body,
            charset,
        )
