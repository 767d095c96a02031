"""How citeproc-js decorates what an element renders, where citeproc-py does not:
``display`` blocks, decorations that undo an enclosing one, narrow no-break spaces,
and the markup punctuation after a piece looks through."""

from __future__ import annotations

import re
from collections.abc import Callable

from citeproc import model as csl_model
from citeproc.string import String
from lxml import etree

from reprint.csl.namespace import CSL_NS

# citeproc-js (CSL.Output.Queue.append) puts a narrow no-break space before a colon,
# semicolon, question or exclamation mark or closing guillemet that a space precedes
# in any string a leaf element renders, affixes and delimiters excepted ("Disponible
# sur :" is "Disponible sur\u202f:" in its output, in every locale).
LEAVES = frozenset(
    f"{{{CSL_NS}}}{tag}" for tag in ("text", "label", "number", "date-part")
)
_SPACED_MARK = re.compile(" ([:;?!\u00bb])")


def narrow_spaced(string: object, spaced: Callable[[str], str]) -> object:
    text = str(string)
    narrowed = _SPACED_MARK.sub("\u202f\\1", text).replace("\u00ab ", "\u00ab\u202f")
    # citeproc-js escapes after this: a space before the new narrow one is doubled
    # whitespace ("Consultable  :" is "Consultable\u00a0 :" in HTML).
    return string if narrowed == text else String(spaced(narrowed))


# citeproc-js draws these (CSL.DISPLAY_CLASSES); citeproc-py ignored ``display``.
_DISPLAYS = {"block": "b", "left-margin": "l", "right-inline": "r", "indent": "i"}
_CONTROL = frozenset(
    f"{{{CSL_NS}}}{tag}" for tag in ("choose", "if", "else-if", "else")
)


def display_kind(element: csl_model.CitationStylesElement) -> str | None:
    """The display kind of a bibliography field, as citeproc-js finds it: only
    on an element the layout renders directly (through choose branches alone),
    and not when the bibliography aligns its second field instead."""
    kind = _DISPLAYS.get(str(element.get("display")))
    if kind is None:
        return None
    parent = element.getparent()
    while parent is not None and parent.tag in _CONTROL:
        parent = parent.getparent()
    if parent is None or parent.tag != f"{{{CSL_NS}}}layout":
        return None
    area = parent.getparent()
    if area is None or area.tag != f"{{{CSL_NS}}}bibliography":
        return None
    return None if area.get("second-field-align") is not None else kind


class Undoing:
    """Decorations that undo an inherited one, printed as citeproc-js prints them.

    citeproc-py treats font-style, font-variant and font-weight "normal",
    text-decoration "none" and vertical-align "baseline" as no decoration at all;
    citeproc-js writes a span for each, the "normal" ones only where an enclosing
    element set something else (CSL.Engine.normalDecorIsOrphan). A ``<name>``'s
    "normal" undoes only what is set above its ``<names>``: citeproc-js prints none
    under small-caps names (bulletin-de-la-societe-entomologique-de-france undoes
    and redoes small caps around each name), and one under a bold macro call.
    """

    def format(self, string: object) -> object:
        element: csl_model.Formatted = self
        text = super().format(string)  # type: ignore[misc]
        formatter = element.get_formatter()
        for attribute, value, name in _UNDOING:
            if element.get(attribute) != value:
                continue
            if value == "normal" and not _set_above(element, attribute):
                continue
            text = getattr(formatter, name)(text)
        return text


_UNDOING = (
    ("font-style", "normal", "NormalStyle"),
    ("font-variant", "normal", "NormalVariant"),
    ("font-weight", "normal", "NormalWeight"),
    ("text-decoration", "none", "NoDecoration"),
    ("vertical-align", "baseline", "Baseline"),
)


# The <text macro=…> elements whose macros are being rendered, innermost last: an
# element inside a macro sits under their decorations in citeproc-js's output.
CALLERS: list[etree._Element] = []


# A name's own decorations are not above its parts in citeproc-js's output: a
# name-part's "normal" under small-caps names prints nothing (museum-national-
# dhistoire-naturelle), under a bold caller it does (hamburg-school-of-food-science).
_NAME_LEVELS = frozenset(f"{{{CSL_NS}}}{tag}" for tag in ("names", "name"))


def _set_above(element: csl_model.CitationStylesElement, attribute: str) -> bool:
    above = [*element.iterancestors()]
    for caller in CALLERS:
        above += [caller, *caller.iterancestors()]
    return any(
        other.get(attribute, "normal") != "normal"
        for other in above
        if other.tag not in _NAME_LEVELS
    )


def closers(element: csl_model.CitationStylesElement) -> re.Pattern[str]:
    found: re.Pattern[str] = element.get_formatter().CLOSERS
    return found


# citeproc-js escapes each affix apart ("  " is "&#160; " only within one string),
# after moving an edge space up a level (CSL.Output.Queue.adjust.upward): the first
# character of the prefix of a bibliography entry's first field, when the layout
# has no prefix or decoration of its own, and the last space of the suffix of a
# called macro's last element, when the call has no decoration. Probed on
# citeproc-js 2.4.63: no other affix it splits this way was found.
_DECORATIONS = (
    "font-style",
    "font-variant",
    "font-weight",
    "text-decoration",
    "vertical-align",
)
_LAYOUT = f"{{{CSL_NS}}}layout"
# The spaces of citeproc-js's PUNCT_OR_SPACE (a punctuation mark moves too, which
# changes no escaping): an em space stays where it is.
_MOVED_SPACES = frozenset(" \u00a0")
_MACRO = f"{{{CSL_NS}}}macro"
_BIBLIOGRAPHY = f"{{{CSL_NS}}}bibliography"


def affix_split(element: csl_model.CitationStylesElement, affix: str) -> int:
    """Where citeproc-js cuts the element's prefix or suffix (``affix``) in two to
    escape each piece apart: 0 when it escapes it whole (or a cut changes nothing:
    only a doubled space at the cut escapes otherwise)."""
    text = str(element.get(affix, ""))
    if affix == "prefix":
        if not (text[:1] in _MOVED_SPACES and text[1:2].isspace()):
            return 0
        holder = _holder(element, is_last=False)
        if (
            holder is not None
            and holder.tag == _LAYOUT
            and _tag(holder.getparent()) == _BIBLIOGRAPHY
            and not holder.get("prefix")
            and not _is_decorated(holder)
        ):
            return 1
        return 0
    if not (text.endswith(" ") and text[-2:-1].isspace()):
        return 0
    holder = _holder(element, is_last=True)
    if (
        holder is not None
        and holder.tag == _MACRO
        and CALLERS
        and not _is_decorated(CALLERS[-1])
    ):
        return len(text) - 1
    return 0


def _tag(element: etree._Element | None) -> object:
    return None if element is None else element.tag


def _holder(
    element: csl_model.CitationStylesElement, *, is_last: bool
) -> etree._Element | None:
    """The element whose output holds this one's first (or last), through choose
    branches (any branch taken is the choose's output); None if it is not there."""
    node: etree._Element = element
    while True:
        parent = node.getparent()
        if parent is None:
            return None
        if node.tag not in _CONTROL or parent.tag != f"{{{CSL_NS}}}choose":
            children = [child for child in parent if isinstance(child.tag, str)]
            if children[-1 if is_last else 0] is not node:
                return None
        if parent.tag not in _CONTROL:
            return parent
        node = parent


def _is_decorated(element: etree._Element) -> bool:
    return any(element.get(name) is not None for name in _DECORATIONS) or (
        element.get("quotes", "false") == "true"
    )
