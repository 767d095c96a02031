"""``@supports`` conditions, answered as Chromium answers them.

A declaration test ``(property: value)`` holds when Chromium supports the
property; the value is checked for the properties whose keywords decide what is
painted (``display``, ``position``, ``visibility``, ``overflow``,
``content-visibility``). ``selector()`` holds when the selector is one cssselect
reads. Anything else (an unprefixed property missing from the table,
``font-tech()``) is unknown: the caller applies only the block's hiding and says so.
"""

from __future__ import annotations

from collections.abc import Sequence

import tinycss2
from tinycss2 import ast

__all__ = ["supports_matches"]

# CSS-wide keywords every property takes.
_GLOBAL = frozenset({"inherit", "initial", "unset", "revert", "revert-layer"})


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Properties of Chromium's stable channel that themes feature-test, and every one
# reprint reads. An unprefixed name missing here is unknown, not unsupported.
_CHROMIUM_PROPERTIES = _words(
    """
    -webkit-appearance -webkit-backdrop-filter -webkit-box-orient
    -webkit-font-smoothing -webkit-line-clamp -webkit-mask -webkit-mask-image
    -webkit-overflow-scrolling -webkit-tap-highlight-color -webkit-text-fill-color
    -webkit-text-size-adjust -webkit-text-stroke -webkit-user-select accent-color
    align-content align-items align-self all animation animation-name appearance
    aspect-ratio backdrop-filter backface-visibility background
    background-attachment background-blend-mode background-clip background-color
    background-image background-position background-repeat background-size
    block-size border border-block border-inline border-radius bottom
    box-decoration-break box-shadow box-sizing break-inside caret-color clip
    clip-path color color-scheme column-count column-gap columns contain
    contain-intrinsic-size container container-name container-type content
    content-visibility counter-increment counter-reset cursor display filter flex
    flex-basis flex-direction flex-flow flex-grow flex-shrink flex-wrap float font
    font-family font-feature-settings font-kerning font-optical-sizing font-size
    font-size-adjust font-style font-synthesis font-variant font-variant-numeric
    font-variation-settings font-weight forced-color-adjust gap grid grid-area
    grid-auto-columns grid-auto-flow grid-auto-rows grid-column grid-row
    grid-template grid-template-areas grid-template-columns grid-template-rows
    height hyphens image-rendering inline-size inset inset-block inset-inline
    isolation justify-content justify-items justify-self left letter-spacing
    line-clamp line-height list-style margin margin-block margin-inline margin-left
    margin-top mask mask-image max-block-size max-height max-inline-size max-width
    min-block-size min-height min-inline-size min-width mix-blend-mode object-fit
    object-position offset opacity order outline outline-offset overflow
    overflow-anchor overflow-clip-margin overflow-wrap overflow-x overflow-y
    overscroll-behavior padding padding-block padding-inline paint-order perspective
    place-content place-items place-self pointer-events position print-color-adjust
    quotes resize right rotate row-gap scale scroll-behavior scroll-margin
    scroll-padding scroll-snap-align scroll-snap-type scrollbar-color
    scrollbar-gutter scrollbar-width shape-outside tab-size table-layout text-align
    text-align-last text-decoration text-decoration-color text-decoration-line
    text-decoration-skip-ink text-decoration-style text-decoration-thickness
    text-emphasis text-indent text-justify text-orientation text-overflow
    text-rendering text-shadow text-size-adjust text-transform text-underline-offset
    text-underline-position text-wrap top touch-action transform transform-origin
    transform-style transition transition-property translate user-select
    vertical-align view-transition-name visibility white-space width will-change
    word-break word-spacing word-wrap writing-mode z-index zoom
    """
)
_KEYWORDS = {
    "display": _words(
        """
        none block inline inline-block flex inline-flex grid inline-grid flow-root
        flow contents table table-row table-cell table-caption table-column
        table-column-group table-header-group table-footer-group table-row-group
        inline-table list-item ruby ruby-text math -webkit-box -webkit-inline-box
        """
    ),
    "position": _words("static relative absolute fixed sticky"),
    "visibility": _words("visible hidden collapse"),
    "overflow": _words("visible hidden clip scroll auto overlay"),
    "content-visibility": _words("visible hidden auto"),
}
# Prefixes Chromium never supports.
_FOREIGN_PREFIXES = ("-moz-", "-ms-", "-o-")


def supports_matches(prelude: Sequence[ast.Node]) -> bool | None:
    """Whether an ``@supports`` condition holds in Chromium; None when unknown."""
    return _condition(_significant(prelude))


def _significant(nodes: Sequence[ast.Node]) -> list[ast.Node]:
    return [
        node
        for node in nodes
        if not isinstance(node, ast.WhitespaceToken | ast.Comment)
    ]


def _condition(nodes: list[ast.Node]) -> bool | None:
    if not nodes:
        return None
    first = nodes[0]
    if isinstance(first, ast.IdentToken) and first.lower_value == "not":
        if len(nodes) != 2:
            return None
        inner = _in_parens(nodes[1])
        return None if inner is None else not inner
    results = [_in_parens(nodes[0])]
    operator: str | None = None
    index = 1
    while index < len(nodes):
        word = nodes[index]
        if not isinstance(word, ast.IdentToken) or index + 1 >= len(nodes):
            return None
        if word.lower_value not in ("and", "or") or operator not in (
            None,
            word.lower_value,
        ):
            return None  # mixing "and" and "or" without parentheses is invalid
        operator = word.lower_value
        results.append(_in_parens(nodes[index + 1]))
        index += 2
    if operator == "or":
        if any(result is True for result in results):
            return True
        return None if None in results else False
    if any(result is False for result in results):
        return False
    return None if None in results else True


def _in_parens(node: ast.Node) -> bool | None:
    if isinstance(node, ast.FunctionBlock):
        if node.lower_name == "selector":
            return _selector(tinycss2.serialize(node.arguments).strip())
        return None  # font-tech(), font-format(): unknown
    if not isinstance(node, ast.ParenthesesBlock):
        return None
    inner = _significant(node.content)
    colon = next(
        (
            index
            for index, token in enumerate(inner)
            if isinstance(token, ast.LiteralToken) and token.value == ":"
        ),
        None,
    )
    if colon is None:
        return _condition(inner)
    if colon != 1 or not isinstance(inner[0], ast.IdentToken):
        return False
    return _declaration(inner[0].lower_value, inner[2:])


def _declaration(name: str, value: list[ast.Node]) -> bool | None:
    if not value:
        return False
    if name.startswith("--"):
        return True
    if name.startswith(_FOREIGN_PREFIXES):
        return False
    if name not in _CHROMIUM_PROPERTIES:
        return None
    keywords = _KEYWORDS.get(name)
    if keywords is None:
        return True
    words = [node.lower_value for node in value if isinstance(node, ast.IdentToken)]
    if len(words) != len(value):
        return None
    return all(word in keywords or word in _GLOBAL for word in words)


def _selector(text: str) -> bool | None:
    import cssselect

    try:
        parsed = cssselect.parse(text)
        translator = cssselect.HTMLTranslator()
        for selector in parsed:
            translator.selector_to_xpath(selector)
    except (cssselect.SelectorError, cssselect.ExpressionError):
        return None
    return True
