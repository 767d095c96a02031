"""The cascade as Chromium computes it: layers, nesting, @supports, custom
properties, escapes, and CSS that only a real tokeniser reads right.

``fixtures/html/cascade/labels.tsv`` was labelled from headless Chromium
(``fixtures/make_cascade.py``); the browser agreement test reads the same pages
with both engines.
"""

from __future__ import annotations

import csv
import time

import pytest
import tinycss2
from html_pages import CREDIT, HTML_FIXTURES, page, read
from hypothesis import example, given, settings
from hypothesis import strategies as st

from reprint.api import check
from reprint.formats.html import sheets
from reprint.formats.html.css import NO_DECLARATION, StyleSheet
from reprint.formats.html.sheets import RuleState, read_rules
from reprint.formats.html.supports import supports_matches
from reprint.model import HiddenReason, ProblemCode, Verdict

CASES = HTML_FIXTURES / "cascade"
with (CASES / "labels.tsv").open(encoding="utf-8") as labels:
    ROWS = list(csv.DictReader(labels, delimiter="\t"))


@pytest.mark.parametrize("row", ROWS, ids=[row["file"] for row in ROWS])
def test_verdict_matches_chromium(row: dict[str, str]) -> None:
    report = check(CASES / row["file"])
    assert report.verdict is Verdict(row["expected"]), report.problems
    assert not report.problems


def _shown(head: str, body: str = "") -> bool:
    markup = body or f'<div><p class="c">{CREDIT}</p><p>other words</p></div>'
    return CREDIT in page(markup, head=f"<style>{head}</style>").text


@pytest.mark.parametrize(
    ("css", "is_shown"),
    [
        # Unlayered normal rules beat layered ones, whatever the specificity.
        ("@layer a{p.c{display:none}} .c{display:block}", True),
        # Later layers win; "@layer a, b" fixes the order before the blocks.
        ("@layer a,b; @layer b{.c{display:none}} @layer a{div p.c{display:block}}",
         False),
        # !important reverses layers: the earliest layer's wins, unlayered last.
        ("@layer a{.c{display:none!important}} @layer b{.c{display:block!important}}",
         False),
        ("@layer a{.c{display:none!important}} .c{display:block!important}", False),
        # An anonymous layer is its own layer, below unlayered rules.
        ("@layer{#x, .c{display:none}} p{display:block}", True),
        # CSS-wide keywords: visibility's initial value is visible, inherit is not.
        ("div{visibility:hidden} .c{visibility:initial}", True),
        ("div{visibility:hidden} .c{visibility:inherit}", False),
        # A declaration later in the same block wins unless the earlier is !important.
        (".c{display:none!important;display:block}", False),
        (".c{display:block;display:none}", False),
    ],
    ids=[
        "unlayered-beats-layered", "layer-order-statement", "important-layers",
        "important-layer-beats-unlayered", "anonymous-layer", "visibility-initial",
        "visibility-inherit", "important-in-block", "later-in-block",
    ],
)  # fmt: skip
def test_cascade_ranks_layers_importance_and_keywords(css: str, is_shown: bool) -> None:
    assert _shown(css) is is_shown


