"""CSS text read with tinycss2 into the style rules that may hide text.

tinycss2 (what WeasyPrint parses CSS with) tokenises as CSS Syntax Level 3 says:
comments, strings, escapes (``n\\one`` is ``none``), ``!important``, nested blocks
and malformed rules are taken as a browser takes them. This module decides which
rules apply on the reference screen (``@media``, ``@supports``, ``@container``),
ranks ``@layer`` blocks, substitutes custom properties into ``var()`` and turns each
rule's declarations into a ``Declaration`` of the properties reprint reads.

tinycss2 is pure Python (0.6-0.75 s a megabyte here), and a theme's sheet is
mostly plain rules: ``selector{declarations}`` with no string, comment, escape or
nested block. One C-level regex pass (``_PLAIN_RUN``) finds each run of such rules
and puts one placeholder rule in its place; tinycss2 parses the skeleton that is
left (at-rules, blocks with strings or comments, the placeholders), and each
placeholder's rules are split by a regex, their declaration blocks parsed by
tinycss2 once per distinct text. A plain rule contains no quote, backslash or
slash and (where the sheet has any of those) no line break, so cutting it out can
never begin or end a string, comment or escape: tinycss2 tokenises the skeleton as
it would the whole sheet.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from functools import lru_cache

import tinycss2
from tinycss2 import ast

from reprint.formats.html.custom import Registration, syntax_matches
from reprint.formats.html.media import media_matches
from reprint.formats.html.supports import supports_matches
from reprint.formats.html.visibility import TRANSFORM_MAY_HIDE, expand_property

__all__ = [
    "NO_DECLARATION",
    "PENDING",
    "UNLAYERED",
    "Declaration",
    "PageStyle",
    "RuleState",
    "SheetRule",
    "Visibility",
    "has_pending",
    "is_pending",
    "parse_inline_style",
    "read_rules",
    "visibility_of",
]


class Visibility(IntEnum):
    """The ``visibility`` value as far as text is concerned."""

    UNSET = 0
    VISIBLE = 1
    HIDDEN = 2
    PENDING = 3  # a var() to substitute per element: ``Declaration.visibility_value``


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
    # Custom properties to their specified values (case kept), which css.py
    # computes per element (custom.compute_customs).
    customs: Mapping[str, str] = field(default_factory=dict)
    important_customs: frozenset[str] = frozenset()
    # visibility's value when it holds a var() (visibility is PENDING).
    visibility_value: str = ""


# A value holding a var() is kept as written, to be substituted per element: the
# display, or a look's value, is PENDING, the property declared (a shorthand for
# its longhands), PENDING again, and the value as written.
PENDING = "\x1f"


def is_pending(value: str | None) -> bool:
    """Whether a display or look value holds a var() still to substitute."""
    return value is not None and value[:1] == PENDING


def has_pending(declaration: Declaration) -> bool:
    """Whether any value read of ``declaration`` holds a var() to substitute."""
    return (
        is_pending(declaration.display)
        or declaration.visibility is Visibility.PENDING
        or any(value[:1] == PENDING for value in declaration.looks.values())
    )


NO_DECLARATION = Declaration()


class RuleState(IntEnum):
    """Whether a rule's conditions hold on the reference screen."""

    NO = 0
    YES = 1
    MAYBE = 2  # a condition reprint cannot evaluate: only its hiding is applied


# A layer's place in the cascade: the index of each name on its path among its
# siblings, in order of first declaration; rules directly in a layer rank above
# its sub-layers, and unlayered rules above every layer (for normal declarations;
# CSS Cascade 5 reverses layers for !important ones).
_TOP = 1 << 30
UNLAYERED: tuple[int, ...] = (_TOP,)


@dataclass(frozen=True, slots=True)
class SheetRule:
    """One style rule that sets a property reprint reads."""

    selectors: str  # the selector list as written (serialised by tinycss2)
    declaration: Declaration
    state: RuleState
    layer: tuple[int, ...]
    condition: str = ""  # the unevaluable condition, when state is MAYBE


