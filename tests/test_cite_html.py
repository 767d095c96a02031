"""HTML as citeproc-js and Zotero give it, the standalone page, links, and Markdown
that CommonMark renders to the same text and tags as the HTML."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from pathlib import Path

import html5lib
import pytest
from lxml import etree
from markdown_it import MarkdownIt

from reprint.bibpage import BibliographyLayout, label_width
from reprint.cite import CiteFormat, OnlineCopy, format_citation
from reprint.csl import STYLES, CslStyle, render
from reprint.errors import UsageError
from reprint.markup import Markup
from reprint.work import Work

GOLDENS = Path(__file__).parent / "goldens" / "cite"
ONLINE = OnlineCopy("https://example.org/papers/kersten-2011", dt.date(2025, 5, 6))
LINK_GOLDENS = sorted((GOLDENS / "links").glob("*/online-bibliography.html.txt"))
# citeproc-js's tags and CommonMark's for the same emphasis.
_SAME_TAG = {"i": "em", "b": "strong"}
# The containers are HTML's alone; Markdown has a paragraph instead.
_CONTAINERS = {"div", "p"}


class _Inline(HTMLParser):
    """The text of an HTML fragment with its inline tags, containers dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _CONTAINERS:
            return
        shown = " ".join(f'{k}="{v}"' for k, v in attrs)
        self.pieces.append(f"<{_SAME_TAG.get(tag, tag)}{' ' if shown else ''}{shown}>")

    def handle_endtag(self, tag: str) -> None:
        # Between a left-margin label and its text, HTML has a block edge where
        # Markdown and plain text have a space.
        self.pieces.append(
            " " if tag in _CONTAINERS else f"</{_SAME_TAG.get(tag, tag)}>"
        )

    def handle_data(self, data: str) -> None:
        self.pieces.append(data)


def _inline(fragment: str) -> str:
    parser = _Inline()
    parser.feed(fragment)
    parser.close()
    return " ".join("".join(parser.pieces).split())


CASES = [
    (style, in_text, online)
    for style in STYLES
    for in_text in (False, True)
    for online in (None, ONLINE)
]


@pytest.mark.parametrize(
    ("style", "in_text", "online"),
    CASES,
    ids=[
        f"{s}-{'citation' if t else 'bibliography'}{'-online' if o else ''}"
        for s, t, o in CASES
    ],
)
def test_markdown_renders_as_the_html_does(
    style: str, in_text: bool, online: OnlineCopy | None, work: Work
) -> None:
    chosen = CslStyle.from_id(style)
    markdown = format_citation(
        work, fmt=CiteFormat.MARKDOWN, style=chosen, in_text=in_text, online=online
    )
    as_html = format_citation(
        work, fmt=CiteFormat.HTML, style=chosen, in_text=in_text, online=online
    )
    rendered = MarkdownIt("commonmark").render(markdown)
    assert rendered.startswith("<p>")  # one paragraph, no list, no heading
    assert _inline(rendered) == _inline(as_html)


_PROBE = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Probe</title><id>probe</id><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation><layout>
    <text variable="citation-number" vertical-align="sup"/>
  </layout></citation>
  <bibliography><layout>
    <names variable="author"><name font-variant="small-caps"/></names>
    <text variable="title" prefix=", " vertical-align="sub"/>
    <text variable="publisher" prefix=", " text-decoration="underline"/>
  </layout></bibliography>
