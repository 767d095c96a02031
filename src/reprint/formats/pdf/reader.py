"""PDF: the text a reader sees, in reading order, and the text hidden from them.

PDFium (pypdfium2) reads the pages. It is fast (500 pages: pdftotext 0.55 s,
pypdfium2 0.84 s, pypdf 3.7 s, pdfminer.six ~40 s) and it gives each character's
box and its text object's render mode, colour and size: reading order and
visibility need both, and plain text extraction (any library) gives neither.
``paint`` walks each page's objects in drawing order and says which text is
hidden and why; this module joins the characters into runs (one per stretch of a
line that paints alike), ``layout`` orders the lines into columns and
paragraphs, and ``metadata`` reads the info dictionary and the XMP packet.
"""

from __future__ import annotations

import ctypes
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from itertools import accumulate, compress, count, repeat
from operator import add

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from reprint.errors import (
    CorruptInputError,
    EmptyInputError,
    EncryptedInputError,
    UnsafeInputError,
    field,
)
from reprint.formats.options import ExtractOptions
from reprint.formats.pdf.images import read_images, text_images, with_ocr_blocks
from reprint.formats.pdf.layout import (
    PAIR_TAIL,
    PageText,
    Run,
    build_lines,
    drop_line_numbers,
    hidden_blocks,
    is_undecodable,
    page_blocks,
)
from reprint.formats.pdf.metadata import (
    metadata_blocks,
    read_info,
    read_publication,
    read_xmp,
)
from reprint.formats.pdf.paint import (
    FOUR_FLOATS_TWICE,
    LAST_Z,
    PDFIUM_LOCK,
    TINY_TEXT_PT,
    Box,
    PageRules,
    PageScan,
    PaintKey,
    close_page,
    close_textpage,
    count_annotations,
    count_chars,
    flatten_annotations,
    get_text,
    get_unicode,
    is_generated_at,
    load_page,
    load_textpage,
    loose_box_at,
    page_box,
    page_rotation,
    scan_page,
    text_object_at,
    unwalked_key,
)
from reprint.formats.pdf.pixels import PdfPaintConfirmer
from reprint.formats.pdf.streams import check_inflation
from reprint.model import (
    Document,
    Format,
    HiddenReason,
    Problem,
    ProblemCode,
)
from reprint.workers.pages import WorkerCrashedError, map_ranges

__all__ = ["extract"]

# Acrobat accepts %%EOF within the last 1024 bytes (PDF 1.7, Annex H, note 18).
EOF_WINDOW = 1024
# Under this many characters per text object a page is drawn glyph by glyph (as
# Chromium's Skia does): one lookup per character beats bisecting each line.
GLYPH_OBJECT_CHARS = 3
# Runs of one line closer than this (in line heights) join, as in layout.
JOIN_GAP_EM = 1.0
# Forking and sending the pages back cost about what reading 15 pages does.
MIN_PAGES_PER_PROCESS = 32
# A child pickles the pages it read and sends them back: ~8 % more than reading
# them (big.pdf: 33 ms and 12 ms for 250 pages read in ~550 ms of CPU), so this
# process reads that much more than each child and does not wait for them.
SEND_SHARE = 0.08
_HIDDEN_DETAIL = {
    HiddenReason.INVISIBLE_RENDER_MODE: "render mode 3 (invisible), not over an image",
    HiddenReason.BACKGROUND_COLOUR: "the colour of the page or box under it",
    HiddenReason.TRANSPARENT: "fully transparent text, not over an image",
    HiddenReason.TINY_TEXT: f"font size under {TINY_TEXT_PT:g} pt",
    HiddenReason.OFF_PAGE: "outside the page's visible area",
    HiddenReason.COVERED: "under an opaque box or image drawn after it",
    HiddenReason.CLIPPED: "outside its clipping path",
}

