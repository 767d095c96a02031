"""CSS math functions (``calc()``, ``min()``, ``max()``, ``clamp()``) evaluated as a
browser does for the reference screen (1280×800 CSS px), so that a size, an offset
or an opacity written as arithmetic is judged like the plain value it computes to.

CSS Values and Units Level 4, §10: a sum's terms have one type (all numbers or all
lengths), a product has at most one length, a divisor is a number. Lengths resolve to
CSS px: absolute units, ``em``/``ex``/``ch`` from the element's font size, ``rem``
from the root's, viewport units from the reference screen. A percentage needs a basis
the caller gives (a font size's is the parent's); without one, or for anything else
(``attr()``, an unknown unit, a syntax error), the value is not computed: ``None``,
and the caller treats it as it treats a value it cannot read.

Parsing is tinycss2's; the arithmetic is this module's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import tinycss2
from tinycss2.ast import (
    DimensionToken,
    FunctionBlock,
    LiteralToken,
    Node,
    NumberToken,
    ParenthesesBlock,
    PercentageToken,
    WhitespaceToken,
)

from reprint.formats.html.media import VIEWPORT_HEIGHT_PX, VIEWPORT_WIDTH_PX

__all__ = [
    "MATH_FUNCTIONS",
    "evaluate_length",
    "evaluate_number",
    "is_math",
    "substitute_math",
    "unit_px",
]

MATH_FUNCTIONS = ("calc(", "min(", "max(", "clamp(", "-webkit-calc(")
# A math function's name where a function name starts (not inside "dmin(" or
# "-moz-calc("); the longest names first, so "-webkit-calc(" is one match.
_MATH_START = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(re.escape(name) for name in sorted(MATH_FUNCTIONS, key=len)[::-1])
    + ")",
    re.I,
)
ROOT_FONT_PX = 16.0
_ABSOLUTE_PX = {
    "px": 1.0, "pt": 96 / 72, "pc": 16.0, "in": 96.0, "cm": 96 / 2.54,
    "mm": 96 / 25.4, "q": 96 / 101.6,
    "vw": VIEWPORT_WIDTH_PX / 100, "vh": VIEWPORT_HEIGHT_PX / 100,
    "vi": VIEWPORT_WIDTH_PX / 100, "vb": VIEWPORT_HEIGHT_PX / 100,
    "svw": VIEWPORT_WIDTH_PX / 100, "svh": VIEWPORT_HEIGHT_PX / 100,
    "lvw": VIEWPORT_WIDTH_PX / 100, "lvh": VIEWPORT_HEIGHT_PX / 100,
    "dvw": VIEWPORT_WIDTH_PX / 100, "dvh": VIEWPORT_HEIGHT_PX / 100,
    "vmin": min(VIEWPORT_WIDTH_PX, VIEWPORT_HEIGHT_PX) / 100,
    "vmax": max(VIEWPORT_WIDTH_PX, VIEWPORT_HEIGHT_PX) / 100,
}  # fmt: skip
# Per em of the element's font: the x-height and the "0" advance, taken as half an em
# (CSS's own fallback when a font does not say).
_FONT_RELATIVE = {"em": 1.0, "ex": 0.5, "ch": 0.5, "cap": 0.7, "ic": 1.0}


def unit_px(unit: str, font_size_px: float) -> float | None:
    """CSS px in one ``unit`` (lower case) for an element of that font size."""
    if unit in _ABSOLUTE_PX:
        return _ABSOLUTE_PX[unit]
    if unit in _FONT_RELATIVE:
        return _FONT_RELATIVE[unit] * font_size_px
    if unit == "rem":
        return ROOT_FONT_PX
    return None


def is_math(value: str) -> bool:
    """Whether a declared value is one math function (what this module evaluates)."""
    return value.startswith(MATH_FUNCTIONS)


def substitute_math(value: str, font_size_px: float) -> str:
    """``value`` with each math function it holds replaced by what it computes to
    (``translateX(calc(-100vw - 10px))`` becomes ``translateX(-1290px)``); one that
    does not compute is left as written. Linear in the value's length."""
    if _MATH_START.search(value) is None:
        return value
    out: list[str] = []
    index = 0
    while (found := _MATH_START.search(value, index)) is not None:
        start = found.start()
        end = _closing(value, found.end() - 1)
        if end < 0:
            break
        out.append(value[index:start])
        written = value[start : end + 1]
        quantity = _evaluate(written, font_size_px, None)
        if quantity is None:
            out.append(written)
        elif quantity.length:
            out.append(f"{quantity.amount:g}px")
        else:
            out.append(f"{quantity.amount:g}")
        index = end + 1
    out.append(value[index:])
    return "".join(out)


def _closing(value: str, opening: int) -> int:
    """The index of the parenthesis that closes the one at ``opening``; -1 if none."""
    depth = 0
    for index in range(opening, len(value)):
        if value[index] == "(":
            depth += 1
        elif value[index] == ")":
            depth -= 1
            if depth == 0:
                return index
    return -1


@dataclass(frozen=True)
class _Quantity:
    """A number (``length`` False) or a length in CSS px."""

    amount: float
    length: bool


class _Unevaluable(Exception):
    """A term with no value here: no percentage basis, an unknown unit or a bad sum."""


@dataclass(frozen=True)
class _Context:
    font_px: float
    percent_px: float | None


