"""Reading order for PDF text: runs into lines, lines into columns and paragraphs.

Coordinates are in points in the page's display space: x grows to the right and
``top``/``bottom`` grow downwards from the top edge of the visible (crop) box.
Pure functions over positioned text; ``reprint.formats.pdf.reader`` supplies the runs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import NamedTuple

from reprint.model import Block, HiddenBlock, HiddenReason, Location, Region

__all__ = [
    "PAIR_TAIL",
    "Line",
    "PageText",
    "Paragraph",
    "Run",
    "build_lines",
    "build_paragraphs",
    "hidden_blocks",
    "is_undecodable",
    "order_columns",
    "page_blocks",
    "split_footnotes",
    "split_margins",
]

# Runs on one baseline closer than this (in line heights) are one line; a column
# gutter must be at least as wide. Word gaps in justified text stay under ~0.8 of
# the line height, and gutters in the fixture corpus are 1.5 or wider.
LINE_GAP_EM = 1.0
# PDFium marks word gaps with a generated space; a run further than this share of
# the line height from its neighbour gets one too (gaps PDFium did not see).
WORD_GAP_EM = 0.25
# A paragraph break is a vertical gap this much (in line heights) above the usual
# gap between lines of the page, a first-line indent, or a change of size.
PARAGRAPH_GAP_EM = 0.4
# Single-spaced text leaves 0 to 0.25 line heights between lines.
USUAL_GAP_CAP = 0.3
INDENT_EM = 0.8
SIZE_CHANGE = 0.15
# A line ending this far (in line heights) before its column's right edge with a
# full stop ends its paragraph, even without a gap or an indent after it.
SHORT_LINE_EM = 3.0
# Running heads and feet live in the top and bottom margin; 12% of the page height
# covers LibreOffice's 2 cm default margin on A4 and Chromium's 0.4 in on Letter.
MARGIN_SHARE = 0.12
# A running head or foot is set at least this many line heights from the text.
RUNNING_GAP_EM = 0.5
# Footnotes are set smaller than the body text they follow.
FOOTNOTE_SIZE_SHARE = 0.88
# A gutter narrower than LINE_GAP_EM line heights (6 pt beside 8.5 pt type in
# narrow columns) is told from a chance gap by its height: it is free on this many
# consecutive bands of lines. Gaps narrower than NARROW_GUTTER_EM are never
# gutters (justified word gaps within one line are not split into lines at all;
# this only bounds the gaps between lines drawn apart).
GUTTER_MIN_BANDS = 3
NARROW_GUTTER_EM = 0.4
# A blank this high (in line heights) between bands is more than a blank line (a
# paragraph or a table row set apart): what is under it does not run on from above.
BLANK_BANDS_EM = 2.0

# A text layer is not text when more than this share of its characters are
# control characters, private-use code points or U+FFFD (fonts
# without a usable ToUnicode map; 9 of 1,200 public test PDFs were over 5 %), or
# when fewer than half its words have the shape of a word.
UNDECODABLE_SHARE = 0.05
WORD_SHAPE_SHARE = 0.5
# The word-shape test needs this many words to say anything, and reads this many.
WORD_SHAPE_MIN_WORDS = 20
WORD_SHAPE_SAMPLE = 40
_DIGITS = re.compile(r"\d+")
# A margin numbered line by line: at least this many lines in a row carry the next
# number (a list or a table's first column rarely runs so long in steps of one).
MIN_NUMBERED_LINES = 5
_LINE_NUMBER = re.compile(r"(\d{1,4})(?:\s+|$)")
# Control characters PDFium leaves in page text (its hyphen mark U+0002 aside):
# never printed, shown as U+FFFD.
_CONTROLS = re.compile("[\x00-\x01\x03-\x08\x0b-\x1f\x7f-\x9f]")
_WORD_SHAPE = re.compile(r"^\W*(?:[^\W\d_]+(?:['\u2019.-][^\W\d_]+)*|\d[\d.,:/-]*)\W*$")
_SPACES = re.compile(r"[ \t\u00a0]{2,}")
_PAGE_NUMBER = re.compile(
    r"^(?:page\s*)?(?:#|[ivxlcdm]+)(?:\s*(?:of|/)\s*#)?$|^[-\u2013\u2014]\s*#\s*[-\u2013\u2014]$"
)
_JOINING_ENDS = frozenset("\u00ad-\u2013\u2014/")
_SENTENCE_END = re.compile(r"[.!?:;][\"'\u201d\u2019)\]]*$")
# The reader keeps one string index per PDFium character; the second half of a
# surrogate pair (a character outside the BMP) holds this noncharacter, dropped here.
PAIR_TAIL = "\uffff"
# PDFium marks a hyphen it found at a line end with U+0002 (U+FFFE in page text).
_HYPHEN_MARKS = str.maketrans({"\x02": "-", "\ufffe": "-", PAIR_TAIL: None})


class Run(NamedTuple):
    """Text from one text object on one line, with its box.

    A NamedTuple, not a dataclass: a 500-page paper makes ~25,000 of them, and a
    frozen dataclass takes three times as long to build.
    """

    text: str
    x0: float
    top: float
    x1: float
    bottom: float


class Line(NamedTuple):
    """Runs on one baseline, close enough to read as one line (see ``Run``)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    height: float


