"""The CSS that decides whether HTML text is seen: ``display`` and ``visibility``.

Only rules that set one of those two properties are kept. Selectors are the simple
kind CMS themes use to hide things: type, ``.class``, ``#id``, ``*``, compounds of
those (``div.credit#x``), selector lists, and the descendant and child combinators.
A selector with anything else (attributes, pseudo-classes, ``+``, ``~``) is skipped,
so an unsupported rule never hides text. Media blocks apply only when their query is
plain ``screen`` or ``all``: the extractor reports what a desktop reader sees.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import IntEnum

__all__ = [
    "Declaration",
    "Element",
    "StyleSheet",
    "Visibility",
    "parse_inline_style",
]


class Visibility(IntEnum):
    """The ``visibility`` value as far as text is concerned."""

    UNSET = 0
    VISIBLE = 1
    HIDDEN = 2


@dataclass(frozen=True, slots=True)
class Declaration:
    """``display`` and ``visibility`` as one style attribute or rule sets them."""

    display: str | None = None  # lower-cased keyword, e.g. "none", "block"
    visibility: Visibility = Visibility.UNSET
    is_display_important: bool = False
    is_visibility_important: bool = False


_NO_DECLARATION = Declaration()
_COMMENT = re.compile(r"/\*.*?(?:\*/|\Z)", re.DOTALL)
# Splitting keeps the braces: [text, brace, text, brace, ..., text].
_BRACE_SPLIT = re.compile(r"([{}])")
# A property name starts the declaration list or follows ";", never "-" ("-x-display").
_PROPERTY = re.compile(
    r"(?:^|;)\s*(display|visibility)\s*:\s*([^;!]*?)\s*(!\s*important)?\s*(?=;|$)",
    re.IGNORECASE,
)
_HAS_PROPERTY = re.compile(r"display|visibility", re.IGNORECASE)
# A block with no braces inside, with the text since the previous brace (its
# prelude), whose body names neither property: most rules of a theme. It opens and
# closes without adding a rule, so dropping it changes nothing, and one C-level
# substitution replaces thousands of trips round the brace scan. The look-behind
# starts a match only after a brace, which keeps the scan linear. No character but
# d, D, v and V matches "d" or "v" under IGNORECASE (a test checks), and leaving
# the flag off the classes halves the scan.
_IRRELEVANT_BLOCK = re.compile(
    r"(?<![^{}])[^{}]*\{[^{}dDvV]*(?:[dDvV](?!(?i:isplay|isibility))[^{}dDvV]*)*\}"
)
_MEDIA_OK = re.compile(r"@media\s+(?:only\s+)?(?:screen|all)\s*$", re.IGNORECASE)
_SUPPORTS = re.compile(r"@supports\b", re.IGNORECASE)
_COMPOUND = re.compile(r"(\*|[a-zA-Z][-\w]*)?((?:[.#][-\w]+)*)")
_SIMPLE_PART = re.compile(r"([.#])([-\w]+)")
_COMBINATOR_SPLIT = re.compile(r"\s*(>)\s*|\s+")
# Deeper selectors are rare in themes; the cap keeps matching cost per element small.
MAX_SELECTOR_COMPOUNDS = 8


def parse_inline_style(style: str) -> Declaration:
    """The ``display`` and ``visibility`` a ``style`` attribute (or rule body) sets."""
    if _HAS_PROPERTY.search(style) is None:
        return _NO_DECLARATION
    display: str | None = None
    visibility = Visibility.UNSET
    is_display_important = is_visibility_important = False
    for match in _PROPERTY.finditer(style):
        name, value, important = match.group(1).lower(), match.group(2), match.group(3)
        value = value.strip().lower()
        if not value:
            continue
        is_important = important is not None
        if name == "display":
            if is_display_important and not is_important:
                continue
            display, is_display_important = value, is_important
        else:
            if is_visibility_important and not is_important:
                continue
            if value in ("hidden", "collapse"):
                visibility = Visibility.HIDDEN
            elif value == "visible":
                visibility = Visibility.VISIBLE
            else:  # inherit, initial, unset, revert: let the ancestor decide
                visibility = Visibility.UNSET
            is_visibility_important = is_important
    return Declaration(
        display, visibility, is_display_important, is_visibility_important
    )


@dataclass(frozen=True, slots=True)
class _Compound:
    tag: str | None  # None matches any element
    element_id: str | None
    classes: frozenset[str]

    def matches(self, element: Element) -> bool:
        if self.tag is not None and self.tag != element.tag:
            return False
        if self.element_id is not None and self.element_id != element.element_id:
            return False
        return self.classes.issubset(element.classes)


class _Rule:
    """One selector of a hiding rule, filed under its rightmost compound.

    The rest of the selector is parsed on first use: a theme has thousands of rules
    keyed on classes no element of the page carries. A selector found unsupported
    then matches nothing, as if it had been skipped when the sheet was read.
    """

    __slots__ = (
        "compounds", "declaration", "is_child", "order", "selector", "specificity"
    )  # fmt: skip

    def __init__(self, selector: str, order: int, declaration: Declaration) -> None:
        self.selector = selector
        self.order = order
        self.declaration = declaration
        # Rightmost compound first; is_child[i] joins compounds[i] and [i + 1].
        # None until parsed, () when the selector is unsupported.
        self.compounds: tuple[_Compound, ...] | None = None
        self.is_child: tuple[bool, ...] = ()
        self.specificity = (0, 0, 0)

    def parsed(self) -> tuple[_Compound, ...]:
        """The compounds, parsing the selector the first time; () if unsupported."""
        if self.compounds is None:
            parsed = _parse_selector(self.selector)
            if parsed is None:
                self.compounds = ()
            else:
                self.compounds, self.is_child, self.specificity = parsed
        return self.compounds


class Element:
    """What the matcher needs to know of one element on the path from the root.

    A plain slotted class rather than a frozen dataclass: one is built per element of
    a page that has hiding rules, and frozen-dataclass construction is ~3x slower.
    """

    __slots__ = ("classes", "element_id", "tag")

    def __init__(self, tag: str, element_id: str | None, classes: Sequence[str]):
        self.tag = tag
        self.element_id = element_id
        self.classes = classes


def _parse_compound(text: str) -> _Compound | None:
    match = _COMPOUND.fullmatch(text)
    if match is None or not text:
        return None
    tag = match.group(1)
    element_id: str | None = None
    classes: list[str] = []
    for kind, name in _SIMPLE_PART.findall(match.group(2)):
        if kind == "#":
            if element_id is not None and element_id != name:
                return None  # "#a#b" matches nothing
            element_id = name
        else:
            classes.append(name)
    return _Compound(
        None if tag in (None, "*") else tag.lower(), element_id, frozenset(classes)
    )


def _rightmost_compound(selector: str) -> _Compound | None:
    """The compound right of the last combinator, which decides where a rule is filed.

    In a supported selector compounds hold no white space or ">", so the text after
    the last of those is the rightmost compound; any other selector is caught when
    it is parsed in full.
    """
    text = selector.strip()
    if not text:
        return None
    return _parse_compound(text.rsplit(None, 1)[-1].rpartition(">")[2])


def _parse_selector(
    text: str,
) -> tuple[tuple[_Compound, ...], tuple[bool, ...], tuple[int, int, int]] | None:
    text = text.strip()
    parts = _COMBINATOR_SPLIT.split(text)
    compounds: list[_Compound] = []
    is_child: list[bool] = []
    pending_child = False
    ids = classes = types = 0
    # re.split with a group yields [compound, ">"|None, compound, ...]
    for index, part in enumerate(parts):
        if index % 2 == 1:
            pending_child = part == ">"
            continue
        if not part:
            return None
        compound = _parse_compound(part)
        if compound is None:
            return None
        if compounds:
            is_child.append(pending_child)
        compounds.append(compound)
        ids += compound.element_id is not None
        classes += len(compound.classes)
        types += compound.tag is not None
    if not compounds or len(compounds) > MAX_SELECTOR_COMPOUNDS:
        return None
    compounds.reverse()
    is_child.reverse()
    return tuple(compounds), tuple(is_child), (ids, classes, types)


@dataclass(slots=True)
class StyleSheet:
    """The hiding rules of a page's ``<style>`` elements, indexed for lookup."""

    by_id: dict[str, list[_Rule]] = field(default_factory=dict)
    by_class: dict[str, list[_Rule]] = field(default_factory=dict)
    by_tag: dict[str, list[_Rule]] = field(default_factory=dict)
    universal: list[_Rule] = field(default_factory=list)
    rule_count: int = 0
    # Themes repeat rule bodies ("display:flex;...") across thousands of selectors.
    _declarations: dict[str, Declaration] = field(default_factory=dict, repr=False)

    @classmethod
    def from_css(cls, sources: Sequence[str]) -> StyleSheet:
        """Parse style sheets; malformed CSS is skipped the way browsers skip it."""
        sheet = cls()
        for source in sources:
            if _HAS_PROPERTY.search(source):
                css = _IRRELEVANT_BLOCK.sub("", _COMMENT.sub("", source))
                sheet._add_source(css)
        return sheet

    @property
    def is_empty(self) -> bool:
        return self.rule_count == 0

    def _add_source(self, css: str) -> None:
        # A flat scan over braces with a stack of open blocks, each with whether its
        # rules apply and, for a style rule, its selector; nesting costs no recursion.
        blocks: list[tuple[bool, str | None]] = []
        tokens = iter(_BRACE_SPLIT.split(css))
        # Each brace with the text since the previous one; the text after the last
        # brace is left over, as zip stops there.
        for text, brace in zip(tokens, tokens, strict=False):
            if brace == "{":
                # Each entry's flag already folds in its enclosing blocks' flags.
                is_enclosing_ok = blocks[-1][0] if blocks else True
                prelude = text.strip()
                if prelude.startswith("@"):
                    is_ok = bool(_MEDIA_OK.match(prelude) or _SUPPORTS.match(prelude))
                    blocks.append((is_enclosing_ok and is_ok, None))
                else:
                    blocks.append((is_enclosing_ok, prelude))
            elif blocks:
                is_ok, selectors = blocks.pop()
                if is_ok and selectors:
                    self._add_rule(selectors, text)

    def _add_rule(self, selectors: str, body: str) -> None:
        declaration = self._declarations.get(body)
        if declaration is None:
            declaration = self._declarations[body] = parse_inline_style(body)
        if declaration.display is None and declaration.visibility is Visibility.UNSET:
            return
        for selector in selectors.split(","):
            key = _rightmost_compound(selector)
            if key is None:
                continue
            rule = _Rule(selector, self.rule_count, declaration)
            self.rule_count += 1
            if key.element_id is not None:
                self.by_id.setdefault(key.element_id, []).append(rule)
            elif key.classes:
                self.by_class.setdefault(min(key.classes), []).append(rule)
            elif key.tag is not None:
                self.by_tag.setdefault(key.tag, []).append(rule)
            else:
                self.universal.append(rule)

    def resolve(
        self,
        element: Element,
        ancestors: Callable[[], Sequence[Element]],
        inline: Declaration,
    ) -> Declaration:
        """The ``display`` and ``visibility`` that win the cascade for ``element``.

        ``ancestors`` gives the elements from the root down to the parent; it is
        called only when a rule with a combinator could match. ``inline`` is what
        the element's ``style`` attribute sets.
        """
        candidates: list[_Rule] = []
        if element.element_id is not None and element.element_id in self.by_id:
            candidates.extend(self.by_id[element.element_id])
        for name in element.classes:
            if name in self.by_class:
                candidates.extend(self.by_class[name])
        if element.tag in self.by_tag:
            candidates.extend(self.by_tag[element.tag])
        candidates.extend(self.universal)
        if not candidates:
            return inline
        display, visibility = inline.display, inline.visibility
        # A style attribute beats any selector unless the rule alone is !important.
        display_rank: _Rank = (int(inline.is_display_important), 1, 0, 0, 0, 0)
        visibility_rank: _Rank = (int(inline.is_visibility_important), 1, 0, 0, 0, 0)
        if display is None:
            display_rank = _UNSET_RANK
        if visibility is Visibility.UNSET:
            visibility_rank = _UNSET_RANK
        path: list[Element] | None = None
        for rule in candidates:
            compounds = rule.parsed()
            if not compounds:
                continue
            declaration = rule.declaration
            display_rank_here = visibility_rank_here = _UNSET_RANK
            if declaration.display is not None:
                display_rank_here = _rank(rule, declaration.is_display_important)
            if declaration.visibility is not Visibility.UNSET:
                visibility_rank_here = _rank(rule, declaration.is_visibility_important)
            if display_rank_here <= display_rank and (
                visibility_rank_here <= visibility_rank
            ):
                continue
            if not compounds[0].matches(element):
                continue
            if len(compounds) > 1:
                if path is None:
                    path = [*ancestors(), element]
                if not _matches_ancestors(compounds, rule.is_child, path):
                    continue
            if display_rank_here > display_rank:
                display, display_rank = declaration.display, display_rank_here
            if visibility_rank_here > visibility_rank:
                visibility, visibility_rank = (
                    declaration.visibility,
                    visibility_rank_here,
                )
        return Declaration(display, visibility)


# (important, from a style attribute, ids, classes, types, source order); larger wins.
_Rank = tuple[int, int, int, int, int, int]
_UNSET_RANK: _Rank = (-1, 0, 0, 0, 0, 0)


def _rank(rule: _Rule, is_important: bool) -> _Rank:
    ids, classes, types = rule.specificity
    return (int(is_important), 0, ids, classes, types, rule.order)


def _matches_ancestors(
    compounds: tuple[_Compound, ...],
    is_child_steps: tuple[bool, ...],
    path: Sequence[Element],
) -> bool:
    """Right-to-left match of the compounds left of the rightmost one.

    A list of reachable positions in ``path`` replaces backtracking, so the cost is
    compounds x depth however the combinators mix.
    """
    reachable = [len(path) - 1]
    for compound, is_child in zip(compounds[1:], is_child_steps, strict=True):
        if is_child:
            candidates = [index - 1 for index in reachable if index > 0]
        else:
            # Any ancestor above the deepest reachable position will do.
            candidates = list(range(max(reachable) - 1, -1, -1))
        reachable = [index for index in candidates if compound.matches(path[index])]
        if not reachable:
            return False
    return True
