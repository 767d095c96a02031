"""The cascade that decides whether HTML text is seen: ``display``, ``visibility``
and the painting properties ``reprint.formats.html.visibility`` reads (font size,
colour, background, opacity, text-indent, position, clip, size, overflow, and
negative margins and transforms).

The page's sheets are read by ``reprint.formats.html.sheets`` (tinycss2); only
rules that set one of those properties are kept. Rules are filed under their
rightmost compound (id, class, tag) and matched right to left against the path
from the root, with memoised ancestor lookups so that matching costs elements x
compounds, not rules x elements x depth; a selector the built-in matcher does not
read goes to cssselect, compiled to one XPath query that libxml2 runs over the
whole tree. Rules are ranked as CSS Cascade 5 ranks them: importance, the style
attribute, ``@layer`` (reversed for ``!important``), specificity, source order.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from lxml import etree

from reprint.formats.html.sheets import (
    NO_DECLARATION,
    UNLAYERED,
    Declaration,
    PageStyle,
    RuleState,
    Visibility,
    inline_style_with_causes,
    is_pending,
    parse_inline_style,
    read_rules,
    split_top_commas,
)
from reprint.formats.html.var_substitution import CustomProperties

if TYPE_CHECKING:  # pragma: no cover
    import cssselect

__all__ = [
    "NO_DECLARATION",
    "CustomProperties",
    "Declaration",
    "Element",
    "StyleSheet",
    "Visibility",
    "is_screen_media",
    "parse_inline_style",
]


# The media queries a desktop screen answers for certain; print, widths and the
# rest are not assumed (the extractor reports what a desktop reader sees).
_SCREEN_MEDIA = re.compile(r"(?:only\s+)?(?:screen|all)\s*", re.IGNORECASE)
# Selectors the hand-written matcher reads: type, class, id, *, :not() of one, and the
# descendant and child combinators. Anything else goes to cssselect (Selectors Level
# 3 and :is/:where/:has, escapes, attributes with every operator), compiled to one
# XPath query that libxml2 runs over the whole tree.
_NEEDS_ENGINE = re.compile(r"[\[~+\\|]|:(?!not\()")
_PSEUDO_CLASS = re.compile(r":[-\w]+(?:\((?:[^()]|\([^()]*\))*\))?")
_PSEUDO_ELEMENT = re.compile(
    r"::|:(?:before|after|first-line|first-letter)\b", re.IGNORECASE
)
_COMPOUND = re.compile(r"(\*|[a-zA-Z][-\w]*)?((?:[.#][-\w]+|:not\([^(),]*\))*)")
_NEGATIONS = re.compile(r"(?::not\([^(),]*\))+")
_SIMPLE_PART = re.compile(r"([.#])([-\w]+)|:not\(\s*([^()]*?)\s*\)")
_COMBINATOR_SPLIT = re.compile(r"\s*(>)\s*|\s+")
_NAME = re.compile(r"[-\w]+")
_TAG = re.compile(r"[a-zA-Z][-\w]*")
# Deeper selectors are rare in themes; the cap keeps matching cost per element small.
MAX_SELECTOR_COMPOUNDS = 8


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
        "compounds", "declaration", "is_child", "layer", "order", "required",
        "selector", "specificity",
    )  # fmt: skip

    def __init__(
        self,
        selector: str,
        order: int,
        declaration: Declaration,
        layer: tuple[int, ...] = UNLAYERED,
    ) -> None:
        self.selector = selector
        self.order = order
        self.declaration = declaration
        self.layer = layer
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
    page_style: PageStyle | None = None

    # Custom properties set only under a condition reprint cannot evaluate: a
    # var() of one is unevaluable (custom.py).
    uncertain_customs: set[str] = field(default_factory=set)
    merged_customs: dict[tuple[tuple[str, str], ...], dict[str, str]] = field(
        default_factory=dict
    )

    def style_attribute(self, style: str) -> Declaration:
        """What a ``style`` attribute sets (a ``var()`` is substituted per
        element)."""
        declaration, causes = inline_style_with_causes(style)
        self.unevaluated.extend(causes)
        return declaration

    @classmethod
    def from_css(cls, sources: Sequence[str]) -> StyleSheet:
        """Parse style sheets; malformed CSS is skipped the way browsers skip it."""
        sheet = cls()
        style = read_rules(sources)
        sheet.page_style = style
        sheet.unevaluated.extend(style.unevaluated)
        for rule in style.rules:
            if rule.state is RuleState.MAYBE and rule.declaration.customs:
                sheet.uncertain_customs.update(rule.declaration.customs)
            sheet._add_rule(rule.selectors, rule.declaration, rule.state, rule.layer)
            if rule.state is RuleState.MAYBE and _hides(rule.declaration):
                sheet.unevaluated.append(f"the condition '{rule.condition}'")
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
                self.uncertain_customs.update(rule.declaration.customs)
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

    def custom_properties(self) -> CustomProperties:
        """What computes each element's custom properties on this page."""
        registry = {} if self.page_style is None else self.page_style.registry
        return CustomProperties(registry, self.uncertain_customs)

    @property
    def is_empty(self) -> bool:
        return self.rule_count == 0

    def _add_rule(
        self,
        selectors: str,
        declaration: Declaration,
        state: RuleState,
        layer: tuple[int, ...],
    ) -> None:
        if state is RuleState.MAYBE:
            # A rule under a condition reprint cannot evaluate: its hiding is
            # applied (a credit it may hide is never called visible) and reported;
            # what it would show is not.
            declaration = _hiding_part(declaration)
            if declaration is NO_DECLARATION:
                return
        if _NEEDS_ENGINE.search(selectors) is not None:
            for selector in split_top_commas(selectors):
                if _PSEUDO_ELEMENT.search(selector) is None:
                    rule = _Rule(selector, self.rule_count, declaration, layer)
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
            rule = _Rule(selector, self.rule_count, declaration, layer)
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
        visibility_value = inline.visibility_value
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
        # Custom properties: one source's mapping as it is (most elements have at
        # most one: a theme's :root or "*" rule), merged only from a second.
        customs: Mapping[str, str] = inline.customs
        customs_from: _Rule | None = None  # the rule ``customs`` is from, if one
        merged: dict[str, str] | None = None
        custom_ranks: dict[str, _Rank] = {}
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
                and not declaration.customs
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
                visibility_value = declaration.visibility_value
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
            if declaration.customs:
                if not customs:
                    customs, customs_from = declaration.customs, rule
                    continue
                if merged is None:
                    merged = dict(customs)
                    source = (
                        inline if customs_from is None else customs_from.declaration
                    )
                    for name in merged:
                        is_important = name in source.important_customs
                        custom_ranks[name] = (
                            _inline_rank(is_important)
                            if customs_from is None
                            else _rank(customs_from, is_important)
                        )
                for name, value in declaration.customs.items():
                    rank = _rank(rule, name in declaration.important_customs)
                    if rank > custom_ranks.get(name, _UNSET_RANK):
                        merged[name], custom_ranks[name] = value, rank
        if merged is not None:
            # One mapping per distinct set of values, so that the per-element
            # computation (CustomProperties.apply) is memoised by identity.
            key = tuple(merged.items())
            customs = self.merged_customs.setdefault(key, merged)
        return Declaration(
            display,
            visibility,
            looks=inline.looks if looks is None else looks,
            customs=customs,
            visibility_value=visibility_value,
        )


