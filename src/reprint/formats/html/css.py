"""The CSS that decides whether HTML text is seen: ``display``, ``visibility`` and
the painting properties ``reprint.formats.html.visibility`` reads (font size, colour,
background, opacity, text-indent, position, clip, size, overflow, and negative
margins and transforms).

Only rules that set one of those properties are kept. A rule that resets a negative
margin to zero elsewhere is not seen (only negative margins are kept), which errs
towards calling the text hidden. Selectors are the simple
kind CMS themes use to hide things: type, ``.class``, ``#id``, ``*``, compounds of
those (``div.credit#x``) and ``:not()`` of one (Bootstrap 5's
``.visually-hidden:not(caption)``), selector lists, and the descendant and child
combinators. A selector with anything else (attributes, other pseudo-classes, ``+``,
``~``) is skipped, so an unsupported rule never hides text. Media blocks apply only
when their query is plain ``screen`` or ``all``: the extractor reports what a desktop
reader sees.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from functools import lru_cache
from typing import TYPE_CHECKING

from lxml import etree

from reprint.formats.html.media import media_matches

if TYPE_CHECKING:  # pragma: no cover
    import cssselect
from reprint.formats.html.visibility import TRANSFORM_MAY_HIDE, expand_property

__all__ = [
    "NO_DECLARATION",
    "Declaration",
    "Element",
    "StyleSheet",
    "Visibility",
    "is_screen_media",
    "parse_inline_style",
]


class Visibility(IntEnum):
    """The ``visibility`` value as far as text is concerned."""

    UNSET = 0
    VISIBLE = 1
    HIDDEN = 2


@dataclass(frozen=True, slots=True)
class Declaration:
    """What one style attribute or rule sets of the properties reprint reads."""

    display: str | None = None  # lower-cased keyword, e.g. "none", "block"
    visibility: Visibility = Visibility.UNSET
    is_display_important: bool = False
    is_visibility_important: bool = False
    # visibility.LOOK_PROPERTIES longhands to lower-cased values; rarely set.
    looks: Mapping[str, str] = field(default_factory=dict)
    important_looks: frozenset[str] = frozenset()


NO_DECLARATION = Declaration()
_COMMENT = re.compile(r"/\*.*?(?:\*/|\Z)", re.DOTALL)
# Splitting keeps the braces: [text, brace, text, brace, ..., text].
_BRACE_SPLIT = re.compile(r"([{}])")
# The properties read, shorthands included; longest first so the regex tries
# "font-size" before "font".
_READ_NAMES = (
    "display|visibility|font-size|font|color|background-color|background-image|"
    "background|opacity|text-indent|position|left|top|clip-path|clip|width|height|"
    "overflow|max-height|content-visibility|filter"
)
_NAMES = f"{_READ_NAMES}|margin-left|margin-top|margin|transform"
# A declaration that may hide text. Margins and transforms hide only when negative
# or collapsing (visibility.expand_property keeps no other value), so a theme's
# "margin: 0 auto" on every other rule does not keep its rule from being dropped.
_READING_DECLARATION = (
    rf"(?:{_READ_NAMES})\s*:"
    rf"|margin(?:-left|-top)?\s*:[^;{{}}]*?-"
    rf"|transform\s*:[^;{{}}]*?(?:{TRANSFORM_MAY_HIDE})"
)
# A property name starts the declaration list or follows ";", never "-" ("-x-display").
_PROPERTY = re.compile(
    rf"(?:^|;)\s*({_NAMES})\s*:\s*([^;!]*?)\s*(!\s*important)?\s*(?=;|$)",
    re.IGNORECASE,
)
_HAS_PROPERTY = re.compile(_NAMES, re.IGNORECASE)
# A block with no braces inside, with the text since the previous brace (its
# prelude), whose declarations name none of the properties: most rules of a theme.
# It opens and closes without adding a rule, so dropping it changes nothing, and one
# C-level substitution replaces thousands of trips round the brace scan. The
# look-behind starts a match only after a brace, which keeps the scan linear. Each
# declaration is tested once, at its start (after "{" or ";" and white space), and
# skipped to the next ";" in one possessive step, so a block that does name one
# fails without backtracking. Such a block is then matched whole by the second
# branch, instead of the scan retrying at each character, and kept: splitting on
# the pattern yields it as group 1 (None for a dropped block). Python 3.11 expands
# a "\1" substitution template in Python, once per match.
_DECLARATION_NAMING_NONE = rf"(?:(?!(?i:{_READING_DECLARATION}))[^{{}};\s][^{{}};]*+)?"
_IRRELEVANT_BLOCK = re.compile(
    rf"(?<![^{{}}])(?:[^{{}}]*+\{{\s*{_DECLARATION_NAMING_NONE}"
    rf"(?:;\s*{_DECLARATION_NAMING_NONE})*+\}}|([^{{}}]*+\{{[^{{}}]*+\}}))"
)
# The media queries a desktop screen answers for certain; print, widths and the
# rest are not assumed (the extractor reports what a desktop reader sees).
_SCREEN_QUERY = r"(?:only\s+)?(?:screen|all)\s*"
# Statement at-rules end at ";" and open no block; left in, they would run into the
# next rule's selector ("@charset 'x'; body").
_STATEMENT_AT_RULE = re.compile(
    r"@(?:import|charset|layer|namespace)\b[^;{}]*;", re.IGNORECASE
)
_CUSTOM_PROPERTY = re.compile(r"(?:^|[;{\s])(--[-\w]+)\s*:\s*([^;{}!]*)")
_VAR = re.compile(r"var\(\s*(--[-\w]+)\s*(?:,\s*([^()]*?))?\s*\)")
# Selectors the hand-written matcher reads: type, class, id, *, :not() of one, and the
# descendant and child combinators. Anything else goes to cssselect (Selectors Level
# 3 and :is/:where/:has, escapes, attributes with every operator), compiled to one
# XPath query that libxml2 runs over the whole tree.
_NEEDS_ENGINE = re.compile(r"[\[~+\\|]|:(?!not\()")
_PSEUDO_CLASS = re.compile(r":[-\w]+(?:\((?:[^()]|\([^()]*\))*\))?")
_PSEUDO_ELEMENT = re.compile(
    r"::|:(?:before|after|first-line|first-letter)\b", re.IGNORECASE
)
# At-rules whose style rules apply on a desktop screen as written; @layer order is not
# modelled (a layered rule is ranked like an unlayered one of its specificity).
_APPLYING_AT_RULES = ("@supports", "@layer", "@scope", "@starting-style")
_SCREEN_MEDIA = re.compile(_SCREEN_QUERY, re.IGNORECASE)
_SUPPORTS = re.compile(r"@supports\b", re.IGNORECASE)
_COMPOUND = re.compile(r"(\*|[a-zA-Z][-\w]*)?((?:[.#][-\w]+|:not\([^(),]*\))*)")
_NEGATIONS = re.compile(r"(?::not\([^(),]*\))+")
_SIMPLE_PART = re.compile(r"([.#])([-\w]+)|:not\(\s*([^()]*?)\s*\)")
_COMBINATOR_SPLIT = re.compile(r"\s*(>)\s*|\s+")
_NAME = re.compile(r"[-\w]+")
_TAG = re.compile(r"[a-zA-Z][-\w]*")
# Deeper selectors are rare in themes; the cap keeps matching cost per element small.
MAX_SELECTOR_COMPOUNDS = 8


# Pages of one site repeat their theme's rule bodies and style attributes; the
# values are frozen (nothing mutates ``looks``), so pages can share them.
@lru_cache(maxsize=4096)
def parse_inline_style(style: str) -> Declaration:
    """What a ``style`` attribute (or rule body) sets of the properties read."""
    if _HAS_PROPERTY.search(style) is None:
        return NO_DECLARATION
    display: str | None = None
    visibility = Visibility.UNSET
    is_display_important = is_visibility_important = False
    looks: dict[str, str] = {}
    important_looks: set[str] = set()
    for match in _PROPERTY.finditer(style):
        name, value, important = match.group(1).lower(), match.group(2), match.group(3)
        value = value.strip().lower()
        if not value:
            continue
        is_important = important is not None
        if name not in ("display", "visibility"):
            for longhand, longhand_value in expand_property(name, value):
                if longhand in important_looks and not is_important:
                    continue
                looks[longhand] = longhand_value
                if is_important:
                    important_looks.add(longhand)
        elif name == "display":
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
    if not looks and display is None and visibility is Visibility.UNSET:
        return NO_DECLARATION
    return Declaration(
        display,
        visibility,
        is_display_important,
        is_visibility_important,
        looks,
        frozenset(important_looks),
    )


def is_screen_media(query: str) -> bool:
    """Whether a media query (a ``<link media>``, stripped) is one ``@media`` rules
    apply in."""
    return _SCREEN_MEDIA.fullmatch(query) is not None


@dataclass(frozen=True, slots=True)
class _Compound:
    tag: str | None  # None matches any element
    element_id: str | None
    classes: frozenset[str]
    negations: tuple[_Compound, ...] = ()  # :not(...) arguments

    def matches(self, element: Element) -> bool:
        if self.tag is not None and self.tag != element.tag:
            return False
        if self.element_id is not None and self.element_id != element.element_id:
            return False
        if not self.classes.issubset(element.classes):
            return False
        return not any(negation.matches(element) for negation in self.negations)

    def specificity(self) -> tuple[int, int, int]:
        """(ids, classes, types); :not() counts as its argument."""
        ids, classes = int(self.element_id is not None), len(self.classes)
        types = int(self.tag is not None)
        for negation in self.negations:
            more = negation.specificity()
            ids, classes, types = ids + more[0], classes + more[1], types + more[2]
        return ids, classes, types


class _Rule:
    """One selector of a hiding rule, filed under its rightmost compound.

    The rest of the selector is parsed on first use: a theme has thousands of rules
    keyed on classes no element of the page carries. A selector found unsupported
    then matches nothing, as if it had been skipped when the sheet was read.
    """

    __slots__ = (
        "compounds", "declaration", "is_child", "order", "required", "selector",
        "specificity",
    )  # fmt: skip

    def __init__(self, selector: str, order: int, declaration: Declaration) -> None:
        self.selector = selector
        self.order = order
        self.declaration = declaration
        # Rightmost compound first; is_child[i] joins compounds[i] and [i + 1].
        # None until parsed, () when the selector is unsupported.
        self.compounds: tuple[_Compound, ...] | None = None
        self.is_child: tuple[bool, ...] = ()
        # What the compounds left of the rightmost need among the ancestors.
        self.required: frozenset[str] = frozenset()
        self.specificity = (0, 0, 0)

    def parsed(self) -> tuple[_Compound, ...]:
        """The compounds, parsing the selector the first time; () if unsupported."""
        if self.compounds is None:
            parsed = _parse_selector(self.selector)
            if parsed is None:
                self.compounds = ()
            else:
                self.compounds, self.is_child, self.specificity = parsed
                self.required = frozenset(
                    feature
                    for compound in self.compounds[1:]
                    for feature in _features(compound)
                )
        return self.compounds


class Element:
    """What the matcher needs to know of one element on the path from the root.

    A plain slotted class rather than a frozen dataclass: one is built per element of
    a page that has hiding rules, and frozen-dataclass construction is ~3x slower.
    """

    __slots__ = ("classes", "element_id", "features", "nearest", "tag")

    def __init__(self, tag: str, element_id: str | None, classes: Sequence[str]):
        self.tag = tag
        self.element_id = element_id
        self.classes = classes
        # For _nearest: compound -> deepest matching position at or above this one.
        self.nearest: dict[_Compound, int] | None = None
        # The tags, ".class" and "#id" of this element and its ancestors (the
        # ancestor filter browsers keep as a Bloom filter), shared while unchanged.
        self.features: frozenset[str] | None = None


def _parse_compound(text: str) -> _Compound | None:
    match = _COMPOUND.fullmatch(text)
    if match is None or not text:
        return None
    tag = match.group(1)
    element_id: str | None = None
    classes: list[str] = []
    negations: list[_Compound] = []
    for kind, name, argument in _SIMPLE_PART.findall(match.group(2)):
        if not kind:
            negation = _parse_compound(argument)
            if negation is None:
                return None
            negations.append(negation)
        elif kind == "#":
            if element_id is not None and element_id != name:
                return None  # "#a#b" matches nothing
            element_id = name
        else:
            classes.append(name)
    tag = None if tag in (None, "*") else tag.lower()
    return _Compound(tag, element_id, frozenset(classes), tuple(negations))


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
        more_ids, more_classes, more_types = compound.specificity()
        ids, classes, types = ids + more_ids, classes + more_classes, types + more_types
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
    # Rules for cssselect: matched once per page by ``match_engine_rules``.
    engine_rules: list[_Rule] = field(default_factory=list)
    # Elements (lxml) to the engine rules that match them, after match_engine_rules.
    matched: dict[etree._Element, list[_Rule]] = field(default_factory=dict)
    # Why some hiding rule was applied without being evaluated (an unknown media
    # feature, a selector cssselect cannot read): the caller reports it.
    unevaluated: list[str] = field(default_factory=list)
    pending_condition: str = ""  # the last condition found unevaluable
    # Themes repeat rule bodies ("display:flex;...") across thousands of selectors.
    _declarations: dict[str, Declaration] = field(default_factory=dict, repr=False)

    @classmethod
    def from_css(cls, sources: Sequence[str]) -> StyleSheet:
        """Parse style sheets; malformed CSS is skipped the way browsers skip it."""
        sheet = cls()
        sources = [_COMMENT.sub("", source) for source in sources]
        custom = _custom_properties(sources)
        for source in sources:
            if _HAS_PROPERTY.search(source):
                source = _STATEMENT_AT_RULE.sub("", source)
                if custom and "var(" in source:
                    source = _substitute_vars(source, custom)
                sheet._add_source(_IRRELEVANT_BLOCK.split(source))
        return sheet

    def match_engine_rules(self, root: etree._Element) -> None:
        """Find the elements each engine rule selects: one XPath query per rule."""
        # Imported here: most pages have no rule the built-in matcher cannot read.
        import cssselect

        translator = _translator()
        for rule in self.engine_rules:
            try:
                parsed = cssselect.parse(rule.selector)
                if len(parsed) != 1 or parsed[0].pseudo_element is not None:
                    continue
                selector = parsed[0]
                xpath = translator.selector_to_xpath(selector)
                elements = _compiled_xpath(xpath)(root)
            except (
                cssselect.SelectorError,
                cssselect.ExpressionError,
                etree.XPathError,
            ):
                if not _hides(rule.declaration):
                    continue
                # A pseudo-class cssselect cannot read: the selector without
                # pseudo-classes selects a superset, and its hiding is applied there
                # (a credit it might hide is never called visible) and reported.
                self.unevaluated.append(f"the selector '{rule.selector.strip()}'")
                try:
                    selector = cssselect.parse(_PSEUDO_CLASS.sub("", rule.selector))[0]
                    xpath = translator.selector_to_xpath(selector)
                    elements = _compiled_xpath(xpath)(root)
                except (cssselect.SelectorError, etree.XPathError, IndexError):
                    continue
                rule.declaration = _hiding_part(rule.declaration)
            if not isinstance(elements, list) or not elements:
                continue
            rule.compounds = (_ANY,)
            rule.specificity = selector.specificity()
            for element in elements:
                if isinstance(element, etree._Element):
                    self.matched.setdefault(element, []).append(rule)

    @property
    def is_empty(self) -> bool:
        return self.rule_count == 0

    def _add_source(self, parts: list[str | None]) -> None:
        """Add the rules of a style sheet split on ``_IRRELEVANT_BLOCK``.

        Odd parts are whole blocks with no braces inside ("selectors{body}") that
        name a property read, or None where a block was dropped; even parts hold
        the rest: the openings and closings of enclosing blocks (@media).
        """
        # A stack of open blocks, each with whether its rules apply and, for a
        # style rule, its selector; nesting costs no recursion.
        # Each block's state: _NO (its rules never apply), _YES, or _MAYBE (a
        # condition reprint cannot evaluate: only its hiding rules are kept).
        blocks: list[tuple[int, str | None]] = []
        add_rule = self._add_rule
        for index, part in enumerate(parts):
            if not part:
                continue
            if index % 2:
                if blocks and not blocks[-1][0]:
                    continue
                prelude, _, body = part.partition("{")
                prelude = prelude.strip()
                if prelude and not prelude.startswith("@"):
                    add_rule(prelude, body[:-1], blocks[-1][0] if blocks else _YES)
                continue
            tokens = iter(_BRACE_SPLIT.split(part))
            # Each brace with the text since the previous one; the text after the
            # last brace is left over, as zip stops there.
            for text, brace in zip(tokens, tokens, strict=False):
                if brace == "{":
                    # Each entry's state already folds in its enclosing blocks'.
                    enclosing = blocks[-1][0] if blocks else _YES
                    prelude = text.strip()
                    if prelude.startswith("@"):
                        state = _at_rule_state(prelude)
                        if state == _MAYBE and enclosing:
                            self._note_condition(prelude)
                        state = max(state, enclosing) if state and enclosing else _NO
                        blocks.append((state, None))
                    else:
                        blocks.append((enclosing, prelude))
                elif blocks:
                    state, selectors = blocks.pop()
                    if state and selectors:
                        add_rule(selectors, text, state)

    def _note_condition(self, prelude: str) -> None:
        self.pending_condition = prelude.split("{")[0].strip()[:80]

    def _add_rule(self, selectors: str, body: str, state: int = 1) -> None:
        declaration = self._declarations.get(body)
        if declaration is None:
            declaration = self._declarations[body] = parse_inline_style(body)
        if declaration is NO_DECLARATION:
            return
        if declaration.display is not None and "var(" in declaration.display:
            # A custom property given different values by different rules: which
            # one this element inherits is not computed, so its hiding is assumed.
            self.unevaluated.append(f"the value 'display: {declaration.display}'")
            declaration = _with_display_none(declaration)
        if state == _MAYBE:
            # A rule under a condition reprint cannot evaluate: its hiding is
            # applied (a credit it may hide is never called visible) and reported;
            # what it would show is not.
            declaration = _hiding_part(declaration)
            if declaration is NO_DECLARATION:
                return
            self.unevaluated.append(f"the condition '{self.pending_condition}'")
        if _NEEDS_ENGINE.search(selectors) is not None:
            for selector in _split_selector_list(selectors):
                if _PSEUDO_ELEMENT.search(selector) is None:
                    rule = _Rule(selector, self.rule_count, declaration)
                    self.rule_count += 1
                    self.engine_rules.append(rule)
            return
        for selector in selectors.split(",") if "," in selectors else (selectors,):
            # The rightmost compound decides where the rule is filed: under its id,
            # else one of its classes, else its tag. In a supported selector it is
            # the text after the last white space or ">"; a selector it does not
            # support is filed anyway and caught when parsed in full (_Rule.parsed).
            words = selector.rsplit(None, 1)
            last = words[-1].rpartition(">")[2] if words else ""
            last, colon, pseudo = last.partition(":")
            if colon and not _NEGATIONS.fullmatch(colon + pseudo):
                continue  # a pseudo-class other than :not() or a pseudo-element
            index: dict[str, list[_Rule]] | None = None
            at = last.find("#")
            if at < 0:
                at = last.find(".")
                if at >= 0:
                    index = self.by_class
            else:
                index = self.by_id
            if index is not None:
                name = _NAME.match(last, at + 1)
                if name is None:
                    continue
                key = name.group()
            elif _TAG.fullmatch(last):
                index, key = self.by_tag, last.lower()
            elif last != "*":
                continue
            rule = _Rule(selector, self.rule_count, declaration)
            self.rule_count += 1
            if index is None:
                self.universal.append(rule)
            elif key in index:
                index[key].append(rule)
            else:
                index[key] = [rule]

    def resolve(
        self,
        element: Element,
        ancestors: Callable[[], Sequence[Element]],
        inline: Declaration,
        engine_matches: Sequence[_Rule] = (),
    ) -> Declaration:
        """The values of the properties read that win the cascade for ``element``.

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
        candidates.extend(engine_matches)
        if not candidates:
            return inline
        display, visibility = inline.display, inline.visibility
        # A style attribute beats any selector unless the rule alone is !important.
        display_rank = _inline_rank(inline.is_display_important)
        visibility_rank = _inline_rank(inline.is_visibility_important)
        if display is None:
            display_rank = _UNSET_RANK
        if visibility is Visibility.UNSET:
            visibility_rank = _UNSET_RANK
        path: list[Element] | None = None
        ancestor_matches: dict[str, bool] = {}
        above: frozenset[str] = frozenset()
        looks: dict[str, str] | None = None  # copied from inline on the first rule
        look_ranks: dict[str, _Rank] = {}
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
            if (
                display_rank_here <= display_rank
                and visibility_rank_here <= visibility_rank
                and not declaration.looks
            ):
                continue
            if not compounds[0].matches(element):
                continue
            if len(compounds) > 1:
                if path is None:
                    path = [*ancestors(), element]
                    above = _ancestor_features(path)
                if not rule.required <= above:
                    continue
                # Themes (and hostile pages) repeat a selector in many rules: its
                # ancestors are matched once per element.
                is_match = ancestor_matches.get(rule.selector)
                if is_match is None:
                    is_match = _matches_ancestors(compounds, rule.is_child, path)
                    ancestor_matches[rule.selector] = is_match
                if not is_match:
                    continue
            if display_rank_here > display_rank:
                display, display_rank = declaration.display, display_rank_here
            if visibility_rank_here > visibility_rank:
                visibility, visibility_rank = (
                    declaration.visibility,
                    visibility_rank_here,
                )
            if declaration.looks:
                if looks is None:
                    looks = dict(inline.looks)
                    for name in looks:
                        is_important = name in inline.important_looks
                        look_ranks[name] = _inline_rank(is_important)
                for name, value in declaration.looks.items():
                    rank = _rank(rule, name in declaration.important_looks)
                    if rank > look_ranks.get(name, _UNSET_RANK):
                        looks[name], look_ranks[name] = value, rank
        return Declaration(
            display, visibility, looks=inline.looks if looks is None else looks
        )


