"""Style sheets and attributes that take text out of view: display, visibility,
rules, their cascade and the prefilter that skips rule blocks."""

from __future__ import annotations

import time

import pytest
from html_pages import CREDIT, hidden_reasons, page

from reprint.model import HiddenReason, ProblemCode, Region

# --- display and visibility -------------------------------------------------------

HIDING_CASES = [
    ("<p>By <!-- Rikki Kersten --> staff</p>", HiddenReason.HTML_COMMENT),
    ("<p>x</p><script>var a = 'Rikki Kersten';</script>", HiddenReason.SCRIPT),
    (
        '<script type="application/ld+json">{"author": "Rikki Kersten"}</script>'
        "<p>x</p>",
        HiddenReason.SCRIPT,
    ),
    ("<style>/* Rikki Kersten */ p { color: red }</style><p>x</p>", HiddenReason.STYLE),
    ("<template><p>Rikki Kersten</p></template><p>x</p>", HiddenReason.TEMPLATE),
    ("<noscript><p>Rikki Kersten</p></noscript><p>x</p>", HiddenReason.NOSCRIPT),
    ("<p>x</p><div hidden><p>Rikki Kersten</p></div>", HiddenReason.HIDDEN_ATTRIBUTE),
    ('<form><input type="hidden" value="Rikki Kersten"></form><p>x</p>',
     HiddenReason.HIDDEN_INPUT),
    ('<p>x <span style="display: none">Rikki Kersten</span></p>',
     HiddenReason.DISPLAY_NONE),
    ('<p>x <span style="color:red;DISPLAY:NONE !important">Rikki Kersten</span></p>',
     HiddenReason.DISPLAY_NONE),
    ('<p>x <span style="visibility:hidden">Rikki Kersten</span></p>',
     HiddenReason.VISIBILITY_HIDDEN),
    ('<p>x</p><dialog><p>Rikki Kersten</p></dialog>', HiddenReason.DISPLAY_NONE),
    # A hidden ancestor hides every descendant, however deep.
    ('<div style="display:none"><section><p><b>Rikki Kersten</b></p></section></div>',
     HiddenReason.DISPLAY_NONE),
]  # fmt: skip
HIDING_IDS = [
    "comment", "script", "json-ld", "style", "template", "noscript", "hidden-attribute",
    "hidden-input", "inline-display-none", "inline-important-upper-case",
    "inline-visibility-hidden", "closed-dialog", "hidden-ancestor",
]  # fmt: skip


@pytest.mark.parametrize(("body", "reason"), HIDING_CASES, ids=HIDING_IDS)
def test_hidden_markup_keeps_credit_out_of_visible_text(
    body: str, reason: HiddenReason
) -> None:
    document = page(body)
    assert CREDIT not in document.text
    assert hidden_reasons(document, CREDIT) == [reason]


def test_meta_content_is_hidden_metadata_text() -> None:
    document = page("<p>x</p>", head='<meta name="author" content="Rikki Kersten">')
    assert CREDIT not in document.text
    [meta] = [block for block in document.hidden if block.text == CREDIT]
    assert meta.reason is HiddenReason.METADATA
    assert meta.location.region is Region.METADATA
    assert meta.location.detail == 'meta[name="author"]'


STYLE_RULE_CASES = [
    ("span { display: none }", '<span>Rikki Kersten</span>'),
    (".credit { display: none }", '<span class="credit">Rikki Kersten</span>'),
    ("#c { display: none }", '<span id="c">Rikki Kersten</span>'),
    ("div.credit#x { display: none }",
     '<div class="a credit" id="x">Rikki Kersten</div>'),
    (".credit.small { visibility: hidden }",
     '<span class="small credit">Rikki Kersten</span>'),
    ("a, .b { display: none }", '<span class="b">Rikki Kersten</span>'),
    ("article .credit { display: none }",
     '<article><div><span class="credit">Rikki Kersten</span></div></article>'),
    ("article > .credit { display: none }",
     '<article><p class="credit">Rikki Kersten</p></article>'),
    # span.c inherits from the visible p (a class beats "p *"); the b matches "p *".
    ("p * { visibility: hidden } .c { visibility: inherit }",
     '<p><span class="c">by <b>Rikki Kersten</b></span></p>'),
    ("@media screen { .credit { display: none } }",
     '<span class="credit">Rikki Kersten</span>'),
    ("/* a theme */ .credit{color:red} .credit{display:none}",
     '<span class="credit">Rikki Kersten</span>'),
    # Bootstrap 5 positions .visually-hidden:not(caption).
    (".credit:not(caption) { display: none }",
     '<span class="credit">Rikki Kersten</span>'),
    # :not(#x) weighs as an id, so it beats the later class rule.
    (".credit:not(#x) { display: none } .credit.shown { display: block }",
     '<span class="credit shown">Rikki Kersten</span>'),
    # Selectors Level 4 as browsers ship it, matched by cssselect (issue 12).
    ("[data-x] { display: none }", '<p data-x="1">Rikki Kersten</p>'),
    ("h2 + p { display: none }", '<h2>t</h2><p>Rikki Kersten</p>'),
    ("h2 ~ p { display: none }", '<h2>t</h2><div></div><p>Rikki Kersten</p>'),
    (".credit:not(:hover) { display: none }", '<p class="credit">Rikki Kersten</p>'),
    ("div > p:last-child { display: none }",
     '<div><p>Visible words</p><p>Rikki Kersten</p></div>'),
    (":is(.a, .credit) { display: none }", '<p class="credit">Rikki Kersten</p>'),
    (".cr\\65 dit { display: none }", '<p class="credit">Rikki Kersten</p>'),
    ("@media (min-width: 1px) { .credit { display: none } }",
     '<p class="credit">Rikki Kersten</p>'),
    (":root { --d: none } .credit { display: var(--d) }",
     '<p class="credit">Rikki Kersten</p>'),
]  # fmt: skip
STYLE_RULE_IDS = [
    "tag", "class", "id", "compound", "two-classes", "selector-list", "descendant",
    "child", "universal-descendant", "media-screen", "later-rule", "not-tag",
    "not-id-specificity", "attribute", "adjacent-sibling", "general-sibling",
    "not-hover", "last-child", "is", "escaped-class", "media-min-width",
    "custom-property",
]  # fmt: skip


