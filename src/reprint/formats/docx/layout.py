"""What Word lays out of a WordprocessingML document, and what it keeps unshown.

Runs: ``w:vanish``, ``w:color``, ``w:sz``, ``w:shd`` and ``w:highlight`` apply
directly, else through the character style, the paragraph's style, the document
defaults, each style resolved through basedOn once. A run is hidden when vanished,
under 1 pt, or coloured like what is behind it: its highlight, else its shading,
else its paragraph's, its cell's or its table's shading, else the page colour (ECMA-376
§17.3.2, §17.3.5). ``auto`` text is never hidden: Word makes it contrast. What a
table style, a text box's shape or a picture paints is not resolved; text on it
counts as seen, so a miss errs towards "visible", never towards a false finding.

Headers and footers, section by section (ECMA-376 §17.10): a section names up to
three parts for its headers and three for its footers: first-page, default and
even-page. Word prints the first-page one only when the section's ``w:sectPr`` has
``w:titlePg`` on, the even-page one only when settings.xml has
``w:evenAndOddHeaders`` on, and the default one on every other page. A section that
names no part of a type inherits the previous section's part of that type
(§17.10.5); the first section inherits nothing, so that page gets no header.

What needs the page count is out of reach without laying out the text, and is taken
as printed: an even-page header of a one-page document, or the default header of a
one-page section with a distinct first page.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from reprint.model import HiddenReason

__all__ = [
    "UNKNOWN",
    "WHITE",
    "MarginRef",
    "Styles",
    "is_on",
    "page_background",
    "plan_margins",
    "shaded",
]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_VAL, _TYPE, _TITLE_PG = f"{_W}val", f"{_W}type", f"{_W}titlePg"
_RPR, _PSTYLE, _RSTYLE = f"{_W}rPr", f"{_W}pStyle", f"{_W}rStyle"
_VANISH, _COLOR, _SZ, _SHD = (f"{_W}{n}" for n in ("vanish", "color", "sz", "shd"))
_HIGHLIGHT, _TBL_STYLE, _PPR = f"{_W}highlight", f"{_W}tblStyle", f"{_W}pPr"
_FILL, _COLOR_ATTR = f"{_W}fill", f"{_W}color"
_BACKGROUND, _DISPLAY_BACKGROUND = f"{_W}background", f"{_W}displayBackgroundShape"
_FALSE_VALUES = frozenset({"0", "false", "off"})
_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")
# Colours are 0xRRGGBB; these stand outside that range.
AUTO = -1  # w:color "auto": Word makes it contrast with what is behind the text
NO_FILL = -2  # shading or highlight explicitly off: what is behind shows through
UNKNOWN = -3  # a background reprint does not resolve: text on it counts as seen
WHITE = 0xFFFFFF
# A channel within 5 of the background's is lost to the eye: for white text, each
# channel >= 250, as the PDF extractor's SAME_COLOUR_CHANNELS has it.
SAME_COLOUR_CHANNEL = 5
# Word's w:sz is in half-points; text under 1 pt is a dot or a hairline.
TINY_HALF_POINTS = 2
# Past any real size or percentage; also keeps inf and nan out of comparisons.
_HUGE = 1e9
# Points per unit of an ST_UniversalMeasure (§22.9.2.15).
_UNIVERSAL_PT = {"pt": 1.0, "in": 72.0, "cm": 72 / 2.54, "mm": 72 / 25.4}
_UNIVERSAL_PT |= {"pc": 12.0, "pi": 12.0}
# ST_HighlightColor (§17.18.40) as RGB.
_HIGHLIGHTS = {
    "black": 0x000000,
    "blue": 0x0000FF,
    "cyan": 0x00FFFF,
    "green": 0x00FF00,
    "magenta": 0xFF00FF,
    "red": 0xFF0000,
    "yellow": 0xFFFF00,
    "white": 0xFFFFFF,
    "darkBlue": 0x000080,
    "darkCyan": 0x008080,
    "darkGreen": 0x008000,
    "darkMagenta": 0x800080,
    "darkRed": 0x800000,
    "darkYellow": 0x808000,
    "darkGray": 0x808080,
    "lightGray": 0xC0C0C0,
}
# Variant (w:type) and its label, in reading order.
_VARIANTS = (("first", "first-page"), ("default", "default"), ("even", "even-page"))
_NO_FIRST_PAGE = "the section has no distinct first page"
_NO_EVEN_PAGES = "the document does not print different odd and even pages"


def is_on(element: etree._Element | None) -> bool | None:
    """An ST_OnOff property element's value: on unless its w:val says false.

    ``None`` when the element is absent, so a caller can tell unset from off.
    """
    if element is None:
        return None
    return element.get(_VAL, "true").lower() not in _FALSE_VALUES


def _colour(value: str | None) -> int | None:
    """An ST_HexColor: ``0xRRGGBB``, ``AUTO``, or ``None`` when absent or invalid."""
    if value is None:
        return None
    if value.lower() == "auto":
        return AUTO
    # int() alone would also take a sign, spaces and underscores.
    if len(value) != 6 or not _HEX_DIGITS.issuperset(value):
        return None
    return int(value, 16)


def _blend(ink: int, paper: int, percent: int) -> int:
    """``percent`` of ``ink`` over ``paper``, channel by channel."""
    out = 0
    for shift in (16, 8, 0):
        a, b = (ink >> shift) & 0xFF, (paper >> shift) & 0xFF
        out |= ((a * percent + b * (100 - percent)) // 100) << shift
    return out


def _shading(shd: etree._Element) -> int:
    """What a w:shd paints: a colour, ``NO_FILL`` or ``UNKNOWN`` (§17.3.5, ST_Shd).

    The pattern (w:val) is drawn in w:color over w:fill; Word draws an auto
    pattern colour black and an auto fill as none.
    """
    pattern = shd.get(_VAL, "clear")
    fill = _colour(shd.get(_FILL))
    if pattern == "nil":
        return NO_FILL
    if pattern == "clear":
        return NO_FILL if fill is None or fill == AUTO else fill
    ink = _colour(shd.get(_COLOR_ATTR))
    ink = 0 if ink is None or ink == AUTO else ink
    if pattern == "solid":
        return ink
    percent = _number(pattern[3:]) if pattern.startswith("pct") else None
    if percent is None:
        return UNKNOWN  # stripes, crosses: neither colour alone is behind the text
    paper = WHITE if fill is None or fill == AUTO else fill
    return _blend(ink, paper, min(int(percent), 100))


def _number(text: str) -> float | None:
    """A finite, non-negative decimal number, or ``None``."""
    try:
        value = float(text)
    except ValueError:  # also "²", which str.isdigit() accepts
        return None
    return value if 0 <= value < _HUGE else None


def _half_points(value: str | None) -> float | None:
    """An ST_HpsMeasure (half-points, or a universal measure such as "0.5pt")."""
    if value is None:
        return None
    unit = _UNIVERSAL_PT.get(value[-2:])
    if unit is None:
        return _number(value)
    points = _number(value[:-2])
    return None if points is None else points * unit * 2


def _highlight(value: str | None) -> int | None:
    if value is None:
        return None
    return NO_FILL if value == "none" else _HIGHLIGHTS.get(value, UNKNOWN)


@dataclass(frozen=True, slots=True)
class _Look:
    """Run properties that decide whether a run is seen; ``None`` where unset."""

    vanish: bool | None = None
    colour: int | None = None
    half_points: float | None = None
    shading: int | None = None
    highlight: int | None = None

    @classmethod
    def from_rpr(cls, r_pr: etree._Element | None) -> _Look:
        if r_pr is None:
            return _NO_LOOK
        vanish = colour = size = shading = highlight = None
        for child in r_pr:
            tag = child.tag
            if tag == _VANISH:
                vanish = is_on(child)
            elif tag == _COLOR:
                colour = _colour(child.get(_VAL))
            elif tag == _SZ:
                size = _half_points(child.get(_VAL))
            elif tag == _SHD:
                shading = _shading(child)
            elif tag == _HIGHLIGHT:
                highlight = _highlight(child.get(_VAL))
        return cls(vanish, colour, size, shading, highlight)

    def over(self, far: _Look) -> _Look:
        """These properties, with ``far``'s where these are unset."""
        return _Look(
            far.vanish if self.vanish is None else self.vanish,
            far.colour if self.colour is None else self.colour,
            far.half_points if self.half_points is None else self.half_points,
            far.shading if self.shading is None else self.shading,
            far.highlight if self.highlight is None else self.highlight,
        )