# The properties read, shorthands included; longest first so the regex tries
# "font-size" before "font".
_READ_NAMES = (
    "display|visibility|font-size|font|color|background-color|background-image|"
    "background|opacity|text-indent|position|inset|left|top|clip-path|clip|width|"
    "height|overflow|max-height|content-visibility|filter|-webkit-text-fill-color|"
    "scale|zoom|mask|mask-image|-webkit-mask|-webkit-mask-image"
)
# A mask paints an element through an image's alpha, which is not computed here.
_MASKS = frozenset({"mask", "mask-image", "-webkit-mask", "-webkit-mask-image"})
# A declaration that may hide text. Margins and transforms hide only when negative
# or collapsing (visibility.expand_property keeps no other value), so a theme's
# "margin: 0 auto" on every other rule does not keep its rule from being dropped.
# Custom properties are kept: var() may carry them into a property read.
_READING_DECLARATION = (
    rf"(?:{_READ_NAMES})\s*:"
    rf"|margin(?:-left|-top)?\s*:[^;{{}}]*?-"
    rf"|transform\s*:[^;{{}}]*?(?:{TRANSFORM_MAY_HIDE})"
    r"|--"
)
_HAS_PROPERTY = re.compile(
    rf"{_READ_NAMES}|margin|transform|--|\\", re.IGNORECASE
)  # a backslash may spell any of them
# A plain rule: a prelude (not an at-rule, no ";", which would make it a
# declaration followed by a nested rule) and a declaration block, neither holding
# a brace, quote, backslash or comment delimiter, with parentheses and brackets
# balanced (two levels deep: "calc(100% - var(--x))"), since tinycss2 reads a brace
# inside them as part of the block they open. Runs of them are found after a brace
# or at the start, where a prelude begins; the white space before a run stays in
# place so that a string cut short by a line break still ends there.
_SLASH = r"(?<!\*)/(?!\*)"  # a slash that neither opens nor closes a comment


def _plain_rule(line_breaks: str) -> str:
    flat = rf"(?:[^{{}}()\[\]\"'\\/{line_breaks}]++|{_SLASH})"
    inner = rf"(?:\({flat}*+\)|\[{flat}*+\])"
    group = rf"(?:\((?:{flat}|{inner})*+\)|\[(?:{flat}|{inner})*+\])"
    prelude_flat = rf"(?:[^{{}}()\[\]\"'\\/;{line_breaks}]++|{_SLASH})"
    prelude = rf"(?:{prelude_flat}|{group})*+"
    body = rf"(?:{flat}|{group})*+"
    return rf"[^{{}}()\[\]\"'\\/;@\s]{prelude}\{{{body}\}}"


def _plain_run(line_breaks: str) -> re.Pattern[str]:
    # After a brace (not an escaped one, which is part of an identifier) or at
    # the start.
    return re.compile(
        rf"(?<![^{{}}])(?<!\\[{{}}])(\s*)((?:{_plain_rule(line_breaks)}\s*)+)"
    )


_PLAIN_RUN = _plain_run(r"\r\n\f")
_PLAIN_RUN_ANY_LINES = _plain_run("")
_PLAIN_SPLIT = re.compile(r"\s*([^{}]+?)\s*\{([^{}]*)\}")
_NEEDS_CARE = re.compile(r"[\"'\\]|/\*")
# A brace after an unclosed "(" or "[" (or inside url(...)) belongs to that block
# or token in tinycss2, not to the rule structure the regex sees.
_BRACE_IN_PARENTHESES = re.compile(r"\([^()]*[{}]|\[[^\[\]]*[{}]")
# A placeholder's name: a private-use character (an identifier start) and its index.
_MARK = "\ue000"
_HAS_READ_DECLARATION = re.compile(rf"(?:^|;)\s*(?:{_READING_DECLARATION})", re.I)
# At-rules whose style rules apply on a desktop screen as written.
_APPLYING_AT_RULES = frozenset({"scope", "starting-style"})


