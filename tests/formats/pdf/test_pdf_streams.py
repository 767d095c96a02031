"""The bound on what a PDF's Flate streams inflate to (fixtures made by pypdf)."""

from __future__ import annotations

import tracemalloc
import zlib
from dataclasses import replace
from io import BytesIO

import pytest
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, NameObject
from reportlab.pdfgen.canvas import Canvas

from reprint.errors import UnsafeInputError
from reprint.formats.options import ExtractOptions
from reprint.formats.pdf.reader import extract
from reprint.formats.pdf.streams import check_inflation
from reprint.limits import DEFAULT_LIMITS, MIB


def _pdf_with_content(padding: int) -> bytes:
    """One page that shows 'Rikki Kersten', then ``padding`` spaces, compressed."""
    writer = PdfWriter()
    page = writer.add_blank_page(612, 792)
    content = DecodedStreamObject()
    content.set_data(b"BT /F1 12 Tf 72 720 Td (Rikki Kersten) Tj ET\n" + b" " * padding)
    page[NameObject("/Contents")] = writer._add_object(content.flate_encode())
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def test_stream_inflating_over_its_limit_is_refused_before_reading() -> None:
    data = _pdf_with_content(8 * MIB)  # 8 KB on disk
    limits = replace(DEFAULT_LIMITS, max_pdf_stream_inflated_bytes=4 * MIB)
    with pytest.raises(UnsafeInputError, match=r"a compressed stream .* over 4 MiB"):
        extract(data, ExtractOptions(limits=limits))


def test_streams_inflating_over_the_total_limit_are_refused() -> None:
    data = _pdf_with_content(3 * MIB)
    limits = replace(DEFAULT_LIMITS, max_pdf_inflated_bytes=2 * MIB)
    with pytest.raises(UnsafeInputError, match="over 2 MiB in all"):
        extract(data, ExtractOptions(limits=limits))


def test_stream_under_the_limits_is_read() -> None:
    document = extract(_pdf_with_content(3 * MIB), ExtractOptions())
    assert document.text == "Rikki Kersten"


def test_inflation_is_counted_in_bounded_memory() -> None:
    # 256 MiB of zeros in 256 KB: counted slice by slice, never held.
    inflater = zlib.compressobj(9)
    chunk = bytes(MIB)
    body = b"".join(inflater.compress(chunk) for _ in range(256)) + inflater.flush()
    data = b"%PDF-1.7\n1 0 obj\n<< /Filter /FlateDecode >>\nstream\n" + body
    data += b"\nendstream\nendobj\n%%EOF\n"
    tracemalloc.start()
    try:
        with pytest.raises(UnsafeInputError, match="over 128 MiB"):
            check_inflation(data, DEFAULT_LIMITS)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * MIB


def _reportlab_pdf(lines: int) -> bytes:
    """ReportLab's default: each page's content Flate-compressed, then ASCII85."""
    out = BytesIO()
    canvas = Canvas(out, pageCompression=1, invariant=1)
    for line in range(lines):
        canvas.drawString(72, 72 + line % 700, "Rikki Kersten")
    canvas.save()
    return out.getvalue()


def test_ascii85_wrapped_stream_over_its_limit_is_refused() -> None:
    data = _reportlab_pdf(4000)  # a content stream of about 150 KB
    assert b"/ASCII85Decode" in data
    limits = replace(DEFAULT_LIMITS, max_pdf_stream_inflated_bytes=64 * 1024)
    with pytest.raises(UnsafeInputError, match="over 65536 bytes"):
        check_inflation(data, limits)
    check_inflation(data, DEFAULT_LIMITS)


def test_an_xmp_stream_inflating_over_its_limit_is_refused() -> None:
    # pdfbomb/: in the XMP stream, 1 GiB took 5.7 GiB, read before any page.
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    xmp = DecodedStreamObject()
    xmp.set_data(b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>' + b" " * 8 * MIB)
    xmp[NameObject("/Type")] = NameObject("/Metadata")
    xmp[NameObject("/Subtype")] = NameObject("/XML")
    writer.root_object[NameObject("/Metadata")] = writer._add_object(xmp.flate_encode())
    out = BytesIO()
    writer.write(out)
    limits = replace(DEFAULT_LIMITS, max_pdf_stream_inflated_bytes=4 * MIB)
    with pytest.raises(UnsafeInputError, match=r"a compressed stream .* over 4 MiB"):
        extract(out.getvalue(), ExtractOptions(limits=limits))