_NO_LOOK = _Look()


def _is_same_colour(ink: int, paper: int) -> bool:
    """Whether text in ``ink`` on ``paper`` is lost to the eye (both real colours)."""
    return (
        abs((ink >> 16) - (paper >> 16)) <= SAME_COLOUR_CHANNEL
        and abs(((ink >> 8) & 0xFF) - ((paper >> 8) & 0xFF)) <= SAME_COLOUR_CHANNEL
        and abs((ink & 0xFF) - (paper & 0xFF)) <= SAME_COLOUR_CHANNEL
    )


def _child(parent: etree._Element | None, tag: str) -> etree._Element | None:
    """The first child with ``tag``: a loop over a few property elements costs a
    third of what ``find`` does, and every paragraph asks twice."""
    if parent is not None:
        for child in parent:
            if child.tag == tag:
                return child
    return None


def _fill_of(properties: etree._Element | None) -> int | None:
    """The w:shd of a pPr, tcPr or tblPr, ``None`` if it has none."""
    shd = _child(properties, _SHD)
    return None if shd is None else _shading(shd)


def shaded(properties: etree._Element | None, behind: int) -> int:
    """What is behind text in a pPr, tcPr or tblPr: its shading, else ``behind``."""
    fill = _fill_of(properties)
    return behind if fill is None or fill == NO_FILL else fill