# What a brace inside does not count in: strings (a line break ends one), comments
# and escapes.
_SKIPPED = re.compile(
    r"\"(?:[^\"\\\n]|\\.)*\"?|'(?:[^'\\\n]|\\.)*'?|/\*.*?(?:\*/|$)|\\.",
    re.DOTALL,
)
_NOT_BRACE = re.compile(r"[^{}]+")


def _has_stray_brace(source: str) -> bool:
    """Whether a "}" closes no block: tinycss2 reads it as part of a prelude, and
    the placeholders would take it for the end of one."""
    braces = _NOT_BRACE.sub("", _SKIPPED.sub("", source))
    while "{}" in braces:  # one pass per level of nesting, each in C
        braces = braces.replace("{}", "")
    return braces.startswith("}")


def _has_brace_in_string(source: str) -> bool:
    """Whether a string or a comment holds a brace: a run of plain rules could
    start after it, inside the string, where tinycss2 reads no rule."""
    return any(
        "{" in skipped or "}" in skipped
        for skipped in _SKIPPED.findall(source)
        if skipped[:1] != "\\"
    )


def _skeleton(source: str, runs: list[str]) -> str:
    """``source`` with each run of plain rules replaced by a placeholder rule."""
    if (
        _MARK in source
        or _BRACE_IN_PARENTHESES.search(source)
        or _has_stray_brace(source)
        or (_NEEDS_CARE.search(source) is not None and _has_brace_in_string(source))
    ):
        return source  # parse all of it with tinycss2
    pattern = _PLAIN_RUN if _NEEDS_CARE.search(source) else _PLAIN_RUN_ANY_LINES

    def placeholder(match: re.Match[str]) -> str:
        runs.append(match.group(2))
        return f"{match.group(1)}{_MARK}{len(runs) - 1}{{}}"

    return pattern.sub(placeholder, source)


