"""Whether PDFium paints a piece of text legibly: the render that confirms the rules.

``paint`` decides most text by rules (render mode, colour, boxes, clips). A viewer
has more ways not to show a glyph than any list of rules covers: the document's
default optional-content configuration, soft masks, blend modes, crop boxes,
shading and patterns. So the text a verdict rests on is confirmed by PDFium's own
renderer: the text's box is rendered twice, as the page is and with the text's
objects set to render mode 7 (no paint), and each character must differ from what
lies under it by ``reprint.contrast``'s rule, the one the HTML readers apply.

A character is painted legibly when at least ``MIN_LEGIBLE_PIXELS`` pixels of its
box, rendered at ``MIN_GLYPH_PX`` pixels per line or more, have a WCAG contrast
ratio of ``MIN_CONTRAST`` or more between the two renders; a span of text is
painted legibly when every character of it that has a glyph is.
"""

from __future__ import annotations

import ctypes
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from reprint.contrast import MIN_CONTRAST, luminance
from reprint.errors import InputError
from reprint.formats.pdf.paint import (
    PDFIUM_LOCK,
    _bind,
    close_page,
    close_textpage,
    count_annotations,
    count_chars,
    flatten_annotations,
    get_text,
    get_unicode,
    load_page,
    load_textpage,
    loose_box,
    text_object,
)
from reprint.model import Paint, TextSpan

__all__ = ["PdfPaintConfirmer"]

# Lines at least this many pixels tall: strokes of 10 pt text are 2-3 pixels wide,
# so a glyph's inside is fully painted and its contrast is the colours' own.
MIN_GLYPH_PX = 24.0
MIN_SCALE, MAX_SCALE = 2.0, 8.0
# A glyph that paints fewer pixels than this at that scale paints nothing a reader
# sees (a period at 10 pt paints about 9).
MIN_LEGIBLE_PIXELS = 2
# A paragraph the text is in may run on to the next pages.
RUN_ON_PAGES = 2
# Occurrences of one text on one page looked at before giving up on it.
MAX_OCCURRENCES = 8
# A piece of text found apart from the rest (see _Page.find) is at least this
# many letters and digits long: a shorter one is found anywhere.
MIN_PIECE_CHARS = 8
# Around the text's box, in points: PDFium's boxes and the pixel grid differ.
PAD_PT = 1.0
# The display matrix is computed at this many device units per point, then scaled
# down: FPDF_PageToDevice rounds to whole units.
SUBPIXEL = 16
# Points mapped apart to read the display matrix: far enough for whole units.
MATRIX_PROBE_PT = 1000.0

_P, _I, _D = ctypes.c_void_p, ctypes.c_int, ctypes.c_double
_set_render_mode = _bind("FPDFTextObj_SetTextRenderMode", _I, _P, _I)
_get_render_mode = _bind("FPDFTextObj_GetTextRenderMode", _I, _P)
_bitmap_create = _bind("FPDFBitmap_Create", _P, _I, _I, _I)
_bitmap_fill = _bind("FPDFBitmap_FillRect", _I, _P, _I, _I, _I, _I, ctypes.c_ulong)
_bitmap_buffer = _bind("FPDFBitmap_GetBuffer", _P, _P)
_bitmap_stride = _bind("FPDFBitmap_GetStride", _I, _P)
_bitmap_destroy = _bind("FPDFBitmap_Destroy", None, _P)
_render = _bind("FPDF_RenderPageBitmapWithMatrix", None, _P, _P, _P, _P, _I)
_page_to_device = _bind("FPDF_PageToDevice", _I, _P, _I, _I, _I, _I, _I, _D, _D, _P, _P)
_page_width = _bind("FPDF_GetPageWidthF", ctypes.c_float, _P)
_page_height = _bind("FPDF_GetPageHeightF", ctypes.c_float, _P)
_WHITE = 0xFFFFFFFF
# Letters and digits, and the marks NFKC may fold into them (a superscript two,
# a ligature): what the search compares.
_ALNUM_RUN = re.compile(r"[^\W_]+")
# Render modes that paint no glyph (3, and 7 which only adds to the clip).
_NO_PAINT_MODES = frozenset(
    (pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE, pdfium_c.FPDF_TEXTRENDERMODE_CLIP)
)
# What PDFium puts where a line is joined or a word gap guessed: no glyph.
_NO_GLYPH = frozenset("\r\n\x02\ufffe\ufffd")