def page_background(document: etree._Element, settings: etree._Element | None) -> int:
    """The page colour Word shows behind the text (w:background, §17.2.1).

    Word draws it only when settings.xml has w:displayBackgroundShape on; a
    picture, gradient or pattern (a VML child) is not a single colour.
    """
    background = document.find(_BACKGROUND)
    if background is None or settings is None:
        return WHITE
    if not is_on(settings.find(_DISPLAY_BACKGROUND)):
        return WHITE
    if len(background):
        return UNKNOWN
    colour = _colour(background.get(_COLOR_ATTR))
    return WHITE if colour is None or colour == AUTO else colour


class Styles:
    """Run visibility, shading and caption facts of styles.xml, through basedOn.

    Each style's properties are resolved once; a run then costs one pass over its
    own rPr and one dict look-up for its character and paragraph style pair.
    """

    def __init__(self, root: etree._Element | None) -> None:
        self._based_on: dict[str, str] = {}
        self._names: dict[str, str] = {}
        self._own_looks: dict[str, _Look] = {}
        self._own_fills: dict[str, int | None] = {}  # pPr or table shading
        self._looks: dict[str, _Look] = {}
        self._fills: dict[str, int | None] = {}
        self._bases: dict[tuple[str | None, str | None, str | None], _Look] = {}
        self._plain_reasons: dict[
            tuple[str | None, int, str | None], HiddenReason | None
        ] = {}
        self._table_fills: dict[str, bool] = {}
        self._captions: dict[str, bool] = {}
        self._default_look = _NO_LOOK
        self.default_paragraph: str | None = None
        self.default_character: str | None = None
        self.default_table: str | None = None
        if root is None:
            return
        defaults = root.find(f"{_W}docDefaults/{_W}rPrDefault/{_RPR}")
        self._default_look = _Look.from_rpr(defaults)
        for style in root.iterchildren(f"{_W}style"):
            style_id = style.get(f"{_W}styleId", "")
            based_on = style.find(f"{_W}basedOn")
            if based_on is not None:
                self._based_on[style_id] = based_on.get(_VAL, "")
            name = style.find(f"{_W}name")
            self._names[style_id] = "" if name is None else name.get(_VAL, "").lower()
            self._own_looks[style_id] = _Look.from_rpr(style.find(_RPR))
            kind = style.get(f"{_W}type", "paragraph")
            if kind == "table":
                # Any shading a table style paints, in any part of the table.
                fills = (_shading(shd) for shd in style.iter(_SHD))
                is_shaded = any(f != NO_FILL for f in fills)
                self._own_fills[style_id] = UNKNOWN if is_shaded else None
            else:
                self._own_fills[style_id] = _fill_of(style.find(_PPR))
            if style.get(f"{_W}default", "") in {"1", "true", "on"}:
                if kind == "paragraph":
                    self.default_paragraph = style_id
                elif kind == "character":
                    self.default_character = style_id
                elif kind == "table":
                    self.default_table = style_id

    def _chain(self, style_id: str) -> list[str]:
        """The style and those it is based on, nearest first; cycles cut."""
        chain: list[str] = []
        current: str | None = style_id
        while current is not None and current in self._names and current not in chain:
            chain.append(current)
            current = self._based_on.get(current)
        return chain

    def _look(self, style_id: str | None) -> _Look:
        """The style's run properties, inherited ones filled in."""
        if style_id is None:
            return _NO_LOOK
        look = self._looks.get(style_id)
        if look is None:
            look = _NO_LOOK
            for ancestor in reversed(self._chain(style_id)):
                look = self._own_looks[ancestor].over(look)
            self._looks[style_id] = look
        return look

    def _fill(self, style_id: str | None) -> int | None:
        """The style's own or inherited shading, ``None`` if none sets one."""
        if style_id is None:
            return None
        if style_id not in self._fills:
            fills = (self._own_fills[s] for s in self._chain(style_id))
            self._fills[style_id] = next((f for f in fills if f is not None), None)
        return self._fills[style_id]

    def is_caption(self, style_id: str | None) -> bool:
        """Whether the paragraph style is Word's "caption" or based on it."""
        if style_id is None:
            return False
        if style_id not in self._captions:
            chain = self._chain(style_id)
            self._captions[style_id] = any(self._names[s] == "caption" for s in chain)
        return self._captions[style_id]

    def paragraph_style(self, p_pr: etree._Element | None) -> str | None:
        """The paragraph's style id, or the default paragraph style."""
        style = _child(p_pr, _PSTYLE)
        if style is None:
            return self.default_paragraph
        style_id = style.get(_VAL, "")
        return style_id if style_id in self._names else self.default_paragraph

    def paragraph_background(
        self, p_pr: etree._Element | None, style_id: str | None, behind: int
    ) -> int:
        """What is behind a paragraph's text: its shading, else ``behind``."""
        fill = _fill_of(p_pr)
        if fill is None:
            fill = self._fill(style_id)
        return behind if fill is None or fill == NO_FILL else fill

    def table_style(self, tbl_pr: etree._Element | None) -> str | None:
        """The table's style id, or the default table style."""
        style = None if tbl_pr is None else tbl_pr.find(_TBL_STYLE)
        return self.default_table if style is None else style.get(_VAL)

    def table_background(self, tbl_pr: etree._Element | None, behind: int) -> int:
        """What is behind a table's cells before their own shading.

        Table styles shade rows, columns and corners conditionally (§17.7.6);
        rather than resolve that, a shaded table style makes the colour unknown.
        """
        if self._fill(self.table_style(tbl_pr)) == UNKNOWN:
            return UNKNOWN
        return shaded(tbl_pr, behind)

    def _base(
        self, character: str | None, paragraph: str | None, table: str | None
    ) -> _Look:
        """Character style over paragraph style over the table style's run
        properties (its whole-table ones; conditional ones are not read) over the
        document defaults."""
        key = (character, paragraph, table)
        base = self._bases.get(key)
        if base is None:
            table_look = self._look(table).over(self._default_look)
            paragraph_look = self._look(paragraph).over(table_look)
            base = self._bases[key] = self._look(character).over(paragraph_look)
        return base

    def run_hidden_reason(
        self,
        r_pr: etree._Element | None,
        paragraph: str | None,
        behind: int,
        table: str | None = None,
    ) -> HiddenReason | None:
        """Why Word shows a run with these properties to nobody, or ``None``.

        ``paragraph`` is the paragraph's style, ``behind`` its background colour,
        ``table`` the style of the table the paragraph is in.
        """
        if r_pr is None or not len(r_pr):
            # Most runs set nothing themselves: one answer per paragraph kind.
            key = (paragraph, behind, table)
            if key not in self._plain_reasons:
                base = self._base(self.default_character, paragraph, table)
                self._plain_reasons[key] = _reason(base, behind)
            return self._plain_reasons[key]
        style = r_pr.find(_RSTYLE)
        character = self.default_character if style is None else style.get(_VAL)
        look = _Look.from_rpr(r_pr).over(self._base(character, paragraph, table))
        return _reason(look, behind)