@pytest.mark.parametrize(
    ("css", "is_shown"),
    [
        # Each element inherits its ancestors' value, not the page's last one.
        (".a{--d:block} .b{--d:none} .c{display:var(--d)}", True),
        (".b{--d:block} .a{--d:none} .c{display:var(--d)}", False),
        # A section theme: white on the page's white is hidden, black is not.
        (":root{--c:#000} .a{--c:#fff} .c{color:var(--c)}", False),
        (":root{--c:#fff} .a{--c:#000} .c{color:var(--c)}", True),
        (":root{--o:1} .a{--o:0} .c{opacity:var(--o)}", False),
        (":root{--f:1em} .a{--f:0} .c{font-size:var(--f)}", False),
        # Light on a dark section is readable.
        (".a{--fg:#fff;--bg:#111} .a{color:var(--fg);background:var(--bg)}", True),
        (".a{--fg:#fff;--bg:#111} .a{color:var(--fg)}", False),
        # Custom properties cascade: !important, specificity, keywords.
        ("div .c{--d:block} .c{--d:none!important;display:var(--d)}", False),
        ("div .c{--d:block} .c{--d:none;display:var(--d)}", True),
        (".a{--d:none} .c{--d:initial;display:var(--d,block)}", True),
        (".a{--d:none} .c{--d:inherit;display:var(--d,block)}", False),
        (".a{--d:none} .c{--d:unset;display:var(--d,block)}", False),
        # A value built from others on the same element.
        (".a{--x:none} .c{--d:var(--x);display:var(--d)}", False),
        # Invalid at computed-value time: display is unset (inline, shown); an
        # unregistered custom property has no value (the fallback), not the
        # inherited one; a cycle invalidates its members whatever their fallbacks.
        (".c{display:var(--missing)}", True),
        (".a{--d:none} .c{--d:var(--nope);display:var(--d,block)}", True),
        (".c{--a:var(--b,none);--b:var(--a,none);display:var(--a,block)}", True),
        (".a{--a:var(--b);--b:var(--a)} .c{display:var(--a,none)}", False),
        # @property: inherits: false resets a value on each element.
        ("@property --x{syntax:'*';inherits:false} .a{--x:none}"
         " .c{display:var(--x,block)}", True),
        ("@property --x{syntax:'*';inherits:true} .a{--x:none}"
         " .c{display:var(--x,block)}", False),
        # ...its initial value applies where nothing sets it, and a value not of
        # its syntax is not taken.
        ("@property --x{syntax:'<color>';inherits:false;initial-value:#fff}"
         " .c{color:var(--x)}", False),
        ("@property --x{syntax:'<color>';inherits:true;initial-value:#fff}"
         " .a{--x:#222} .c{--x:12px;color:var(--x)}", True),
        # ...at computed-value time: the value of its syntax it beat in the
        # cascade does not come back, the initial value applies (as in Chromium).
        ("@property --x{syntax:'<color>';inherits:false;initial-value:#222}"
         " .c{--x:#fff} p.c{--x:12px} .c{color:var(--x)}", True),
        # A registration without initial value (syntax other than *) is invalid.
        ("@property --x{syntax:'<color>';inherits:false} .a{--x:#fff}"
         " .c{color:var(--x)}", False),
    ],
)  # fmt: skip
def test_custom_properties_are_computed_per_element(css: str, is_shown: bool) -> None:
    document = page(
        f'<div class="a"><p class="c">{CREDIT}</p></div>'
        '<div class="b"><p>Visible words</p></div>',
        head=f"<style>{css}</style>",
    )
    assert (CREDIT in document.text) is is_shown
    assert "Visible words" in document.text
    assert document.problems == ()


def test_custom_property_set_under_an_unevaluable_condition_is_reported() -> None:
    document = page(
        f'<div class="a"><p class="c">{CREDIT}</p></div><p>Visible words</p>',
        head="<style>@container (min-width:1px){.a{--d:none}}"
        " .c{display:var(--d,block)}</style>",
    )
    assert CREDIT not in document.text
    assert "Visible words" in document.text
    [problem] = document.problems
    assert problem.code is ProblemCode.UNEVALUATED_STYLE
    assert "display: var(--d,block)" in problem.message


def test_long_custom_property_values_stay_fast() -> None:
    # Each paragraph doubles a 32 KB value: 64 MB of substituted text. Values
    # are spliced as text, never parsed again (before: about 2 minutes).
    words = " ".join(["abc"] * 8000)
    body = "".join(
        f'<p style="--x{i}:var(--big) var(--big);color:var(--x{i})">w{i}</p>'
        for i in range(1000)
    )
    start = time.process_time()
    document = page(body, head=f"<style>:root{{--big:{words}}}</style>")
    assert time.process_time() - start < 15
    assert "w999" in document.text