# (important, from a style attribute, ids, classes, types, source order); larger wins.
_Rank = tuple[int, int, int, int, int, int]
_UNSET_RANK: _Rank = (-1, 0, 0, 0, 0, 0)


def _inline_rank(is_important: bool) -> _Rank:
    """A style attribute's rank: above every rule of its importance."""
    return (int(is_important), 1, 0, 0, 0, 0)


def _rank(rule: _Rule, is_important: bool) -> _Rank:
    ids, classes, types = rule.specificity
    return (int(is_important), 0, ids, classes, types, rule.order)


def _features(compound: _Compound) -> list[str]:
    features = [] if compound.tag is None else [compound.tag]
    features.extend("." + name for name in compound.classes)
    if compound.element_id is not None:
        features.append("#" + compound.element_id)
    return features


def _ancestor_features(path: Sequence[Element]) -> frozenset[str]:
    """The features of ``path`` above its last element, filled in where missing."""
    if len(path) < 2:
        return frozenset()
    start = len(path) - 2
    while start > 0 and path[start - 1].features is None:
        start -= 1
    for index in range(start, len(path) - 1):
        element = path[index]
        if element.features is not None:
            continue
        inherited = path[index - 1].features if index else None
        own = {element.tag, *("." + name for name in element.classes)}
        if element.element_id is not None:
            own.add("#" + element.element_id)
        if inherited is not None and own <= inherited:
            element.features = inherited
        else:
            element.features = frozenset(own) | (inherited or frozenset())
    features = path[-2].features
    return frozenset() if features is None else features


