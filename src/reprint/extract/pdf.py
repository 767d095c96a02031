"""PDF: the text a reader sees, in reading order, and the text hidden from them.

PDFium (pypdfium2) reads the pages. It is fast (500 pages: pdftotext 0.55 s,
pypdfium2 0.84 s, pypdf 3.7 s, pdfminer.six ~40 s) and it gives each character's
box and its text object's render mode, colour and size: reading order and
visibility need both, and plain text extraction (any library) gives neither.
``pdf_layout`` orders the lines into columns and paragraphs; ``pdf_metadata``
reads the info dictionary and the XMP packet.
"""

from __future__ import annotations

import ctypes
import re
import struct
import threading
from _ctypes import CFuncPtr as _CFuncPtr
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from reprint.errors import (
    CorruptInputError,
    EmptyInputError,
    EncryptedInputError,
    UnsafeInputError,
)
from reprint.extract import ExtractOptions
from reprint.extract.pdf_layout import PageRuns, Run, hidden_blocks, page_blocks
from reprint.extract.pdf_metadata import (
    metadata_blocks,
    read_info,
    read_publication,
    read_xmp,
)
from reprint.model import (
    Document,
    Format,
    HiddenReason,
    Problem,
    ProblemCode,
)

__all__ = ["extract"]

# Text under 1 pt is a dot or a hairline on screen and on paper.
TINY_TEXT_PT = 1.0
# A colour channel at or above this (of 255) is white to the eye on a white page.
WHITE_CHANNEL = 250
# Acrobat accepts %%EOF within the last 1024 bytes (PDF 1.7, Annex H, note 18).
EOF_WINDOW = 1024
# A line box at least this tall is set above 1 pt: its font size is not read.
TINY_SCREEN_PT = 2.0
# Forms nest; PDFium itself stops at a similar depth.
MAX_FORM_DEPTH = 8
_HIDDEN_DETAIL = {
    HiddenReason.INVISIBLE_RENDER_MODE: "render mode 3 (invisible), not over an image",
    HiddenReason.BACKGROUND_COLOUR: "white or transparent text on a white page",
    HiddenReason.TINY_TEXT: f"font size under {TINY_TEXT_PT:g} pt",
    HiddenReason.OFF_PAGE: "outside the page's visible area",
}

_RENDER_INVISIBLE = (
    pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE,
    pdfium_c.FPDF_TEXTRENDERMODE_CLIP,
)
_RENDER_STROKE_ONLY = (
    pdfium_c.FPDF_TEXTRENDERMODE_STROKE,
    pdfium_c.FPDF_TEXTRENDERMODE_STROKE_CLIP,
)
_PDFIUM_ERRORS = {
    pdfium_c.FPDF_ERR_FILE: "file access error",
    pdfium_c.FPDF_ERR_FORMAT: "data format error",
    pdfium_c.FPDF_ERR_PAGE: "page not found or content error",
}
_PAINT_REASONS = (HiddenReason.INVISIBLE_RENDER_MODE, HiddenReason.BACKGROUND_COLOUR)
_TEXT_LINE = re.compile(r"[^\r\n]+")


def _bind(name: str, restype: object, *argtypes: object) -> _CFuncPtr:
    """A private ctypes prototype for a PDFium function, taking and giving plain ints.

    Pointers as ints compare by value (pypdfium2's pointer objects do not), and
    skipping its argument conversion halves the cost of the per-run calls.
    """
    address = ctypes.cast(getattr(pdfium_c, name), ctypes.c_void_p).value
    # CFUNCTYPE's stub wants ctypes classes; these are, typed as object above.
    prototype = ctypes.CFUNCTYPE(restype, *argtypes)  # type: ignore[arg-type]
    return prototype(address or 0)


