"""Add the credit line to a PDF: a stamp in the free margin where the reprint ends.

pypdfium2 (the renderer the extractor reads with) finds where the page's
content lies; reportlab sets the credit in Bitstream Vera, the TrueType font it
ships, embedded as a subset with its ToUnicode map so the stamp is both seen
and read; pypdf lays the stamp over the page, or adds a final page when no
free band of the page is tall enough, and writes every other object as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from io import BytesIO

import pypdfium2
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.errors import PdfReadError

from reprint.errors import CorruptInputError, EncryptedInputError, UsageError
from reprint.fix.end import ReprintEnd, words
from reprint.work import Work

__all__ = ["FONT_FILE", "add_credit"]

FONT_NAME = "ReprintVera"
FONT_FILE = "Vera.ttf"  # in reportlab/fonts; covers Latin-1, dashes, curly quotes
STAMP_PT = 8.0  # the size of a footnote: read easily, and fits a bottom margin
STAMP_LEADING_PT = 10.0
PAGE_PT = 10.0  # on a page of its own there is room for body-sized text
PAGE_LEADING_PT = 13.0
# No stamp closer than this to the paper's edge, where printers cut or cannot
# print (most desktop printers cannot reach the outer 1/4 inch, 18 pt).
EDGE_PT = 24.0
GAP_PT = 10.0  # kept clear between the stamp and the page's content: a blank line
# An object covering this share of the page in both directions is a background.
BACKGROUND_SHARE = 0.9


@dataclass(frozen=True, slots=True)
class _Band:
    """A horizontal band of the page, in PDF points from its bottom edge."""

    bottom: float
    top: float

    @property
    def height(self) -> float:
        return self.top - self.bottom


def add_credit(data: bytes, end: ReprintEnd, work: Work) -> bytes:
    """The PDF with the credit line stamped below the reprint (or on a final page).

    Raises:
        CorruptInputError: pypdf or PDFium cannot rewrite the file.
        EncryptedInputError: the file is encrypted (its restrictions would be lost).
        UsageError: the credit line has characters the embedded font lacks.
    """
    from reprint import api

    paragraphs = api.credit_line("text", work=work).split("\n\n")
    _check_font_covers("".join(paragraphs))
    try:
        reader = PdfReader(BytesIO(data))
        if reader.is_encrypted:
            # Written back, it would lose its owner's restrictions; only the
            # owner, with the owner password, may lift them.
            raise EncryptedInputError(
                "an encrypted PDF is not rewritten: add the credit in its source"
            )
        writer = PdfWriter(clone_from=reader)
        _add_to(writer, data, end, paragraphs)
        out = BytesIO()
        writer.write(out)
    except (PdfReadError, pypdfium2.PdfiumError, ValueError, KeyError) as exc:
        raise CorruptInputError(f"cannot rewrite it: {exc}") from exc
    return out.getvalue()


def _add_to(
    writer: PdfWriter, data: bytes, end: ReprintEnd, paragraphs: list[str]
) -> None:
    """Stamp the credit on the page where the reprint ends, or add a final page."""
    pages = len(writer.pages)
    index = min(max((end.location.page or pages) - 1, 0), pages - 1)
    page = writer.pages[index]
    left, bottom, right, top = (float(v) for v in page.mediabox)
    # A turned page's user space is turned too: text set upright would not be.
    if not page.get("/Rotate"):
        band, column = _free_band(data, index, end, paragraphs)
        if band is not None:
            stamp = _stamp(
                (right, top),
                column,
                band.top - GAP_PT,
                paragraphs,
                STAMP_PT,
                STAMP_LEADING_PT,
            )
            page.merge_page(stamp)
            return
    width, height = right - left, top - bottom
    final = _stamp(
        (width, height),
        (72.0, width - 72.0),
        height - 72.0,
        paragraphs,
        PAGE_PT,
        PAGE_LEADING_PT,
    )
    writer.add_page(final)


@cache
def _font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont(FONT_NAME, FONT_FILE))
    return FONT_NAME


def _check_font_covers(text: str) -> None:
    from reportlab.pdfbase import pdfmetrics

    face = pdfmetrics.getFont(_font()).face
    missing = sorted({char for char in text if ord(char) not in face.charToGlyph})
    if missing:
        raise UsageError(
            f"the credit line has characters the PDF stamp's font ({FONT_FILE}) "
            f"cannot draw: {' '.join(missing)}"
        )


def _lines(paragraphs: list[str], size: float, width: float) -> list[str]:
    from reportlab.lib.utils import simpleSplit

    lines: list[str] = []
    for number, paragraph in enumerate(paragraphs):
        if number:
            lines.append("")
        lines.extend(simpleSplit(paragraph, _font(), size, width))
    return lines


def _stamp(
    size: tuple[float, float],
    column: tuple[float, float],
    first_top: float,
    paragraphs: list[str],
    font_pt: float,
    leading_pt: float,
) -> PageObject:
    """A one-page PDF of ``size`` with the paragraphs set in ``column``."""
    from reportlab.pdfgen.canvas import Canvas

    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=size, pageCompression=1)
    canvas.setFont(_font(), font_pt)
    canvas.setFillColorRGB(0, 0, 0)
    y = first_top - font_pt
    for line in _lines(paragraphs, font_pt, column[1] - column[0]):
        canvas.drawString(column[0], y, line)
        y -= leading_pt
    canvas.showPage()
    canvas.save()
    return PdfReader(BytesIO(buffer.getvalue())).pages[0]


def _free_band(
    data: bytes, index: int, end: ReprintEnd, paragraphs: list[str]
) -> tuple[_Band | None, tuple[float, float]]:
    """The highest free band below the reprint's end tall enough for the stamp,
    and the text column's left and right edges."""
    document = pypdfium2.PdfDocument(data)
    try:
        page = document[index]
        width, height = page.get_size()
        boxes = [
            box
            for box in (obj.get_bounds() for obj in page.get_objects(max_depth=1))
            if not (
                box[2] - box[0] >= BACKGROUND_SHARE * width
                and box[3] - box[1] >= BACKGROUND_SHARE * height
            )
        ]
        text = page.get_textpage()
        reprint_bottom = _end_bottom(text, end)
    finally:
        document.close()
    lefts = [box[0] for box in boxes] or [72.0]
    rights = [box[2] for box in boxes] or [width - 72.0]
    column = (max(min(lefts), EDGE_PT), min(max(rights), width - EDGE_PT))
    lines = _lines(paragraphs, STAMP_PT, column[1] - column[0])
    needed = len(lines) * STAMP_LEADING_PT + 2 * GAP_PT
    below = (
        reprint_bottom
        if reprint_bottom is not None
        else min((box[1] for box in boxes), default=height)
    )
    # What reaches below the reprint's end (a sidebar beside it too), top first;
    # a band runs the page's width, so a box anywhere across it takes its height.
    taken = sorted(
        ((box[1], min(box[3], below)) for box in boxes if box[1] < below),
        key=lambda span: -span[1],
    )
    top = below
    for low, high in [*taken, (0.0, EDGE_PT)]:
        band = _Band(max(high, EDGE_PT), top)
        if band.height >= needed:
            return band, column
        top = min(top, low)
    return None, column


def _end_bottom(text: pypdfium2.PdfTextPage, end: ReprintEnd) -> float | None:
    """How high the reprint's last words sit on the page, if they are found."""
    last = " ".join(words(end.text)[-2:])
    if not last:
        return None
    searcher = text.search(last, match_case=False)
    bottom = None
    try:
        while (found := searcher.get_next()) is not None:
            start, count = found
            boxes = [text.get_charbox(start + offset) for offset in range(count)]
            bottom = min(box[1] for box in boxes)
    finally:
        searcher.close()
    return bottom