def evaluate_length(
    value: str, font_size_px: float, percent_basis_px: float | None = None
) -> float | None:
    """A length written as a math function, in CSS px; None when not computable.

    A unitless zero is a length, as in plain values; a plain number is not.
    """
    quantity = _evaluate(value.strip(), font_size_px, percent_basis_px)
    if quantity is None:
        return None
    if quantity.length or quantity.amount == 0:
        return quantity.amount
    return None


def evaluate_number(value: str) -> float | None:
    """A number written as a math function (an opacity, a scale); None otherwise."""
    quantity = _evaluate(value.strip(), ROOT_FONT_PX, None)
    if quantity is None or quantity.length:
        return None
    return quantity.amount


# Values longer than this are computed each time rather than kept: a page's values
# after var() substitution may run to 64 KB each, and the cache outlives the page.
_CACHED_CHARS = 512


def _evaluate(value: str, font_px: float, percent_px: float | None) -> _Quantity | None:
    if len(value) > _CACHED_CHARS:
        return _compute(value, font_px, percent_px)
    return _compute_cached(value, font_px, percent_px)


def _compute(value: str, font_px: float, percent_px: float | None) -> _Quantity | None:
    try:
        nodes = [
            node
            for node in tinycss2.parse_component_value_list(value)
            if not isinstance(node, WhitespaceToken)
        ]
        if len(nodes) != 1 or not isinstance(nodes[0], FunctionBlock):
            return None
        return _function(nodes[0], _Context(font_px, percent_px))
    except (_Unevaluable, ZeroDivisionError, OverflowError, RecursionError):
        # RecursionError: parentheses nested thousands deep, in tinycss2 or here.
        return None


_compute_cached = lru_cache(maxsize=2048)(_compute)


def _function(node: FunctionBlock, context: _Context) -> _Quantity:
    name = node.lower_name
    arguments = _split_commas(node.arguments)
    if name in ("calc", "-webkit-calc") and len(arguments) == 1:
        return _sum(arguments[0], context)
    if name in ("min", "max") and arguments:
        values = [_sum(argument, context) for argument in arguments]
        _same_type(values)
        pick = min if name == "min" else max
        return _Quantity(pick(v.amount for v in values), values[0].length)
    if name == "clamp" and len(arguments) == 3:
        low, middle, high = (_sum(argument, context) for argument in arguments)
        _same_type([low, middle, high])
        return _Quantity(max(low.amount, min(middle.amount, high.amount)), low.length)
    raise _Unevaluable(name)


def _split_commas(nodes: Sequence[Node]) -> list[list[Node]]:
    parts: list[list[Node]] = [[]]
    for node in nodes:
        if isinstance(node, LiteralToken) and node.value == ",":
            parts.append([])
        else:
            parts[-1].append(node)
    return parts


def _same_type(values: Sequence[_Quantity]) -> None:
    if len({value.length for value in values if value.amount != 0 or value.length}) > 1:
        raise _Unevaluable("mixed types")


def _sum(nodes: Sequence[Node], context: _Context) -> _Quantity:
    """A sum of products; ``+`` and ``-`` are operators only between whitespace."""
    terms: list[tuple[int, list[Node]]] = [(1, [])]
    for index, node in enumerate(nodes):
        spaced = (
            0 < index < len(nodes) - 1
            and isinstance(nodes[index - 1], WhitespaceToken)
            and isinstance(nodes[index + 1], WhitespaceToken)
        )
        if isinstance(node, LiteralToken) and node.value in "+-" and spaced:
            terms.append((1 if node.value == "+" else -1, []))
        else:
            terms[-1][1].append(node)
    values = [(sign, _product(term, context)) for sign, term in terms]
    _same_type([value for _sign, value in values])
    total = sum(sign * value.amount for sign, value in values)
    return _Quantity(total, any(value.length for _sign, value in values))


def _product(nodes: Sequence[Node], context: _Context) -> _Quantity:
    factors = [node for node in nodes if not isinstance(node, WhitespaceToken)]
    if not factors:
        raise _Unevaluable("an empty term")
    result = _term(factors[0], context)
    for operator, operand in zip(factors[1::2], factors[2::2], strict=False):
        right = _term(operand, context)
        if not isinstance(operator, LiteralToken) or operator.value not in "*/":
            raise _Unevaluable("an operator")
        if operator.value == "*":
            if result.length and right.length:
                raise _Unevaluable("a length times a length")
            length = result.length or right.length
            result = _Quantity(result.amount * right.amount, length)
        else:
            if right.length:
                raise _Unevaluable("a division by a length")
            result = _Quantity(result.amount / right.amount, result.length)
    if len(factors) % 2 == 0:
        raise _Unevaluable("a dangling operator")
    return result


def _term(node: Node, context: _Context) -> _Quantity:
    if isinstance(node, NumberToken):
        return _Quantity(float(node.value), False)
    if isinstance(node, DimensionToken):
        per_unit = unit_px(node.lower_unit, context.font_px)
        if per_unit is None:
            raise _Unevaluable(node.lower_unit)
        return _Quantity(float(node.value) * per_unit, True)
    if isinstance(node, PercentageToken):
        if context.percent_px is None:
            raise _Unevaluable("a percentage without a basis")
        return _Quantity(float(node.value) * context.percent_px / 100, True)
    if isinstance(node, ParenthesesBlock):
        return _sum(node.content, context)
    if isinstance(node, FunctionBlock):
        return _function(node, context)
    raise _Unevaluable(type(node).__name__)