@dataclass(slots=True)
class _Reader:
    registry: dict[str, Registration] = field(default_factory=dict)
    layers: dict[tuple[str, ...], int] = field(default_factory=dict)
    anonymous: int = 0
    rules: list[SheetRule] = field(default_factory=list)
    runs: list[str] = field(default_factory=list)  # the placeholders' rules
    split_runs: dict[int, list[tuple[str, str]]] = field(default_factory=dict)
    unevaluated: list[str] = field(default_factory=list)
    declarations: dict[str, Declaration] = field(default_factory=dict)

    def run(self, node: ast.Node) -> list[tuple[str, str]] | None:
        """The (selectors, body) of the plain rules a placeholder stands for, or
        None for any other node.

        Text before the placeholder in its prelude (a stray "}" the regex took for
        the end of a block) belongs to the first rule's prelude, as tinycss2 would
        have read it.
        """
        if not isinstance(node, ast.QualifiedRule) or node.content or not node.prelude:
            return None
        token = node.prelude[-1]
        if not isinstance(token, ast.IdentToken) or not token.value.startswith(_MARK):
            return None
        index = token.value[1:]
        if not index.isdigit() or int(index) >= len(self.runs):
            return None
        rules = self.split_runs.get(int(index))
        if rules is None:
            rules = self.split_runs[int(index)] = _PLAIN_SPLIT.findall(
                self.runs[int(index)]
            )
        prefix = tinycss2.serialize(node.prelude[:-1]).strip()
        if prefix and rules:
            rules = [(f"{prefix}{rules[0][0]}", rules[0][1]), *rules[1:]]
        return rules

    def layer_key(self, path: tuple[str, ...]) -> tuple[int, ...]:
        key: list[int] = []
        for depth in range(1, len(path) + 1):
            prefix = path[:depth]
            if prefix not in self.layers:
                siblings = sum(
                    1 for name in self.layers if len(name) == depth
                    and name[:-1] == prefix[:-1]
                )  # fmt: skip
                self.layers[prefix] = siblings
            key.append(self.layers[prefix])
        return (*key, _TOP)

    def walk(
        self,
        nodes: Sequence[ast.Node],
        state: RuleState,
        layer: tuple[str, ...],
        condition: str,
    ) -> None:
        for node in nodes:
            run = self.run(node)
            if run is not None:
                for selectors, body in run:
                    self.add(selectors, body, body, state, layer, condition)
            elif isinstance(node, ast.QualifiedRule):
                self.add_rule(node, state, layer, condition)
            elif isinstance(node, ast.AtRule):
                self.enter(node, state, layer, condition)

    def enter(
        self,
        node: ast.AtRule,
        state: RuleState,
        layer: tuple[str, ...],
        condition: str,
    ) -> None:
        keyword = node.lower_at_keyword
        if keyword == "property":
            self.register(node)
            return
        if keyword == "layer":
            names = _layer_names(node.prelude)
            if node.content is None:  # "@layer a, b;" fixes their order
                for name in names:
                    self.layer_key((*layer, *name))
                return
        if node.content is None:
            return  # @import (inlined by the reader), @charset, @namespace
        here, layer, condition = self.condition(node, layer, condition)
        if here is not RuleState.NO:
            self.walk(_rules(node.content), max(state, here), layer, condition)

    def register(self, node: ast.AtRule) -> None:
        """An ``@property`` rule: valid with a syntax, ``inherits`` and (unless the
        syntax is "*") an initial value that matches it; the last valid one wins."""
        names = [t for t in node.prelude if not isinstance(t, ast.WhitespaceToken)]
        if (
            len(names) != 1
            or not isinstance(names[0], ast.IdentToken)
            or not names[0].value.startswith("--")
            or node.content is None
        ):
            return
        descriptors: dict[str, str] = {}
        for item in tinycss2.parse_blocks_contents(node.content, True, True):
            if isinstance(item, ast.Declaration):
                value = _strip(item.value)
                if item.lower_name == "syntax":
                    if len(value) != 1 or not isinstance(value[0], ast.StringToken):
                        return
                    descriptors["syntax"] = value[0].value
                else:
                    descriptors[item.lower_name] = tinycss2.serialize(value).strip()
        syntax = descriptors.get("syntax")
        inherits = descriptors.get("inherits", "").lower()
        initial = descriptors.get("initial-value")
        if syntax is None or inherits not in ("true", "false"):
            return
        if syntax.strip() != "*" and (
            initial is None or "var(" in initial.lower()
            or not syntax_matches(syntax, initial)
        ):  # fmt: skip
            return
        self.registry[names[0].value] = Registration(
            syntax, inherits == "true", initial
        )

    def condition(
        self, node: ast.AtRule, layer: tuple[str, ...], condition: str
    ) -> tuple[RuleState, tuple[str, ...], str]:
        """Whether a block at-rule's rules apply, in which layer, and the first
        condition on the way that reprint cannot evaluate."""
        keyword = node.lower_at_keyword
        prelude = tinycss2.serialize(node.prelude).strip()
        here = RuleState.YES
        if keyword == "layer":
            names = _layer_names(node.prelude)
            if names:
                layer = (*layer, *names[0])
            else:
                self.anonymous += 1
                layer = (*layer, f" anonymous {self.anonymous}")
            self.layer_key(layer)
        elif keyword == "media":
            here = _state(media_matches(prelude))
        elif keyword == "supports":
            here = _state(supports_matches(node.prelude))
        elif keyword == "container":
            here = RuleState.MAYBE  # container sizes are layout, not known here
        elif keyword not in _APPLYING_AT_RULES:
            # @font-face, @keyframes, @page, @document: no rules for text
            here = RuleState.NO
        if here is RuleState.MAYBE and not condition:
            condition = f"@{keyword} {prelude}"[:80]
        return here, layer, condition

    def add_rule(
        self,
        node: ast.QualifiedRule,
        state: RuleState,
        layer: tuple[str, ...],
        condition: str,
    ) -> None:
        selectors = tinycss2.serialize(node.prelude).strip()
        self.add(
            selectors,
            tinycss2.serialize(node.content),
            node.content,
            state,
            layer,
            condition,
        )
        if any(isinstance(token, ast.CurlyBracketsBlock) for token in node.content):
            self.nested(selectors, node.content, state, layer, condition)

    def nested(
        self,
        parent: str,
        content: Sequence[ast.Node],
        state: RuleState,
        layer: tuple[str, ...],
        condition: str,
    ) -> None:
        """The rules nested in a style rule (CSS Nesting), with ``&`` as the parent
        selector list and conditional at-rules around declarations or rules."""
        for item in tinycss2.parse_blocks_contents(content, True, True):
            run = self.run(item)
            if run is not None:
                for selectors, body in run:
                    composed = _nest(parent, selectors)
                    self.add(composed, body, body, state, layer, condition)
            elif isinstance(item, ast.QualifiedRule):
                composed = _nest(parent, tinycss2.serialize(item.prelude))
                self.add_rule(
                    ast.QualifiedRule(
                        item.source_line,
                        item.source_column,
                        tinycss2.parse_component_value_list(composed),
                        item.content,
                    ),
                    state,
                    layer,
                    condition,
                )
            elif isinstance(item, ast.AtRule) and item.content is not None:
                here, inner_layer, inner_condition = self.condition(
                    item, layer, condition
                )
                if here is RuleState.NO:
                    continue
                inner_state = max(state, here)
                self.add(
                    parent,
                    tinycss2.serialize(item.content),
                    item.content,
                    inner_state,
                    inner_layer,
                    inner_condition,
                )
                self.nested(
                    parent, item.content, inner_state, inner_layer, inner_condition
                )

    def add(
        self,
        selectors: str,
        body: str,
        content: str | Sequence[ast.Node],
        state: RuleState,
        layer: tuple[str, ...],
        condition: str,
    ) -> None:
        declaration = self.declarations.get(body)
        if declaration is None:
            if isinstance(content, str) and not _HAS_READ_DECLARATION.search(content):
                declaration = NO_DECLARATION  # most of a theme: skip tinycss2
            else:
                declaration = self.declaration(content)
            self.declarations[body] = declaration
        if declaration is NO_DECLARATION or not selectors:
            return
        self.rules.append(
            SheetRule(
                selectors,
                declaration,
                state,
                self.layer_key(layer) if layer else UNLAYERED,
                condition if state is RuleState.MAYBE else "",
            )
        )

    def declaration(self, content: str | Sequence[ast.Node]) -> Declaration:
        builder = _Builder()
        for item in tinycss2.parse_blocks_contents(content, True, True):
            if not isinstance(item, ast.Declaration):
                continue
            if item.name.startswith("--"):
                # Case-sensitive, kept as written: computed per element.
                text = str(tinycss2.serialize(_strip(item.value))).strip()
                builder.add_custom(item.name, text, item.important)
                continue
            name = item.lower_name
            if not _IS_READ.fullmatch(name):
                continue
            if name in _MASKS:
                text = _value_text(item.value)
                if text.strip() not in ("none", "initial", "unset", ""):
                    # A mask paints through an image's alpha, not computed here:
                    # its hiding is assumed (a credit it may hide is never called
                    # visible), and said.
                    self.unevaluated.append(f"the value '{name}: {text[:60]}'")
                    builder.add_unevaluable()
                continue
            if _has_var(item.value):
                # Substituted per element, from the element's custom properties.
                text = str(tinycss2.serialize(_strip(item.value))).strip()
                builder.add_pending(name, text, item.important)
                continue
            builder.add(name, _value_text(item.value), item.important)
        return builder.build()


