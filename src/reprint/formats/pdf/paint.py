"""How a PDF page paints its text, and which text that leaves unseen.

PDFium (through int-typed ctypes prototypes, see ``_bind``) lists a page's
objects in drawing order: later objects paint over earlier ones. One walk over
them gives each text object's paint (render mode and colour) and its place in
that order, and the filled shapes and images that text can sit on or lie under.
``PageRules`` turns that into a reason a run of text is hidden: render mode,
transparency, clip, size, an opaque box or image drawn over it, or the colour of
the page or box under it. Shapes inside form XObjects are not read (their boxes
are in the form's space), and a clip is read from a run's first object.
"""

from __future__ import annotations

import ctypes
import struct
import threading
from _ctypes import CFuncPtr as _CFuncPtr
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import NamedTuple

import pypdfium2.raw as pdfium_c

from reprint.contrast import is_indistinct
from reprint.model import HiddenReason

__all__ = [
    "FOUR_FLOATS_TWICE",
    "LAST_Z",
    "PDFIUM_LOCK",
    "RGBA",
    "TINY_TEXT_PT",
    "Box",
    "Handle",
    "PageRules",
    "PageScan",
    "PaintKey",
    "annotation_flags",
    "close_annotation",
    "close_page",
    "close_textpage",
    "count_annotations",
    "count_chars",
    "flatten_annotations",
    "flatten_page",
    "get_annotation",
    "get_text",
    "get_unicode",
    "is_generated_at",
    "load_page",
    "load_textpage",
    "loose_box",
    "loose_box_at",
    "page_box",
    "page_rotation",
    "scan_page",
    "set_annotation_flags",
    "text_object",
    "text_object_at",
    "unwalked_key",
]

# Text under 1 pt is a dot or a hairline on screen and on paper.
TINY_TEXT_PT = 1.0
# A line box at least this tall is set above 1 pt: its font size is not read.
TINY_SCREEN_PT = 2.0
# Annotation flags (PDF 32000-1, table 165).
ANNOTATION_HIDDEN = 2
ANNOTATION_NO_VIEW = 32
# Forms nest; PDFium itself stops at a similar depth.
MAX_FORM_DEPTH = 8
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
# Unknown drawing order: nothing is drawn after it.
LAST_Z = 1 << 30

_RENDER_INVISIBLE = (
    pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE,
    pdfium_c.FPDF_TEXTRENDERMODE_CLIP,
)
_RENDER_STROKE_ONLY = (
    pdfium_c.FPDF_TEXTRENDERMODE_STROKE,
    pdfium_c.FPDF_TEXTRENDERMODE_STROKE_CLIP,
)


def _bind(name: str, restype: object, *argtypes: object) -> _CFuncPtr:
    """A private ctypes prototype for a PDFium function, taking and giving plain ints.

    Pointers as ints compare by value (pypdfium2's pointer objects do not), and
    skipping its argument conversion halves the cost of the per-run calls.
    """
    address = ctypes.cast(getattr(pdfium_c, name), ctypes.c_void_p).value
    # CFUNCTYPE's stub wants ctypes classes; these are, typed as object above.
    prototype = ctypes.CFUNCTYPE(restype, *argtypes)  # type: ignore[arg-type]
    return prototype(address or 0)


class Handle(ctypes.c_void_p):
    """A PDFium pointer as a bare function gives it back (a ``c_void_p`` subclass
    stays a ctypes object): passed on to the next call as it is."""


def _bare(name: str, restype: object) -> _CFuncPtr:
    """A PDFium function without argument types: half the cost of ``_bind``'s.

    ctypes then converts nothing: each pointer argument must be a ctypes object (a
    ``Handle``, a ``c_void_p`` or an array), as the callables' types say, because a
    Python int is passed as a C int and a 64-bit pointer would be cut. Only for
    functions of pointers and C ints, called once per line, object or space.
    """
    address = ctypes.cast(getattr(pdfium_c, name), ctypes.c_void_p).value
    return ctypes.CFUNCTYPE(restype)(address or 0)  # type: ignore[arg-type]


