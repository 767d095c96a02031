"""What Word lays out of a WordprocessingML document, and what it keeps unshown.

Runs: ``w:vanish`` hides a run when set directly, through its character style, its
paragraph's style or the document defaults, each resolved through basedOn.

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

__all__ = ["MarginRef", "Styles", "is_on", "plan_margins"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_VAL, _TYPE, _TITLE_PG = f"{_W}val", f"{_W}type", f"{_W}titlePg"
_RPR, _PSTYLE, _RSTYLE = f"{_W}rPr", f"{_W}pStyle", f"{_W}rStyle"
_VANISH = f"{_W}vanish"
_FALSE_VALUES = frozenset({"0", "false", "off"})
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


def _vanish_toggle(props: etree._Element | None) -> bool | None:
    """The ``w:vanish`` toggle of a properties element, or ``None`` if unset."""
    return None if props is None else is_on(props.find(_VANISH))


class Styles:
    """The ``w:vanish`` and caption facts of styles.xml, resolved through basedOn."""

    def __init__(self, root: etree._Element | None) -> None:
        self._based_on: dict[str, str] = {}
        self._own_vanish: dict[str, bool | None] = {}
        self._names: dict[str, str] = {}
        self._vanish: dict[str, bool | None] = {}
        self._captions: dict[str, bool] = {}
        self.default_vanish = False
        self.default_paragraph: str | None = None
        self.default_character: str | None = None
        if root is None:
            return
        defaults = root.find(f"{_W}docDefaults/{_W}rPrDefault/{_RPR}")
        self.default_vanish = bool(_vanish_toggle(defaults))
        for style in root.iterchildren(f"{_W}style"):
            style_id = style.get(f"{_W}styleId", "")
            based_on = style.find(f"{_W}basedOn")
            if based_on is not None:
                self._based_on[style_id] = based_on.get(_VAL, "")
            name = style.find(f"{_W}name")
            self._names[style_id] = "" if name is None else name.get(_VAL, "").lower()
            self._own_vanish[style_id] = _vanish_toggle(style.find(_RPR))
            if style.get(f"{_W}default", "") in {"1", "true", "on"}:
                kind = style.get(f"{_W}type", "paragraph")
                if kind == "paragraph":
                    self.default_paragraph = style_id
                elif kind == "character":
                    self.default_character = style_id

    def _chain(self, style_id: str) -> list[str]:
        """The style and those it is based on, nearest first; cycles cut."""
        chain: list[str] = []
        current: str | None = style_id
        while current is not None and current in self._names and current not in chain:
            chain.append(current)
            current = self._based_on.get(current)
        return chain

    def vanish(self, style_id: str | None) -> bool | None:
        """The style's own or inherited vanish, ``None`` if no style in it sets one."""
        if style_id is None:
            return None
        if style_id not in self._vanish:
            values = (self._own_vanish[s] for s in self._chain(style_id))
            self._vanish[style_id] = next((v for v in values if v is not None), None)
        return self._vanish[style_id]

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
        style = None if p_pr is None else p_pr.find(_PSTYLE)
        if style is None:
            return self.default_paragraph
        style_id = style.get(_VAL, "")
        return style_id if style_id in self._names else self.default_paragraph

    def is_vanished(self, r_pr: etree._Element | None, paragraph_vanish: bool) -> bool:
        """Whether a run with these properties is hidden: direct, style, paragraph."""
        direct = _vanish_toggle(r_pr)
        if direct is not None:
            return direct
        style = None if r_pr is None else r_pr.find(_RSTYLE)
        style_id = self.default_character if style is None else style.get(_VAL)
        inherited = self.vanish(style_id)
        return paragraph_vanish if inherited is None else inherited


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
