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


@dataclass(frozen=True, slots=True)
class _Var:
    """A ``var()`` in a compiled value: its name and compiled fallback."""

    name: str
    fallback: tuple[_Part, ...] | None  # None: no fallback (an empty one is ())


_Part = str | _Var


class _Malformed(Exception):
    """A ``var()`` that is not ``var(--name[, fallback])``."""


@lru_cache(maxsize=8192)
def _template(text: str) -> tuple[_Part, ...] | None:
    """A value holding ``var()`` as literal text and references, compiled once;
    None for a malformed ``var()`` (invalid at computed-value time)."""
    try:
        return tuple(_compile(tinycss2.parse_component_value_list(text, True)))
    except _Malformed:
        return None


def _compile(nodes: Sequence[ast.Node]) -> list[_Part]:
    parts: list[_Part] = []
    for node in nodes:
        if isinstance(node, ast.FunctionBlock):
            if node.lower_name == "var":
                parts.append(_compile_var(node.arguments))
                continue
            if _has_var(node.arguments):
                parts.append(f"{tinycss2.serializer.serialize_identifier(node.name)}(")
                parts.extend(_compile(node.arguments))
                parts.append(")")
                continue
        elif isinstance(
            node,
            ast.ParenthesesBlock | ast.SquareBracketsBlock | ast.CurlyBracketsBlock,
        ) and _has_var(node.content):
            opening = {ast.ParenthesesBlock: "(", ast.SquareBracketsBlock: "["}
            start = opening.get(type(node), "{")
            parts.append(start)
            parts.extend(_compile(node.content))
            parts.append({"(": ")", "[": "]"}.get(start, "}"))
            continue
        parts.append(str(tinycss2.serialize([node])))
    return parts


def _compile_var(arguments: Sequence[ast.Node]) -> _Var:
    start = 0
    while start < len(arguments) and isinstance(arguments[start], ast.WhitespaceToken):
        start += 1
    if start == len(arguments):
        raise _Malformed
    name = arguments[start]
    if not isinstance(name, ast.IdentToken) or not name.value.startswith("--"):
        raise _Malformed
    rest = arguments[start + 1 :]
    for index, token in enumerate(rest):
        if isinstance(token, ast.LiteralToken) and token.value == ",":
            return _Var(name.value, tuple(_compile(rest[index + 1 :])))
        if not isinstance(token, ast.WhitespaceToken | ast.Comment):
            raise _Malformed  # var(--a b): not a var() at all
    return _Var(name.value, None)


def _has_var(nodes: Sequence[ast.Node]) -> bool:
    for node in nodes:
        if isinstance(node, ast.FunctionBlock) and (
            node.lower_name == "var" or _has_var(node.arguments)
        ):
            return True
        if isinstance(
            node,
            ast.ParenthesesBlock | ast.SquareBracketsBlock | ast.CurlyBracketsBlock,
        ) and _has_var(node.content):
            return True
    return False


def substitute(
    text: str, lookup: Lookup, uncertain: frozenset[str] = frozenset()
) -> str | None:
    """``text`` with each ``var()`` replaced by its value, or None when it is
    invalid at computed-value time (a ``var()`` with no value and no fallback).

    The values are spliced in as text, padded with a space so that a value never
    joins its neighbours into one token (``var(--n)px`` is not a length, as in
    browsers, which substitute tokens): nothing is parsed again, so a long value
    costs its length once per use.

    Raises:
        Unevaluable: a ``var()`` of a name in ``uncertain``, or an overlong result.
    """
    template = _template(text)
    if template is None:
        return None
    out: list[str] = []
    if not _fill(template, lookup, uncertain, out):
        return None
    result = "".join(out).strip()
    if len(result) > MAX_VALUE_CHARS:
        raise Unevaluable
    return result


def _fill(
    parts: Sequence[_Part], lookup: Lookup, uncertain: frozenset[str], out: list[str]
) -> bool:
    for part in parts:
        if isinstance(part, str):
            out.append(part)
            continue
        if part.name in uncertain:
            raise Unevaluable
        value = lookup(part.name)
        if value is not None:
            if value is UNEVALUABLE or len(value) > MAX_VALUE_CHARS:
                raise Unevaluable
            out.extend((" ", value, " "))
        elif part.fallback is None or not _fill(part.fallback, lookup, uncertain, out):
            return False
    return True


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
