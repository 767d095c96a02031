"""Custom properties computed element by element, as CSS Custom Properties Level 1
and the Properties and Values API (``@property``) define them.

A custom property cascades like any property (the cascade in ``css`` ranks its
declarations) and is inherited unless ``@property`` registers it with
``inherits: false``. Its computed value is its specified value with every ``var()``
substituted from the element's own custom properties. A ``var()`` of a property
that has no value (never set, ``initial``, or invalid) takes its fallback; with no
fallback the declaration is invalid at computed-value time. Custom properties that
reference each other in a cycle are all invalid, whatever their fallbacks. An
invalid custom property has no value (the guaranteed-invalid value) if
unregistered, and is ``unset`` if registered: inherited or its initial value.
Chromium computes these the same way (checked in ``fixtures/make_cascade.py``).

Values are kept as text (tinycss2 serialises what it parsed); a map of an element's
values is shared with its parent's wherever the element changes none of them.

What is not evaluated, and makes the property that uses it unevaluable (its hiding
assumed, and said): a custom property set under a condition reprint cannot
evaluate (``@container``, an unknown media feature), since whether it applies is
unknown, and a substitution longer than ``MAX_VALUE_CHARS`` (a page doubling a
value at each level of nesting), where Chromium's own length limit may differ.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import tinycss2
from tinycss2 import ast

from reprint.formats.html.visibility import parse_colour

__all__ = [
    "MAX_VALUE_CHARS",
    "UNEVALUABLE",
    "Registration",
    "Unevaluable",
    "compute_customs",
    "substitute",
    "syntax_matches",
]

# Longer substitutions are not computed (Chromium also refuses overlong ones, at
# a limit of its own).
MAX_VALUE_CHARS = 65_536


class Unevaluable(Exception):
    """A ``var()`` whose value reprint cannot compute (see the module docstring)."""


@dataclass(frozen=True, slots=True)
class Registration:
    """A custom property registered by ``@property``."""

    syntax: str  # "*" or a syntax string such as "<color> | none"
    inherits: bool
    initial: str | None  # the initial value; None (guaranteed-invalid) for "*"


# What a lookup of a custom property answers: its computed value, or None when it
# has none (the guaranteed-invalid value).
Lookup = Callable[[str], str | None]


@lru_cache(maxsize=8192)
def _parsed(text: str) -> tuple[ast.Node, ...]:
    return tuple(tinycss2.parse_component_value_list(text, skip_comments=True))


def substitute(
    text: str, lookup: Lookup, uncertain: frozenset[str] = frozenset()
) -> str | None:
    """``text`` with each ``var()`` replaced by its value, or None when it is
    invalid at computed-value time (a ``var()`` with no value and no fallback).

    Raises:
        Unevaluable: a ``var()`` of a name in ``uncertain``, or an overlong result.
    """
    nodes = _substitute_nodes(_parsed(text), lookup, uncertain)
    if nodes is None:
        return None
    result = str(tinycss2.serialize(nodes)).strip()
    if len(result) > MAX_VALUE_CHARS:
        raise Unevaluable
    return result


def _substitute_nodes(
    nodes: Sequence[ast.Node], lookup: Lookup, uncertain: frozenset[str]
) -> list[ast.Node] | None:
    out: list[ast.Node] = []
    for node in nodes:
        if isinstance(node, ast.FunctionBlock):
            if node.lower_name == "var":
                replaced = _var(node, lookup, uncertain)
                if replaced is None:
                    return None
                out.extend(replaced)
                continue
            arguments = _substitute_nodes(node.arguments, lookup, uncertain)
            if arguments is None:
                return None
            node = ast.FunctionBlock(
                node.source_line, node.source_column, node.name, arguments
            )
        elif isinstance(node, ast.ParenthesesBlock | ast.SquareBracketsBlock):
            content = _substitute_nodes(node.content, lookup, uncertain)
            if content is None:
                return None
            block = type(node)(node.source_line, node.source_column, content)
            node = block
        out.append(node)
    return out


def _var(
    node: ast.FunctionBlock, lookup: Lookup, uncertain: frozenset[str]
) -> list[ast.Node] | None:
    arguments = node.arguments
    start = 0
    while start < len(arguments) and isinstance(arguments[start], ast.WhitespaceToken):
        start += 1
    if start == len(arguments):
        return None
    name_token = arguments[start]
    if not isinstance(name_token, ast.IdentToken) or not name_token.value.startswith(
        "--"
    ):
        return None
    rest = arguments[start + 1 :]
    fallback: list[ast.Node] | None = None
    for index, token in enumerate(rest):
        if isinstance(token, ast.LiteralToken) and token.value == ",":
            fallback = list(rest[index + 1 :])
            break
        if not isinstance(token, ast.WhitespaceToken):
            return None  # var(--a b): not a var() at all
    name = name_token.value
    if name in uncertain:
        raise Unevaluable
    value = lookup(name)
    if value is not None:
        if value is UNEVALUABLE or len(value) > MAX_VALUE_CHARS:
            raise Unevaluable
        # A value stands as its tokens, padded so that it never joins its
        # neighbours into one token.
        return [_SPACE, *_parsed(value), _SPACE]
    if fallback is None:
        return None
    return _substitute_nodes(fallback, lookup, uncertain)


_SPACE = ast.WhitespaceToken(0, 0, " ")
_CSS_WIDE = frozenset({"initial", "inherit", "unset", "revert", "revert-layer"})


def compute_customs(
    parent: Mapping[str, str],
    declared: Mapping[str, str],
    registry: Mapping[str, Registration],
    uncertain: frozenset[str] = frozenset(),
) -> Mapping[str, str]:
    """An element's custom property values from its parent's and the cascaded
    declarations ``declared`` (name to specified value); ``parent`` itself when
    nothing changes. A value that cannot be evaluated is stored as
    ``UNEVALUABLE``, so that what uses it is reported.
    """
    values: dict[str, str] | None = None
    for name, registration in registry.items():
        # A property that does not inherit starts from its initial value.
        if registration.inherits or name in declared:
            continue
        if parent.get(name) != registration.initial:
            values = dict(parent) if values is None else values
            if registration.initial is None:
                values.pop(name, None)
            else:
                values[name] = registration.initial
    if not declared:
        return parent if values is None else values
    base: Mapping[str, str] = parent if values is None else values
    done: dict[str, str | None] = {}
    stack: list[str] = []
    cyclic: set[str] = set()

    def computed(name: str) -> str | None:
        if name in done:
            return done[name]
        specified = declared.get(name)
        if specified is None:
            return base.get(name)
        if name in stack:
            cyclic.update(stack[stack.index(name) :])
            return None
        registration = registry.get(name)
        keyword = specified.lower() if len(specified) <= 12 else ""
        result: str | None
        if keyword in _CSS_WIDE:
            result = _keyword_value(keyword, name, parent, registration)
        elif "var(" not in specified.lower():
            result = specified
            if registration is not None and not syntax_matches(
                registration.syntax, specified
            ):
                result = _unset(name, parent, registration)
        else:
            stack.append(name)
            try:
                result = substitute(specified, computed, uncertain)
            except Unevaluable:
                result = UNEVALUABLE
            stack.pop()
            if name in cyclic:
                result = None
            if (
                result is not UNEVALUABLE
                and registration is not None
                and (result is None or not syntax_matches(registration.syntax, result))
            ):
                result = _unset(name, parent, registration)
        done[name] = result
        return result

    changed: dict[str, str | None] = {}
    for name in declared:
        value = computed(name)
        if value != base.get(name):
            changed[name] = value
    if not changed:
        return base
    values = dict(base)
    for name, value in changed.items():
        if value is None:
            values.pop(name, None)
        else:
            values[name] = value
    return values


# Stored for a custom property whose value cannot be computed; a var() of it is
# unevaluable (checked by identity).
UNEVALUABLE = "\x00unevaluable"


def _keyword_value(
    keyword: str,
    name: str,
    parent: Mapping[str, str],
    registration: Registration | None,
) -> str | None:
    if keyword == "inherit":
        return parent.get(name)
    if keyword == "initial":
        return None if registration is None else registration.initial
    # unset; revert and revert-layer roll back to the user-agent origin or an
    # earlier layer, and no user-agent rule sets a custom property. (An earlier
    # layer's value is not looked for: revert-layer is taken as unset.)
    return _unset(name, parent, registration)


def _unset(
    name: str, parent: Mapping[str, str], registration: Registration | None
) -> str | None:
    if registration is None:
        return parent.get(name)
    return parent.get(name) if registration.inherits else registration.initial


# --- @property syntax ----------------------------------------------------------------

_NUMBER = r"[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?"
_TYPE_PATTERNS = {
    "<length>": re.compile(rf"{_NUMBER}(?:[a-z]+)|0|[+-]?0+\.?0*|calc\(.*\)", re.I),
    "<number>": re.compile(rf"{_NUMBER}|calc\(.*\)", re.I),
    "<integer>": re.compile(r"[+-]?\d+|calc\(.*\)", re.I),
    "<percentage>": re.compile(rf"{_NUMBER}%|calc\(.*\)", re.I),
    "<length-percentage>": re.compile(
        rf"{_NUMBER}(?:[a-z]+|%)|[+-]?0+\.?0*|calc\(.*\)", re.I
    ),
    "<angle>": re.compile(rf"{_NUMBER}(?:deg|grad|rad|turn)|0|calc\(.*\)", re.I),
    "<time>": re.compile(rf"{_NUMBER}(?:s|ms)|calc\(.*\)", re.I),
    "<custom-ident>": re.compile(r"-?[_a-z][-_a-z0-9]*", re.I),
}
_COLOUR_KEYWORDS = frozenset({"currentcolor", "transparent"})


def syntax_matches(syntax: str, value: str) -> bool:
    """Whether ``value`` is valid for an ``@property`` syntax string.

    Types reprint does not read (``<image>``, ``<url>``, ``<transform-list>``...)
    accept any value: such a property is then taken as the page gives it.
    """
    syntax = syntax.strip()
    if syntax == "*":
        return True
    value = value.strip()
    for component in syntax.split("|"):
        component = component.strip()
        multiplier = component[-1:] if component[-1:] in "+#" else ""
        component = component.rstrip("+#")
        if multiplier == "#":
            parts = [part.strip() for part in value.split(",")]
        elif multiplier == "+":
            parts = value.split()
        else:
            parts = [value]
        if parts and all(_component_matches(component, part) for part in parts):
            return True
    return False


def _component_matches(component: str, value: str) -> bool:
    if not component.startswith("<"):
        return value == component  # a keyword, case-sensitive as in the spec
    if component == "<color>":
        return value.lower() in _COLOUR_KEYWORDS or parse_colour(value) is not None
    pattern = _TYPE_PATTERNS.get(component)
    if pattern is None:
        return bool(value)  # a type not read here: any value
    return pattern.fullmatch(value) is not None