def _nearest(path: Sequence[Element], start: int, compound: _Compound) -> int:
    """The deepest position at or above ``start`` whose element matches, or -1.

    Answers are kept on the elements passed over (an ancestor's position is the
    same for every descendant), so over a page each (element, compound) pair is
    tested once: descendant rules over deep nesting cost elements x compounds,
    not rules x elements x depth.
    """
    index = start
    passed: list[Element] = []
    found = -1
    while index >= 0:
        element = path[index]
        memo = element.nearest
        if memo is not None and compound in memo:
            found = memo[compound]
            break
        if compound.matches(element):
            found = index
            break
        passed.append(element)
        index -= 1
    for element in passed:
        if element.nearest is None:
            element.nearest = {}
        element.nearest[compound] = found
    return found


def _matches_ancestors(
    compounds: tuple[_Compound, ...],
    is_child_steps: tuple[bool, ...],
    path: Sequence[Element],
) -> bool:
    """Right-to-left match of the compounds left of the rightmost one.

    A list of reachable positions in ``path`` replaces backtracking. Where the next
    step is a descendant one (or there is none), only the deepest reachable
    position matters, so a descendant step keeps the nearest match alone and a
    chain of them costs one upward scan of the path, not compounds x depth.
    """
    reachable = [len(path) - 1]
    steps = len(is_child_steps)
    for step, (compound, is_child) in enumerate(
        zip(compounds[1:], is_child_steps, strict=True)
    ):
        is_next_descendant = step + 1 == steps or not is_child_steps[step + 1]
        if is_child:
            reachable = [
                index - 1
                for index in reachable
                if index > 0 and compound.matches(path[index - 1])
            ]
        elif is_next_descendant:
            deepest = _nearest(path, max(reachable) - 1, compound)
            reachable = [deepest] if deepest >= 0 else []
        else:
            # Any ancestor above the deepest reachable position will do.
            candidates = range(max(reachable) - 1, -1, -1)
            reachable = [index for index in candidates if compound.matches(path[index])]
        if not reachable:
            return False
    return True


