"""CSS that leaves text in the layout but unseen: size, colour, opacity, offsets,
clipping."""

from __future__ import annotations

import pytest
from html_pages import CREDIT, hidden_reasons, page

from reprint.formats.html import visibility
from reprint.model import HiddenReason

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
    assert len(visibility.NAMED_COLOURS) == 148
    assert visibility.parse_colour("rebeccapurple") == (102, 51, 153, 1.0)
    assert visibility.parse_colour("#ABCD") == (170, 187, 204, 221 / 255)
    assert visibility.parse_colour("rgb(10% 20% 30% / 50%)") == (
        25.5, 51.0, 76.5, 0.5,
    )  # fmt: skip
    assert visibility.parse_colour("hsl(120deg 100% 25%)") == (0, 127.5, 0, 1.0)
    assert visibility.parse_colour("#12345") is None


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
