"""The HTML page's charset and its publication metadata (JSON-LD, Open Graph, meta)."""

from __future__ import annotations

import codecs

import pytest
from html_pages import CREDIT, OPTIONS, fixture, page, read

from reprint.formats.html import meta
from reprint.formats.html.reader import decode_html, extract

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
    for name in sorted(meta._WEB_CODECS):
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