_NO, _YES, _MAYBE = 0, 1, 2
_ANY = _Compound(None, None, frozenset())


@lru_cache(maxsize=1)
def _translator() -> cssselect.HTMLTranslator:
    import cssselect

    return cssselect.HTMLTranslator()


@lru_cache(maxsize=4096)
def _compiled_xpath(xpath: str) -> etree.XPath:
    return etree.XPath(xpath)


def _at_rule_state(prelude: str) -> int:
    """Whether the style rules inside an at-rule block apply on the screen."""
    lowered = prelude.lower()
    if lowered.startswith("@media"):
        result = media_matches(prelude[6:].strip())
        return _MAYBE if result is None else _YES if result else _NO
    if lowered.startswith(_APPLYING_AT_RULES):
        return _YES
    if lowered.startswith("@container"):
        return _MAYBE  # sizes of containers are layout, not known here
    return _NO  # @font-face, @keyframes, @page, @document: no style rules for text


def _hides(declaration: Declaration) -> bool:
    return (
        declaration.display is not None and "none" in declaration.display
    ) or declaration.visibility is Visibility.HIDDEN


def _with_display_none(declaration: Declaration) -> Declaration:
    return Declaration(
        "none",
        declaration.visibility,
        declaration.is_display_important,
        declaration.is_visibility_important,
        declaration.looks,
        declaration.important_looks,
    )