_PDFIUM_ERRORS = {
    pdfium_c.FPDF_ERR_FILE: "file access error",
    pdfium_c.FPDF_ERR_FORMAT: "data format error",
    pdfium_c.FPDF_ERR_PAGE: "page not found or content error",
}
_TEXT_LINE = re.compile(r"[^\r\n]+")
# After these PDFium adds no space at a gap: a space, and the hyphens (U+FFFE and
# U+0002 are its marks) after which it joins a line to the next one.
_JOINS = frozenset(" -\u00ad\ufffe\x02")
# A run's top, bottom and right edge before any character is looked at.
_NO_EDGES = (float("-inf"), float("inf"), float("-inf"))


def extract(data: bytes, options: ExtractOptions) -> Document:
    """Read a PDF's visible text in reading order, its hidden text and its metadata.

    Raises:
        EmptyInputError: no bytes.
        CorruptInputError: truncated or not parseable as a PDF.
        EncryptedInputError: a password is needed, or the one given is wrong.
        UnsafeInputError: over the byte or page limit.
    """
    _check_bytes(data, options)
    check_inflation(data, options.limits)
    with PDFIUM_LOCK:
        document = _open(data, options.password)
        try:
            page_count = len(document)
            if page_count > options.limits.max_pdf_pages:
                raise UnsafeInputError(
                    f"the PDF has {page_count} pages, over the limit of "
                    f"{options.limits.max_pdf_pages}"
                )
            pages = _read_pages(document, page_count, options)
            info = read_info(document)
            ocr = read_images(document, pages, options.limits)
        finally:
            document.close()
    xmp, problems = read_xmp(data, options.password)
    blocks = with_ocr_blocks(page_blocks(pages), ocr)
    hidden = [*hidden_blocks(pages, _HIDDEN_DETAIL), *metadata_blocks(info, xmp)]
    unread = set(ocr.unread_pages)
    image_only = [p.number for p in pages if p.is_image_only and p.number in unread]
    if image_only:
        numbers = ", ".join(map(str, image_only))
        what = "page {} is an image" if len(image_only) == 1 else "pages {} are images"
        message = f"{what.format(numbers)} without a text layer, not read: {ocr.hint}"
        problems.append(Problem(ProblemCode.IMAGE_ONLY_PAGES, message))
    undecodable = [p.number for p in pages if p.is_undecodable and p.number in unread]
    if undecodable:
        numbers = ", ".join(map(str, undecodable))
        what = "page {}'s text" if len(undecodable) == 1 else "the text of pages {}"
        message = (
            f"{what.format(numbers)} does not decode to words (a font without a "
            f"usable ToUnicode map): read as images, not read: {ocr.hint}"
        )
        problems.append(Problem(ProblemCode.IMAGE_ONLY_PAGES, message))
    problems.extend(ocr.problems)
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
        confirmer=PdfPaintConfirmer(data, options.password, page_count),
    )