@dataclass(frozen=True, slots=True)
class PageText:
    """What one page shows (as lines) and hides (as runs, by why).

    ``number`` is 1-based, ``height`` in points. The lines are built page by page
    (``build_lines``), where the page is read, possibly in another process; the
    rest of the layout needs all the pages (``page_blocks``).
    """

    number: int
    height: float
    lines: tuple[Line, ...]
    hidden: Mapping[HiddenReason, tuple[Run, ...]]
    is_image_only: bool = False
    # A text layer that does not decode to words (see ``is_undecodable``): its
    # lines are dropped, and the page is treated as an image.
    is_undecodable: bool = False
    # Images big enough to carry text that no visible text is drawn over (a credit
    # set as a logo): (x0, top, x1, bottom) in points from the displayed page's top
    # left, as runs are. OCR reads them (reprint.formats.pdf.images).
    images: tuple[tuple[float, float, float, float], ...] = ()


# Sort keys read in C: sorting lines is the column cut's commonest step.
_top: attrgetter[float] = attrgetter("top")
_x0: attrgetter[float] = attrgetter("x0")
_x1: attrgetter[float] = attrgetter("x1")
_bottom: attrgetter[float] = attrgetter("bottom")


@dataclass(frozen=True, slots=True)
class Paragraph:
    """Lines read as one paragraph; ``first_page`` and ``last_page`` are 1-based."""

    text: str
    first_page: int
    last_page: int


@dataclass(frozen=True, slots=True)
class Flow:
    """Lines of one column of one page, in reading order."""

    page: int
    lines: tuple[Line, ...]


def build_lines(runs: Iterable[Run]) -> list[Line]:
    """Merge runs, in the order the page draws them, into lines.

    A run joins the line before it when it sits on the same baseline just to its
    right; the two columns of a page drawn line by line across the gutter stay apart.
    """
    lines: list[Line] = []
    parts: list[str] = []
    x0 = top = x1 = bottom = 0.0
    for text, left, run_top, right, run_bottom in runs:
        if parts:
            height = bottom - top
            run_height = run_bottom - run_top
            low = height if height < run_height else run_height
            high = height + run_height - low
            overlap = (bottom if bottom < run_bottom else run_bottom) - (
                top if top > run_top else run_top
            )
            gap = left - x1
            if overlap > 0.5 * low and -0.5 * high < gap < LINE_GAP_EM * low:
                if gap > WORD_GAP_EM * high and not (
                    parts[-1].endswith(" ") or text.startswith(" ")
                ):
                    parts.append(" ")
                parts.append(text)
                x1 = right if right > x1 else x1
                top = run_top if run_top < top else top
                bottom = run_bottom if run_bottom > bottom else bottom
                continue
            _append_line(lines, parts, x0, top, x1, bottom)
        parts = [text]
        x0, top, x1, bottom = left, run_top, right, run_bottom
    if parts:
        _append_line(lines, parts, x0, top, x1, bottom)
    return lines