# (important, from a style attribute, layer, ids, classes, types, source order);
# larger wins. The layer key of an !important declaration is negated: CSS Cascade 5
# ranks layers in reverse for them, unlayered lowest.
_Rank = tuple[int, int, tuple[int, ...], int, int, int, int]
_UNSET_RANK: _Rank = (-1, 0, (), 0, 0, 0, 0)


def _inline_rank(is_important: bool) -> _Rank:
    """A style attribute's rank: above every rule of its importance."""
    return (int(is_important), 1, (), 0, 0, 0, 0)


def _rank(rule: _Rule, is_important: bool) -> _Rank:
    ids, classes, types = rule.specificity
    layer = tuple(-part for part in rule.layer) if is_important else rule.layer
    return (int(is_important), 0, layer, ids, classes, types, rule.order)


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


_ANY = _Compound(None, None, frozenset())


@lru_cache(maxsize=1)
def _translator() -> cssselect.HTMLTranslator:
    import cssselect

    return cssselect.HTMLTranslator()


@lru_cache(maxsize=4096)
def _compiled_xpath(xpath: str) -> etree.XPath:
    return etree.XPath(xpath)


def _hides(declaration: Declaration) -> bool:
    """Whether a rule may hide what it selects by display or visibility (a var()
    there may)."""
    display = declaration.display
    return (
        display is not None and ("none" in display or is_pending(display))
    ) or declaration.visibility in (Visibility.HIDDEN, Visibility.PENDING)


def _hiding_part(declaration: Declaration) -> Declaration:
    """What a rule that cannot be evaluated is applied as: the hiding it may do
    (a display or visibility holding a var() taken as hiding)."""
    if not _hides(declaration):
        return NO_DECLARATION
    display = declaration.display
    display = "none" if display == "none" or is_pending(display) else None
    visibility = declaration.visibility
    if visibility is Visibility.PENDING:
        visibility = Visibility.HIDDEN
    elif visibility is not Visibility.HIDDEN:
        visibility = Visibility.UNSET
    return Declaration(
        display,
        visibility,
        declaration.is_display_important,
        declaration.is_visibility_important,
    )