def _read_pages(
    document: pdfium.PdfDocument, page_count: int, options: ExtractOptions
) -> list[PageText]:
    """Every page's runs; a long PDF's in several processes when allowed."""
    max_annotations = options.limits.max_pdf_page_annotations

    def read(start: int, stop: int) -> list[PageText]:
        return [
            _read_page(document, n, max_annotations) for n in range(start + 1, stop + 1)
        ]

    processes = min(options.processes, page_count // MIN_PAGES_PER_PROCESS)
    try:
        return map_ranges(read, page_count, processes, SEND_SHARE)
    except WorkerCrashedError as exc:
        raise CorruptInputError(
            f"reading pages {exc.start + 1}-{exc.stop} of the PDF failed: {exc.detail}"
        ) from exc


def _check_bytes(data: bytes, options: ExtractOptions) -> None:
    if not data or data.isspace():  # no copy of the bytes, unlike strip()
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
                    f"the PDF is encrypted; give its password ({field('password')})"
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


def _read_page(
    document: pdfium.PdfDocument, number: int, max_annotations: int
) -> PageText:
    # Raw PDFium calls: pypdfium2's page and text-page helpers add Python
    # bookkeeping (weak references, finalizers) to every page; these skip it.
    page = load_page(document.raw, number - 1)
    if not page:
        raise CorruptInputError(f"page {number} of the PDF cannot be read")
    annotations = count_annotations(page)
    if annotations > max_annotations:
        close_page(page)
        # Unflattened, an annotation covering a credit would leave it "visible".
        raise UnsafeInputError(
            f"page {number} of the PDF has {annotations} annotations, over the "
            f"limit of {max_annotations}"
        )
    if annotations > 0 and flatten_annotations(page, annotations):
        close_page(page)
        page = load_page(document.raw, number - 1)
        if not page:
            raise CorruptInputError(f"page {number} of the PDF cannot be read")
    try:
        visible_box = pdfium_c.FS_RECTF()
        if not page_box(page, ctypes.addressof(visible_box)):
            raise CorruptInputError(f"page {number} of the PDF has no page box")
        crop = Box(
            visible_box.left, visible_box.bottom, visible_box.right, visible_box.top
        )
        rotation = 90 * (page_rotation(page) % 4)
        is_turned = rotation in (90, 270)
        height = crop.right - crop.left if is_turned else crop.top - crop.bottom
        textpage = load_textpage(page)
        if not textpage:
            raise CorruptInputError(f"the text of page {number} cannot be read")
        scan = scan_page(page)
        try:
            runs, hidden = _collect_runs(textpage, scan, crop, rotation)
        finally:
            close_textpage(textpage)
        lines = tuple(drop_line_numbers(build_lines(runs)))
        if is_undecodable(lines):
            return PageText(number, height, (), {}, is_undecodable=True)
        images: tuple[tuple[float, float, float, float], ...] = ()
        if runs and scan.images:
            images = text_images(
                scan.images, runs, lambda box: _display_run("", *box, crop, rotation)
            )
        return PageText(
            number=number,
            height=height,
            lines=lines,
            hidden={reason: tuple(found) for reason, found in hidden.items()},
            is_image_only=not runs and bool(scan.images),
            images=images,
        )
    finally:
        close_page(page)


def _page_text(textpage: int, count: int) -> str:
    """The page's characters, one string index per PDFium character index."""
    buffer = (ctypes.c_ushort * (count + 1))()
    written = get_text(textpage, 0, count, ctypes.addressof(buffer))
    # A strict decode fails on a lone surrogate and makes a pair one character
    # (one short of the count): what it returns at full length holds none, with
    # no search for them (a regex search cost 34 us a page, 8x the decode).
    try:
        text = ctypes.string_at(buffer, 2 * max(written - 1, 0)).decode("utf-16-le")
    except UnicodeDecodeError:
        text = ""
    if len(text) == count:
        return text
    # Characters outside the BMP (PDFium counts each UTF-16 unit as a character),
    # lone surrogates, or characters left out by FPDFText_GetText: one by one.
    return units_text([get_unicode(textpage, index) for index in range(count)])


def units_text(units: list[int]) -> str:
    """PDFium's character codes as text, one string index per code.

    A surrogate pair becomes its character at the first index and PAIR_TAIL (which
    lines drop) at the second; a lone surrogate or a code beyond Unicode becomes
    U+FFFD, since neither can be encoded (printing one crashed ``extract``).
    """
    characters: list[str] = []
    index, count = 0, len(units)
    while index < count:
        unit = units[index]
        if 0xD800 <= unit <= 0xDBFF and index + 1 < count:
            low = units[index + 1]
            if 0xDC00 <= low <= 0xDFFF:
                characters.append(chr(0x10000 + ((unit - 0xD800) << 10) + low - 0xDC00))
                characters.append(PAIR_TAIL)
                index += 2
                continue
        if 0xD800 <= unit <= 0xDFFF or unit > 0x10FFFF:
            characters.append("\ufffd")
        else:
            characters.append(chr(unit))
        index += 1
    return "".join(characters)


def _line_spans(text: str) -> list[tuple[int, int]]:
    """Each line's first and last character index (lines hold no CR or LF)."""
    breaks = text.count("\r\n")
    if text.count("\r") != breaks or text.count("\n") != breaks:
        return [(line.start(), line.end() - 1) for line in _TEXT_LINE.finditer(text)]
    # PDFium ends each line with CRLF: splitting is twice as fast as the regex.
    spans: list[tuple[int, int]] = []
    start = 0
    for line in text.split("\r\n"):
        end = start + len(line)
        if line:
            spans.append((start, end - 1))
        start = end + 2
    return spans


def _object_spans(
    textpage: ctypes.c_void_p,
    start: int,
    end: int,
    start_obj: int | None,
    end_obj: int | None,
) -> Iterator[tuple[int, int, int]]:
    """Split characters [start, end] into runs of one text object: (first, last, obj).

    A text object's characters are consecutive, so bisecting by the object at each
    end finds the runs in O(runs · log length) calls, not one call per character.
    ``start_obj`` and ``end_obj`` are the objects of ``start`` and ``end``.
    """
    stack = [(start, end, start_obj, end_obj)]
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
            middle_obj = text_object_at(textpage, middle)
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


def _glyph_spans(
    objects: list[int | None], start: int, end: int
) -> list[tuple[int, int, int]]:
    """Characters [start, end] as (first, last, text object) spans, from a list
    of every character's object."""
    changes = [
        index
        for index, (before, after) in enumerate(
            zip(objects[start:end], objects[start + 1 : end + 1], strict=True),
            start + 1,
        )
        if before != after
    ]
    firsts = [start, *changes]
    lasts = [index - 1 for index in changes]
    lasts.append(end)
    return [
        (first, last, objects[first] or 0)
        for first, last in zip(firsts, lasts, strict=True)
    ]


class _Paged:
    """One page's runs being sorted into visible and hidden ones."""

    def __init__(
        self, textpage: int, text: str, scan: PageScan, crop: Box, rotation: int
    ) -> None:
        self.textpage, self.text, self.scan = textpage, text, scan
        self.crop, self.rotation = crop, rotation
        self.crop_left, self.crop_top = crop.left, crop.top
        self.visible: list[Run] = []
        self.hidden: dict[HiddenReason, list[Run]] = {}
        self.rules = PageRules(scan, crop)
        # The text page as the bare calls take it (reprint.formats.pdf.paint._bare).
        self.ref = ctypes.c_void_p(textpage)
        # Two FS_RECTF (left, top, right, bottom), filled by FPDFText_GetLooseCharBox.
        self.boxes = (ctypes.c_float * 8)()
        self.head_box = (ctypes.c_float * 4).from_buffer(self.boxes)
        self.tail_box = (ctypes.c_float * 4).from_buffer(self.boxes, 16)

    def two_boxes(
        self, head: int, tail: int
    ) -> tuple[float, float, float, float, float, float, float, float]:
        """Two characters' loose boxes: left, top, right, bottom each."""
        loose_box_at(self.ref, head, self.head_box)
        loose_box_at(self.ref, tail, self.tail_box)
        return FOUR_FLOATS_TWICE(self.boxes)

    def text_box(self, first: int, last: int) -> Box:
        left, top, right, bottom, left2, top2, right2, bottom2 = self.two_boxes(
            first, last
        )
        # Plain comparisons: min() and max() cost more than PDFium's calls.
        return Box(
            left if left < left2 else left2,
            bottom if bottom < bottom2 else bottom2,
            right if right > right2 else right2,
            top if top > top2 else top2,
        )

    def add(
        self,
        spans: list[tuple[int, int, int]],
        key: PaintKey,
        edges: tuple[float, float, float],
        z_range: tuple[int, int],
        has_space: bool,
    ) -> None:
        """Sort a run: same-paint spans (first, last, object) of one line.

        ``edges`` are the top, bottom and right edge of the characters looked at
        while joining the spans (none: infinities).
        """
        # This runs once per run (a 500-page paper has ~30,000): the boxes read
        # inline, plain comparisons (min() and max() cost more) and one Run built.
        head, tail = spans[0][0], spans[-1][1]
        loose_box_at(self.ref, head, self.head_box)
        loose_box_at(self.ref, tail, self.tail_box)
        left, top, right, bottom, left2, top2, right2, bottom2 = FOUR_FLOATS_TWICE(
            self.boxes
        )
        left = left if left < left2 else left2
        right = right if right > right2 else right2
        bottom = bottom if bottom < bottom2 else bottom2
        top = top if top > top2 else top2
        if len(spans) > 1:
            seen_top, seen_bottom, seen_right = edges
            top = top if top > seen_top else seen_top
            bottom = bottom if bottom < seen_bottom else seen_bottom
            right = right if right > seen_right else seen_right
        rules = self.rules
        reason = rules.reason((left, bottom, right, top), key, z_range, spans[0][2])
        if (
            reason is None
            and rules.covers
            and len(spans) > 1
            and rules.is_partly_covered(Box(left, bottom, right, top), z_range[1])
        ):
            # A box over part of the run: judge each object on its own.
            paints = self.scan.paints
            for first, last, obj in spans:
                z = paints[obj][1] if obj in paints else LAST_Z
                part = self.text_box(first, last)
                part_reason = rules.reason(part, key, (z, z), obj)
                self.place(self.text[first : last + 1], *part, part_reason)
            return
        text = self.text[head : tail + 1]
        self.place(" " + text if has_space else text, left, bottom, right, top, reason)

    def gutter_free(
        self, head: int, tail: int, generated: Iterable[int]
    ) -> list[tuple[int, int]]:
        """A line of one text object cut at its gutters: (first, last) pieces.

        One text object may set a line of two columns or more, moved across the
        gutter (IRS instructions are set so); PDFium puts a space it generates
        there, as at a word gap. A generated space over a gap of JOIN_GAP_EM line
        heights or more (of the smaller of the two characters beside it) is a
        gutter, which layout could not find in one run. ``generated`` holds the
        generated spaces between ``head`` and ``tail``, in order: real spaces
        are word gaps, and only generated ones are measured.
        """
        pieces: list[tuple[int, int]] = []
        first = head
        for space in generated:
            _, top1, right1, bottom1, left2, top2, _, bottom2 = self.two_boxes(
                space - 1, space + 1
            )
            height1, height2 = top1 - bottom1, top2 - bottom2
            # The smaller height: a bullet's or a capital's taller box beside
            # the text does not widen what a gutter is.
            low = height1 if height1 < height2 else height2
            if left2 - right1 >= JOIN_GAP_EM * low:
                pieces.append((first, space - 1))
                first = space + 1
        pieces.append((first, tail))
        return pieces

    def generated_between(self, head: int, tail: int) -> list[int]:
        """The spaces PDFium generated strictly between ``head`` and ``tail``."""
        text, ref = self.text, self.ref
        found: list[int] = []
        space = text.find(" ", head + 1, tail)
        while space >= 0:
            if is_generated_at(ref, space) == 1:
                found.append(space)
            space = text.find(" ", space + 1, tail)
        return found

    def add_line(self, head: int, tail: int, obj: int, key: PaintKey, z: int) -> None:
        """Sort a run that is a whole line of one text object, as most runs are."""
        loose_box_at(self.ref, head, self.head_box)
        loose_box_at(self.ref, tail, self.tail_box)
        left, top, right, bottom, left2, top2, right2, bottom2 = FOUR_FLOATS_TWICE(
            self.boxes
        )
        left = left if left < left2 else left2
        right = right if right > right2 else right2
        bottom = bottom if bottom < bottom2 else bottom2
        top = top if top > top2 else top2
        reason = self.rules.reason((left, bottom, right, top), key, (z, z), obj)
        self.place(self.text[head : tail + 1], left, bottom, right, top, reason)

    def place(
        self,
        text: str,
        left: float,
        bottom: float,
        right: float,
        top: float,
        reason: HiddenReason | None,
    ) -> None:
        """File a run under visible or its reason, in display coordinates."""
        if self.rotation:
            run = _turned_run(text, left, bottom, right, top, self.crop, self.rotation)
        else:
            crop_left, crop_top = self.crop_left, self.crop_top
            run = Run(
                text,
                left - crop_left,
                crop_top - top,
                right - crop_left,
                crop_top - bottom,
            )
        if reason is None:
            self.visible.append(run)
        else:
            self.hidden.setdefault(reason, []).append(run)


def _collect_runs(
    textpage: int, scan: PageScan, crop: Box, rotation: int
) -> tuple[list[Run], dict[HiddenReason, list[Run]]]:
    """The page's text as runs, visible ones and hidden ones by reason.

    A run is a stretch of one line whose text objects paint alike. Glyph-by-glyph
    writers (Chromium) make a text object per glyph: they are joined here, so
    that visibility is judged and layout done once per stretch, not per glyph.
    A box over part of a run sends each of its objects to be judged alone; the
    size check (under 2 pt tall) and the clip are read for the run as a whole,
    from its first object.
    """
    count = count_chars(textpage)
    if count <= 0:
        return [], {}
    text = _page_text(textpage, count)
    paged = _Paged(textpage, text, scan, crop, rotation)
    ref = paged.ref
    lines = _line_spans(text)
    objects: list[int | None] | None = None
    # Each line's first and last character's text object, and the spaces PDFium
    # generated inside lines of one object (the gutters' candidates), read in
    # bulk: map() calls PDFium from C, without a Python loop around each call.
    firsts: list[int | None] = []
    lasts: list[int | None] = []
    generated: list[int] = []
    if count < GLYPH_OBJECT_CHARS * len(scan.paints):
        objects = list(map(text_object_at, repeat(ref, count), range(count)))
    else:
        firsts = list(map(text_object_at, repeat(ref), [start for start, _ in lines]))
        lasts = list(map(text_object_at, repeat(ref), [end for _, end in lines]))
        generated = _generated_spaces(text, ref, lines, firsts, lasts)
    paints, two_boxes, add = scan.paints, paged.two_boxes, paged.add
    add_line = paged.add_line
    for index, (start, end) in enumerate(lines):
        spans: Iterable[tuple[int, int, int]]
        if objects is not None:
            spans = _glyph_spans(objects, start, end)
        else:
            obj = firsts[index]
            if obj and obj == lasts[index]:
                # Most lines are one text object: one run, nothing to join.
                entry = paints.get(obj)
                if entry is None:  # not reached by the walk: no order, no clip
                    entry = (unwalked_key(scan, obj), LAST_Z, False)
                at = bisect_right(generated, start) if generated else 0
                if at < len(generated) and generated[at] < end:
                    inside = generated[at : bisect_left(generated, end, at)]
                    for first, last in paged.gutter_free(start, end, inside):
                        add_line(first, last, obj, entry[0], entry[1])
                else:
                    add_line(start, end, obj, entry[0], entry[1])
                continue
            spans = _object_spans(ref, start, end, obj, lasts[index])
        run: list[tuple[int, int, int]] = []
        key: PaintKey | None = None
        has_space = run_space = is_gap = False
        top = bottom = right = 0.0
        z_min = z_max = 0
        for first, last, obj, after_gutter in _gutter_spans(paged, spans):
            span = (first, last, obj)
            if not obj:
                # PDFium puts a space where it sees a word gap (it knows the font's
                # space width); keep it for the run that follows.
                is_gap = True
                has_space = has_space or " " in text[first : last + 1]
                continue
            entry = paints.get(obj)
            if entry is None:  # not reached by the walk: no order, no clip
                entry = (unwalked_key(scan, obj), LAST_Z, False)
            obj_key, z, _ = entry
            if obj_key is key and not after_gutter:
                previous = run[-1][1]
                if not (is_gap or text[previous] in _JOINS or text[first] == " "):
                    # PDFium would have put a space at a gap: these touch.
                    run.append(span)
                    z_min = z if z < z_min else z_min
                    z_max = z if z > z_max else z_max
                    continue
                while previous > run[0][0] and text[previous] == " ":
                    previous -= 1
                _, top1, right1, bottom1, left2, top2, right2, bottom2 = two_boxes(
                    previous, first
                )
                height1, height2 = top1 - bottom1, top2 - bottom2
                low, high = min(height1, height2), max(height1, height2)
                overlap = min(top1, top2) - max(bottom1, bottom2)
                gap = left2 - right1
                if overlap > 0.5 * low and -0.5 * high < gap < JOIN_GAP_EM * low:
                    run.append(span)
                    z_min = z if z < z_min else z_min
                    z_max = z if z > z_max else z_max
                    top = max(top, top1, top2)
                    bottom = min(bottom, bottom1, bottom2)
                    right = max(right, right2)
                    is_gap = has_space = False
                    continue
            if key is not None:
                add(run, key, (top, bottom, right), (z_min, z_max), run_space)
            run, key, run_space = [span], obj_key, has_space
            top, bottom, right = _NO_EDGES
            z_min = z_max = z
            is_gap = has_space = False
        if key is not None:
            add(run, key, (top, bottom, right), (z_min, z_max), run_space)
    return paged.visible, paged.hidden


def _generated_spaces(
    text: str,
    textpage: ctypes.c_void_p,
    lines: list[tuple[int, int]],
    firsts: list[int | None],
    lasts: list[int | None],
) -> list[int]:
    """The spaces PDFium generated inside the lines of one text object (strictly
    between their first and last characters), in order.

    One pass per page: the spaces are found by splitting the text, and PDFium is
    asked about them through map(), not in a Python loop with a call per space.
    """
    parts = text.split(" ")
    if len(parts) == 1:
        return []
    # A space's index: the length of the parts before it, plus the spaces.
    spaces = list(map(add, accumulate(map(len, parts[:-1])), count()))
    inside: list[int] = []
    for (start, end), first, last in zip(lines, firsts, lasts, strict=True):
        if first and first == last:
            low = bisect_right(spaces, start)
            inside.extend(spaces[low : bisect_left(spaces, end, low)])
    flags = map(is_generated_at, repeat(textpage), inside)
    return list(compress(inside, map((1).__eq__, flags)))


def _gutter_spans(
    paged: _Paged, spans: Iterable[tuple[int, int, int]]
) -> Iterator[tuple[int, int, int, bool]]:
    """Spans cut at the gutters inside them (``_Paged.gutter_free``), each with
    whether a gutter comes before it (it starts a run of its own)."""
    for first, last, obj in spans:
        if not obj:
            yield first, last, obj, False
            continue
        generated = paged.generated_between(first, last)
        for index, (head, tail) in enumerate(paged.gutter_free(first, last, generated)):
            yield head, tail, obj, index > 0


def _display_run(
    text: str,
    left: float,
    bottom: float,
    right: float,
    top: float,
    crop: Box,
    rotation: int,
) -> Run:
    """A box in PDF user space as a run on the displayed page (as ``place`` does)."""
    if rotation:
        return _turned_run(text, left, bottom, right, top, crop, rotation)
    return Run(
        text, left - crop.left, crop.top - top, right - crop.left, crop.top - bottom
    )


def _turned_run(
    text: str,
    left: float,
    bottom: float,
    right: float,
    top: float,
    crop: Box,
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