def drop_line_numbers(lines: Sequence[Line]) -> list[Line]:
    """The page's lines without the numbers of a margin numbered line by line.

    Legal and review drafts number every line in the margin. Joined to its line,
    a number lands every dozen words inside the text and breaks its matching;
    beside a narrow gutter, it is read as a column that interleaves the text. The
    numbers n, n+1, n+2... that begin MIN_NUMBERED_LINES or more lines, top to
    bottom, each starting within a line height of the first, are dropped (a line
    that is only its number goes whole). Lines without a number (a running head,
    a blank line's absence) do not break the count.
    """
    if len(lines) < MIN_NUMBERED_LINES:
        return list(lines)
    ordered = sorted(range(len(lines)), key=lambda index: lines[index].top)
    numbered: dict[int, int] = {}  # line index: where its text begins
    chain: list[tuple[int, int]] = []
    last = -1
    for index in ordered:
        line = lines[index]
        found = _LINE_NUMBER.match(line.text)
        if found is None:
            continue
        number = int(found.group(1))
        if (
            chain
            and number == last + 1
            and abs(line.x0 - lines[chain[0][0]].x0) <= line.height
        ):
            chain.append((index, found.end()))
        else:
            if len(chain) >= MIN_NUMBERED_LINES:
                numbered.update(chain)
            chain = [(index, found.end())]
        last = number
    if len(chain) >= MIN_NUMBERED_LINES:
        numbered.update(chain)
    if not numbered:
        return list(lines)
    kept: list[Line] = []
    for index, line in enumerate(lines):
        cut = numbered.get(index)
        if cut is None:
            kept.append(line)
        elif line.text[cut:].strip():
            kept.append(line._replace(text=line.text[cut:]))
    return kept


def _append_line(
    lines: list[Line], parts: list[str], x0: float, top: float, x1: float, bottom: float
) -> None:
    text = parts[0] if len(parts) == 1 else "".join(parts)
    if "\x02" in text or "\ufffe" in text or PAIR_TAIL in text:
        text = text.translate(_HYPHEN_MARKS)
    if "  " in text or "\t" in text or "\u00a0" in text:
        text = _SPACES.sub(" ", text)
    if _CONTROLS.search(text) is not None:
        text = _CONTROLS.sub("\ufffd", text)
    text = text.strip()
    if text:
        height = bottom - top
        lines.append(Line(text, x0, top, x1, bottom, 0.01 if height < 0.01 else height))


def is_undecodable(lines: Iterable[Line]) -> bool:
    """Whether a page's text layer does not decode to words (``UNDECODABLE_SHARE``).

    Lines hold U+FFFD where the page had control characters (``_append_line``).
    The word-shape test reads the first WORD_SHAPE_SAMPLE words: a broken layer
    is broken throughout, and every page of a long PDF passes through here.
    """
    text = " ".join(line.text for line in lines)
    if not text:
        return False
    # Control characters are U+FFFD by now: ASCII text holds none of these.
    bad = 0 if text.isascii() else len(_NOT_TEXT.findall(text))
    if bad > UNDECODABLE_SHARE * (len(text) - text.count(" ")):
        return True
    words = text.split(maxsplit=WORD_SHAPE_SAMPLE)[:WORD_SHAPE_SAMPLE]
    if len(words) < WORD_SHAPE_MIN_WORDS:
        return False
    shaped = sum(1 for word in words if _WORD_SHAPE.match(word) is not None)
    return shaped < WORD_SHAPE_SHARE * len(words)


# Control characters, private-use code points (the BMP's area and planes 15-16),
# surrogates and U+FFFD.
_NOT_TEXT = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\uf8ff\ufffd\U000f0000-\U0010ffff]")


def _signature(text: str) -> str:
    return _DIGITS.sub("#", " ".join(text.casefold().split()))


def split_margins(
    pages: Sequence[tuple[float, Sequence[Line]]],
) -> list[tuple[list[Line], list[Line], list[Line]]]:
    """Split each page's lines into (header, body, footer).

    ``pages`` holds each page's height and lines. A line in the top or bottom
    margin is a running head or foot when it looks like a page number or when the
    same text (digits aside) sits in that margin on another page too.
    """
    # Per page: the body lines, and the margin lines as (is_top, signature, line).
    split: list[tuple[list[Line], list[tuple[bool, str, Line]]]] = []
    counts: dict[tuple[bool, str], int] = {}
    for height, lines in pages:
        top_limit = MARGIN_SHARE * height
        bottom_limit = (1 - MARGIN_SHARE) * height
        body: list[Line] = []
        margin: list[tuple[bool, str, Line]] = []
        for line in lines:
            if line.bottom <= top_limit or line.top >= bottom_limit:
                is_top = line.bottom <= top_limit
                margin.append((is_top, _signature(line.text), line))
            else:
                body.append(line)
        for key in {(is_top, signature) for is_top, signature, _ in margin}:
            counts[key] = counts.get(key, 0) + 1
        split.append((body, margin))
    result: list[tuple[list[Line], list[Line], list[Line]]] = []
    for body, margin in split:
        running: list[tuple[bool, Line]] = []
        for is_top, signature, line in margin:
            if counts[is_top, signature] < 2 and _PAGE_NUMBER.match(signature) is None:
                body.append(line)
            else:
                running.append((is_top, line))
        # A repeated line that runs on into the text (a column's first lines set
        # alike on two pages) is text: nearest the text first, so that a column's
        # lines join it one after another.
        texts: set[int] = set()
        for _, line in sorted(
            running, key=lambda entry: -entry[1].top if entry[0] else entry[1].top
        ):
            if _runs_on(line, body):
                body.append(line)
                texts.add(id(line))
        header = [line for is_top, line in running if is_top and id(line) not in texts]
        footer = [
            line for is_top, line in running if not is_top and id(line) not in texts
        ]
        result.append((header, body, footer))
    return result