def test_a_value_doubled_past_the_limit_is_assumed_hiding_and_reported() -> None:
    levels = "".join(
        f".l{n}{{--v{n}:var(--v{n - 1}) var(--v{n - 1})}}" for n in range(1, 9)
    )
    nested = "".join(f'<div class="l{n}">' for n in range(1, 9))
    document = page(
        f'{nested}<p class="c">{CREDIT}</p>{"</div>" * 8}<p>Visible words</p>',
        head=f"<style>:root{{--v0:{'x' * 999}}} {levels} .c{{color:var(--v8)}}</style>",
    )
    assert CREDIT not in document.text
    assert "Visible words" in document.text
    [problem] = document.problems
    assert problem.code is ProblemCode.UNEVALUATED_STYLE
    assert "color: var(--v8)" in problem.message


def test_custom_properties_cost_nothing_where_they_do_not_change() -> None:
    sheet = StyleSheet.from_css([":root{--c:#000} .a{--c:#000} .b{--c:#fff}"])
    properties = sheet.custom_properties()
    root_declaration = sheets.read_rules([":root{--c:#000}"]).rules[0].declaration
    _, root = properties.apply(root_declaration, None)
    same = sheets.read_rules([".a{--c:#000}"]).rules[0].declaration
    other = sheets.read_rules([".b{--c:#fff}"]).rules[0].declaration
    assert properties.apply(same, root)[1] is root  # shared, not copied
    assert properties.apply(NO_DECLARATION, root)[1] is root
    assert properties.apply(other, root)[1] == {"--c": "#fff"}


def test_custom_property_from_a_style_attribute_is_substituted() -> None:
    body = (
        f'<div style="--gone: none"><p style="display: var(--gone)">{CREDIT}</p>'
        "</div><p>Visible words</p>"
    )
    document = page(body)
    assert CREDIT not in document.text
    assert "Visible words" in document.text


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ("(display: grid)", True),
        ("(display: frobnicate)", False),
        ("not (display: grid)", False),
        ("(display: grid) and (position: sticky)", True),
        ("(-moz-appearance: none) or (display: flex)", True),
        ("(-moz-appearance: none)", False),
        ("(--anything: 1)", True),
        ("selector(:is(a, b))", True),
        ("(frobnicate-unknown: 1)", None),
        ("font-tech(color-COLRv1)", None),
        ("(display: grid) and (frobnicate-unknown: 1)", None),
        ("(display: grid) and (position: sticky) or (x: y)", None),
    ],
)
def test_supports_answers_as_chromium_or_says_it_cannot(
    condition: str, expected: bool | None
) -> None:
    [rule] = tinycss2.parse_stylesheet(f"@supports {condition} {{}}")
    assert supports_matches(rule.prelude) is expected


def test_rule_under_an_unknown_supports_condition_hides_and_is_reported() -> None:
    document = page(
        f'<p class="c">{CREDIT}</p><p>Visible words</p>',
        head="<style>@supports (frobnicate: 1) { .c { display: none } }</style>",
    )
    assert CREDIT not in document.text
    assert [p.code for p in document.problems] == [ProblemCode.UNEVALUATED_STYLE]