@dataclass(frozen=True, slots=True)
class PageStyle:
    """The page's rules that set a property reprint reads (in cascade order), why
    some could not be evaluated, and the custom properties ``@property`` registers."""

    rules: list[SheetRule]
    unevaluated: list[str]
    registry: Mapping[str, Registration] = field(default_factory=dict)


def read_rules(sources: Sequence[str]) -> PageStyle:
    """The rules of the page's style sheets (in cascade order) that set a property
    reprint reads, custom properties included.

    Each sheet is parsed once; malformed CSS is skipped the way browsers skip it.
    ``var()`` is left in the values: it is substituted per element (``css``).
    """
    reader = _Reader()
    for source in sources:
        if _HAS_PROPERTY.search(source) is None:
            continue
        css = _skeleton(source, reader.runs)
        reader.walk(tinycss2.parse_stylesheet(css, True, True), RuleState.YES, (), "")
    return PageStyle(reader.rules, list(reader.unevaluated), dict(reader.registry))


# Pages of one site repeat their theme's style attributes; the values are frozen
# (nothing mutates ``looks``), so pages can share them.
@lru_cache(maxsize=4096)
def parse_inline_style(style: str) -> Declaration:
    """What a ``style`` attribute (or rule body) sets of the properties read."""
    if _HAS_PROPERTY.search(style) is None:
        return NO_DECLARATION
    return _Reader().declaration(style)


