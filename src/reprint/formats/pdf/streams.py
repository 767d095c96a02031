"""A bound on what a PDF's Flate streams inflate to, checked before any reader decodes.

PDFium inflates a page's content stream whole, and pypdf the XMP packet: a 1 MB
file with a 1 GiB Flate stream made them take 2 GiB and 8 GiB. Every stream whose
data starts with a zlib header (FlateDecode's format, whatever its dictionary
claims) is inflated here in bounded chunks, counting and discarding the output, and
the file is refused once one stream or all of them together go over the limits.
Deflate inflates at most 1032:1, so a file whose compressed streams cannot reach
the limits even at that ratio is passed without inflating anything.
"""

from __future__ import annotations

import base64
import re
import zlib
from collections.abc import Iterator

from reprint.errors import UnsafeInputError
from reprint.limits import MIB, Limits

__all__ = ["check_inflation"]

# Deflate's best case: 258-byte matches coded in about two bits each.
DEFLATE_MAX_RATIO = 1032
# Inflate in slices this big, so a bomb never sits in memory.
CHUNK_BYTES = 1 << 20
_STREAM = re.compile(rb"stream(?:\r\n|\n|\r)")
_A85_FILTER = re.compile(rb"/(?:ASCII85Decode|A85)\b")
# The two bytes of a zlib header (RFC 1950: deflate, a window of up to 32 KiB).
_ZLIB_FIRST = frozenset(range(0x08, 0x80, 0x10))


def check_inflation(data: bytes, limits: Limits) -> None:
    """Refuse a PDF whose Flate streams inflate over the per-stream or total limit.

    Raises:
        UnsafeInputError: one stream or all of them inflate over a limit.
    """
    spans = _flate_spans(data)
    bound = sum(stop - start for start, stop in spans) * DEFLATE_MAX_RATIO
    if (
        bound <= limits.max_pdf_inflated_bytes
        and bound <= limits.max_pdf_stream_inflated_bytes
    ):
        total = 0
    else:
        total = _inflated_total(data, spans, limits)
    for wrapped in _ascii85_flate(data, limits):
        total += _inflated_size(wrapped, 0, len(wrapped), limits)
    if total > limits.max_pdf_inflated_bytes:
        raise UnsafeInputError(
            "the PDF's compressed streams inflate to over "
            f"{_size(limits.max_pdf_inflated_bytes)} in all"
        )


def _size(count: int) -> str:
    return f"{count // MIB} MiB" if count % MIB == 0 else f"{count} bytes"


def _inflated_total(data: bytes, spans: list[tuple[int, int]], limits: Limits) -> int:
    total = 0
    for start, stop in spans:
        total += _inflated_size(data, start, stop, limits)
        if total > limits.max_pdf_inflated_bytes:
            break
    return total


def _flate_spans(data: bytes) -> list[tuple[int, int]]:
    """Each stream's data (start, stop) that begins with a zlib header."""
    spans: list[tuple[int, int]] = []
    for match in _STREAM.finditer(data):
        start = match.end()
        if match.start() >= 3 and data[match.start() - 3 : match.start()] == b"end":
            continue  # the "stream" of "endstream"
        if _is_zlib(data[start : start + 2]):
            stop = data.find(b"endstream", start)
            spans.append((start, len(data) if stop < 0 else stop))
    return spans


def _is_zlib(head: bytes) -> bool:
    return (
        len(head) == 2 and head[0] in _ZLIB_FIRST and (head[0] << 8 | head[1]) % 31 == 0
    )


def _ascii85_flate(data: bytes, limits: Limits) -> Iterator[bytes]:
    """Flate data wrapped in ASCII85 (ReportLab's default) that could inflate over
    the per-stream limit, decoded.

    Decoding ASCII85 in Python costs about a second per 1.5 MB, so only streams
    long enough to pass the per-stream limit are decoded; the shorter ones are not
    counted into the total (a gap: TODO(#14) a C decoder would close it).
    """
    shortest = limits.max_pdf_stream_inflated_bytes // DEFLATE_MAX_RATIO * 5 // 4
    for match in _A85_FILTER.finditer(data):
        stream = data.find(b"stream", match.end())
        if stream < 0:
            return
        start = stream + len(b"stream")
        start += 2 if data[start : start + 2] == b"\r\n" else 1
        stop = data.find(b"~>", start)
        if (
            stop < 0
            or stop - start < shortest
            or b"endobj" in data[match.end() : stream]
        ):
            continue
        try:
            decoded = base64.a85decode(data[start:stop])
        except ValueError:
            continue  # damaged: the readers decide what it holds
        if _is_zlib(decoded[:2]):
            yield decoded


def _inflated_size(data: bytes, start: int, stop: int, limits: Limits) -> int:
    """How many bytes data[start:stop] inflates to, stopping past the stream limit."""
    inflater = zlib.decompressobj()
    size = 0
    view = memoryview(data)
    position = start
    pending = b""
    try:
        while not inflater.eof:
            if pending:
                size += len(inflater.decompress(pending, CHUNK_BYTES))
            elif position < stop:
                piece = view[position : min(position + CHUNK_BYTES, stop)]
                position += len(piece)
                size += len(inflater.decompress(piece, CHUNK_BYTES))
            else:
                break
            pending = inflater.unconsumed_tail
            if size > limits.max_pdf_stream_inflated_bytes:
                raise UnsafeInputError(
                    "a compressed stream of the PDF inflates to over "
                    + _size(limits.max_pdf_stream_inflated_bytes)
                )
    except zlib.error:
        pass  # damaged data: the readers decide what, if anything, it holds
    finally:
        view.release()
    return size