# The placeholder pass must never change what tinycss2 reads: the rules found with
# it are the rules found by parsing the whole sheet, whatever the sheet holds.
_PIECES = st.sampled_from(
    [".c", "p", " ", "\n", "{", "}", ";", ":", "display:none", "color:red", '"',
     "'", "\\", "/*", "*/", "/", "*", "@media screen", "@layer a", "--v:none",
     "var(--v)", ",", "&", "!important", "(", ")", "[", "]", "url(", "\r",
     "a{display:none}", "@supports (display:grid)", "@media print"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
@example('"a{display:none}a{display:none}"a{display:none}')  # a run inside a string
@example("/* x} a{display:none} */ p{color:red}")
def test_placeholders_keep_the_rules_tinycss2_reads(css: str) -> None:
    with_placeholders = read_rules([css]).rules
    whole = sheets._Reader()
    tree = tinycss2.parse_stylesheet(css, True, True)
    whole.walk(tree, RuleState.YES, (), "")

    def key(rule: sheets.SheetRule) -> tuple[str, sheets.Declaration]:
        return "".join(rule.selectors.split()), rule.declaration

    assert [key(rule) for rule in with_placeholders] == [
        key(rule) for rule in whole.rules
    ]


# --- what the UA sheet and the HTML parser decide ----------------------------------


def test_closed_drop_down_shows_only_its_chosen_option() -> None:
    document = page(
        "<p>x</p><select><option>One</option><option selected>Two</option>"
        "<option>Three</option></select>"
        "<select><option>Four</option><option>Five</option></select>"
        "<select multiple><option>Six</option><option>Seven</option></select>"
    )
    assert document.text.split() == ["x", "Two", "Four", "Six", "Seven"]
    hidden = {block.text: block.reason for block in document.hidden}
    assert hidden == {
        "One": HiddenReason.NOT_RENDERED,
        "Three": HiddenReason.NOT_RENDERED,
        "Five": HiddenReason.NOT_RENDERED,
    }


@pytest.mark.parametrize("size", ['width="0"', 'height="0px"', 'width="0" height="0"'])
def test_zero_size_svg_clips_its_foreign_object_text(size: str) -> None:
    document = page(
        f'<p>x</p><svg {size}><foreignObject width="600" height="200">'
        f"<p>{CREDIT}</p></foreignObject></svg>"
    )
    assert CREDIT not in document.text
    assert [block.reason for block in document.hidden] == [HiddenReason.CLIPPED]


def test_svg_with_a_size_shows_its_foreign_object_text() -> None:
    document = page(
        '<p>x</p><svg width="600" height="200"><foreignObject width="600" '
        f'height="200"><p>{CREDIT}</p></foreignObject></svg>'
    )
    assert CREDIT in document.text


def test_markup_after_the_end_of_html_is_read_into_the_body() -> None:
    document = read(
        "<html><body><p>x</p></body></html>\n<!-- tracker -->\n"
        f"<div><a href='/'><img src='a.gif'></a><br>{CREDIT}</div>"
    )
    assert document.text.split("\n\n") == ["x", CREDIT]


def test_link_takes_the_ua_link_colour_not_its_parents() -> None:
    # Link blue #0000ee on #444 is 1.03:1, under the contrast threshold; white is not.
    banner = '<div style="background:#444;color:#fff">{}</div>'
    document = page(banner.format(f'<a href="/">{CREDIT}</a> and more words'))
    assert CREDIT not in document.text
    assert "and more words" in document.text
    document = page(
        banner.format(f'<a href="/" style="color:inherit">{CREDIT}</a>'),
    )
    assert CREDIT in document.text


def test_var_with_one_value_in_a_colour_is_read() -> None:
    document = page(
        f'<div class="a"><p class="c">{CREDIT}</p></div><p>Visible words</p>',
        head="<style>:root{--c:#333} .c{color:var(--c)}</style>",
    )
    assert CREDIT in document.text
    assert document.problems == ()


@pytest.mark.parametrize(
    "style",
    [
        "mask-image:linear-gradient(transparent,transparent)",
        "-webkit-mask-image:url(mask.svg)",
        "mask:url(#m)",
    ],
)
def test_a_mask_is_assumed_hiding_and_said(style: str) -> None:
    # A mask paints through an image's alpha, which reprint does not compute.
    document = page(f'<p style="{style}">{CREDIT}</p><p>Visible words</p>')
    assert CREDIT not in document.text
    assert [p.code for p in document.problems] == [ProblemCode.UNEVALUATED_STYLE]


def test_no_mask_is_no_problem() -> None:
    document = page(f'<p style="mask:none">{CREDIT}</p><p>Visible words</p>')
    assert CREDIT in document.text
    assert document.problems == ()