def inline_style_with_causes(style: str) -> tuple[Declaration, list[str]]:
    """``parse_inline_style``, with what in it could not be evaluated."""
    if _reads_alone(style):
        return parse_inline_style(style), []
    reader = _Reader()
    return reader.declaration(style), reader.unevaluated


def _reads_alone(style: str) -> bool:
    """Whether a style attribute holds nothing that could go unevaluated: no
    mask."""
    return "mask" not in style.lower()


_IS_READ = re.compile(rf"{_READ_NAMES}|margin(?:-left|-top)?|transform", re.IGNORECASE)


class _Builder:
    """The winning value of each property within one declaration block."""

    __slots__ = ("customs", "display", "looks", "visibility")

    def __init__(self) -> None:
        self.display: tuple[str, bool] | None = None
        # (value, !important, the value as written when it holds a var())
        self.visibility: tuple[Visibility, bool, str] | None = None
        self.looks: dict[str, tuple[str, bool]] = {}
        self.customs: dict[str, tuple[str, bool]] = {}

    def add(self, name: str, value: str, is_important: bool) -> None:
        if not value:
            return
        if name == "display":
            if self.display is None or is_important or not self.display[1]:
                self.display = (value, is_important)
        elif name == "visibility":
            if self.visibility is None or is_important or not self.visibility[1]:
                self.visibility = (visibility_of(value), is_important, "")
        else:
            for longhand, longhand_value in _expand(name, value):
                self._add_look(longhand, longhand_value, is_important)

    def _add_look(self, name: str, value: str, is_important: bool) -> None:
        held = self.looks.get(name)
        if held is None or is_important or not held[1]:
            self.looks[name] = (value, is_important)

    def add_pending(self, name: str, text: str, is_important: bool) -> None:
        """A declaration holding a var(), kept as written (see PENDING)."""
        if name == "visibility":
            if self.visibility is None or is_important or not self.visibility[1]:
                self.visibility = (Visibility.PENDING, is_important, text)
            return
        pending = f"{PENDING}{name}{PENDING}{text}"
        if name == "display":
            if self.display is None or is_important or not self.display[1]:
                self.display = (pending, is_important)
            return
        for longhand in _LONGHANDS.get(name, (name,)):
            self._add_look(longhand, pending, is_important)

    def add_custom(self, name: str, text: str, is_important: bool) -> None:
        held = self.customs.get(name)
        if held is None or is_important or not held[1]:
            self.customs[name] = (text, is_important)

    def add_unevaluable(self) -> None:
        # A value reprint cannot evaluate: its hiding is assumed (a credit it may
        # hide is never called visible) and reported by the caller. Assumed as
        # !important, so that an ordinary display elsewhere does not undo it.
        self.add("display", "none", True)

    def build(self) -> Declaration:
        if (
            self.display is None
            and self.visibility is None
            and not self.looks
            and not self.customs
        ):
            return NO_DECLARATION
        display, is_display_important = self.display or (None, False)
        visibility, is_visibility_important, visibility_value = self.visibility or (
            Visibility.UNSET,
            False,
            "",
        )
        return Declaration(
            display,
            visibility,
            is_display_important,
            is_visibility_important,
            {name: value for name, (value, _) in self.looks.items()},
            frozenset(name for name, (_, important) in self.looks.items() if important),
            {name: value for name, (value, _) in self.customs.items()},
            frozenset(
                name for name, (_, important) in self.customs.items() if important
            ),
            visibility_value,
        )