def _reason(look: _Look, behind: int) -> HiddenReason | None:
    """Why a run with these resolved properties, on ``behind``, is not seen."""
    if look.vanish:
        return HiddenReason.VANISH
    if look.half_points is not None and look.half_points < TINY_HALF_POINTS:
        return HiddenReason.TINY_TEXT
    ink = look.colour
    if ink is None or ink == AUTO:
        return None  # Word turns auto text white or black against its background
    paper = look.highlight
    if paper is None or paper == NO_FILL:
        paper = look.shading
        if paper is None or paper == NO_FILL:
            paper = behind
    if paper != UNKNOWN and _is_same_colour(ink, paper):
        return HiddenReason.BACKGROUND_COLOUR
    return None


@dataclass(frozen=True, slots=True)
class MarginRef:
    """The part one section uses for one header or footer variant."""

    label: str  # "first-page", "default", "even-page"
    rel_id: str  # in document.xml's relationships
    why_unrendered: str  # "" when Word prints it in this section, else the reason


def plan_margins(
    sections: list[etree._Element], kind: str, has_even_pages: bool
) -> list[list[MarginRef]]:
    """For each section, its ``kind`` ("header"/"footer") parts in reading order.

    Inherited parts are included, so a part may appear under several sections.
    """
    tag = f"{_W}{kind}Reference"
    inherited: dict[str, str] = {}
    plans: list[list[MarginRef]] = []
    for sect_pr in sections:
        own = {
            ref.get(_TYPE, "default"): ref.get(_R_ID, "")
            for ref in sect_pr.iterchildren(tag)
        }
        inherited = {**inherited, **own}
        has_first_page = bool(is_on(sect_pr.find(_TITLE_PG)))
        plan: list[MarginRef] = []
        for variant, label in _VARIANTS:
            rel_id = inherited.get(variant)
            if rel_id is None:
                continue
            why = ""
            if variant == "first" and not has_first_page:
                why = _NO_FIRST_PAGE
            elif variant == "even" and not has_even_pages:
                why = _NO_EVEN_PAGES
            plan.append(MarginRef(label, rel_id, why))
        plans.append(plan)
    return plans