def _runs_on(line: Line, body: Sequence[Line]) -> bool:
    """Whether a line in the top or bottom margin has a text line beside it, under
    or over it within RUNNING_GAP_EM line heights: a running head or foot is set
    apart from the text; a column's first or last line is not, nor a paragraph's
    last line under the column's first lines where the top margin ends ("Pub.
    517." on page 16 of i1040nr.pdf, read as a running head when only the text
    under it counted)."""
    low, high = -0.5 * line.height, RUNNING_GAP_EM * line.height
    for other in body:
        if other.x1 <= line.x0 or other.x0 >= line.x1:
            continue
        if low < other.top - line.bottom < high or low < line.top - other.bottom < high:
            return True
    return False


def body_height(pages: Iterable[Sequence[Line]]) -> float:
    """The line height most of the text is set in, weighted by characters."""
    weights: dict[float, int] = {}
    for lines in pages:
        for line in lines:
            # Lines of one font and size have exactly the same loose height.
            weights[line.height] = weights.get(line.height, 0) + len(line.text)
    return max(weights, key=weights.__getitem__) if weights else 0.0


def split_footnotes(
    lines: Sequence[Line], body_line_height: float, page_height: float
) -> tuple[list[Line], list[Line]]:
    """Split off the smaller-type lines at the foot of a page's body as footnotes.

    Only a block of notes that starts under all the body-size text is split off.
    Where a column's notes begin above the foot of a longer column beside it (a
    three-column page with notes under each column), the cut would take only the
    notes' last lines: the notes are then left where they stand, each column's
    under its column, as the page sets them.
    """
    small = FOOTNOTE_SIZE_SHARE * body_line_height
    ordered = sorted(lines, key=_top)
    cut = len(ordered)
    while (
        cut > 1
        and ordered[cut - 1].height < small
        and ordered[cut - 1].top > 0.5 * page_height
    ):
        cut -= 1
    if cut == len(ordered) or not any(line.height >= small for line in ordered[:cut]):
        return list(lines), []
    notes = ordered[cut:]
    if any(_continues_above(note, ordered[:cut], small) for note in notes):
        return list(lines), []
    return ordered[:cut], notes


def _continues_above(note: Line, above: Sequence[Line], small: float) -> bool:
    """Whether a small-type line left in the body sits over ``note``, in the same
    column and within a line height of it: the note's block began higher up."""
    for line in above:
        if (
            line.height < small
            and line.x0 < note.x1
            and note.x0 < line.x1
            and 0 <= note.top - line.bottom < note.height
        ):
            return True
    return False


def _free_gaps(
    lines: Sequence[Line], left: float, right: float, min_width: float
) -> list[tuple[float, float]]:
    """Horizontal intervals of [left, right] that no line covers."""
    gaps: list[tuple[float, float]] = []
    edge = left
    for line in sorted(lines, key=_x0) if len(lines) > 1 else lines:
        if line.x0 - edge >= min_width:
            gaps.append((edge, line.x0))
        edge = line.x1 if line.x1 > edge else edge
    if right - edge >= min_width:
        gaps.append((edge, right))
    return gaps


def _intersect(
    first: Sequence[tuple[float, float]],
    second: Sequence[tuple[float, float]],
    min_width: float,
) -> list[tuple[float, float]]:
    both: list[tuple[float, float]] = []
    for a0, a1 in first:
        for b0, b1 in second:
            low, high = max(a0, b0), min(a1, b1)
            if high - low >= min_width:
                both.append((low, high))
    return both