# PDFium is not thread-safe, not even across documents (pypdfium2's docs), and the
# service may extract in several threads at once.
PDFIUM_LOCK = threading.Lock()
_P, _I = ctypes.c_void_p, ctypes.c_int
load_page: Callable[[int, int], int | None] = _bind("FPDF_LoadPage", _P, _P, _I)
close_page: Callable[[int], None] = _bind("FPDF_ClosePage", None, _P)
page_box: Callable[[int, int], int] = _bind("FPDF_GetPageBoundingBox", _I, _P, _P)
page_rotation: Callable[[int], int] = _bind("FPDFPage_GetRotation", _I, _P)
count_annotations: Callable[[int], int] = _bind("FPDFPage_GetAnnotCount", _I, _P)
flatten_page: Callable[[int, int], int] = _bind("FPDFPage_Flatten", _I, _P, _I)
get_annotation: Callable[[int, int], int | None] = _bind(
    "FPDFPage_GetAnnot", _P, _P, _I
)
close_annotation: Callable[[int], None] = _bind("FPDFPage_CloseAnnot", None, _P)
annotation_flags: Callable[[int], int] = _bind("FPDFAnnot_GetFlags", _I, _P)
set_annotation_flags: Callable[[int, int], int] = _bind(
    "FPDFAnnot_SetFlags", _I, _P, _I
)
load_textpage: Callable[[int], int | None] = _bind("FPDFText_LoadPage", _P, _P)
close_textpage: Callable[[int], None] = _bind("FPDFText_ClosePage", None, _P)
count_chars: Callable[[int], int] = _bind("FPDFText_CountChars", _I, _P)
get_text: Callable[..., int] = _bind("FPDFText_GetText", _I, _P, _I, _I, _P)
get_unicode: Callable[[int, int], int] = _bind(
    "FPDFText_GetUnicode", ctypes.c_uint, _P, _I
)
text_object: Callable[[int, int], int | None] = _bind(
    "FPDFText_GetTextObject", _P, _P, _I
)
loose_box: Callable[[int, int, int], int] = _bind(
    "FPDFText_GetLooseCharBox", _I, _P, _I, _P
)
is_generated: Callable[[int, int], int] = _bind("FPDFText_IsGenerated", _I, _P, _I)
# The same three, bare (see ``_bare``), for the reader's calls per line and space.
text_object_at: Callable[[ctypes.c_void_p, int], int | None] = _bare(
    "FPDFText_GetTextObject", _P
)
loose_box_at: Callable[[ctypes.c_void_p, int, ctypes.Array[ctypes.c_float]], int] = (
    _bare("FPDFText_GetLooseCharBox", _I)
)
is_generated_at: Callable[[ctypes.c_void_p, int], int] = _bare(
    "FPDFText_IsGenerated", _I
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
FOUR_FLOATS_TWICE = struct.Struct("8f").unpack_from
_FOUR_UINTS = struct.Struct("4I").unpack_from
_FOUR_FLOATS = struct.Struct("4f").unpack_from
_TWO_FLOATS = struct.Struct("2f").unpack_from
RGBA = tuple[int, int, int, int]
_WHITE_RGB = (255, 255, 255)
# What the glyphs of a text object look like: (hidden by paint alone?, RGBA).
# Neighbouring objects with equal keys are read as one run.
PaintKey = tuple[HiddenReason | None, RGBA]


def flatten_annotations(page: int, count: int) -> bool:
    """Draw the appearance of each annotation a viewer shows into the page's content.

    Annotations are part of the page: flattened, their text (FreeText, stamps, form
    fields' values) takes its place in reading order and meets the paint rules like
    any other. PDFium's FLAT_NORMALDISPLAY leaves out Hidden ones but not NoView
    ones (poppler and Acrobat show neither): those are flagged Hidden first. The
    change stays in memory; the caller reads the page again when this says so.
    """
    for index in range(count):
        annotation = get_annotation(page, index)
        if not annotation:
            continue
        flags = annotation_flags(annotation)
        if flags & ANNOTATION_NO_VIEW and not flags & ANNOTATION_HIDDEN:
            set_annotation_flags(annotation, flags | ANNOTATION_HIDDEN)
        close_annotation(annotation)
    flattened = flatten_page(page, pdfium_c.FLAT_NORMALDISPLAY)
    return bool(flattened == pdfium_c.FLATTEN_SUCCESS)


class Box(NamedTuple):
    """A rectangle in PDF user space (y grows upwards)."""

    left: float
    bottom: float
    right: float
    top: float

    def contains_centre_of(self, other: Box) -> bool:
        x = (other.left + other.right) / 2
        y = (other.bottom + other.top) / 2
        return self.left <= x <= self.right and self.bottom <= y <= self.top

    def contains(self, other: Box) -> bool:
        return (
            self.left - EDGE_PT <= other.left
            and other.right <= self.right + EDGE_PT
            and self.bottom - EDGE_PT <= other.bottom
            and other.top <= self.top + EDGE_PT
        )

    def meets(self, other: Box) -> bool:
        return (
            self.left < other.right
            and other.left < self.right
            and self.bottom < other.top
            and other.bottom < self.top
        )


class Shape(NamedTuple):
    """A filled path or an image, ``z`` its place in the page's drawing order."""

    z: int
    box: Box
    rgba: RGBA | None  # None for an image: its colours are not read
    obj: int
    is_opaque: bool


@dataclass(slots=True)
class PageScan:
    """The page's objects in drawing order: how each text object paints, and the
    shapes and images that can sit under or over text."""

    paints: dict[int, tuple[PaintKey, int, bool]]  # obj: key, z, is top level
    shapes: list[Shape]
    images: list[Box]  # images and forms holding one: an OCR layer's backdrop
    first_text_z: int = LAST_Z
    paths_read: int = 0
    # One key object per paint: runs compare keys by identity.
    keys: dict[PaintKey, PaintKey] = field(default_factory=dict)


def scan_page(page: int) -> PageScan:
    """Walk the page's objects once, in the order they are drawn."""
    scan = PageScan({}, [], [])
    _scan_objects(
        scan, page, _count_objects(page), _get_object, 0, MAX_FORM_DEPTH, IDENTITY
    )
    return scan


def _scan_objects(
    scan: PageScan,
    holder: int,
    count: int,
    get: Callable[[int, int], int | None],
    z: int,
    depth: int,
    to_page: Matrix,
) -> int:
    """Record the objects of a page (or form) from drawing order ``z`` on.

    Returns the next ``z``. Text inside a form is recorded with its place in the
    page's drawing order (its clip is not read). A form's shapes and images have
    their boxes in the form's space: ``to_page`` maps that space to the page's.
    """
    paints, render_mode, fill, read = (
        scan.paints,
        _render_mode,
        _fill_colour,
        _FOUR_UINTS,
    )
    keys, is_top, first_text_z = scan.keys, depth == MAX_FORM_DEPTH, scan.first_text_z
    fill_keys: dict[RGBA, PaintKey] = {}
    rgba = (ctypes.c_uint * 4)()
    base = ctypes.addressof(rgba)
    refs = (base, base + 4, base + 8, base + 12)
    for index in range(max(count, 0)):
        obj = get(holder, index) or 0
        # -1 (FPDF_TEXTRENDERMODE_UNKNOWN) for anything but text: the mode is the
        # type test, saving a call per glyph on glyph-by-glyph pages.
        mode = render_mode(obj)
        if mode == pdfium_c.FPDF_TEXTRENDERMODE_FILL:
            fill(obj, *refs)
            colour = read(rgba)
            key = fill_keys.get(colour)
            if key is None:
                key = fill_keys[colour] = _paint_key(keys, mode, colour)
            paints[obj] = (key, z, is_top)
            first_text_z = z if z < first_text_z else first_text_z
        elif mode >= 0:
            if mode in _RENDER_STROKE_ONLY:
                _stroke_colour(obj, *refs)
            else:
                fill(obj, *refs)
            paints[obj] = (_paint_key(keys, mode, read(rgba)), z, is_top)
            first_text_z = z if z < first_text_z else first_text_z
        else:
            scan.first_text_z = first_text_z
            kind = _object_type(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                if scan.paths_read < MAX_SHAPES:
                    scan.paths_read += 1
                    _add_path(scan, obj, z, to_page)
            elif kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                box = _page_box(_bounds(obj), to_page)
                if box is not None:
                    scan.images.append(box)
                    opaque = not _has_transparency(obj)
                    scan.shapes.append(Shape(z, box, None, obj, opaque))
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
                # A scan wrapped in a form XObject (ocrmypdf does this) counts whole.
                box = _page_box(_bounds(obj), to_page)
                if box is not None and _form_has_image(obj, depth):
                    scan.images.append(box)
                if depth > 0:
                    inner = _count_form_objects(obj)
                    inner_to_page = _then(_object_matrix(obj), to_page)
                    z = _scan_objects(
                        scan, obj, inner, _get_form_object, z, depth - 1, inner_to_page
                    )
                    first_text_z = scan.first_text_z
        z += 1
    scan.first_text_z = first_text_z
    return z


def _paint_key(keys: dict[PaintKey, PaintKey], mode: int, colour: RGBA) -> PaintKey:
    reason: HiddenReason | None = None
    if mode in _RENDER_INVISIBLE:
        reason = HiddenReason.INVISIBLE_RENDER_MODE
    elif colour[3] == 0:
        reason = HiddenReason.TRANSPARENT
    key = (reason, colour)
    return keys.setdefault(key, key)


def _add_path(scan: PageScan, obj: int, z: int, to_page: Matrix) -> None:
    modes = (ctypes.c_int * 2)()
    base = ctypes.addressof(modes)
    if not _draw_mode(obj, base, base + 4) or not modes[0]:
        return
    box = _page_box(_bounds(obj), to_page)
    if box is None:
        return
    if box.right - box.left < MIN_SHAPE_PT or box.top - box.bottom < MIN_SHAPE_PT:
        return
    rgba = (ctypes.c_uint * 4)()
    base = ctypes.addressof(rgba)
    _fill_colour(obj, base, base + 4, base + 8, base + 12)
    colour: RGBA = _FOUR_UINTS(rgba)
    if colour[3]:
        opaque = colour[3] == 255 and not _has_transparency(obj)
        scan.shapes.append(Shape(z, box, colour, obj, opaque))


# A PDF matrix (a, b, c, d, e, f): x' = a x + c y + e, y' = b x + d y + f.
Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _object_matrix(obj: int) -> Matrix:
    """An object's matrix: a form's maps the form's space to its holder's."""
    matrix = pdfium_c.FS_MATRIX()
    if not _matrix(obj, ctypes.addressof(matrix)):
        return IDENTITY
    return (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)


def _then(first: Matrix, second: Matrix) -> Matrix:
    """The matrix that applies ``first``, then ``second``."""
    a1, b1, c1, d1, e1, f1 = first
    a2, b2, c2, d2, e2, f2 = second
    return (
        a1 * a2 + b1 * c2,
        a1 * b2 + b1 * d2,
        c1 * a2 + d1 * c2,
        c1 * b2 + d1 * d2,
        e1 * a2 + f1 * c2 + e2,
        e1 * b2 + f1 * d2 + f2,
    )


def _page_box(box: Box, to_page: Matrix) -> Box | None:
    """``box`` mapped to the page, or None when turned or skewed on the way.

    A box turned by a form's matrix paints less than its bounding box: it is
    left out rather than allowed to cover text it may not cover.
    """
    if to_page is IDENTITY:
        return box
    a, b, c, d, e, f = to_page
    if b or c:
        return None
    xs = (a * box.left + e, a * box.right + e)
    ys = (d * box.bottom + f, d * box.top + f)
    return Box(min(xs), min(ys), max(xs), max(ys))


def _bounds(obj: int) -> Box:
    edges = (ctypes.c_float * 4)()
    base = ctypes.addressof(edges)
    if not _object_bounds(obj, base, base + 4, base + 8, base + 12):
        return Box(0.0, 0.0, 0.0, 0.0)
    return Box(*_FOUR_FLOATS(edges))


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


class PageRules:
    """Why text on one page is hidden, from how the page paints (see PageScan)."""

    def __init__(self, scan: PageScan, crop: Box) -> None:
        self.scan = scan
        self.crop_left, self.crop_bottom, self.crop_right, self.crop_top = crop
        # Opaque shapes drawn after some text: the only ones that can cover it.
        self.covers = [
            shape
            for shape in scan.shapes
            if shape.is_opaque and shape.z > scan.first_text_z
        ]
        self.rectangles: dict[int, bool] = {}
        # Per text object: the box its clip leaves visible (None: unclipped). A
        # line's runs share objects, so each object's clip is read once.
        self.clips: dict[int, Box | None] = {}

    def reason(
        self,
        edges: tuple[float, float, float, float],
        key: PaintKey,
        z_range: tuple[int, int],
        obj: int,
    ) -> HiddenReason | None:
        """Why a run is hidden, or None; ``edges`` are its box's left, bottom,
        right and top, ``z_range`` its objects' drawing order and ``obj`` its
        first text object."""
        # Once per run: the box is built only for the checks that need one.
        left, bottom, right, top = edges
        if (
            right <= self.crop_left
            or left >= self.crop_right
            or top <= self.crop_bottom
            or bottom >= self.crop_top
        ):
            return HiddenReason.OFF_PAGE
        scan = self.scan
        painted, colour = key
        if painted is not None:
            # Invisible text over an image is an OCR layer: the image shows it.
            box = Box(*edges)
            if any(image.contains_centre_of(box) for image in scan.images):
                return None
            return painted
        clips = self.clips
        clip = clips[obj] if obj in clips else self._clip_box(obj)
        if clip is not None and not clip.meets(Box(*edges)):
            return HiddenReason.CLIPPED
        if top - bottom < TINY_SCREEN_PT and _is_tiny(obj):
            return HiddenReason.TINY_TEXT
        if not scan.shapes:  # on the page itself, white
            if _is_white(colour):
                return HiddenReason.BACKGROUND_COLOUR
            return None
        box = Box(*edges)
        if self.covers and any(
            shape.z > z_range[1]
            and shape.box.contains(box)
            and self.is_rectangle(shape)
            for shape in self.covers
        ):
            return HiddenReason.COVERED
        under = _shape_under(scan.shapes, box, z_range[0])
        if under is None:  # the page, white
            if _is_white(colour):
                return HiddenReason.BACKGROUND_COLOUR
            return None
        if under.rgba is not None and _is_same_colour(colour, under.rgba):
            return HiddenReason.BACKGROUND_COLOUR
        return None

    def is_partly_covered(self, box: Box, z_max: int) -> bool:
        return any(
            shape.z > z_max - 1 and shape.box.meets(box) for shape in self.covers
        )

    def is_rectangle(self, shape: Shape) -> bool:
        if shape.rgba is None:
            return True  # an image: its box is what it paints
        found = self.rectangles.get(shape.obj)
        if found is None:
            found = self.rectangles[shape.obj] = _is_rectangle(shape.obj)
        return found

    def _clip_box(self, obj: int) -> Box | None:
        """The box the object's clip leaves visible (None: unclipped), cached."""
        self.clips[obj] = None
        entry = self.scan.paints.get(obj)
        if entry is None or not entry[2]:
            return None  # inside a form: its clip is in the form's space
        clip = _clip_path(obj)  # never NULL for an object: its clip state
        if not clip or _count_clip_paths(clip) <= 0:
            return None
        bounds = self.clips[obj] = _clip_bounds(clip)
        return bounds


def unwalked_key(scan: PageScan, obj: int) -> PaintKey:
    rgba = (ctypes.c_uint * 4)()
    base = ctypes.addressof(rgba)
    refs = (base, base + 4, base + 8, base + 12)
    mode = _render_mode(obj)
    if mode in _RENDER_STROKE_ONLY:
        _stroke_colour(obj, *refs)
    else:
        _fill_colour(obj, *refs)
    return _paint_key(scan.keys, mode, _FOUR_UINTS(rgba))


def _shape_under(shapes: list[Shape], box: Box, z: int) -> Shape | None:
    """The last shape drawn before ``z`` under the box's centre."""
    found: Shape | None = None
    for shape in shapes:
        if shape.z >= z:
            break
        if shape.box.contains_centre_of(box):
            found = shape
    return found


@cache
def _is_white(colour: RGBA) -> bool:
    """Text of this colour cannot be told from the white page (reprint.contrast)."""
    return is_indistinct(colour[:3], _WHITE_RGB)


@cache
def _is_same_colour(first: RGBA, second: RGBA) -> bool:
    """Text of one colour cannot be told from a box of the other (reprint.contrast)."""
    return is_indistinct(first[:3], second[:3])


def _is_rectangle(path: int) -> bool:
    """An upright rectangle: its box is what it fills."""
    count = _count_segments(path)
    if not 4 <= count <= MAX_RECT_SEGMENTS:
        return False
    _, b, c, _, _, _ = _object_matrix(path)
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


def _clip_bounds(clip: int) -> Box | None:
    """The box a clip (an object's clip paths) leaves visible, in page space."""
    paths = _count_clip_paths(clip)
    left = bottom = float("-inf")
    right = top = float("inf")
    for path in range(paths):
        count = _count_clip_segments(clip, path)
        if not 0 < count <= MAX_CLIP_SEGMENTS:
            return None
        points = [
            _point(_clip_segment(clip, path, index) or 0) for index in range(count)
        ]
        # A curve's control points bound it; its end points may not: skip it.
        if any(point is None for point in points):
            return None
        xs = [point[0] for point in points if point is not None]
        ys = [point[1] for point in points if point is not None]
        # A clip is the intersection of its paths.
        left, right = max(left, min(xs)), min(right, max(xs))
        bottom, top = max(bottom, min(ys)), min(top, max(ys))
    return Box(left, bottom, right, top)


def _is_tiny(obj: int) -> bool:
    """Font size times the text matrix's vertical scale is under 1 pt."""
    size = ctypes.c_float()
    matrix = pdfium_c.FS_MATRIX()
    _font_size(obj, ctypes.addressof(size))
    _matrix(obj, ctypes.addressof(matrix))
    scale: float = (matrix.c**2 + matrix.d**2) ** 0.5
    return size.value * scale < TINY_TEXT_PT