# PDFium is not thread-safe, not even across documents (pypdfium2's docs), and the
# service may extract in several threads at once.
_PDFIUM_LOCK = threading.Lock()
_P, _I = ctypes.c_void_p, ctypes.c_int
_load_page: Callable[[int, int], int | None] = _bind("FPDF_LoadPage", _P, _P, _I)
_close_page: Callable[[int], None] = _bind("FPDF_ClosePage", None, _P)
_page_box: Callable[[int, int], int] = _bind("FPDF_GetPageBoundingBox", _I, _P, _P)
_page_rotation: Callable[[int], int] = _bind("FPDFPage_GetRotation", _I, _P)
_load_textpage: Callable[[int], int | None] = _bind("FPDFText_LoadPage", _P, _P)
_close_textpage: Callable[[int], None] = _bind("FPDFText_ClosePage", None, _P)
_count_chars: Callable[[int], int] = _bind("FPDFText_CountChars", _I, _P)
_get_text: Callable[..., int] = _bind("FPDFText_GetText", _I, _P, _I, _I, _P)
_unicode: Callable[[int, int], int] = _bind(
    "FPDFText_GetUnicode", ctypes.c_uint, _P, _I
)
_text_object: Callable[[int, int], int | None] = _bind(
    "FPDFText_GetTextObject", _P, _P, _I
)
_loose_box: Callable[[int, int, int], int] = _bind(
    "FPDFText_GetLooseCharBox", _I, _P, _I, _P
)
_render_mode: Callable[[int], int] = _bind("FPDFTextObj_GetTextRenderMode", _I, _P)
_font_size: Callable[[int, int], int] = _bind("FPDFTextObj_GetFontSize", _I, _P, _P)
_matrix: Callable[[int, int], int] = _bind("FPDFPageObj_GetMatrix", _I, _P, _P)
_fill_colour: Callable[..., int] = _bind("FPDFPageObj_GetFillColor", _I, *[_P] * 5)
_stroke_colour: Callable[..., int] = _bind("FPDFPageObj_GetStrokeColor", _I, *[_P] * 5)
_object_bounds: Callable[..., int] = _bind("FPDFPageObj_GetBounds", _I, *[_P] * 5)
_object_type: Callable[[int], int] = _bind("FPDFPageObj_GetType", _I, _P)
_count_objects: Callable[[int], int] = _bind("FPDFPage_CountObjects", _I, _P)
_get_object: Callable[[int, int], int | None] = _bind("FPDFPage_GetObject", _P, _P, _I)
_count_form_objects: Callable[[int], int] = _bind("FPDFFormObj_CountObjects", _I, _P)
_get_form_object: Callable[[int, int], int | None] = _bind(
    "FPDFFormObj_GetObject", _P, _P, ctypes.c_ulong
)
_draw_mode: Callable[[int, int, int], int] = _bind(
    "FPDFPath_GetDrawMode", _I, *[_P] * 3
)
# PDFium's out-parameters, read in one call each.
_FOUR_FLOATS_TWICE = struct.Struct("8f").unpack_from
_FOUR_UINTS = struct.Struct("4I").unpack_from


@dataclass(frozen=True, slots=True)
class _Box:
    """A rectangle in PDF user space (y grows upwards)."""

    left: float
    bottom: float
    right: float
    top: float

    def contains_centre_of(self, other: _Box) -> bool:
        x = (other.left + other.right) / 2
        y = (other.bottom + other.top) / 2
        return self.left <= x <= self.right and self.bottom <= y <= self.top


@dataclass(frozen=True, slots=True)
class _Backdrop:
    """What a page paints that text can sit on: images and coloured fills."""

    images: tuple[_Box, ...]
    fills: tuple[_Box, ...]


def extract(data: bytes, options: ExtractOptions) -> Document:
    """Read a PDF's visible text in reading order, its hidden text and its metadata.

    Raises:
        EmptyInputError: no bytes.
        CorruptInputError: truncated or not parseable as a PDF.
        EncryptedInputError: a password is needed, or the one given is wrong.
        UnsafeInputError: over the byte or page limit.
    """
    _check_bytes(data, options)
    with _PDFIUM_LOCK:
        document = _open(data, options.password)
        try:
            page_count = len(document)
            if page_count > options.limits.max_pdf_pages:
                raise UnsafeInputError(
                    f"the PDF has {page_count} pages, over the limit of "
                    f"{options.limits.max_pdf_pages}"
                )
            pages = [_read_page(document, n) for n in range(1, page_count + 1)]
            info = read_info(document)
        finally:
            document.close()
    xmp, problems = read_xmp(data, options.password)
    blocks = page_blocks(pages)
    hidden = [*hidden_blocks(pages, _HIDDEN_DETAIL), *metadata_blocks(info, xmp)]
    image_only = [page.number for page in pages if page.is_image_only]
    if image_only:
        numbers = ", ".join(map(str, image_only))
        what = "page {} is an image" if len(image_only) == 1 else "pages {} are images"
        message = f"{what.format(numbers)} without a text layer; OCR it to check it"
        problems.append(Problem(ProblemCode.IMAGE_ONLY_PAGES, message))
    if not any(block.text for block in blocks):
        problems.append(
            Problem(ProblemCode.NO_TEXT, "the PDF has no text a reader can see")
        )
    return Document(
        format=Format.PDF,
        blocks=tuple(blocks),
        hidden=tuple(hidden),
        publication=read_publication(info, xmp),
        problems=tuple(problems),
        page_count=page_count,
    )


