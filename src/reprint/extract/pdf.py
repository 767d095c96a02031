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
from typing import NamedTuple

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
# Colours whose channels (of 255) differ by at most this look the same: text at
# 250 and above is white on a white page.
SAME_COLOUR_CHANNELS = 5
# Acrobat accepts %%EOF within the last 1024 bytes (PDF 1.7, Annex H, note 18).
EOF_WINDOW = 1024
# A line box at least this tall is set above 1 pt: its font size is not read.
TINY_SCREEN_PT = 2.0
# Forms nest; PDFium itself stops at a similar depth.
MAX_FORM_DEPTH = 8
# Under this many characters per text object a page is drawn glyph by glyph (as
# Chromium's Skia does): one lookup per character beats bisecting each line.
GLYPH_OBJECT_CHARS = 3
# Filled paths looked at per page as boxes that cover text or sit under it: vector
# art draws thousands of paths, a page layout a few dozen.
MAX_SHAPES = 400
# A box thinner than this covers no readable text.
MIN_SHAPE_PT = 2.0
# A rectangle is a move, three or four lines and a close; a clip path of more
# segments than MAX_CLIP_SEGMENTS is not read (it clips art, not text runs).
MAX_RECT_SEGMENTS = 6
MAX_CLIP_SEGMENTS = 64
# Boxes from PDFium's float maths differ in the last digits.
EDGE_PT = 0.5
# Runs of one line closer than this (in line heights) join, as in pdf_layout.
JOIN_GAP_EM = 1.0
# Unknown drawing order: nothing is drawn after it.
_LAST_Z = 1 << 30
_HIDDEN_DETAIL = {
    HiddenReason.INVISIBLE_RENDER_MODE: "render mode 3 (invisible), not over an image",
    HiddenReason.BACKGROUND_COLOUR: "the colour of the page or box under it",
    HiddenReason.TRANSPARENT: "fully transparent text, not over an image",
    HiddenReason.TINY_TEXT: f"font size under {TINY_TEXT_PT:g} pt",
    HiddenReason.OFF_PAGE: "outside the page's visible area",
    HiddenReason.COVERED: "under an opaque box or image drawn after it",
    HiddenReason.CLIPPED: "outside its clipping path",
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
_TEXT_LINE = re.compile(r"[^\r\n]+")
# After these PDFium adds no space at a gap: a space, and the hyphens (U+FFFE and
# U+0002 are its marks) after which it joins a line to the next one.
_JOINS = frozenset(" -\u00ad\ufffe\x02")


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
_has_transparency: Callable[[int], int] = _bind("FPDFPageObj_HasTransparency", _I, _P)
_count_segments: Callable[[int], int] = _bind("FPDFPath_CountSegments", _I, _P)
_path_segment: Callable[[int, int], int | None] = _bind(
    "FPDFPath_GetPathSegment", _P, _P, _I
)
_segment_type: Callable[[int], int] = _bind("FPDFPathSegment_GetType", _I, _P)
_segment_point: Callable[[int, int, int], int] = _bind(
    "FPDFPathSegment_GetPoint", _I, _P, _P, _P
)
_clip_path: Callable[[int], int | None] = _bind("FPDFPageObj_GetClipPath", _P, _P)
_count_clip_paths: Callable[[int], int] = _bind("FPDFClipPath_CountPaths", _I, _P)
_count_clip_segments: Callable[[int, int], int] = _bind(
    "FPDFClipPath_CountPathSegments", _I, _P, _I
)
_clip_segment: Callable[[int, int, int], int | None] = _bind(
    "FPDFClipPath_GetPathSegment", _P, _P, _I, _I
)
# PDFium's out-parameters, read in one call each.
_FOUR_FLOATS_TWICE = struct.Struct("8f").unpack_from
_FOUR_UINTS = struct.Struct("4I").unpack_from
_FOUR_FLOATS = struct.Struct("4f").unpack_from
_TWO_FLOATS = struct.Struct("2f").unpack_from
_SIX_FLOATS = struct.Struct("6f").unpack_from
_RGBA = tuple[int, int, int, int]
# What the glyphs of a text object look like: (hidden by paint alone?, RGBA).
# Neighbouring objects with equal keys are read as one run.
_PaintKey = tuple[HiddenReason | None, _RGBA]


class _Box(NamedTuple):
    """A rectangle in PDF user space (y grows upwards)."""

    left: float
    bottom: float
    right: float
    top: float

    def contains_centre_of(self, other: _Box) -> bool:
        x = (other.left + other.right) / 2
        y = (other.bottom + other.top) / 2
        return self.left <= x <= self.right and self.bottom <= y <= self.top

    def contains(self, other: _Box) -> bool:
        return (
            self.left - EDGE_PT <= other.left
            and other.right <= self.right + EDGE_PT
            and self.bottom - EDGE_PT <= other.bottom
            and other.top <= self.top + EDGE_PT
        )

    def meets(self, other: _Box) -> bool:
        return (
            self.left < other.right
            and other.left < self.right
            and self.bottom < other.top
            and other.bottom < self.top
        )


class _Shape(NamedTuple):
    """A filled path or an image, ``z`` its place in the page's drawing order."""

    z: int
    box: _Box
    rgba: _RGBA | None  # None for an image: its colours are not read
    obj: int
    is_opaque: bool


@dataclass(slots=True)
class _PageScan:
    """The page's objects in drawing order: how each text object paints, and the
    shapes and images that can sit under or over text."""

    paints: dict[int, tuple[_PaintKey, int, bool]]  # obj: key, z, is top level
    shapes: list[_Shape]
    images: list[_Box]  # images and forms holding one: an OCR layer's backdrop
    first_text_z: int = _LAST_Z


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
        scan = _scan(page)
        try:
            runs, hidden = _collect_runs(textpage, scan, crop, rotation)
        finally:
            _close_textpage(textpage)
        return PageRuns(
            number=number,
            height=height,
            runs=tuple(runs),
            hidden={reason: tuple(found) for reason, found in hidden.items()},
            is_image_only=not runs and bool(scan.images),
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


def _scan(page: int) -> _PageScan:
    """Walk the page's objects once, in the order they are drawn."""
    scan = _PageScan({}, [], [])
    _scan_objects(scan, page, _count_objects(page), _get_object, 0, MAX_FORM_DEPTH)
    return scan


def _scan_objects(
    scan: _PageScan,
    holder: int,
    count: int,
    get: Callable[[int, int], int | None],
    z: int,
    depth: int,
) -> int:
    """Record the objects of a page (or form) from drawing order ``z`` on.

    Returns the next ``z``. Text inside a form is recorded with its place in the
    page's drawing order; shapes inside forms are not read (their boxes are in
    the form's space), nor are their text's clips.
    """
    paints, render_mode, is_top = scan.paints, _render_mode, depth == MAX_FORM_DEPTH
    rgba = (ctypes.c_uint * 4)()
    base = ctypes.addressof(rgba)
    refs = (base, base + 4, base + 8, base + 12)
    for index in range(max(count, 0)):
        obj = get(holder, index) or 0
        # -1 (FPDF_TEXTRENDERMODE_UNKNOWN) for anything but text: the mode is the
        # type test, saving a call per glyph on glyph-by-glyph pages.
        mode = render_mode(obj)
        if mode >= 0:
            paints[obj] = (_paint_key(obj, mode, rgba, refs), z, is_top)
            if z < scan.first_text_z:
                scan.first_text_z = z
        else:
            kind = _object_type(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_PATH and is_top:
                if len(scan.shapes) < MAX_SHAPES:
                    _add_path(scan, obj, z)
            elif kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                box = _bounds(obj)
                scan.images.append(box)
                if is_top:
                    opaque = not _has_transparency(obj)
                    scan.shapes.append(_Shape(z, box, None, obj, opaque))
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
                # A scan wrapped in a form XObject (ocrmypdf does this) counts whole.
                if _form_has_image(obj, depth):
                    scan.images.append(_bounds(obj))
                if depth > 0:
                    inner = _count_form_objects(obj)
                    z = _scan_objects(scan, obj, inner, _get_form_object, z, depth - 1)
        z += 1
    return z


def _paint_key(
    obj: int, mode: int, rgba: ctypes.Array[ctypes.c_uint], refs: tuple[int, ...]
) -> _PaintKey:
    if mode in _RENDER_STROKE_ONLY:
        _stroke_colour(obj, *refs)
    else:
        _fill_colour(obj, *refs)
    colour: _RGBA = _FOUR_UINTS(rgba)
    if mode in _RENDER_INVISIBLE:
        return HiddenReason.INVISIBLE_RENDER_MODE, colour
    if colour[3] == 0:
        return HiddenReason.TRANSPARENT, colour
    return None, colour


def _add_path(scan: _PageScan, obj: int, z: int) -> None:
    modes = (ctypes.c_int * 2)()
    base = ctypes.addressof(modes)
    if not _draw_mode(obj, base, base + 4) or not modes[0]:
        return
    box = _bounds(obj)
    if box.right - box.left < MIN_SHAPE_PT or box.top - box.bottom < MIN_SHAPE_PT:
        return
    rgba = (ctypes.c_uint * 4)()
    base = ctypes.addressof(rgba)
    _fill_colour(obj, base, base + 4, base + 8, base + 12)
    colour: _RGBA = _FOUR_UINTS(rgba)
    if colour[3]:
        opaque = colour[3] == 255 and not _has_transparency(obj)
        scan.shapes.append(_Shape(z, box, colour, obj, opaque))


def _bounds(obj: int) -> _Box:
    edges = (ctypes.c_float * 4)()
    base = ctypes.addressof(edges)
    if not _object_bounds(obj, base, base + 4, base + 8, base + 12):
        return _Box(0.0, 0.0, 0.0, 0.0)
    return _Box(*_FOUR_FLOATS(edges))


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


def _line_spans(
    textpage: int, objects: list[int | None] | None, start: int, end: int
) -> Iterable[tuple[int, int, int]]:
    """Characters [start, end] of one line as (first, last, text object) spans."""
    if objects is None:
        obj = _text_object(textpage, start)
        if obj and obj == _text_object(textpage, end):
            return ((start, end, obj),)
        return _object_spans(textpage, start, end)
    spans: list[tuple[int, int, int]] = []
    first, current = start, objects[start]
    for index in range(start + 1, end + 1):
        obj = objects[index]
        if obj != current:
            spans.append((first, index - 1, current or 0))
            first, current = index, obj
    spans.append((first, end, current or 0))
    return spans


class _Paged:
    """One page's text runs being sorted into visible and hidden."""

    def __init__(
        self, textpage: int, text: str, scan: _PageScan, crop: _Box, rotation: int
    ) -> None:
        self.textpage, self.text, self.scan = textpage, text, scan
        self.crop, self.rotation = crop, rotation
        self.visible: list[Run] = []
        self.hidden: dict[HiddenReason, list[Run]] = {}
        # Opaque shapes drawn after some text: the only ones that can cover it.
        self.covers = [
            shape
            for shape in scan.shapes
            if shape.is_opaque and shape.z > scan.first_text_z
        ]
        self.rectangles: dict[int, bool] = {}
        self.boxes = (ctypes.c_float * 4)()
        self.boxes_ref = ctypes.addressof(self.boxes)

    def char_box(self, index: int) -> _Box:
        """The character's loose box (PDFium gives left, top, right, bottom)."""
        _loose_box(self.textpage, index, self.boxes_ref)
        left, top, right, bottom = _FOUR_FLOATS(self.boxes)
        return _Box(left, bottom, right, top)

    def add(
        self,
        spans: list[tuple[int, int, int, int]],
        key: _PaintKey,
        box: _Box,
        has_space: bool,
    ) -> None:
        """Sort a run of same-paint spans (first, last, object, z) of one line."""
        zs = [span[3] for span in spans]
        reason = self.reason(box, key, min(zs), max(zs), spans[0][2])
        if reason is None and len(spans) > 1 and self.is_partly_covered(box, max(zs)):
            # A box over part of the run: judge each object on its own.
            for first, last, obj, z in spans:
                part = self.text_box(first, last)
                part_reason = self.reason(part, key, z, z, obj)
                self.emit(self.text[first : last + 1], part, part_reason)
            return
        text = self.text[spans[0][0] : spans[-1][1] + 1]
        self.emit(" " + text if has_space else text, box, reason)

    def text_box(self, first: int, last: int) -> _Box:
        head, tail = self.char_box(first), self.char_box(last)
        return _Box(
            min(head.left, tail.left),
            min(head.bottom, tail.bottom),
            max(head.right, tail.right),
            max(head.top, tail.top),
        )

    def reason(
        self, box: _Box, key: _PaintKey, z_min: int, z_max: int, obj: int
    ) -> HiddenReason | None:
        crop, scan = self.crop, self.scan
        if (
            box.right <= crop.left
            or box.left >= crop.right
            or box.top <= crop.bottom
            or box.bottom >= crop.top
        ):
            return HiddenReason.OFF_PAGE
        painted, colour = key
        if painted is not None:
            # Invisible text over an image is an OCR layer: the image shows it.
            if any(image.contains_centre_of(box) for image in scan.images):
                return None
            return painted
        if self.is_clipped(box, obj):
            return HiddenReason.CLIPPED
        if box.top - box.bottom < TINY_SCREEN_PT and _is_tiny(obj):
            return HiddenReason.TINY_TEXT
        if any(
            shape.z > z_max and shape.box.contains(box) and self.is_rectangle(shape)
            for shape in self.covers
        ):
            return HiddenReason.COVERED
        under = _shape_under(scan.shapes, box, z_min)
        if under is None:  # the page, white
            if min(colour[:3]) >= 255 - SAME_COLOUR_CHANNELS:
                return HiddenReason.BACKGROUND_COLOUR
            return None
        if under.rgba is not None and _is_same_colour(colour, under.rgba):
            return HiddenReason.BACKGROUND_COLOUR
        return None

    def is_partly_covered(self, box: _Box, z_max: int) -> bool:
        return any(
            shape.z > z_max - 1 and shape.box.meets(box) for shape in self.covers
        )

    def is_rectangle(self, shape: _Shape) -> bool:
        if shape.rgba is None:
            return True  # an image: its box is what it paints
        found = self.rectangles.get(shape.obj)
        if found is None:
            found = self.rectangles[shape.obj] = _is_rectangle(shape.obj)
        return found

    def is_clipped(self, box: _Box, obj: int) -> bool:
        entry = self.scan.paints.get(obj)
        if entry is None or not entry[2]:
            return False  # inside a form: its clip is in the form's space
        clip = _clip_bounds(obj)
        return clip is not None and not clip.meets(box)

    def emit(self, text: str, box: _Box, reason: HiddenReason | None) -> None:
        crop = self.crop
        if self.rotation:
            run = _turned_run(text, *box, crop, self.rotation)
        else:
            run = Run(
                text,
                box.left - crop.left,
                crop.top - box.top,
                box.right - crop.left,
                crop.top - box.bottom,
            )
        if reason is None:
            self.visible.append(run)
        else:
            self.hidden.setdefault(reason, []).append(run)


def _collect_runs(
    textpage: int, scan: _PageScan, crop: _Box, rotation: int
) -> tuple[list[Run], dict[HiddenReason, list[Run]]]:
    """The page's text as runs, visible ones and hidden ones by reason.

    A run is a stretch of one line whose text objects paint alike. Glyph-by-glyph
    writers (Chromium) make a text object per glyph: they are joined here, so
    that visibility is judged and layout done once per stretch, not per glyph.
    """
    count = _count_chars(textpage)
    if count <= 0:
        return [], {}
    text = _page_text(textpage, count)
    paged = _Paged(textpage, text, scan, crop, rotation)
    objects: list[int | None] | None = None
    if count < GLYPH_OBJECT_CHARS * len(scan.paints):
        objects = [_text_object(textpage, index) for index in range(count)]
    paints, char_box = scan.paints, paged.char_box
    for match in _TEXT_LINE.finditer(text):
        run: list[tuple[int, int, int, int]] = []
        key: _PaintKey | None = None
        has_space = run_space = is_gap = False
        top = bottom = right = 0.0
        for first, last, obj in _line_spans(
            textpage, objects, match.start(), match.end() - 1
        ):
            if not obj:
                # PDFium puts a space where it sees a word gap (it knows the font's
                # space width); keep it for the run that follows.
                is_gap = True
                has_space = has_space or " " in text[first : last + 1]
                continue
            entry = paints.get(obj)
            if entry is None:  # not reached by the walk: no order, no clip
                rgba = (ctypes.c_uint * 4)()
                base = ctypes.addressof(rgba)
                refs = (base, base + 4, base + 8, base + 12)
                entry = (_paint_key(obj, _render_mode(obj), rgba, refs), _LAST_Z, False)
            obj_key, z, _ = entry
            if run and obj_key == key:
                previous = run[-1][1]
                if not (is_gap or text[previous] in _JOINS or text[first] == " "):
                    # PDFium would have put a space at a gap: these touch.
                    run.append((first, last, obj, z))
                    continue
                while previous > run[0][0] and text[previous] == " ":
                    previous -= 1
                before, after = char_box(previous), char_box(first)
                low = min(before.top - before.bottom, after.top - after.bottom)
                high = max(before.top - before.bottom, after.top - after.bottom)
                overlap = min(before.top, after.top) - max(before.bottom, after.bottom)
                gap = after.left - before.right
                if overlap > 0.5 * low and -0.5 * high < gap < JOIN_GAP_EM * high:
                    run.append((first, last, obj, z))
                    top = max(top, before.top, after.top)
                    bottom = min(bottom, before.bottom, after.bottom)
                    right = max(right, after.right)
                    is_gap = has_space = False
                    continue
            if run and key is not None:
                paged.add(run, key, _run_box(paged, run, top, bottom, right), run_space)
            run, key, run_space = [(first, last, obj, z)], obj_key, has_space
            top, bottom, right = float("-inf"), float("inf"), float("-inf")
            is_gap = has_space = False
        if run and key is not None:
            paged.add(run, key, _run_box(paged, run, top, bottom, right), run_space)
    return paged.visible, paged.hidden


def _run_box(
    paged: _Paged,
    run: list[tuple[int, int, int, int]],
    top: float,
    bottom: float,
    right: float,
) -> _Box:
    first, last = run[0][0], run[-1][1]
    box = paged.text_box(first, last)
    return _Box(
        box.left, min(box.bottom, bottom), max(box.right, right), max(box.top, top)
    )


def _shape_under(shapes: list[_Shape], box: _Box, z: int) -> _Shape | None:
    """The last shape drawn before ``z`` under the box's centre."""
    found: _Shape | None = None
    for shape in shapes:
        if shape.z >= z:
            break
        if shape.box.contains_centre_of(box):
            found = shape
    return found


def _is_same_colour(first: _RGBA, second: _RGBA) -> bool:
    return all(
        abs(a - b) <= SAME_COLOUR_CHANNELS
        for a, b in zip(first[:3], second[:3], strict=True)
    )


def _is_rectangle(path: int) -> bool:
    """An upright rectangle: its box is what it fills."""
    count = _count_segments(path)
    if not 4 <= count <= MAX_RECT_SEGMENTS:
        return False
    matrix = (ctypes.c_float * 6)()
    _matrix(path, ctypes.addressof(matrix))
    _, b, c, _, _, _ = _SIX_FLOATS(matrix)
    if b or c:
        return False
    points = [_point(_path_segment(path, index) or 0) for index in range(count)]
    if any(point is None for point in points):
        return False
    xs = {round(point[0], 1) for point in points if point is not None}
    ys = {round(point[1], 1) for point in points if point is not None}
    return len(xs) <= 2 and len(ys) <= 2


def _point(segment: int) -> tuple[float, float] | None:
    """A line or move segment's end point; None for a curve."""
    if _segment_type(segment) == pdfium_c.FPDF_SEGMENT_BEZIERTO:
        return None
    xy = (ctypes.c_float * 2)()
    base = ctypes.addressof(xy)
    _segment_point(segment, base, base + 4)
    x, y = _TWO_FLOATS(xy)
    return x, y


def _clip_bounds(obj: int) -> _Box | None:
    """The box the object's clip paths leave visible, in page space."""
    clip = _clip_path(obj)
    paths = _count_clip_paths(clip) if clip else -1
    if paths <= 0:
        return None
    left = bottom = float("-inf")
    right = top = float("inf")
    for path in range(paths):
        count = _count_clip_segments(clip or 0, path)
        if not 0 < count <= MAX_CLIP_SEGMENTS:
            return None
        points = [
            _point(_clip_segment(clip or 0, path, index) or 0) for index in range(count)
        ]
        # A curve's control points bound it; its end points may not: skip it.
        if any(point is None for point in points):
            return None
        xs = [point[0] for point in points if point is not None]
        ys = [point[1] for point in points if point is not None]
        # A clip is the intersection of its paths.
        left, right = max(left, min(xs)), min(right, max(xs))
        bottom, top = max(bottom, min(ys)), min(top, max(ys))
    return _Box(left, bottom, right, top)


def _is_tiny(obj: int) -> bool:
    """Font size times the text matrix's vertical scale is under 1 pt."""
    size = ctypes.c_float()
    matrix = pdfium_c.FS_MATRIX()
    _font_size(obj, ctypes.addressof(size))
    _matrix(obj, ctypes.addressof(matrix))
    scale: float = (matrix.c**2 + matrix.d**2) ** 0.5
    return size.value * scale < TINY_TEXT_PT


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