# The longhands a shorthand read here sets (a var() in it sets all of them, as
# pending-substitution values).
_LONGHANDS = {
    "font": ("font-size",),
    "background": ("background-color", "background-image"),
    "margin": ("margin-top", "margin-left"),
    "inset": ("top", "left"),
}


def expand_declared(name: str, value: str) -> list[tuple[str, str]]:
    """The longhands read that a declaration of ``name: value`` sets."""
    return _expand(name, value)


def _expand(name: str, value: str) -> list[tuple[str, str]]:
    if name == "inset":
        # top, right, bottom, left as for margin: the left is the second or fourth.
        sides = value.split()
        if not 1 <= len(sides) <= 4:
            return []
        left = sides[3] if len(sides) == 4 else sides[1] if len(sides) > 1 else sides[0]
        return [("top", sides[0]), ("left", left)]
    return expand_property(name, value)


def visibility_of(value: str) -> Visibility:
    if value in ("hidden", "collapse"):
        return Visibility.HIDDEN
    if value in ("visible", "initial"):
        return Visibility.VISIBLE
    # inherit, unset, revert (no UA rule sets it): the ancestor decides
    return Visibility.UNSET


def _value_text(nodes: Sequence[ast.Node]) -> str:
    return str(tinycss2.serialize(_strip(nodes))).strip().lower()


def _strip(nodes: Sequence[ast.Node]) -> list[ast.Node]:
    kept = [node for node in nodes if not isinstance(node, ast.Comment)]
    while kept and isinstance(kept[0], ast.WhitespaceToken):
        kept.pop(0)
    while kept and isinstance(kept[-1], ast.WhitespaceToken):
        kept.pop()
    return kept


def _has_var(nodes: Sequence[ast.Node]) -> bool:
    for node in nodes:
        if isinstance(node, ast.FunctionBlock) and (
            node.lower_name == "var" or _has_var(node.arguments)
        ):
            return True
    return False


def _rules(content: Sequence[ast.Node]) -> list[ast.Node]:
    rules: list[ast.Node] = tinycss2.parse_rule_list(content, True, True)
    return rules


def _layer_names(prelude: Sequence[ast.Node]) -> list[tuple[str, ...]]:
    """``a.b, c`` -> [("a", "b"), ("c",)]."""
    names: list[tuple[str, ...]] = []
    current: list[str] = []
    for token in prelude:
        if isinstance(token, ast.IdentToken):
            current.append(token.value)
        elif isinstance(token, ast.LiteralToken) and token.value == ",":
            if current:
                names.append(tuple(current))
            current = []
    if current:
        names.append(tuple(current))
    return names


def _nest(parent: str, selectors: str) -> str:
    """A nested rule's selector list with its parent's made explicit: ``&`` is
    ``:is(parent)``, and a selector without one is relative to the parent."""
    composed = []
    for selector in split_top_commas(selectors):
        if "&" in selector:
            composed.append(selector.replace("&", f":is({parent})"))
        else:
            composed.append(f":is({parent}) {selector}")
    return ", ".join(composed)


def split_top_commas(text: str) -> list[str]:
    """A list (of selectors) split on its top-level commas, not those in () or []."""
    parts: list[str] = []
    depth = start = 0
    for index, char in enumerate(text):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return [part.strip() for part in parts if part.strip()]


def _state(result: bool | None) -> RuleState:
    return RuleState.MAYBE if result is None else RuleState(int(result))