@cache
def _folded(character: str) -> str:
    """A character as the search compares it: NFKC, case-folded, letters and
    digits only (hyphens, spaces and line ends differ between a block and its page)."""
    return "".join(
        c for c in unicodedata.normalize("NFKC", character).casefold() if c.isalnum()
    )


@cache
def _channel_luminance() -> tuple[
    tuple[float, ...], tuple[float, ...], tuple[float, ...]
]:
    """Each channel value's share of the WCAG luminance, for blue, green, red."""
    red = tuple(luminance((value, 0, 0)) for value in range(256))
    green = tuple(luminance((0, value, 0)) for value in range(256))
    blue = tuple(luminance((0, 0, value)) for value in range(256))
    return blue, green, red


@dataclass(frozen=True, slots=True)
class PdfPaintConfirmer:
    """Confirms by rendering that text of one PDF is painted legibly (see module)."""

    data: bytes
    password: str | None
    page_count: int

    def confirm(self, spans: Sequence[TextSpan]) -> tuple[Paint, ...]:
        """Whether PDFium paints each span legibly on its page (or the next ones).

        Raises:
            InputError: the PDF, read before, cannot be opened again.
        """
        with PDFIUM_LOCK:
            try:
                document = pdfium.PdfDocument(self.data, password=self.password)
            except pdfium.PdfiumError as exc:
                raise InputError("the PDF cannot be opened again to render it") from exc
            try:
                by_page: dict[int, _Page] = {}
                try:
                    answers = [self._confirm(document, by_page, s) for s in spans]
                finally:
                    for page in by_page.values():
                        page.close()
            finally:
                document.close()
        return tuple(answers)

    def _confirm(
        self, document: pdfium.PdfDocument, by_page: dict[int, _Page], span: TextSpan
    ) -> Paint:
        needle = "".join(map(_folded, span.text))
        if not needle:
            return Paint.NOT_FOUND
        found = False
        last = min(self.page_count, span.page + RUN_ON_PAGES)
        for number in range(span.page, last + 1):
            page = by_page.get(number)
            if page is None:
                page = by_page[number] = _Page.load(document, number)
            for ranges in page.find(needle):
                found = True
                if page.is_painted(ranges):
                    return Paint.PAINTED
        return Paint.NOT_PAINTED if found else Paint.NOT_FOUND


