"""The HTML reader: text layout, regions, real producers' pages, hostile input."""

from __future__ import annotations

import contextlib
import socket

import pytest
from html_pages import (
    CREDIT,
    HTML_FIXTURES,
    OPTIONS,
    block_with,
    fixture,
    hidden_reasons,
    page,
    read,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from reprint.errors import ReprintError, UnsafeInputError
from reprint.formats.html.reader import extract, extract_markup
from reprint.formats.options import ExtractOptions
from reprint.formats.registry import extract_bytes
from reprint.limits import Limits
from reprint.model import Document, Format, HiddenReason, Region

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


DEEP_CALC = "calc(" + "(" * 5000 + "0px" + ")" * 5000 + ")"


@pytest.mark.parametrize(
    "markup",
    [
        f"<head><style>.c {{ font-size: {DEEP_CALC} }}</style></head>"
        '<body><p class="c">Rikki Kersten</p></body>',
        f'<body><p style="font-size: {DEEP_CALC}">Rikki Kersten</p></body>',
    ],
    ids=["sheet", "style-attribute"],
)
def test_css_brackets_nested_thousands_deep_are_refused_not_a_crash(
    markup: str,
) -> None:
    # tinycss2 reads and writes nested blocks recursively: this overflowed Python's
    # stack and ended in an internal error (exit 70, a traceback).
    with pytest.raises(UnsafeInputError, match="nests brackets thousands deep"):
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


@pytest.mark.parametrize(
    "head",
    [
        "<style>body{display:none}</style>",
        "<style>html{visibility:hidden}</style>",
        "<style>.async-hide{opacity:0 !important}</style>",
    ],
    ids=["body-display-none", "html-visibility-hidden", "anti-flicker-opacity"],
)
def test_page_hidden_until_a_script_runs_says_so_and_suggests_the_browser(
    head: str,
) -> None:
    body = (
        '<p class="async-hide">Rikki Kersten wrote this.</p>'
        "<script>document.body.style.display='block'</script>"
    )
    document = page(body, head=head)
    assert document.text == ""
    [problem] = document.problems
    assert "until one of its scripts runs" in problem.message
    assert "--render" in problem.message


def test_page_hidden_without_a_script_is_simply_empty() -> None:
    document = page("<p>Rikki Kersten</p>", head="<style>body{display:none}</style>")
    assert document.text == ""
    assert document.problems == ()


@pytest.mark.parametrize(
    "tag", ["video", "audio", "canvas", "iframe", "meter", "progress"]
)
def test_fallback_content_of_elements_browsers_render_is_hidden(tag: str) -> None:
    document = page(f"<p>Shown words.</p><{tag}>Credit in the fallback</{tag}>")
    assert "Credit in the fallback" not in document.text
    assert "Shown words." in document.text
    if tag != "iframe":  # an <iframe>'s content is raw text a parser may keep or drop
        assert hidden_reasons(document, "Credit in the fallback") == [
            HiddenReason.FALLBACK_CONTENT
        ]


def test_an_objects_fallback_is_read_it_shows_when_the_data_does_not_load() -> None:
    document = page('<object data="missing.bin">Credit in the fallback</object>')
    assert "Credit in the fallback" in document.text
