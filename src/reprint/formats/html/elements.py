"""What an HTML element is before any author style: block or inline, hidden by the
UA style sheet or by its own attributes, and the page region it opens.

Tables follow the rendering section of the HTML standard (its UA style sheet) and
WAI-ARIA landmark roles; ``reprint.formats.html.reader`` asks them once per element.
"""

from __future__ import annotations

import re

from lxml import etree

from reprint.model import HiddenReason, Region

__all__ = [
    "BLOCK_TAGS",
    "FALLBACK_TAGS",
    "INLINE_DISPLAYS",
    "NON_BLOCK_DISPLAYS",
    "PRE_TAGS",
    "TAG_REGIONS",
    "describe",
    "own_hidden_reason",
    "region_of",
    "unchosen_options",
]

# Elements a browser lays out as blocks (the HTML rendering section's UA style sheet).
_BLOCK_TAG_NAMES = (
    "address article aside blockquote body caption center dd details dialog dir "
    "div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header "
    "hgroup hr html legend li listing main menu nav ol optgroup option p "
    "plaintext pre search section summary table tbody td tfoot th thead tr ul xmp"
)
BLOCK_TAGS = frozenset(_BLOCK_TAG_NAMES.split())
PRE_TAGS = frozenset({"pre", "listing", "plaintext", "xmp", "textarea"})
INLINE_DISPLAYS = frozenset({"inline", "inline-block", "inline-flex", "inline-grid"})
# display: contents drops the element's own box, so it does not break lines either.
NON_BLOCK_DISPLAYS = INLINE_DISPLAYS | {"contents"}
# Elements every browser renders itself: their content is fallback, never shown.
# (An <object>'s content is shown when its data cannot be loaded, so it is read.)
FALLBACK_TAGS = ("video", "audio", "canvas", "iframe", "meter", "progress")
# Elements never rendered, and why.
_HIDDEN_TAGS: dict[str, HiddenReason] = {
    "head": HiddenReason.HEAD,
    "title": HiddenReason.METADATA,
    "desc": HiddenReason.METADATA,  # SVG
    "script": HiddenReason.SCRIPT,
    "style": HiddenReason.STYLE,
    "template": HiddenReason.TEMPLATE,
    "noscript": HiddenReason.NOSCRIPT,
    # display: none in the UA style sheet
    "area": HiddenReason.DISPLAY_NONE,
    "base": HiddenReason.DISPLAY_NONE,
    "datalist": HiddenReason.DISPLAY_NONE,
    "link": HiddenReason.DISPLAY_NONE,
    "meta": HiddenReason.DISPLAY_NONE,
    "param": HiddenReason.DISPLAY_NONE,
    "rp": HiddenReason.DISPLAY_NONE,
} | dict.fromkeys(FALLBACK_TAGS, HiddenReason.FALLBACK_CONTENT)
TAG_REGIONS: dict[str, Region] = {
    "head": Region.METADATA,
    "header": Region.HEADER,
    "footer": Region.FOOTER,
    "aside": Region.SIDEBAR,
    "figcaption": Region.CAPTION,
    "caption": Region.CAPTION,
    "td": Region.TABLE,
    "th": Region.TABLE,
    "h1": Region.TITLE,
}
_ROLE_REGIONS: dict[str, Region] = {
    "banner": Region.HEADER,
    "contentinfo": Region.FOOTER,
    "complementary": Region.SIDEBAR,
    "doc-endnotes": Region.ENDNOTE,
    "doc-endnote": Region.ENDNOTE,
    "doc-footnote": Region.FOOTNOTE,
}
_NOTE_NAME = re.compile(r"(foot|end)note", re.IGNORECASE)
# Layout tables are common in old pages; a cell inside a footer is still footer text.
_WEAK_REGIONS = frozenset({Region.TABLE})


def describe(tag: str, attributes: dict[str, str]) -> str:
    element_id = attributes.get("id")
    if element_id:
        return f"{tag}#{element_id}"
    classes = attributes.get("class", "").split()
    return f"{tag}.{classes[0]}" if classes else tag


def _note_region(attributes: dict[str, str]) -> Region | None:
    names = f"{attributes.get('class', '')} {attributes.get('id', '')}"
    match = _NOTE_NAME.search(names)
    if match is None:
        return None
    return Region.ENDNOTE if match.group(1).lower() == "end" else Region.FOOTNOTE


def region_of(tag: str, attributes: dict[str, str], parent: Region) -> Region:
    region = TAG_REGIONS.get(tag)
    role = attributes.get("role")
    if role is not None:
        region = _ROLE_REGIONS.get(role.strip().lower(), region)
    if region is None:
        region = _note_region(attributes)
    if region is None or (region in _WEAK_REGIONS and parent is not Region.BODY):
        return parent
    return region


def own_hidden_reason(
    tag: str, attributes: dict[str, str], display: str | None
) -> HiddenReason | None:
    """Why this element (not an ancestor) takes itself and its content out of view."""
    reason = _HIDDEN_TAGS.get(tag)
    if reason is not None:
        return reason
    if display == "none":
        return HiddenReason.DISPLAY_NONE
    if "hidden" in attributes and display is None:
        # [hidden] is display: none in the UA sheet, which an author display beats.
        return HiddenReason.HIDDEN_ATTRIBUTE
    if tag == "dialog" and "open" not in attributes:
        return HiddenReason.DISPLAY_NONE
    if "popover" in attributes and display is None:
        # [popover]:not(:popover-open) is display: none in the UA sheet; a popover
        # opens only when a script or a click shows it.
        return HiddenReason.DISPLAY_NONE
    if tag == "svg" and (
        _is_zero_length(attributes.get("width"))
        or _is_zero_length(attributes.get("height"))
    ):
        # svg clips its content to its box (overflow: hidden in the UA sheet), so
        # a 0x0 svg paints none of its foreignObject's text.
        return HiddenReason.CLIPPED
    return None


_ZERO_LENGTH = re.compile(r"\s*[+-]?0*\.?0*(?:px|%|em|rem)?\s*")


def _is_zero_length(value: str | None) -> bool:
    return (
        value is not None and "0" in value and _ZERO_LENGTH.fullmatch(value) is not None
    )


def unchosen_options(root: etree._Element) -> set[etree._Element]:
    """The options a closed drop-down ``<select>`` does not show: all but the
    last selected one (or the first, when none is selected), as browsers paint it."""
    unchosen: set[etree._Element] = set()
    for select in root.iter("select"):
        size = select.get("size", "").strip()
        if select.get("multiple") is not None or (size.isdigit() and int(size) > 1):
            continue
        options = list(select.iter("option"))
        if len(options) < 2:
            continue
        chosen = next(
            (o for o in reversed(options) if o.get("selected") is not None),
            options[0],
        )
        unchosen.update(option for option in options if option is not chosen)
    return unchosen