def _check_bytes(data: bytes, options: ExtractOptions) -> None:
    if not data.strip():
        raise EmptyInputError("the file is empty")
    if len(data) > options.limits.max_input_bytes:
        raise UnsafeInputError(
            f"the PDF is {len(data)} bytes, over the limit of "
            f"{options.limits.max_input_bytes}"
        )
    if b"%%EOF" not in data[-EOF_WINDOW:]:
        raise CorruptInputError("the PDF is truncated: it does not end with %%EOF")


def _open(data: bytes, password: str | None) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data, password=password)
    except pdfium.PdfiumError as exc:
        if exc.err_code == pdfium_c.FPDF_ERR_PASSWORD:
            if password is None:
                raise EncryptedInputError(
                    "the PDF is encrypted; give its password with --password"
                ) from exc
            raise EncryptedInputError(
                "the password given for the encrypted PDF is wrong"
            ) from exc
        if exc.err_code == pdfium_c.FPDF_ERR_SECURITY:
            raise EncryptedInputError(
                "the PDF uses an encryption scheme reprint cannot open"
            ) from exc
        raise CorruptInputError(
            "the PDF is damaged and cannot be parsed "
            f"(PDFium: {_PDFIUM_ERRORS.get(exc.err_code, 'unknown error')})"
        ) from exc


def _read_page(document: pdfium.PdfDocument, number: int) -> PageRuns:
    # Raw PDFium calls: pypdfium2's page and text-page helpers add Python
    # bookkeeping (weak references, finalizers) to every page; these skip it.
    page = _load_page(document.raw, number - 1)
    if not page:
        raise CorruptInputError(f"page {number} of the PDF cannot be read")
    try:
        visible_box = pdfium_c.FS_RECTF()
        if not _page_box(page, ctypes.addressof(visible_box)):
            raise CorruptInputError(f"page {number} of the PDF has no page box")
        crop = _Box(
            visible_box.left, visible_box.bottom, visible_box.right, visible_box.top
        )
        rotation = 90 * (_page_rotation(page) % 4)
        is_turned = rotation in (90, 270)
        height = crop.right - crop.left if is_turned else crop.top - crop.bottom
        textpage = _load_textpage(page)
        if not textpage:
            raise CorruptInputError(f"the text of page {number} cannot be read")
        try:
            runs, hidden = _collect_runs(page, textpage, crop, rotation)
        finally:
            _close_textpage(textpage)
        return PageRuns(
            number=number,
            height=height,
            runs=tuple(runs),
            hidden={reason: tuple(found) for reason, found in hidden.items()},
            is_image_only=not runs and bool(_backdrop(page).images),
        )
    finally:
        _close_page(page)


def _page_text(textpage: int, count: int) -> str:
    """The page's characters, one string index per PDFium character index."""
    buffer = (ctypes.c_ushort * (count + 1))()
    written = _get_text(textpage, 0, count, ctypes.addressof(buffer))
    text = ctypes.string_at(buffer, 2 * max(written - 1, 0)).decode(
        "utf-16-le", errors="replace"
    )
    if len(text) == count:
        return text
    # Characters outside UCS-2 or left out by FPDFText_GetText: ask one by one.
    return "".join(chr(_unicode(textpage, index)) for index in range(count))