@pytest.mark.parametrize(("css", "body"), STYLE_RULE_CASES, ids=STYLE_RULE_IDS)
def test_style_rule_hides_credit(css: str, body: str) -> None:
    document = page(f"<p>Visible words</p>{body}", head=f"<style>{css}</style>")
    assert CREDIT not in document.text
    assert "Visible words" in document.text
    assert hidden_reasons(document, CREDIT)


SHOWN_CASES = [
    # The rule does not match: the child combinator needs a direct parent.
    ("article > .credit { display: none }",
     '<article><div><span class="credit">Rikki Kersten</span></div></article>'),
    # Unsupported selectors never hide (attribute, pseudo-class, sibling).
    # A reader's pointer is not over the credit: :hover rules do not apply.
    ("p:hover { display: none } a:hover p { display: none }",
     '<h2>t</h2><p data-x="1">Rikki Kersten</p>'),
    # Selectors a browser matches elsewhere, not on the credit.
    ("[data-y] { display: none } h3 + p { display: none } p:first-child "
     "{ display: none }", '<h2>t</h2><p data-x="1">Rikki Kersten</p>'),
    # Print-only and width-dependent rules are not what a desktop reader sees.
    ("@media print { .credit { display: none } }",
     '<p class="credit">Rikki Kersten</p>'),
    # An id beats a class, whatever the order.
    ("#c { display: block } .credit { display: none }",
     '<p class="credit" id="c">Rikki Kersten</p>'),
    # A style attribute beats a rule that is not !important.
    (".credit { display: none }",
     '<p class="credit" style="display:block">Rikki Kersten</p>'),
    # An author display overrides the UA rule for [hidden], as in browsers.
    (".shown { display: block }", '<p class="shown" hidden>Rikki Kersten</p>'),
    # visibility: visible shows a descendant of a visibility: hidden element.
    (".box { visibility: hidden } .box .credit { visibility: visible }",
     '<div class="box">secret <p class="credit">Rikki Kersten</p></div>'),
    # A property named like "-x-display" is not display.
    (".credit { -x-display: none; border-display: none }",
     '<p class="credit">Rikki Kersten</p>'),
    (".credit:not(p) { display: none } .credit:hover { display: none }",
     '<p class="credit">Rikki Kersten</p>'),
]  # fmt: skip
SHOWN_IDS = [
    "child-combinator-no-match", "hover", "engine-selectors-not-matching",
    "media-print",
    "id-beats-class", "style-attribute-beats-rule", "display-beats-hidden-attribute",
    "visibility-visible",
    "prefixed-property", "not-matching-tag-or-hover",
]  # fmt: skip


@pytest.mark.parametrize(("css", "body"), SHOWN_CASES, ids=SHOWN_IDS)
def test_rule_that_does_not_apply_leaves_credit_visible(css: str, body: str) -> None:
    document = page(body, head=f"<style>{css}</style>")
    assert CREDIT in document.text
    assert not hidden_reasons(document, CREDIT)


def test_important_rule_beats_style_attribute() -> None:
    document = page(
        '<p class="credit" style="display:block">Rikki Kersten</p>',
        head="<style>.credit { display: none !important }</style>",
    )
    assert hidden_reasons(document, CREDIT) == [HiddenReason.DISPLAY_NONE]


