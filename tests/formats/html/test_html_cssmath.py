"""Sizes, offsets and opacities written as CSS math functions are judged as the value
they compute to. The page cases were checked in Chromium 1280×800 (computed font size,
opacity, the text's box and its left edge), not taken from reprint."""

from __future__ import annotations

import time

import pytest
from html_pages import CREDIT, hidden_reasons, page

from reprint.formats.html.cssmath import (
    evaluate_length,
    evaluate_number,
    substitute_math,
)
from reprint.model import HiddenReason


@pytest.mark.parametrize(
    ("value", "font_px", "basis", "px"),
    [
        ("calc(1px - 1px)", 16.0, None, 0.0),
        ("calc(16px * 0)", 16.0, None, 0.0),
        ("calc(1em + 0.5vw)", 16.0, None, 22.4),
        ("calc(2 * (1rem + 4px) / 4)", 10.0, None, 10.0),
        ("clamp(1rem, 2.5vw, 2rem)", 16.0, None, 32.0),
        ("min(10px, 1em, 50vh)", 20.0, None, 10.0),
        ("max(0px, -5px)", 16.0, None, 0.0),
        ("calc(-100vw - 10px)", 16.0, None, -1290.0),
        ("calc(50% + 2px)", 16.0, 20.0, 12.0),
        ("CALC(2EM)", 8.0, None, 16.0),
        ("calc(1vmin + 1vmax)", 16.0, None, 20.8),
    ],
)
def test_math_lengths_compute_as_a_browser_computes_them(
    value: str, font_px: float, basis: float | None, px: float
) -> None:
    assert evaluate_length(value, font_px, basis) == pytest.approx(px)


@pytest.mark.parametrize(
    "value",
    [
        "calc(100% - 20px)",  # no basis for the percentage
        "calc(1px * 2px)",  # a length times a length
        "calc(1px / 2px)",  # a division by a length
        "calc(1px + 2)",  # a sum of a length and a number
        "calc(1px -2px)",  # '-' is an operator only between spaces
        "calc(3 * attr(data-x px))",
        "calc(10px / 0)",
        "calc(1foo)",
        "calc()",
        "min(1px, 2)",
        "clamp(1px, 2px)",
        "calc(1px) 2px",
        "1px",  # not a math function: the caller reads plain values
    ],
)
def test_what_a_browser_could_not_compute_either_is_none(value: str) -> None:
    assert evaluate_length(value, 16.0) is None


def test_math_inside_a_value_is_replaced_by_what_it_computes_to() -> None:
    assert substitute_math("translateX(calc(-100vw - 10px))", 16.0) == (
        "translateX(-1290px)"
    )
    assert substitute_math("rotate(3deg) translateY(min(-2000px, 1em))", 16.0) == (
        "rotate(3deg) translateY(-2000px)"
    )
    assert substitute_math("translate(-webkit-calc(2em))", 8.0) == "translate(16px)"
    # A percentage has no basis here: left as written, for the caller to pass over.
    assert substitute_math("translate(calc(100% - 2px), 0)", 16.0) == (
        "translate(calc(100% - 2px), 0)"
    )
    assert substitute_math("scale(calc(1 - 1", 16.0) == "scale(calc(1 - 1"


def test_numbers_are_numbers_and_lengths_are_not() -> None:
    assert evaluate_number("calc(1 - 1)") == 0.0
    assert evaluate_number("clamp(0, 0.25 * 2, 1)") == 0.5
    assert evaluate_number("calc(1px)") is None


CASES = [
    (
        ":root { --f: 16px } .c { font-size: calc(var(--f) * 0) }",
        HiddenReason.TINY_TEXT,
    ),
    (".c { font-size: calc(1px - 1px) }", HiddenReason.TINY_TEXT),
    (".c { font-size: clamp(0px, 0vw, 0px) }", HiddenReason.TINY_TEXT),
    (".c { font-size: max(0px, -5px) }", HiddenReason.TINY_TEXT),
    (".c { font-size: 0.01vw }", HiddenReason.TINY_TEXT),
    (".c { opacity: calc(1 - 1) }", "as opacity: 0"),
    (".c { max-height: calc(0px * 2); overflow: hidden }", "as max-height: 0"),
    (".c { text-indent: calc(-100vw - 10px); overflow: hidden }", "as -9999px"),
    (".c { transform: translateX(calc(-100vw - 10px)) }", "as translateX(-9999px)"),
    (".c { transform: rotate(1deg) scale(calc(1 - 1)) }", "as scale(0)"),
    (".c { scale: calc(2 * 0) }", "as scale(0)"),
    (".c { transform: translateX(calc(100% - 2px)) }", None),
    (".c { transform: scale(clamp(0.5, 1, 2)) }", None),
    (".c { font-size: clamp(1rem, 2.5vw, 2rem) }", None),
    (".c { font-size: calc(1em + 0.5vw) }", None),
    (".c { width: calc(100% - 20px); overflow: hidden }", None),
    (".c { opacity: calc(0.5 + 0.5) }", None),
    (".c { text-indent: calc(1em + 2px) }", None),
    (".c { max-height: calc(10em); overflow: hidden }", None),
]
PLAIN = {
    "as opacity: 0": ".c { opacity: 0 }",
    "as max-height: 0": ".c { max-height: 0; overflow: hidden }",
    "as -9999px": ".c { text-indent: -9999px; overflow: hidden }",
    "as translateX(-9999px)": ".c { transform: translateX(-9999px) }",
    "as scale(0)": ".c { transform: scale(0) }",
}


def _reasons(css: str) -> list[HiddenReason]:
    document = page(
        f'<p>Visible words</p><p class="c">{CREDIT}</p>', head=f"<style>{css}</style>"
    )
    assert "Visible words" in document.text
    return hidden_reasons(document, CREDIT)


@pytest.mark.parametrize(("css", "expected"), CASES, ids=[c[0] for c in CASES])
def test_math_functions_hide_what_their_value_hides(
    css: str, expected: HiddenReason | str | None
) -> None:
    reasons = _reasons(css)
    if expected is None:
        assert reasons == []
    elif isinstance(expected, HiddenReason):
        assert reasons == [expected]
    else:
        plain = _reasons(PLAIN[expected])
        assert plain
        assert reasons == plain


def test_hostile_values_cost_little_and_never_raise() -> None:
    # Parentheses nested thousands deep overflow any recursive reader: not computed.
    deep = "calc(" + "(" * 3000 + "1px" + ")" * 3000 + ")"
    assert evaluate_length(deep, 16.0) is None
    # Many functions in one value are found in one pass (searching for each name
    # again from every function found was quadratic: 20,000 took seconds).
    many = "translateX(calc(1px)) " * 20_000
    started = time.process_time()
    assert substitute_math(many, 16.0) == "translateX(1px) " * 20_000
    assert time.process_time() - started < 2.0


def test_long_values_are_computed_but_not_kept() -> None:
    # After var() substitution a value may run to 64 KB; the cache outlives the page.
    from reprint.formats.html import cssmath

    long_value = "calc(" + " + ".join(["1px"] * 400) + ")"
    before = cssmath._compute_cached.cache_info().currsize
    assert evaluate_length(long_value, 16.0) == 400.0
    assert cssmath._compute_cached.cache_info().currsize == before
    assert evaluate_length("calc(3px + 4px)", 16.0) == 7.0
    assert cssmath._compute_cached.cache_info().currsize == before + 1