def _bands(lines: Sequence[Line]) -> list[list[Line]]:
    """Runs of lines whose vertical extents overlap, top to bottom."""
    bands: list[list[Line]] = []
    bottom = float("-inf")
    for line in sorted(lines, key=_top):
        if bands and line.top < bottom - 0.2 * line.height:
            bands[-1].append(line)
            bottom = max(bottom, line.bottom)
        else:
            bands.append([line])
            bottom = line.bottom
    return bands


def _rows(lines: Sequence[Line]) -> list[Line]:
    """Lines of one band in reading order: top to bottom, then left to right."""
    if len(lines) == 1:
        return list(lines)
    ordered = sorted(lines, key=_top)
    result: list[Line] = []
    row: list[Line] = []
    for line in ordered:
        if row and line.top > row[0].top + 0.5 * row[0].height:
            result.extend(sorted(row, key=_x0))
            row = []
        row.append(line)
    result.extend(sorted(row, key=_x0))
    return result


def order_columns(lines: Sequence[Line], depth: int = 0) -> list[list[Line]]:
    """Lines in reading order, as a list of columns read one after the other.

    A recursive cut on the page's whitespace (an XY-cut over bands of lines): bands
    (top to bottom) that leave a common vertical strip free form one group; a group
    with lines on both sides of its strip is read column by column, left to right,
    each column ordered the same way. A strip at least a line height wide is a
    gutter wherever it runs; a narrower one only when it runs the height of
    GUTTER_MIN_BANDS bands or more, which word gaps and chance alignments do not.
    """
    if not lines:
        return []
    single = _single_column(lines)
    if single is not None:
        return [single]
    heights = sorted(line.height for line in lines)
    wide_gutter = LINE_GAP_EM * heights[len(heights) // 2]
    min_gutter = NARROW_GUTTER_EM * heights[len(heights) // 2]
    left = min(line.x0 for line in lines)
    right = max(line.x1 for line in lines)
    # Each group: its bands, and the gaps all of them leave free.
    groups: list[tuple[list[list[Line]], list[tuple[float, float]]]] = []
    for band in _bands(lines):
        gaps = _free_gaps(band, left, right, min_gutter)
        if groups:
            both = _intersect(groups[-1][1], gaps, min_gutter)
            if both and _keeps_gutter(groups[-1], band, gaps, both, wide_gutter):
                groups[-1][0].append(band)
                groups[-1] = (groups[-1][0], both)
                continue
        groups.append(([band], gaps))
    columns: list[list[Line]] = []
    for bands, gaps in groups:
        group = [line for band in bands for line in band]
        low = min(line.x0 for line in group)
        high = max(line.x1 for line in group)
        is_tall = len(bands) >= GUTTER_MIN_BANDS
        gutters = [
            gap
            for gap in gaps
            if low < gap[0]
            and gap[1] < high
            and (is_tall or gap[1] - gap[0] >= wide_gutter)
        ]
        if not gutters or depth >= 8:
            columns.extend(_rows(band) for band in bands)
            continue
        parts: list[list[Line]] = [[] for _ in range(len(gutters) + 1)]
        for line in group:
            parts[sum(1 for gap in gutters if gap[1] <= line.x0)].append(line)
        for part in parts:
            columns.extend(order_columns(part, depth + 1))
    return _merge_flows(columns)


def _interior(
    gaps: Sequence[tuple[float, float]], lines: Iterable[Line]
) -> list[tuple[float, float]]:
    """The gaps with text on both sides of them among ``lines``."""
    if not gaps:
        return []
    # Called for every band against all the lines above it: map() over the
    # fields, not generators over (x0, x1) pairs, keeps that cheap.
    spans = lines if isinstance(lines, list) else list(lines)
    low = min(map(_x0, spans))
    high = max(map(_x1, spans))
    return [gap for gap in gaps if low < gap[0] and gap[1] < high]


def _keeps_gutter(
    group: tuple[list[list[Line]], list[tuple[float, float]]],
    band: Sequence[Line],
    gaps: Sequence[tuple[float, float]],
    both: Sequence[tuple[float, float]],
    line_height: float,
) -> bool:
    """Whether a band may join the group above it: when the group or the band has
    a gutter, one must run through both. A strip that is only a margin of the
    joined lines (an indented figure above a two-column table and text) would
    otherwise chain them, and the columns below would be read across.

    A strip right of the lines still chains them: ragged line ends (a paragraph's
    last line above a table's rows) are the usual shape of text, not a layout.
    Not, though, across a blank of BLANK_BANDS_EM line heights or more from a
    table (bands of lines side by side) whose last line spans a gap between the
    band's lines: columns that open under a table and its note set across them
    do not run on from it, and chained to it they were read across, row by row.
    (Text that runs on across the blank stays chained, above a table or under
    it, and so do a table's heading and the header row under it: a table alone
    in its group would be read column by column.)"""
    bands, group_gaps = group
    above = [line for lines in bands for line in lines]
    if not _interior(group_gaps, above) and not _interior(gaps, band):
        return True
    joined = [*above, *band]
    if _interior(both, joined):
        return True
    blank = min(map(_top, band)) - max(map(_bottom, bands[-1]))
    if (
        blank >= BLANK_BANDS_EM * line_height
        and any(len(row) > 1 for row in bands)
        and any(
            line.x0 <= low and high <= line.x1
            for low, high in _interior(gaps, band)
            for line in bands[-1]
        )
    ):
        return False
    high = max(map(_x1, joined))
    return any(gap[1] >= high for gap in both)


def _single_column(lines: Sequence[Line]) -> list[Line] | None:
    """The lines top to bottom if each overlaps the one above horizontally and
    none overlaps it vertically: the common case, read without cutting."""
    ordered = sorted(lines, key=_top)
    above = ordered[0]
    for below in ordered[1:]:
        if below.top < above.bottom - 0.2 * below.height or (
            below.x0 >= above.x1 or below.x1 <= above.x0
        ):
            return None
        above = below
    return ordered


def _merge_flows(columns: list[list[Line]]) -> list[list[Line]]:
    """Join consecutive single-band pieces that line up into one column."""
    merged: list[list[Line]] = []
    for column in columns:
        if merged and _same_column(merged[-1], column):
            merged[-1].extend(column)
        else:
            merged.append(list(column))
    return merged


def _same_column(upper: Sequence[Line], lower: Sequence[Line]) -> bool:
    above, below = upper[-1], lower[0]
    overlap = min(above.x1, below.x1) - max(above.x0, below.x0)
    return below.top >= above.top and overlap > 0


def _ends_sentence(text: str) -> bool:
    return _SENTENCE_END.search(text) is not None


def _join(parts: list[str], line: str) -> None:
    """Append a line to a paragraph's parts, undoing line-end hyphenation."""
    text = parts[-1]
    end = text[-1:]
    if end not in _JOINING_ENDS:
        parts.append(line)
    elif end == "\u00ad":
        parts[-1] = text[:-1] + line
    elif end == "-":
        if len(text) >= 2 and text[-2].isalpha() and line:
            # "inter-" + "national" is one word; "US-" + "Japan" keeps its hyphen.
            parts[-1] = text[:-1] + line if line[0].islower() else text + line
        else:
            parts.append(line)
    else:  # a dash or a slash ends the line: the next word follows it directly
        parts[-1] = text + line


def _is_paragraph_break(
    above: Line, below: Line, usual_gap: float, left: float, right: float
) -> bool:
    above_height, below_height = above.height, below.height
    height = above_height if above_height < below_height else below_height
    if below.top < above.top + 0.5 * above_height and below.x0 >= above.x1:
        return False  # the same row, cut by a wide gap
    if below.top - above.bottom > usual_gap + PARAGRAPH_GAP_EM * height:
        return True
    if above_height != below_height and abs(above_height - below_height) > (
        SIZE_CHANGE * (above_height + below_height - height)
    ):
        return True
    if below.x0 - left > INDENT_EM * height and above.x0 - left < 0.5 * height:
        return True
    return right - above.x1 > SHORT_LINE_EM * height and _ends_sentence(above.text)


def _usual_gap(flows: Sequence[Flow]) -> float:
    """The gap between lines of one paragraph: the lower quartile of all gaps.

    Capped at USUAL_GAP_CAP line heights, so that a page of one-line paragraphs
    still breaks between them (a double-spaced page breaks at every line instead).
    """
    gaps = sorted(
        below.top - above.bottom
        for flow in flows
        for above, below in zip(flow.lines, flow.lines[1:], strict=False)
        if below.top > above.bottom - 0.5 * above.height
    )
    if not gaps:
        return 0.0
    heights = sorted(line.height for flow in flows for line in flow.lines)
    return min(gaps[len(gaps) // 4], USUAL_GAP_CAP * heights[len(heights) // 2])


def _continues(text: str, line: Line) -> bool:
    """Whether a paragraph cut by a column or page break goes on with ``line``."""
    first = line.text[:1]
    return bool(text) and not _ends_sentence(text) and first.islower()


def build_paragraphs(flows: Sequence[Flow]) -> list[Paragraph]:
    """Group the lines of consecutive columns into paragraphs, NFKC-normalised.

    A paragraph cut by a column or page break (no full stop before it, a lower
    case letter after it) goes on in the next column.
    """
    usual_gap = max(_usual_gap(flows), 0.0)
    paragraphs: list[Paragraph] = []
    parts: list[str] = []
    first_page = last_page = 0
    for flow in flows:
        left = min(line.x0 for line in flow.lines)
        right = max(line.x1 for line in flow.lines)
        above: Line | None = None
        for line in flow.lines:
            if above is None:
                is_break = not parts or not _continues(parts[-1], line)
            else:
                is_break = _is_paragraph_break(above, line, usual_gap, left, right)
            if is_break and parts:
                paragraphs.append(_paragraph(parts, first_page, last_page))
                parts = []
            if parts:
                _join(parts, line.text)
            else:
                parts, first_page = [line.text], flow.page
            last_page = flow.page
            above = line
    if parts:
        paragraphs.append(_paragraph(parts, first_page, last_page))
    return paragraphs


def _paragraph(parts: list[str], first_page: int, last_page: int) -> Paragraph:
    text = unicodedata.normalize("NFKC", " ".join(parts))
    if "\u00ad" in text:
        text = text.replace("\u00ad", "")
    if "  " in text:
        text = _SPACES.sub(" ", text)
    return Paragraph(text.strip(), first_page, last_page)


def _flows(page: int, lines: Sequence[Line]) -> list[Flow]:
    return [Flow(page, tuple(column)) for column in order_columns(lines)]


def page_blocks(pages: Sequence[PageText]) -> list[Block]:
    """Visible blocks: per page, running head, body, footnotes, running foot.

    A body paragraph that runs on to the next page is one block, on its first page.
    """
    margins = split_margins([(page.height, page.lines) for page in pages])
    body_line_height = body_height(body for _, body, _ in margins)
    body_flows: list[Flow] = []
    before: dict[int, list[tuple[Region, Paragraph]]] = {}
    after: dict[int, list[tuple[Region, Paragraph]]] = {}
    for page, (header, body, footer) in zip(pages, margins, strict=True):
        main, notes = split_footnotes(body, body_line_height, page.height)
        body_flows.extend(_flows(page.number, main))
        before[page.number] = [
            (Region.HEADER, paragraph)
            for paragraph in build_paragraphs(_flows(page.number, header))
        ]
        after[page.number] = [
            *(
                (Region.FOOTNOTE, par)
                for par in build_paragraphs(_flows(page.number, notes))
            ),
            *(
                (Region.FOOTER, par)
                for par in build_paragraphs(_flows(page.number, footer))
            ),
        ]
    body_by_page: dict[int, list[tuple[Region, Paragraph]]] = {}
    for paragraph in build_paragraphs(body_flows):
        body_by_page.setdefault(paragraph.first_page, []).append(
            (Region.BODY, paragraph)
        )
    blocks: list[Block] = []
    for page in pages:
        for region, paragraph in (
            *before[page.number],
            *body_by_page.get(page.number, ()),
            *after[page.number],
        ):
            detail = (
                f"continues on page {paragraph.last_page}"
                if paragraph.last_page != paragraph.first_page
                else ""
            )
            location = Location(region, page.number, len(blocks) + 1, detail)
            blocks.append(Block(paragraph.text, location))
    return blocks


def hidden_blocks(
    pages: Sequence[PageText], details: Mapping[HiddenReason, str]
) -> Iterator[HiddenBlock]:
    """Hidden text as paragraphs, per page and reason; ``details`` describe reasons."""
    for page in pages:
        for reason, runs in page.hidden.items():
            lines = build_lines(runs)
            for paragraph in build_paragraphs(_flows(page.number, lines)):
                location = Location(Region.BODY, page.number, None, details[reason])
                yield HiddenBlock(paragraph.text, location, reason)