# The style sheet drops rule blocks that name neither property before reading
# selectors; these rows sit next to such blocks or spell the property unusually.
PREFILTER_CASES = [
    (".credit{color:red} .credit { display : none !important }",
     '<p class="credit" style="display:block">Rikki Kersten</p>'),
    (".credit{color:red}@media screen{.x{margin:0}.credit{DISPLAY:NONE}}",
     '<p class="credit">Rikki Kersten</p>'),
    ("@media print{.x{color:red}}.credit{ Visibility:Hidden }",
     '<p class="credit">Rikki Kersten</p>'),
    (".credit{dv:1;vv:2;display:none}", '<p class="credit">Rikki Kersten</p>'),
]  # fmt: skip
PREFILTER_IDS = [
    "spaced-important", "upper-case-in-media", "after-print-block", "near-misses",
]  # fmt: skip


@pytest.mark.parametrize(("css", "body"), PREFILTER_CASES, ids=PREFILTER_IDS)
def test_hiding_rule_among_rules_without_display_is_honoured(
    css: str, body: str
) -> None:
    document = page(f"<p>Visible words</p>{body}", head=f"<style>{css}</style>")
    assert document.text == "Visible words"
    assert hidden_reasons(document, CREDIT)


def test_rule_without_display_or_visibility_changes_nothing() -> None:
    plain = page('<p>a <span class="c">b</span> c</p>')
    styled = page(
        '<p>a <span class="c">b</span> c</p>',
        head="<style>span.c { color: red; dis-play: none; visible: no }</style>",
    )
    assert styled.blocks == plain.blocks
    assert styled.hidden[1:] == plain.hidden  # only the <style> text is added
    assert [block.reason for block in styled.hidden] == [HiddenReason.STYLE]


def test_property_names_only_match_ascii_case_variants() -> None:
    # Python's IGNORECASE folds U+0131 (dotless i) to "i" and U+017F (long s) to
    # "s"; browsers do not, so "d\u0131splay" is an unknown property.
    document = page(
        '<p class="a">Rikki</p><p class="b">Kersten</p><p class="c">ANU</p>'
        '<p class="d">hidden</p>',
        head="<style>.a { d\u0131splay: none } .b { vi\u017fibility: hidden }"
        ".c { po\u017fition: absolute; left: -9999px } .d { DISPLAY: NONE }</style>",
    )
    assert [block.text for block in document.blocks] == ["Rikki", "Kersten", "ANU"]


def test_display_none_cannot_be_undone_by_a_descendant() -> None:
    document = page(
        '<div style="display:none"><p style="display:block;visibility:visible">'
        "Rikki Kersten</p></div>"
    )
    assert CREDIT not in document.text
    assert hidden_reasons(document, CREDIT) == [HiddenReason.DISPLAY_NONE]


def test_visibility_hidden_text_around_a_visible_child_stays_hidden() -> None:
    document = page(
        '<div style="visibility:hidden">before <span style="visibility:visible">'
        "Rikki Kersten</span> after</div>"
    )
    assert document.text == CREDIT
    assert [block.text for block in document.hidden] == ["before after"]


# --- matching cost (issue 14: an 18 KB page of descendant rules ran for minutes) ---

DEEP_NESTING = "<div>" * 500 + "<div>x</div>" * 1000 + "</div>" * 500


@pytest.mark.parametrize(
    "rules",
    [
        # 100 copies of one rule whose leftmost compound is on no ancestor.
        "p div div div div div div div{display:none}" * 100,
        # 100 copies of one rule that needs the root, 500 divs above each leaf.
        "html div div div div div div div{display:none}" * 100,
        # 200 different rules, each keyed on a class no ancestor carries.
        "".join(f".a{i} div div div div div div div{{color:red}}" for i in range(200)),
    ],
    ids=["absent-ancestor", "root-ancestor", "distinct-rules"],
)
def test_descendant_rules_over_deep_nesting_stay_fast(rules: str) -> None:
    start = time.process_time()
    document = page(DEEP_NESTING, head=f"<style>{rules}</style>")
    # Before: minutes (rules x elements x depth). Now about a second on a busy core.
    assert time.process_time() - start < 15
    hidden = "html" in rules
    assert (document.text.count("x") == 0) is hidden


def test_hiding_rule_with_an_unreadable_selector_is_applied_and_reported() -> None:
    # cssselect cannot read :focus-within; the rule is applied where its selector
    # without that pseudo-class matches, and the page says so.
    document = page(
        f'<p>Visible words</p><p class="credit">{CREDIT}</p>',
        head="<style>.credit:focus-within { display: none }</style>",
    )
    assert CREDIT not in document.text
    [problem] = document.problems
    assert problem.code == ProblemCode.UNEVALUATED_STYLE
    assert ".credit:focus-within" in problem.message


def test_hiding_rule_under_an_unknown_media_feature_is_applied_and_reported() -> None:
    document = page(
        f'<p class="credit">{CREDIT}</p><p>Visible words</p>',
        head="<style>@media (min-width: calc(10px)) { .credit { display: none } }"
        "@media (min-width: calc(10px)) { p { color: red } }</style>",
    )
    assert CREDIT not in document.text
    assert "Visible words" in document.text
    assert [p.code for p in document.problems] == [ProblemCode.UNEVALUATED_STYLE]
