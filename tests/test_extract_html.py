"""The HTML extractor: what a browser shows, what it hides and why, and metadata."""

from __future__ import annotations

import codecs
import contextlib
import socket
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reprint.errors import ReprintError, UnsafeInputError
from reprint.formats.html import meta as html_meta
from reprint.formats.html import visibility as css_visibility
from reprint.formats.html.reader import decode_html, extract, extract_markup
from reprint.formats.options import ExtractOptions
from reprint.formats.registry import extract_bytes
from reprint.limits import Limits
from reprint.model import Document, Format, HiddenReason, Region

HTML_FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "html"
CREDIT = "Rikki Kersten"
OPTIONS = ExtractOptions()


def read(markup: str) -> Document:
    return extract(markup.encode("utf-8"), OPTIONS)


def page(body: str, head: str = "") -> Document:
    return read(f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>")


def fixture(name: str) -> Document:
    return extract((HTML_FIXTURES / name).read_bytes(), OPTIONS)


def hidden_reasons(document: Document, needle: str) -> list[HiddenReason]:
    return [block.reason for block in document.hidden if needle in block.text]


def block_with(document: Document, needle: str) -> str:
    return next(block.text for block in document.blocks if needle in block.text)


# --- visibility -------------------------------------------------------------------

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
]  # fmt: skip
STYLE_RULE_IDS = [
    "tag", "class", "id", "compound", "two-classes", "selector-list", "descendant",
    "child", "universal-descendant", "media-screen", "later-rule", "not-tag",
    "not-id-specificity",
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
    ("[data-x] { display: none } p:hover { display: none } h2 + p { display: none }",
     '<h2>t</h2><p data-x="1">Rikki Kersten</p>'),
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
    (".credit:not(p) { display: none } .credit:not(:hover) { display: none }",
     '<p class="credit">Rikki Kersten</p>'),
]  # fmt: skip
SHOWN_IDS = [
    "child-combinator-no-match", "unsupported-selectors", "media-print",
    "id-beats-class", "style-attribute-beats-rule", "display-beats-hidden-attribute",
    "visibility-visible",
    "prefixed-property", "not-matching-tag-or-unsupported",
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


# --- CSS that leaves text in layout but unseen -------------------------------------

# Each rule has a hidden case and a visible look-alike that a sloppy check would
# also hide (or a hidden look-alike it would show). (head CSS, body, reason or None)
LOOK_CASES = [
    # font-size
    (".note { font-size: 0 }", '<p class="note">Rikki Kersten</p>',
     HiddenReason.TINY_TEXT),
    ("", '<p style="font-size:0.5px">Rikki Kersten</p>', HiddenReason.TINY_TEXT),
    ("", '<p style="font-size:0.6pt">Rikki Kersten</p>', HiddenReason.TINY_TEXT),
    ("", '<p style="font: 0/0 a">Rikki Kersten</p>', HiddenReason.TINY_TEXT),
    # em and % stay relative to the zero size of the parent.
    (".note { font-size: 0 } .note b { font-size: 1.5em }",
     '<p class="note"><b>Rikki Kersten</b></p>', HiddenReason.TINY_TEXT),
    ("", '<p style="font-size:0"><b style="font-size:120%">Rikki Kersten</b></p>',
     HiddenReason.TINY_TEXT),
    ("", '<p style="font-size:12px">Rikki Kersten</p>', None),
    # An absolute size on a child shows it again (inline-block layouts do this).
    (".row { font-size: 0 } .row span { font-size: 1rem }",
     '<div class="row"><span>Rikki Kersten</span></div>', None),
    ("", '<div style="font-size:0"><span style="font-size:14px">Rikki Kersten</span>'
     "</div>", None),
    ("", '<p style="font-size:1.5em">Rikki Kersten</p>', None),
    # colour against the background
    ("", '<p style="color:#fff">Rikki Kersten</p>', HiddenReason.BACKGROUND_COLOUR),
    ("", '<p style="color:#FFFFFF">Rikki Kersten</p>', HiddenReason.BACKGROUND_COLOUR),
    (".c { color: white }", '<p class="c">Rikki Kersten</p>',
     HiddenReason.BACKGROUND_COLOUR),
    ("", '<p style="color:rgb(254, 254, 254)">Rikki Kersten</p>',
     HiddenReason.BACKGROUND_COLOUR),
    ("body { background: #14213d; color: #fff } .c { color: #14213d }",
     '<p class="c">Rikki Kersten</p>', HiddenReason.BACKGROUND_COLOUR),
    ("", '<div style="background-color:navy"><p style="color:#000080">Rikki Kersten'
     "</p></div>", HiddenReason.BACKGROUND_COLOUR),
    ("", '<p style="color:transparent">Rikki Kersten</p>',
     HiddenReason.BACKGROUND_COLOUR),
    ("", '<p style="color:rgba(0,0,0,0)">Rikki Kersten</p>',
     HiddenReason.BACKGROUND_COLOUR),
    ("", '<p style="color:#0000">Rikki Kersten</p>', HiddenReason.BACKGROUND_COLOUR),
    ("", '<p style="color:hsl(0, 0%, 100%)">Rikki Kersten</p>',
     HiddenReason.BACKGROUND_COLOUR),
    # The colour is inherited from where it is set.
    (".box { color: #fff }", '<div class="box"><p><em>Rikki Kersten</em></p></div>',
     HiddenReason.BACKGROUND_COLOUR),
    ("", '<div style="background:#222"><p style="color:#fff">Rikki Kersten</p></div>',
     None),
    ("body { background-color: #000; color: #fff }", "<p>Rikki Kersten</p>", None),
    ("", '<p style="color:#fff;background:#14213d url(x.png)">Rikki Kersten</p>',
     None),
    ("", '<p style="color:#777">Rikki Kersten</p>', None),
    ("", '<p style="color:rgba(0,0,0,0.6)">Rikki Kersten</p>', None),
    ("", '<p style="color:var(--light)">Rikki Kersten</p>', None),
    # opacity
    ("", '<div style="opacity:0">Rikki Kersten</div>', HiddenReason.TRANSPARENT),
    (".fade { opacity: 0 }",
     '<div class="fade"><p style="opacity:1;visibility:visible">Rikki Kersten</p>'
     "</div>", HiddenReason.TRANSPARENT),
    ("", '<div style="opacity:0.5">Rikki Kersten</div>', None),
    ("", '<div style="opacity:50%"><p style="opacity:0.8">Rikki Kersten</p></div>',
     None),
    # off-screen positioning
    (".source-label { text-indent: -9999px; overflow: hidden; white-space: nowrap }",
     '<p class="source-label">Rikki Kersten</p>', HiddenReason.OFF_PAGE),
    ("", '<h2 style="text-indent:-100em">Rikki <b>Kersten</b></h2>',
     HiddenReason.OFF_PAGE),
    ("", '<p style="text-indent:2em">Rikki Kersten</p>', None),
    # text-indent moves only the first line of a block; an inline element has none.
    ("", '<p>x <span style="text-indent:-9999px">Rikki Kersten</span></p>', None),
    ("", '<div style="position:absolute;left:-9999px">Rikki Kersten</div>',
     HiddenReason.OFF_PAGE),
    (".off { position: fixed; top: -10000px }",
     '<p class="off"><span>Rikki Kersten</span></p>', HiddenReason.OFF_PAGE),
    ("", '<div style="position:absolute;left:-20px">Rikki Kersten</div>', None),
    # left means nothing to a statically positioned element.
    ("", '<div style="left:-9999px">Rikki Kersten</div>', None),
    # negative margins push the box away; an inline box has no vertical margin.
    (".seo { margin-left: -9999px }", '<p class="seo">Rikki Kersten</p>',
     HiddenReason.OFF_PAGE),
    ("", '<div style="margin:0 0 0 -10000px">Rikki Kersten</div>',
     HiddenReason.OFF_PAGE),
    ("", '<div style="margin:-5000px">Rikki Kersten</div>', HiddenReason.OFF_PAGE),
    ("", '<div style="margin-left:-100vw">Rikki Kersten</div>', HiddenReason.OFF_PAGE),
    ("", '<p>x <span style="margin-top:-9999px">Rikki Kersten</span></p>', None),
    (".row { margin: 0 -15px }", '<div class="row"><p>Rikki Kersten</p></div>', None),
    # transforms move or collapse a box; inline boxes are not transformed.
    (".off { transform: translateX(-9999px) }", '<div class="off">Rikki Kersten</div>',
     HiddenReason.OFF_PAGE),
    ("", '<div style="transform: translate( 0, -10000px )">Rikki Kersten</div>',
     HiddenReason.OFF_PAGE),
    ("", '<div style="transform:translate3d(-9999px,0,0)">Rikki Kersten</div>',
     HiddenReason.OFF_PAGE),
    ("", '<div style="transform:matrix(1,0,0,1,-9999,0)">Rikki Kersten</div>',
     HiddenReason.OFF_PAGE),
    ("", '<div style="transform:scale(0)">Rikki Kersten</div>', HiddenReason.TINY_TEXT),
    (".collapsed { transform: scaleY(0) }",
     '<section class="collapsed"><p>Rikki Kersten</p></section>',
     HiddenReason.TINY_TEXT),
    (".modal { position: absolute; top: 50%; left: 50%; "
     "transform: translate(-50%, -50%) }",
     '<div class="modal">Rikki Kersten</div>', None),
    ("", '<p>x <span style="transform:translateX(-9999px)">Rikki Kersten</span></p>',
     None),
    ("", '<div style="transform:rotate(-45deg) scale(1.2)">Rikki Kersten</div>', None),
    # screen-reader-only patterns
    (".sr-only { position: absolute; width: 1px; height: 1px; padding: 0; "
     "margin: -1px; overflow: hidden; clip: rect(0,0,0,0); border: 0 }",
     '<span class="sr-only">Rikki Kersten</span>', HiddenReason.CLIPPED),
    (".screen-reader-text { clip: rect(1px, 1px, 1px, 1px); "
     "position: absolute !important }",
     '<span class="screen-reader-text">Rikki Kersten</span>', HiddenReason.CLIPPED),
    (".vh { clip-path: inset(50%); height: 1px; width: 1px; position: absolute }",
     '<span class="vh">Rikki Kersten</span>', HiddenReason.CLIPPED),
    ("", '<div style="width:1px;height:1px;overflow:hidden">Rikki Kersten</div>',
     HiddenReason.CLIPPED),
    ("", '<div style="width:1px">Rikki Kersten</div>', None),
    ("", '<div style="height:1px;overflow:visible">Rikki Kersten</div>', None),
    # clip needs an absolutely positioned box; width and height need a box.
    ("", '<div style="clip:rect(0 0 0 0)">Rikki Kersten</div>', None),
    ("", '<p><span style="width:1px;height:1px;overflow:hidden">Rikki Kersten</span>'
     "</p>", None),
    ("", '<div style="position:absolute;clip:rect(0 200px 40px 0)">Rikki Kersten'
     "</div>", None),
    # aria-hidden hides from screen readers only; print rules are not the screen.
    (".credit { }", '<p class="credit" aria-hidden="true">Rikki Kersten</p>', None),
    ("@media print { .credit { font-size: 0; color: #fff; opacity: 0 } }",
     '<p class="credit">Rikki Kersten</p>', None),
]  # fmt: skip
LOOK_IDS = [
    "font-size-zero-rule", "font-size-half-px", "font-size-under-1pt",
    "font-shorthand-zero", "em-under-zero", "percent-under-zero", "font-size-12px",
    "rem-resets-zero", "px-resets-zero", "font-size-em",
    "white-on-default-page", "white-upper-case-six-digit", "named-white",
    "near-white-rgb", "body-colour-as-text", "named-navy-on-navy", "transparent",
    "rgba-alpha-zero", "hex-alpha-zero", "hsl-white",
    "inherited-white", "white-on-dark", "body-dark-background",
    "white-on-image-background", "grey", "half-transparent-black", "unknown-colour",
    "opacity-zero", "ancestor-opacity-zero", "opacity-half", "opacity-product",
    "text-indent-class", "text-indent-em", "text-indent-2em", "text-indent-inline",
    "absolute-left", "fixed-top-child", "absolute-small-left", "static-left",
    "margin-left-class", "margin-shorthand-left", "margin-all-sides",
    "margin-viewport", "inline-margin-top", "bootstrap-row-margin",
    "translate-x", "translate-y-spaces", "translate3d", "matrix-translate",
    "scale-zero", "scale-y-zero-ancestor", "centering-translate", "inline-transform",
    "rotate-and-grow",
    "bootstrap-sr-only", "wordpress-screen-reader-text", "clip-path-inset",
    "one-pixel-box", "width-1px-alone", "height-1px-overflow-visible",
    "clip-not-positioned", "inline-one-pixel", "clip-rect-large",
    "aria-hidden", "media-print",
]  # fmt: skip


@pytest.mark.parametrize(("css", "body", "reason"), LOOK_CASES, ids=LOOK_IDS)
def test_css_that_leaves_text_unseen_hides_it_and_look_alikes_show(
    css: str, body: str, reason: HiddenReason | None
) -> None:
    document = page(f"<p>Visible words</p>{body}", head=f"<style>{css}</style>")
    assert "Visible words" in document.text
    if reason is None:
        assert CREDIT in document.text
        assert not hidden_reasons(document, CREDIT)
    else:
        assert CREDIT not in document.text
        assert hidden_reasons(document, CREDIT) == [reason]


def test_text_after_a_hiding_element_is_visible_again() -> None:
    document = page(
        '<p>Rikki <span style="color:#fff">secret</span> Kersten</p>'
        '<p style="opacity:0">gone</p><p>Department</p>'
    )
    assert [block.text for block in document.blocks] == [CREDIT, "Department"]
    assert [(b.text, b.reason) for b in document.hidden] == [
        ("secret", HiddenReason.BACKGROUND_COLOUR),
        ("gone", HiddenReason.TRANSPARENT),
    ]


def test_named_colour_table_has_the_css_colours() -> None:
    # CSS Color 4 names 148 colours; "transparent" is a keyword beside them.
    assert len(css_visibility.NAMED_COLOURS) == 148
    assert css_visibility.parse_colour("rebeccapurple") == (102, 51, 153, 1.0)
    assert css_visibility.parse_colour("#ABCD") == (170, 187, 204, 221 / 255)
    assert css_visibility.parse_colour("rgb(10% 20% 30% / 50%)") == (
        25.5, 51.0, 76.5, 0.5,
    )  # fmt: skip
    assert css_visibility.parse_colour("hsl(120deg 100% 25%)") == (0, 127.5, 0, 1.0)
    assert css_visibility.parse_colour("#12345") is None


def test_a_page_colour_rule_is_kept_beside_theme_rules_without_it() -> None:
    # The style sheet prefilter drops rule blocks naming no property it reads;
    # "transition: color" names none, "color" after it does.
    document = page(
        '<p>Visible words</p><p class="c">Rikki Kersten</p>',
        head="<style>.c{transition:color .2s}.x{margin:0}.c{margin:0;color:#fff}"
        "</style>",
    )
    assert document.text == "Visible words"
    assert hidden_reasons(document, CREDIT) == [HiddenReason.BACKGROUND_COLOUR]


# --- text layout ------------------------------------------------------------------


def test_inline_elements_never_split_a_word() -> None:
    document = page("<p><span>Kers</span>ten, <b>R</b><i>ik</i><a href='#'>ki</a></p>")
    assert document.text == "Kersten, Rikki"


def test_hidden_inline_element_does_not_split_the_visible_word() -> None:
    document = page('<p>Kers<span style="display:none">xx</span>ten</p>')
    assert document.text == "Kersten"


@pytest.mark.parametrize(
    "tag",
    ["p", "div", "li", "h2", "td", "section", "article", "header", "footer", "aside",
     "figure", "figcaption", "blockquote", "pre", "tr", "dd", "nav", "main"],
)  # fmt: skip
def test_block_element_separates_blocks(tag: str) -> None:
    document = read(f"<body>before<{tag}>inside</{tag}>after</body>")
    assert [block.text for block in document.blocks] == ["before", "inside", "after"]


def test_br_is_a_line_break_inside_one_block() -> None:
    document = page(
        "<p>Rikki Kersten<br>Department of<br/>\n International Relations</p>"
    )
    assert [block.text for block in document.blocks] == [
        "Rikki Kersten\nDepartment of\nInternational Relations"
    ]


def test_whitespace_collapses_like_a_browser_except_in_pre() -> None:
    document = page("<p>\n  Rikki \t\n  Kersten  </p><pre>  a\n    b</pre>")
    assert [block.text for block in document.blocks] == ["Rikki Kersten", "  a\n    b"]


def test_entities_are_decoded() -> None:
    document = page(
        "<p>Caf&eacute; &amp; R&#233;sum&#xE9; &ndash; a&nbsp;b &lt;p&gt;</p>"
    )
    assert document.text == "Café & Résumé – a\u00a0b <p>"


def test_css_display_changes_what_breaks_a_line() -> None:
    document = page(
        '<section>Kers<div style="display:inline">ten</div></section>'
        '<p>one<span style="display:block">two</span></p>'
    )
    assert [block.text for block in document.blocks] == ["Kersten", "one", "two"]


def test_paragraphs_are_numbered_in_reading_order() -> None:
    document = page("<h1>T</h1><p>a</p><ul><li>b</li><li>c</li></ul>")
    assert [block.location.paragraph for block in document.blocks] == [1, 2, 3, 4]


def test_location_detail_points_at_the_enclosing_blocks() -> None:
    document = page(
        '<article id="post"><div class="entry-content wp"><p>x</p></div></article>'
    )
    assert document.blocks[0].location.detail == "article#post > div.entry-content > p"


# --- regions ----------------------------------------------------------------------

REGION_CASES = [
    ("<header><p>Rikki Kersten</p></header>", Region.HEADER),
    ('<div role="banner">Rikki Kersten</div>', Region.HEADER),
    ("<footer><p>Rikki Kersten</p></footer>", Region.FOOTER),
    ('<div role="contentinfo"><p>Rikki Kersten</p></div>', Region.FOOTER),
    ("<aside><p>Rikki Kersten</p></aside>", Region.SIDEBAR),
    ('<div role="complementary">Rikki Kersten</div>', Region.SIDEBAR),
    ("<figure><img src='x'><figcaption>Rikki Kersten</figcaption></figure>",
     Region.CAPTION),
    ("<table><caption>Rikki Kersten</caption><tr><td>1</td></tr></table>",
     Region.CAPTION),
    ("<table><tr><td>Rikki Kersten</td></tr></table>", Region.TABLE),
    # A layout table inside a footer is still footer text.
    ("<footer><table><tr><td>Rikki Kersten</td></tr></table></footer>", Region.FOOTER),
    ('<div class="footnotes"><p>Rikki Kersten</p></div>', Region.FOOTNOTE),
    ('<ol id="footnote-list"><li>Rikki Kersten</li></ol>', Region.FOOTNOTE),
    ('<section class="footnotes" role="doc-endnotes"><ol><li>Rikki Kersten</li></ol>'
     "</section>", Region.ENDNOTE),
    ("<h1>Rikki Kersten</h1>", Region.TITLE),
    ("<main><p>Rikki Kersten</p></main>", Region.BODY),
]  # fmt: skip
REGION_IDS = [
    "header", "role-banner", "footer", "role-contentinfo", "aside",
    "role-complementary", "figcaption", "table-caption", "table-cell",
    "footer-layout-table", "footnote-class",
    "footnote-id", "doc-endnotes", "h1-title", "body",
]  # fmt: skip


@pytest.mark.parametrize(("body", "region"), REGION_CASES, ids=REGION_IDS)
def test_region_is_assigned_from_markup(body: str, region: Region) -> None:
    document = page(f"<p>lead</p>{body}")
    [block] = [block for block in document.blocks if CREDIT in block.text]
    assert block.location.region is region


# --- charsets ---------------------------------------------------------------------

CHARSET_FIXTURES = [
    "charset-utf8-bom.html",
    "charset-utf16le-bom.html",
    "charset-utf16be-bom.html",
    "charset-meta-windows-1252.html",
    "charset-meta-latin1.html",  # WHATWG: ISO-8859-1 means windows-1252 (curly quotes)
    "charset-undeclared-utf8.html",
    "charset-undeclared-windows-1252.html",
]


@pytest.mark.parametrize("name", CHARSET_FIXTURES)
def test_charset_is_detected_and_text_decoded(name: str) -> None:
    document = fixture(name)
    assert document.text == (
        "Reprinted from a paper by Rikki Kersten – “Japan’s middle-power status”, café."
    )


def test_utf16_without_bom_is_recognised_by_its_nul_bytes() -> None:
    markup = "<html><body><p>Rikki Kersten – café</p></body></html>"
    for codec in ("utf-16-le", "utf-16-be"):
        assert extract(markup.encode(codec), OPTIONS).text == "Rikki Kersten – café"


def test_meta_charset_label_is_not_applied_twice_by_the_parser() -> None:
    # Decoded as windows-1252 once; libxml2 must not re-decode on seeing the meta.
    data = '<meta charset="windows-1252"><p>café – “x”</p>'.encode("cp1252")
    assert extract(data, OPTIONS).text == "café – “x”"


def test_unknown_or_unsafe_charset_label_falls_back_to_detection() -> None:
    for label in ("rot13", "utf-7", "no-such-codec"):
        data = f'<meta charset="{label}"><p>café</p>'.encode()
        assert decode_html(data).endswith("<p>café</p>")


@pytest.mark.parametrize(
    ("label", "text"),
    [("windows-1251", "Кирилл"), ("KOI8-R", "Кирилл"), ("iso-8859-2", "Łódź"),
     ("Shift_JIS", "日本語"), ("euc-kr", "한국어"), ("latin2", "Łódź")],
)  # fmt: skip
def test_declared_legacy_charset_label_or_alias_is_used(label: str, text: str) -> None:
    codec = codecs.lookup(label).name
    data = f'<meta charset="{label}"><p>{text}</p>'.encode(codec)
    assert extract(data, OPTIONS).text == text


def test_web_codec_names_are_spelled_as_codecs_lookup_spells_them() -> None:
    # The allow-list is compared with codecs.lookup(label).name; a name spelled
    # differently would make its encoding silently fall back to detection.
    for name in sorted(html_meta._WEB_CODECS):
        assert codecs.lookup(name).name == name


def test_invalid_utf8_under_a_utf8_declaration_becomes_replacement_characters() -> None:
    document = extract(b'<meta charset="utf-8"><p>Kersten \xff\xfe</p>', OPTIONS)
    assert document.text == "Kersten \ufffd\ufffd"


# --- metadata ---------------------------------------------------------------------


def test_json_ld_graph_and_open_graph_feed_the_publication() -> None:
    publication = fixture("wordpress.html").publication
    assert publication.title == "Japan, the US Alliance and Asia"
    assert publication.site_name == "East Asia Review"
    assert publication.url == "https://eastasiareview.example/japan/"
    assert publication.published == "2011-08-01T09:00:00+00:00"
    assert publication.author == CREDIT


def test_open_graph_alone_feeds_the_publication_and_skips_a_profile_url() -> None:
    publication = fixture("drupal.html").publication
    assert publication.site_name == "Asia Policy Forum"
    assert publication.url == "https://asiapolicy.example/node/42"
    assert publication.published == "2011-08-02T10:00:00+1000"
    assert publication.author is None  # article:author is a URL, not a name


def test_json_ld_author_list_and_url_are_read() -> None:
    document = read(
        '<script type="application/ld+json">{"@type": ["BlogPosting"], "headline": "H",'
        ' "author": [{"name": "Rikki Kersten"}, "David Envall"],'
        ' "mainEntityOfPage": {"@id": "https://x.example/p"},'
        ' "publisher": {"name": "ANU"}, "datePublished": "2011-08-01"}</script><p>x</p>'
    )
    assert document.publication.author == "Rikki Kersten, David Envall"
    assert document.publication.url == "https://x.example/p"
    assert document.publication.site_name == "ANU"
    assert document.publication.title == "H"


def test_title_element_and_meta_author_are_the_fallback() -> None:
    publication = page(
        "<p>x</p>",
        head='<title> Japan  and Asia </title><meta name="author" content="R K">',
    ).publication
    assert (publication.title, publication.author) == ("Japan and Asia", "R K")


@pytest.mark.parametrize(
    "script",
    ['{"@type": "Article", "headline": ', "[" * 100_000 + "]" * 100_000],
    ids=["broken-json", "absurdly-nested-json"],
)
def test_bad_json_ld_is_ignored(script: str) -> None:
    document = page(
        f'<script type="application/ld+json">{script}</script><p>Rikki Kersten</p>',
        head="<title>Fallback</title>",
    )
    assert document.publication.title == "Fallback"
    assert document.text == CREDIT


# --- real producers ---------------------------------------------------------------


def test_wordpress_credit_hidden_by_theme_rule_is_reported_hidden() -> None:
    document = fixture("wordpress.html")
    assert "MacArthur Foundation" not in document.text
    assert hidden_reasons(document, "MacArthur Foundation") == [
        HiddenReason.DISPLAY_NONE
    ]
    assert "wp:paragraph" in [block.text for block in document.hidden]
    assert "Related" not in document.text  # jetpack related posts, display: none
    assert hidden_reasons(document, "Skip to content") == [HiddenReason.CLIPPED]
    assert block_with(document, "Recent Posts")
    assert any(block.location.region is Region.SIDEBAR for block in document.blocks)
    [comment] = [b for b in document.blocks if "Thanks for republishing" in b.text]
    assert comment.location.detail.endswith("div.comment-content > p")


def test_drupal_credit_field_is_visible_in_the_body() -> None:
    document = fixture("drupal.html")
    [credit] = [b for b in document.blocks if "MacArthur Foundation" in b.text]
    assert credit.location.region is Region.BODY
    assert "field--name-field-credit" not in credit.location.detail  # first class only
    regions = {b.text: b.location.region for b in document.blocks}
    assert regions["Shinzo Abe"] is Region.TABLE
    assert regions["Prime ministers after Koizumi"] is Region.CAPTION
    assert regions["1. Reprinted with permission of the author."] is Region.FOOTNOTE
    assert (
        regions[
            "Content licensed from the Department of International Relations (ANU)."
        ]
        is Region.FOOTER
    )


def test_ghost_credit_under_visibility_hidden_is_hidden_but_its_icon_shows() -> None:
    document = fixture("ghost.html")
    assert "MacArthur Foundation" not in document.text.replace(
        "Reprinted courtesy of the MacArthur Foundation.", ""
    )
    assert HiddenReason.VISIBILITY_HIDDEN in hidden_reasons(
        document, "MacArthur Foundation"
    )
    assert HiddenReason.NOSCRIPT in hidden_reasons(document, "MacArthur Foundation")
    assert "\U0001f4a1" in document.text
    assert document.publication.author == CREDIT


def test_chromium_dump_holds_script_built_text_as_visible() -> None:
    document = fixture("chromium-dump.html")
    credit = block_with(document, "MacArthur Foundation")
    assert credit.startswith("This paper by Rikki Kersten")
    assert "Department of International Relations (ANU)" in hidden_reasons_text(
        document, HiddenReason.DISPLAY_NONE
    )
    assert "Template credit: Rikki Kersten" in hidden_reasons_text(
        document, HiddenReason.TEMPLATE
    )


def test_wordpress_screen_reader_text_credit_is_clipped_out_of_sight() -> None:
    document = fixture("wordpress-screen-reader-text.html")
    assert "MacArthur Foundation" not in document.text
    assert hidden_reasons(document, "MacArthur Foundation") == [HiddenReason.CLIPPED]
    assert hidden_reasons(document, "Skip to content") == [HiddenReason.CLIPPED]
    # The visible half of the paragraph, and light text on the dark footer, show.
    assert block_with(document, "By Rikki Kersten.") == "By Rikki Kersten."
    [footer] = [b for b in document.blocks if "powered by WordPress" in b.text]
    assert footer.location.region is Region.FOOTER


def test_bootstrap_visually_hidden_credit_and_light_text_on_a_card_are_hidden() -> None:
    document = fixture("bootstrap-sr-only.html")
    assert hidden_reasons(document, "MacArthur Foundation") == [HiddenReason.CLIPPED]
    assert hidden_reasons(document, "(current)") == [HiddenReason.CLIPPED]
    assert hidden_reasons(document, "International Relations, ANU") == [
        HiddenReason.BACKGROUND_COLOUR
    ]
    assert block_with(document, "Republished with permission of the author.")
    assert block_with(document, "Regional Review") == "Regional Review"


def test_chromium_dump_of_script_set_styles_is_read_in_its_serialised_form() -> None:
    # Chromium writes font-size: 0px; color: rgb(255, 255, 255); opacity: 0.
    document = fixture("chromium-styled-dump.html")
    found = {block.text: block.reason for block in document.hidden}
    assert found["Written by Rikki Kersten."] is HiddenReason.TINY_TEXT
    assert (
        found["Department of International Relations (ANU)."]
        is HiddenReason.BACKGROUND_COLOUR
    )
    assert found["Supported by the MacArthur Foundation."] is HiddenReason.TRANSPARENT
    assert found["Source: ANU–MASI Policy Background Paper."] is HiddenReason.OFF_PAGE
    assert block_with(document, "Reprinted with permission.")


def hidden_reasons_text(document: Document, reason: HiddenReason) -> str:
    return "\n".join(b.text for b in document.hidden if b.reason is reason)


def test_pandoc_footnote_is_an_endnote_and_title_block_is_read() -> None:
    document = fixture("pandoc.html")
    [note] = [b for b in document.blocks if "MacArthur Foundation" in b.text]
    assert note.location.region is Region.ENDNOTE
    assert document.blocks[0].location.region is Region.TITLE
    assert document.publication.author == CREDIT
    assert document.publication.published == "2011-08-01"


def test_sources_tsv_lists_every_fixture_with_producer_and_licence() -> None:
    rows = (HTML_FIXTURES / "SOURCES.tsv").read_text(encoding="utf-8").splitlines()
    assert rows[0].split("\t") == ["file", "producer", "producer_version", "licence"]
    listed = {row.split("\t")[0] for row in rows[1:]}
    on_disk = {
        str(path.relative_to(HTML_FIXTURES))
        for path in HTML_FIXTURES.rglob("*")
        if path.is_file() and path.name != "SOURCES.tsv"
    }
    assert listed == on_disk
    assert all(len(row.split("\t")) == 4 and all(row.split("\t")) for row in rows)


# --- hostile and broken input -----------------------------------------------------


@pytest.mark.parametrize("depth", [600, 100_000], ids=["over-limit", "absurd"])
def test_absurd_nesting_is_refused_naming_the_depth_limit(depth: int) -> None:
    markup = "<body>" + "<div>" * depth + "x" + "</div>" * depth + "</body>"
    with pytest.raises(UnsafeInputError, match=r"512 deep.*max_html_depth"):
        read(markup)


def test_nesting_between_libxml2_default_cap_and_the_limit_keeps_all_text() -> None:
    # libxml2 alone stops at depth 256 and silently drops the rest of the page.
    markup = "<body>" + "<div>" * 300 + "deep" + "</div>" * 300 + "<p>Rikki Kersten</p>"
    assert [block.text for block in read(markup).blocks] == ["deep", CREDIT]


def test_depth_limit_comes_from_the_options() -> None:
    options = ExtractOptions(limits=Limits(max_html_depth=20))
    markup = "<body>" + "<div>" * 30 + "x" + "</div>" * 30 + "</body>"
    with pytest.raises(UnsafeInputError, match="20 deep"):
        extract(markup.encode(), options)


def test_nothing_but_a_comment_gives_an_empty_document() -> None:
    document = extract(b"<!-- Rikki Kersten -->", OPTIONS)
    assert document.blocks == ()
    assert document.format is Format.HTML


def test_external_resources_are_never_fetched(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the extractor opened a socket")

    monkeypatch.setattr(socket, "socket", refuse)
    markup = (
        '<?xml version="1.0"?><!DOCTYPE html SYSTEM "http://127.0.0.1:9/x.dtd" '
        '[<!ENTITY e SYSTEM "http://127.0.0.1:9/e">]><html><head>'
        '<link rel="stylesheet" href="http://127.0.0.1:9/s.css">'
        '<style>@import url("http://127.0.0.1:9/t.css");</style></head>'
        '<body><p>&e;Rikki Kersten</p><img src="http://127.0.0.1:9/i.png"></body></html>'
    )
    assert CREDIT in read(markup).text


def test_script_content_is_data_and_never_run() -> None:
    document = page("<script>document.write('<p>Rikki Kersten</p>')</script><p>x</p>")
    assert document.text == "x"


def test_registry_sends_html_here() -> None:
    document = extract_bytes(b"<!doctype html><p>Rikki Kersten</p>", "page.html")
    assert document.format is Format.HTML
    assert document.text == CREDIT


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_raise_only_reprint_errors(data: bytes) -> None:
    with contextlib.suppress(ReprintError):
        extract(data, OPTIONS)


_TAGS = st.sampled_from(
    [
        "p",
        "div",
        "span",
        "b",
        "table",
        "td",
        "br",
        "pre",
        "li",
        "script",
        "style",
        "!--",
        "meta",
        "template",
        "svg",
        "title",
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(max_size=20),
            _TAGS.map(lambda t: f"<{t} style='display:none' hidden class=x>"),
            _TAGS.map(lambda t: f"</{t}>"),
            st.sampled_from(["&amp;", "&#0;", "&#x110000;", "<!", "<?x", "]]>", "-->"]),
        ),
        max_size=40,
    )
)
def test_arbitrary_markup_raises_only_reprint_errors(parts: list[str]) -> None:
    with contextlib.suppress(ReprintError):
        extract_markup("".join(parts), OPTIONS)


_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzé", min_size=1, max_size=8)
_SPACES = st.text(alphabet=" \t\n\r\f", min_size=1, max_size=4)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.lists(_WORD, min_size=1, max_size=8), min_size=1, max_size=6),
    st.data(),
)
def test_visible_text_is_stable_under_whitespace_noise(
    paragraphs: list[list[str]], data: st.DataObject
) -> None:
    clean = "".join(f"<p>{' '.join(words)}</p>" for words in paragraphs)
    noisy = "".join(
        data.draw(_SPACES)
        + "<p>"
        + data.draw(_SPACES)
        + "".join(word + data.draw(_SPACES) for word in words)
        + "</p>"
        for words in paragraphs
    )
    assert [b.text for b in page(noisy).blocks] == [b.text for b in page(clean).blocks]