def _object_spans(
    textpage_ptr: int, start: int, end: int
) -> Iterator[tuple[int, int, int]]:
    """Split characters [start, end] into runs of one text object: (first, last, obj).

    A text object's characters are consecutive, so bisecting by the object at each
    end finds the runs in O(runs · log length) calls, not one call per character.
    """
    stack = [
        (start, end, _text_object(textpage_ptr, start), _text_object(textpage_ptr, end))
    ]
    spans: list[tuple[int, int, int]] = []
    while stack:
        first, last, first_obj, last_obj = stack.pop()
        if first_obj == last_obj and (first_obj or first == last):
            spans.append((first, last, int(first_obj or 0)))
        elif last - first <= 1:
            spans.append((first, first, int(first_obj or 0)))
            spans.append((last, last, int(last_obj or 0)))
        else:
            middle = (first + last) // 2
            middle_obj = _text_object(textpage_ptr, middle)
            stack.append((middle, last, middle_obj, last_obj))
            stack.append((first, middle, first_obj, middle_obj))
    previous: tuple[int, int, int] | None = None
    for span in spans:
        if (
            previous is not None
            and previous[2] == span[2]
            and span[0] <= previous[1] + 1
        ):
            previous = (previous[0], max(previous[1], span[1]), span[2])
            continue
        if previous is not None:
            yield previous
        previous = span
    if previous is not None:
        yield previous


def _collect_runs(
    page: int, textpage_ptr: int, crop: _Box, rotation: int
) -> tuple[list[Run], dict[HiddenReason, list[Run]]]:
    """The page's text as runs, visible ones and hidden ones by reason.

    This loop runs once per run (a 500-page paper has ~30,000): PDFium is called
    through int-typed prototypes and its out-parameters are read with ``struct``,
    which is several times faster than reading ctypes fields one by one.
    """
    visible: list[Run] = []
    hidden: dict[HiddenReason, list[Run]] = {}
    count = _count_chars(textpage_ptr)
    if count <= 0:
        return visible, hidden
    text = _page_text(textpage_ptr, count)
    backdrop: _Backdrop | None = None
    # Two FS_RECTF (left, top, right, bottom) for the first and last character,
    # then RGBA of the text object's paint.
    boxes = (ctypes.c_float * 8)()
    head_ref = ctypes.addressof(boxes)
    tail_ref = head_ref + 16
    rgba = (ctypes.c_uint * 4)()
    base = ctypes.addressof(rgba)
    rgba_refs = (base, base + 4, base + 8, base + 12)
    text_object, loose_box, render_mode = _text_object, _loose_box, _render_mode
    fill_colour, read_boxes, read_rgba = _fill_colour, _FOUR_FLOATS_TWICE, _FOUR_UINTS
    crop_left, crop_bottom, crop_right, crop_top = (
        crop.left,
        crop.bottom,
        crop.right,
        crop.top,
    )
    for match in _TEXT_LINE.finditer(text):
        start, end = match.start(), match.end() - 1
        obj = text_object(textpage_ptr, start)
        if obj and obj == text_object(textpage_ptr, end):
            spans: Iterable[tuple[int, int, int]] = ((start, end, obj),)
        else:
            spans = _object_spans(textpage_ptr, start, end)
        has_space = False
        for first, last, obj in spans:
            if not obj:
                # PDFium puts a space where it sees a word gap (it knows the font's
                # space width); keep it for the run that follows.
                has_space = has_space or " " in text[first : last + 1]
                continue
            run_text = text[first : last + 1]
            if has_space:
                run_text, has_space = " " + run_text, False
            loose_box(textpage_ptr, first, head_ref)
            loose_box(textpage_ptr, last, tail_ref)
            left, top, right, bottom, left2, top2, right2, bottom2 = read_boxes(boxes)
            # Plain comparisons: min() and max() cost more than PDFium's calls.
            left = left if left < left2 else left2
            right = right if right > right2 else right2
            bottom = bottom if bottom < bottom2 else bottom2
            top = top if top > top2 else top2
            reason: HiddenReason | None = None
            if (
                right <= crop_left
                or left >= crop_right
                or top <= crop_bottom
                or bottom >= crop_top
            ):
                reason = HiddenReason.OFF_PAGE
            else:
                mode = render_mode(obj)
                if mode in _RENDER_INVISIBLE:
                    reason = HiddenReason.INVISIBLE_RENDER_MODE
                elif top - bottom < TINY_SCREEN_PT and _is_tiny(obj):
                    reason = HiddenReason.TINY_TEXT
                else:
                    if mode in _RENDER_STROKE_ONLY:
                        _stroke_colour(obj, *rgba_refs)
                    else:
                        fill_colour(obj, *rgba_refs)
                    red, green, blue, alpha = read_rgba(rgba)
                    if alpha == 0 or (
                        red >= WHITE_CHANNEL
                        and green >= WHITE_CHANNEL
                        and blue >= WHITE_CHANNEL
                    ):
                        reason = HiddenReason.BACKGROUND_COLOUR
                if reason in _PAINT_REASONS:
                    if backdrop is None:
                        backdrop = _backdrop(page)
                    if _is_painted_over(
                        _Box(left, bottom, right, top), reason, backdrop
                    ):
                        reason = None
            if rotation:
                run = _turned_run(run_text, left, bottom, right, top, crop, rotation)
            else:
                run = Run(
                    run_text,
                    left - crop_left,
                    crop_top - top,
                    right - crop_left,
                    crop_top - bottom,
                )
            if reason is None:
                visible.append(run)
            else:
                hidden.setdefault(reason, []).append(run)
    return visible, hidden