def _hiding_part(declaration: Declaration) -> Declaration:
    if not _hides(declaration):
        return NO_DECLARATION
    display = declaration.display if declaration.display == "none" else None
    visibility = declaration.visibility
    if visibility is not Visibility.HIDDEN:
        visibility = Visibility.UNSET
    return Declaration(
        display,
        visibility,
        declaration.is_display_important,
        declaration.is_visibility_important,
    )


def _split_selector_list(selectors: str) -> list[str]:
    """A selector list split on its top-level commas (not those inside :is())."""
    parts: list[str] = []
    depth = start = 0
    for index, char in enumerate(selectors):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(selectors[start:index])
            start = index + 1
    parts.append(selectors[start:])
    return [part.strip() for part in parts if part.strip()]


def _custom_properties(sources: Sequence[str]) -> dict[str, set[str]]:
    """Every value each custom property is given anywhere in the page's CSS."""
    values: dict[str, set[str]] = {}
    for source in sources:
        if "--" in source:
            for name, value in _CUSTOM_PROPERTY.findall(source):
                values.setdefault(name, set()).add(value.strip())
    return values


def _substitute_vars(source: str, custom: Mapping[str, set[str]]) -> str:
    """``var()`` replaced by its property's value where the page gives it one value
    (or none, and a fallback); left as written where values differ by element."""

    def value(match: re.Match[str]) -> str:
        values = custom.get(match.group(1))
        if values is None:
            fallback = match.group(2)
            return match.group(0) if fallback is None else fallback
        if len(values) == 1:
            return next(iter(values))
        return match.group(0)

    for _ in range(3):  # a value may itself hold var(); three levels are plenty
        replaced = _VAR.sub(value, source)
        if replaced == source:
            break
        source = replaced
    return source