</style>"""
_RECORD = {
    "id": "Probe1",
    "type": "report",
    "title": "Japan & Asia",
    "publisher": "ANU",
    "author": [{"family": "Kersten", "given": "Rikki"}],
}


@pytest.mark.parametrize("in_text", [True, False], ids=["citation", "bibliography"])
def test_markdown_keeps_superscript_small_caps_as_inline_html(in_text: bool) -> None:
    style = CslStyle.from_xml(_PROBE.encode(), "probe")
    markdown = render(_RECORD, style, Markup.MARKDOWN, in_text=in_text)
    as_html = render(_RECORD, style, Markup.HTML, in_text=in_text)
    if in_text:
        assert markdown == "<sup>1</sup>"
    else:
        assert markdown == (
            '<span style="font-variant:small-caps;">Rikki Kersten</span>, '
            "<sub>Japan & Asia</sub>, "
            '<span style="text-decoration:underline;">ANU</span>'
        )
    assert _inline(MarkdownIt("commonmark").render(markdown)) == _inline(as_html)


@pytest.mark.parametrize("style", STYLES)
def test_html_bibliography_is_in_citeproc_js_container(style: str, work: Work) -> None:
    rendered = format_citation(work, fmt=CiteFormat.HTML, style=CslStyle.from_id(style))
    assert rendered == (GOLDENS / style / "bibliography.html.txt").read_text(
        "utf-8"
    ).removesuffix("\n")
    assert rendered.startswith('<div class="csl-bib-body">\n  <div class="csl-entry">')


def test_every_style_has_a_links_golden() -> None:
    assert [p.parent.name for p in LINK_GOLDENS] == sorted(STYLES)


@pytest.mark.parametrize(
    "path", LINK_GOLDENS, ids=[p.parent.name for p in LINK_GOLDENS]
)
def test_links_wrap_the_url_as_citeproc_js_does(path: Path, work: Work) -> None:
    style = CslStyle.from_id(path.parent.name)
    rendered = format_citation(
        work, fmt=CiteFormat.HTML, style=style, online=ONLINE, links=True
    )
    assert rendered == path.read_text("utf-8").removesuffix("\n")
    assert '<a href="https://example.org/papers/kersten-2011">' in rendered


def test_links_escape_the_address_in_the_attribute(work: Work) -> None:
    online = OnlineCopy("https://example.org/a?b=1&c=%22x%22", dt.date(2025, 5, 6))
    rendered = format_citation(
        work, fmt=CiteFormat.HTML, online=online, links=True, style=None
    )
    assert '<a href="https://example.org/a?b=1&#38;c=%22x%22">' in rendered


def test_links_and_standalone_are_for_html_only(work: Work) -> None:
    with pytest.raises(UsageError, match="html only"):
        format_citation(work, fmt=CiteFormat.TEXT, links=True)
    with pytest.raises(UsageError, match="html only"):
        format_citation(work, fmt=CiteFormat.MARKDOWN, standalone=True)


def _page(work: Work, style: str, **options: str) -> str:
    return format_citation(
        work,
        fmt=CiteFormat.HTML,
        style=CslStyle.from_id(style),
        standalone=True,
        locale=options.get("locale"),
    )


@pytest.mark.parametrize("style", STYLES)
def test_standalone_page_is_a_whole_html5_document(style: str, work: Work) -> None:
    page = _page(work, style)
    # Parsed by the HTML5 algorithm with every parse error raised.
    tree = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page)
    assert page.startswith("<!DOCTYPE html>\n")
    assert tree.get("lang") == "en-US"
    assert tree.find("head/meta[@charset='utf-8']") is not None
    assert tree.findtext("head/title") == work.title
    body = format_citation(work, fmt=CiteFormat.HTML, style=CslStyle.from_id(style))
    assert f"<body>\n{body}\n</body>" in page


def test_standalone_page_lang_is_the_locale(work: Work) -> None:
    page = _page(work, "apa", locale="de-DE")
    assert '<html lang="de-DE">' in page


@pytest.mark.parametrize(
    ("style", "rules"),
    [
        (
            "apa",  # hanging-indent="true" line-spacing="2" entry-spacing="0"
            [
                ".csl-bib-body { line-height: 2; }",
                ".csl-entry { clear: left; padding-left: 2em; text-indent: -2em; }",
                ".csl-entry:not(:last-child) { margin-bottom: 0em; }",
            ],
        ),
        (
            "harvard-cite-them-right",  # no layout options: CSL's defaults
            [
                ".csl-bib-body { line-height: 1; }",
                ".csl-entry { clear: left; }",
                ".csl-entry:not(:last-child) { margin-bottom: 1em; }",
            ],
        ),
        (
            "ieee",  # second-field-align="flush", "[1]" three characters wide
            [
                ".csl-left-margin { float: left; padding-right: 0.5em; "
                "text-align: right; width: 3em; }",
                ".csl-right-inline { margin: 0 .4em 0 3.5em; }",
            ],
        ),
    ],
)
def test_standalone_css_is_the_styles_layout(
    style: str, rules: list[str], work: Work
) -> None:
    page = _page(work, style)
    for rule in rules:
        assert f"{rule}\n" in page


def test_label_width_counts_the_labels_characters() -> None:
    body = (
        '<div class="csl-left-margin">[1]</div>'
        '<div class="csl-left-margin">&#91;10]</div>'
    )
    assert label_width(body) == 4
    assert label_width("<div>no label</div>") == 0


@pytest.mark.parametrize(
    ("attributes", "expected"),
    [
        ("", BibliographyLayout()),
        (' hanging-indent="true"', BibliographyLayout(hanging_indent=True)),
        (' line-spacing="0" entry-spacing="-1"', BibliographyLayout()),
        (' entry-spacing="0"', BibliographyLayout(entry_spacing=0)),
    ],
)
def test_layout_options_default_as_csl_says(
    attributes: str, expected: BibliographyLayout
) -> None:
    xml = (
        '<style xmlns="http://purl.org/net/xbiblio/csl">'
        f"<bibliography{attributes}/></style>"
    )
    assert BibliographyLayout.from_style(etree.fromstring(xml)) == expected