def _is_tiny(obj: int) -> bool:
    """Font size times the text matrix's vertical scale is under 1 pt."""
    size = ctypes.c_float()
    matrix = pdfium_c.FS_MATRIX()
    _font_size(obj, ctypes.addressof(size))
    _matrix(obj, ctypes.addressof(matrix))
    scale: float = (matrix.c**2 + matrix.d**2) ** 0.5
    return size.value * scale < TINY_TEXT_PT


def _is_painted_over(box: _Box, reason: HiddenReason, backdrop: _Backdrop) -> bool:
    """Invisible text over an image is an OCR layer; white text on a fill shows."""
    under = backdrop.images
    if reason is HiddenReason.BACKGROUND_COLOUR:
        under = (*under, *backdrop.fills)
    return any(area.contains_centre_of(box) for area in under)


def _backdrop(page: int) -> _Backdrop:
    images: list[_Box] = []
    fills: list[_Box] = []
    for index in range(_count_objects(page)):
        obj = _get_object(page, index) or 0
        kind = _object_type(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE or (
            # A scan wrapped in a form XObject (ocrmypdf does this) counts as a whole.
            kind == pdfium_c.FPDF_PAGEOBJ_FORM and _form_has_image(obj, MAX_FORM_DEPTH)
        ):
            images.append(_bounds(obj))
        elif kind == pdfium_c.FPDF_PAGEOBJ_PATH and _is_dark_fill(obj):
            fills.append(_bounds(obj))
    return _Backdrop(tuple(images), tuple(fills))


def _bounds(obj: int) -> _Box:
    edges = (ctypes.c_float * 4)()
    base = ctypes.addressof(edges)
    if not _object_bounds(obj, base, base + 4, base + 8, base + 12):
        return _Box(0.0, 0.0, 0.0, 0.0)
    left, bottom, right, top = edges
    return _Box(left, bottom, right, top)


def _form_has_image(form: int, depth: int) -> bool:
    for index in range(max(_count_form_objects(form), 0)):
        obj = _get_form_object(form, index) or 0
        kind = _object_type(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE or (
            kind == pdfium_c.FPDF_PAGEOBJ_FORM
            and depth > 0
            and _form_has_image(obj, depth - 1)
        ):
            return True
    return False


def _is_dark_fill(path: int) -> bool:
    modes = (ctypes.c_int * 2)()
    base = ctypes.addressof(modes)
    if not _draw_mode(path, base, base + 4) or not modes[0]:
        return False
    rgba = (ctypes.c_uint * 4)()
    base = ctypes.addressof(rgba)
    _fill_colour(path, base, base + 4, base + 8, base + 12)
    r, g, b, a = rgba
    return a > 0 and min(r, g, b) < WHITE_CHANNEL


def _turned_run(
    text: str,
    left: float,
    bottom: float,
    right: float,
    top: float,
    crop: _Box,
    rotation: int,
) -> Run:
    """A run on a page shown turned by /Rotate, with the origin at its top left."""
    if rotation == 90:
        return Run(
            text,
            bottom - crop.bottom,
            left - crop.left,
            top - crop.bottom,
            right - crop.left,
        )
    if rotation == 180:
        return Run(
            text,
            crop.right - right,
            bottom - crop.bottom,
            crop.right - left,
            top - crop.bottom,
        )
    return Run(
        text, crop.top - top, crop.right - right, crop.top - bottom, crop.right - left
    )