class _Page:
    """One page loaded for rendering: its characters, searchable, and its objects."""

    def __init__(self, handle: int, textpage: int, number: int) -> None:
        self.handle, self.textpage, self.number = handle, textpage, number
        count = max(count_chars(textpage), 0)
        buffer = (ctypes.c_ushort * (count + 1))()
        written = get_text(textpage, 0, count, ctypes.addressof(buffer))
        text = ctypes.string_at(buffer, 2 * max(written - 1, 0)).decode(
            "utf-16-le", errors="replace"
        )
        if len(text) != count:
            # Characters beyond the BMP or left out by FPDFText_GetText: one by one.
            text = "".join(
                _character(get_unicode(textpage, index)) for index in range(count)
            )
        self.indices: list[int] = []
        folded: list[str] = []
        # Runs of letters and digits: ASCII ones folded in C, the rest one by one.
        for run in _ALNUM_RUN.finditer(text):
            start, end = run.span()
            word = run.group()
            if word.isascii():
                folded.append(word.lower())
                self.indices.extend(range(start, end))
                continue
            for index, character in enumerate(word, start):
                piece = _folded(character)
                folded.append(piece)
                self.indices.extend([index] * len(piece))
        self.text = "".join(folded)
        self.width = int(_page_width(handle))
        self.height = int(_page_height(handle))
        self.to_display = self._display_matrix()

    @classmethod
    def load(cls, document: pdfium.PdfDocument, number: int) -> _Page:
        handle = load_page(document.raw, number - 1)
        if not handle:
            raise InputError(f"page {number} of the PDF cannot be read to render it")
        annotations = count_annotations(handle)
        # Read as the reader read it: annotations drawn into the page.
        if annotations > 0 and flatten_annotations(handle, annotations):
            close_page(handle)
            handle = load_page(document.raw, number - 1)
            if not handle:
                raise InputError(
                    f"page {number} of the PDF cannot be read to render it"
                )
        textpage = load_textpage(handle)
        if not textpage:
            close_page(handle)
            raise InputError(f"the text of page {number} cannot be read to render it")
        return cls(handle, textpage, number)

    def close(self) -> None:
        close_textpage(self.textpage)
        close_page(self.handle)

    def find(self, needle: str) -> list[list[tuple[int, int]]]:
        """Where the folded text occurs: each occurrence as character ranges.

        PDFium orders characters line by line across columns, so text that wraps
        inside a column is not contiguous: with no whole occurrence, the text is
        found piece by piece, each piece the longest prefix of the rest that
        occurs (at least MIN_PIECE_CHARS long), from where the last one ended.
        """
        found: list[list[tuple[int, int]]] = []
        at = self.text.find(needle)
        while at != -1 and len(found) < MAX_OCCURRENCES:
            found.append([self._range(at, len(needle))])
            at = self.text.find(needle, at + 1)
        if found:
            return found
        pieces: list[tuple[int, int]] = []
        rest, after = needle, 0
        while rest:
            low, high = 0, len(rest)  # the longest prefix that occurs
            while low < high:
                middle = (low + high + 1) // 2
                if rest[:middle] in self.text:
                    low = middle
                else:
                    high = middle - 1
            if low < min(MIN_PIECE_CHARS, len(rest)):
                return []
            piece = rest[:low]
            at = self.text.find(piece, after)
            if at == -1:
                at = self.text.find(piece)
            pieces.append(self._range(at, low))
            rest, after = rest[low:], at + low
        return [pieces]

    def _range(self, at: int, length: int) -> tuple[int, int]:
        return self.indices[at], self.indices[at + length - 1]

    def is_painted(self, ranges: list[tuple[int, int]]) -> bool:
        """Whether every glyph of the characters in ``ranges`` (first, last) is
        painted legibly."""
        glyphs: list[tuple[float, float, float, float]] = []
        objects: dict[int, int] = {}
        box = pdfium_c.FS_RECTF()
        indices = (i for first, last in ranges for i in range(first, last + 1))
        for index in indices:
            obj = text_object(self.textpage, index)
            character = _character(get_unicode(self.textpage, index))
            if not obj or character.isspace() or character in _NO_GLYPH:
                continue
            loose_box(self.textpage, index, ctypes.addressof(box))
            if box.right - box.left <= 0 or box.top - box.bottom <= 0:
                continue
            glyphs.append(self._device(box.left, box.top, box.right, box.bottom))
            objects.setdefault(obj, -1)
        if not glyphs:
            return False
        heights = sorted(bottom - top for _, top, _, bottom in glyphs)
        scale = min(
            max(MIN_GLYPH_PX / max(heights[len(heights) // 2], 0.1), MIN_SCALE),
            MAX_SCALE,
        )
        left = max(min(g[0] for g in glyphs) - PAD_PT, 0.0)
        top = max(min(g[1] for g in glyphs) - PAD_PT, 0.0)
        right = min(max(g[2] for g in glyphs) + PAD_PT, float(self.width))
        bottom = min(max(g[3] for g in glyphs) + PAD_PT, float(self.height))
        if right <= left or bottom <= top:
            return False  # wholly outside the page a viewer shows
        width = math.ceil((right - left) * scale)
        height = math.ceil((bottom - top) * scale)
        painted = self._render(left, top, width, height, scale)
        for obj in objects:
            objects[obj] = _get_render_mode(obj)
        if all(mode in _NO_PAINT_MODES for mode in objects.values()):
            # An OCR layer: invisible text over the scan that shows it. What is
            # asked is whether the page paints something legible at each glyph.
            unpainted = bytes([255]) * len(painted)
        else:
            for obj in objects:
                _set_render_mode(obj, pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE)
            try:
                unpainted = self._render(left, top, width, height, scale)
            finally:
                for obj, mode in objects.items():
                    _set_render_mode(obj, mode)
        row_bytes = width * 4
        for g_left, g_top, g_right, g_bottom in glyphs:
            x0 = max(int((g_left - left) * scale), 0)
            x1 = min(math.ceil((g_right - left) * scale), width)
            y0 = max(int((g_top - top) * scale), 0)
            y1 = min(math.ceil((g_bottom - top) * scale), height)
            if not _has_legible_pixels(painted, unpainted, row_bytes, x0, x1, y0, y1):
                return False
        return True

    def _device(
        self, left: float, top: float, right: float, bottom: float
    ) -> tuple[float, float, float, float]:
        """A box in PDF user space as (left, top, right, bottom) on the page as
        displayed, in points from its top left (rotation applied)."""
        a, b, c, d, e, f = self.to_display
        xs = (a * left + c * top + e, a * right + c * bottom + e)
        xs2 = (a * left + c * bottom + e, a * right + c * top + e)
        ys = (b * left + d * top + f, b * right + d * bottom + f)
        ys2 = (b * left + d * bottom + f, b * right + d * top + f)
        return (
            min(*xs, *xs2),
            min(*ys, *ys2),
            max(*xs, *xs2),
            max(*ys, *ys2),
        )

    def _display_matrix(self) -> tuple[float, float, float, float, float, float]:
        """PDFium's page-to-display matrix, read from three mapped points: the one
        FPDF_RenderPageBitmapWithMatrix applies before the caller's matrix."""
        x, y = ctypes.c_int(), ctypes.c_int()
        width, height = self.width * SUBPIXEL, self.height * SUBPIXEL
        mapped: list[tuple[float, float]] = []
        for page_x, page_y in (
            (0.0, 0.0),
            (MATRIX_PROBE_PT, 0.0),
            (0.0, MATRIX_PROBE_PT),
        ):
            _page_to_device(
                self.handle,
                0,
                0,
                width,
                height,
                0,
                page_x,
                page_y,
                ctypes.addressof(x),
                ctypes.addressof(y),
            )
            mapped.append((x.value / SUBPIXEL, y.value / SUBPIXEL))
        (e, f), (x1, y1), (x2, y2) = mapped
        return (
            (x1 - e) / MATRIX_PROBE_PT,
            (y1 - f) / MATRIX_PROBE_PT,
            (x2 - e) / MATRIX_PROBE_PT,
            (y2 - f) / MATRIX_PROBE_PT,
            e,
            f,
        )

    def _render(
        self, left: float, top: float, width: int, height: int, scale: float
    ) -> bytes:
        """The page's region from (left, top) as BGRx pixels, on white."""
        bitmap = _bitmap_create(width, height, 0)
        if not bitmap:
            raise InputError(f"no memory to render page {self.number} of the PDF")
        try:
            _bitmap_fill(bitmap, 0, 0, width, height, _WHITE)
            matrix = pdfium_c.FS_MATRIX(scale, 0, 0, scale, -left * scale, -top * scale)
            clip = pdfium_c.FS_RECTF(0, 0, width, height)
            _render(
                bitmap,
                self.handle,
                ctypes.addressof(matrix),
                ctypes.addressof(clip),
                pdfium_c.FPDF_ANNOT,
            )
            stride = _bitmap_stride(bitmap)
            buffer = _bitmap_buffer(bitmap)
            rows = ctypes.string_at(buffer, stride * height)
            if stride == width * 4:
                return rows
            return b"".join(
                rows[y * stride : y * stride + width * 4] for y in range(height)
            )
        finally:
            _bitmap_destroy(bitmap)


def _has_legible_pixels(
    painted: bytes, unpainted: bytes, row_bytes: int, x0: int, x1: int, y0: int, y1: int
) -> bool:
    """Whether MIN_LEGIBLE_PIXELS pixels of the box differ between the two renders
    by MIN_CONTRAST or more. Rows that are equal are skipped in C."""
    blue, green, red = _channel_luminance()
    found = 0
    for y in range(y0, y1):
        start, end = y * row_bytes + 4 * x0, y * row_bytes + 4 * x1
        if painted[start:end] == unpainted[start:end]:
            continue
        first = memoryview(painted)[start:end].cast("I")
        second = memoryview(unpainted)[start:end].cast("I")
        for one, two in zip(first, second, strict=True):
            if one == two:
                continue
            lum_one = blue[one & 255] + green[(one >> 8) & 255] + red[(one >> 16) & 255]
            lum_two = blue[two & 255] + green[(two >> 8) & 255] + red[(two >> 16) & 255]
            low, high = (lum_one, lum_two) if lum_one < lum_two else (lum_two, lum_one)
            if high + 0.05 >= MIN_CONTRAST * (low + 0.05):
                found += 1
                if found >= MIN_LEGIBLE_PIXELS:
                    return True
    return False


def _character(code: int) -> str:
    return (
        chr(code)
        if 0 <= code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF
        else "\ufffd"
    )
