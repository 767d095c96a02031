"""PDF: text painted as pixels, read by OCR (``reprint.formats.ocr``).

Pages without a text layer (a scan) and pages whose text layer does not decode to
words are rendered whole by PDFium at ``OCR_DPI`` and read. On pages with text, an
image big enough to carry a line of text (``MIN_IMAGE_WIDTH_PT`` by
``MIN_IMAGE_HEIGHT_PT``) that no visible text is drawn over (a credit set as a logo
or banner; a scan under its own OCR layer is already text) is read from the page as
rendered, so its masks and clipping apply. ``Limits.max_ocr_pages`` and
``Limits.max_ocr_images`` bound the cost; what they leave unread, and everything
when OCR is not installed, is reported so that the verdict stays unverifiable.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pypdfium2 as pdfium

from reprint.formats.ocr import (
    OCR_DPI,
    OCR_HINT,
    OcrParagraph,
    OcrUnavailableError,
    read_paragraphs,
)
from reprint.formats.pdf.layout import PageText, Run
from reprint.formats.pdf.paint import Box
from reprint.limits import Limits
from reprint.model import Block, Location, Problem, ProblemCode, Region, TextSource

if TYPE_CHECKING:  # Pillow costs ~30 ms to import; only OCR needs it at run time.
    from PIL.Image import Image

__all__ = ["PageImages", "read_images", "text_images", "with_ocr_blocks"]

# The smallest image that can hold a credit: "MacArthur Foundation" set in 6-pt
# type is about 60 pt wide; a line of text needs 8 pt of height.
MIN_IMAGE_WIDTH_PT = 48.0
MIN_IMAGE_HEIGHT_PT = 8.0
_POINTS_PER_INCH = 72


@dataclass(slots=True)
class PageImages:
    """What OCR read, by page, and what it left unread."""

    blocks: dict[int, list[Block]] = field(default_factory=dict)
    read_pages: list[int] = field(default_factory=list)
    unread_pages: list[int] = field(default_factory=list)
    unread_images: list[int] = field(default_factory=list)  # their pages
    problems: list[Problem] = field(default_factory=list)
    confidences: list[float] = field(default_factory=list)
    # What to do about what was left unread.
    hint: str = "over the OCR limits (Limits.max_ocr_pages, max_ocr_images)"


def text_images(
    images: Iterable[Box], runs: Sequence[Run], to_display: Callable[[Box], Run]
) -> tuple[tuple[float, float, float, float], ...]:
    """The images of a page that may carry text, in display coordinates.

    ``to_display`` turns a box in PDF user space into the page's displayed
    coordinates (the runs'). An image is left out when it is too small for a line
    of text or when a visible run's centre lies on it (its text is already read).
    """
    found: list[tuple[float, float, float, float]] = []
    for image in images:
        if (
            image.right - image.left < MIN_IMAGE_WIDTH_PT
            or image.top - image.bottom < MIN_IMAGE_HEIGHT_PT
        ):
            continue
        shown = to_display(image)
        box = (shown.x0, shown.top, shown.x1, shown.bottom)
        if box in found or any(_is_on(run, box) for run in runs):
            continue
        found.append(box)
    return tuple(found)


def _is_on(run: Run, box: tuple[float, float, float, float]) -> bool:
    x = (run.x0 + run.x1) / 2
    y = (run.top + run.bottom) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def read_images(
    document: pdfium.PdfDocument, pages: Sequence[PageText], limits: Limits
) -> PageImages:
    """OCR the pages without usable text and the images that may carry text.

    The caller holds PDFium's lock. Without OCR, or over the limits, nothing is
    read and the unread pages and images are listed (with the hint to install it).
    """
    found = PageImages()
    whole = [page for page in pages if page.is_image_only or page.is_undecodable]
    with_images = [page for page in pages if page.images and page not in whole]
    if not whole and not with_images:
        return found
    image_budget = limits.max_ocr_images
    try:
        for page in whole:
            if len(found.read_pages) >= limits.max_ocr_pages:
                found.unread_pages.append(page.number)
                continue
            scanned = _render(document, page.number)
            _add(found, page.number, read_paragraphs(scanned), "the page image")
            found.read_pages.append(page.number)
        for page in with_images:
            picture: Image | None = None
            for box in page.images:
                if image_budget <= 0:
                    found.unread_images.append(page.number)
                    continue
                image_budget -= 1
                picture = picture or _render(document, page.number)
                scale = OCR_DPI / _POINTS_PER_INCH
                left, top, right, bottom = (round(edge * scale) for edge in box)
                region = picture.crop((left, top, right, bottom))
                _add(found, page.number, read_paragraphs(region), "an image")
    except OcrUnavailableError:
        # Raised by the first read, before anything was read.
        found = PageImages(hint=OCR_HINT)
        found.unread_pages = [page.number for page in whole]
        found.unread_images = [page.number for page in with_images for _ in page.images]
    _report(found)
    return found


def with_ocr_blocks(blocks: Sequence[Block], found: PageImages) -> list[Block]:
    """The page's blocks with what OCR read of each page after that page's text."""
    if not found.blocks:
        return list(blocks)
    merged: list[Block] = []
    pending = sorted(found.blocks.items())
    for block in blocks:
        page = block.location.page or 0
        while pending and pending[0][0] < page:
            merged.extend(pending.pop(0)[1])
        merged.append(block)
    for _, rest in pending:
        merged.extend(rest)
    return merged


def _render(document: pdfium.PdfDocument, number: int) -> Image:
    page = document[number - 1]
    try:
        bitmap = page.render(scale=OCR_DPI / _POINTS_PER_INCH, grayscale=True)
        picture: Image = bitmap.to_pil()
        return picture
    finally:
        page.close()


def _add(
    found: PageImages, number: int, paragraphs: Sequence[OcrParagraph], what: str
) -> None:
    blocks = found.blocks.setdefault(number, [])
    for paragraph in paragraphs:
        confidence = round(paragraph.confidence, 1)
        found.confidences.append(confidence)
        location = Location(Region.BODY, number, None, f"OCR of {what}")
        blocks.append(Block(paragraph.text, location, TextSource.OCR, confidence))


def _pages(numbers: Sequence[int]) -> str:
    unique = sorted(set(numbers))
    listed = ", ".join(map(str, unique))
    return f"page {listed}" if len(unique) == 1 else f"pages {listed}"


def _report(found: PageImages) -> None:
    """The OCR note; unread pages are the reader's to report (with ``hint``)."""
    if found.read_pages or found.confidences:
        mean = sum(found.confidences) / max(len(found.confidences), 1)
        what = (
            f"{_pages(found.read_pages)} (no usable text layer)"
            if found.read_pages
            else "images that carry text"
        )
        found.problems.append(
            Problem(
                ProblemCode.OCR_TEXT,
                f"{what} read by OCR (Tesseract), mean confidence {mean:.0f} of 100",
            )
        )
    if found.unread_images:
        found.problems.append(
            Problem(
                ProblemCode.IMAGES_NOT_READ,
                f"{len(found.unread_images)} image(s) on "
                f"{_pages(found.unread_images)} that may carry text were not read: "
                f"{found.hint}",
            )
        )
