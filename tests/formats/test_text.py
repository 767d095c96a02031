"""The Markdown and plain-text extractor: static-site posts and .txt files."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reprint.errors import EmptyInputError, ReprintError, UnsafeInputError
from reprint.formats.options import ExtractOptions
from reprint.formats.registry import extract_bytes
from reprint.formats.text import (
    decode_text,
    extract,
    extract_markdown,
    extract_plain_text,
)
from reprint.model import Document, Format, HiddenReason, Region

MARKDOWN_FIXTURES = Path(__file__).resolve().parents[2] / "fixtures/html/markdown"
CREDIT = "Rikki Kersten"
OPTIONS = ExtractOptions()


def markdown(source: str) -> Document:
    return extract_markdown(source.encode("utf-8"), OPTIONS)


def texts(document: Document) -> list[str]:
    return [block.text for block in document.blocks]


# --- plain text -------------------------------------------------------------------


def test_plain_text_paragraphs_split_at_blank_lines_with_line_numbers() -> None:
    data = b"Japan, the US Alliance\nand Asia\n\n \n\nRikki Kersten  \r\n\r\nNo. 1\n"
    document = extract_plain_text(data, OPTIONS)
    assert texts(document) == ["Japan, the US Alliance\nand Asia", CREDIT, "No. 1"]
    assert [b.location.detail for b in document.blocks] == [
        "line 1",
        "line 6",
        "line 8",
    ]
    assert [b.location.paragraph for b in document.blocks] == [1, 2, 3]
    assert document.format is Format.TEXT
    assert document.hidden == ()


def test_plain_text_keeps_markdown_like_characters() -> None:
    document = extract(b"Costs 5 * 3 = 15, not *emphasis*.\n", OPTIONS)
    assert document.format is Format.TEXT
    assert texts(document) == ["Costs 5 * 3 = 15, not *emphasis*."]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\xef\xbb\xbfRikki Kersten \xe2\x80\x93 caf\xc3\xa9", "Rikki Kersten – café"),
        ("\ufeffRikki Kersten – café".encode("utf-16-le"), "Rikki Kersten – café"),
        ("\ufeffRikki Kersten – café".encode("utf-16-be"), "Rikki Kersten – café"),
        ("Rikki Kersten – café".encode(), "Rikki Kersten – café"),
        ("Rikki Kersten – café".encode("cp1252"), "Rikki Kersten – café"),
    ],
    ids=["utf8-bom", "utf16le-bom", "utf16be-bom", "utf8", "windows-1252-fallback"],
)
def test_text_is_decoded_bom_first_then_utf8_then_windows_1252(
    data: bytes, expected: str
) -> None:
    assert decode_text(data) == expected


def test_empty_text_is_refused() -> None:
    with pytest.raises(EmptyInputError):
        extract(b" \n\n ", OPTIONS)


# --- Markdown ---------------------------------------------------------------------


def test_markdown_syntax_is_stripped() -> None:
    document = markdown(
        "# Japan and Asia\n\n"
        "By **Rikki** _Kersten_, see [the paper](https://x.example/p.pdf "
        '"t") and ![a map](map.png).\n\n'
        "- one\n- `two`\n\n"
        "> quoted ~~struck~~\n"
    )
    assert texts(document) == [
        "Japan and Asia",
        "By Rikki Kersten, see the paper and .",
        "one",
        "two",
        "quoted struck",
    ]
    assert document.format is Format.MARKDOWN
    assert document.blocks[0].location.region is Region.TITLE


def test_markdown_paragraph_lines_join_and_blank_lines_separate_blocks() -> None:
    document = markdown("Rikki\nKersten\n\nDepartment of\nInternational Relations\n")
    assert texts(document) == [CREDIT, "Department of International Relations"]


def test_markdown_html_comment_is_hidden() -> None:
    document = markdown("Text.\n\n<!-- credit: Rikki Kersten -->\n")
    assert CREDIT not in document.text
    assert [b.reason for b in document.hidden if CREDIT in b.text] == [
        HiddenReason.HTML_COMMENT
    ]


def test_raw_html_display_none_in_markdown_is_hidden() -> None:
    document = markdown('Text by <span style="display:none">Rikki Kersten</span>.\n')
    assert document.text == "Text by ."
    assert [b.reason for b in document.hidden if CREDIT in b.text] == [
        HiddenReason.DISPLAY_NONE
    ]


@pytest.mark.parametrize(
    ("markup", "reason"),
    [
        ('<span style="color:#fff">Rikki Kersten</span>',
         HiddenReason.BACKGROUND_COLOUR),
        ('<span style="font-size:0">Rikki Kersten</span>', HiddenReason.TINY_TEXT),
        ('<span style="opacity:0">Rikki Kersten</span>', HiddenReason.TRANSPARENT),
        ('<span style="position:absolute;left:-9999px">Rikki Kersten</span>',
         HiddenReason.OFF_PAGE),
    ],
    ids=["white", "font-size-zero", "opacity-zero", "off-page"],
)  # fmt: skip
def test_raw_html_styled_out_of_sight_in_markdown_is_hidden(
    markup: str, reason: HiddenReason
) -> None:
    document = markdown(f"Text by {markup}.\n")
    assert document.text == "Text by ."
    assert [b.reason for b in document.hidden if CREDIT in b.text] == [reason]


def test_raw_html_light_text_on_a_dark_box_in_markdown_is_visible() -> None:
    document = markdown(
        '<div style="background:#222">\n\n<span style="color:#fff">Rikki Kersten'
        "</span>\n\n</div>\n"
    )
    assert document.text == CREDIT


def test_raw_html_tags_in_markdown_are_stripped() -> None:
    document = markdown(
        '<div class="credit">\n\n**Rikki** <em>Kersten</em>\n\n</div>\n'
    )
    assert texts(document) == [CREDIT]


def test_yaml_front_matter_is_hidden_metadata_and_feeds_the_publication() -> None:
    document = extract((MARKDOWN_FIXTURES / "jekyll-post.md").read_bytes(), OPTIONS)
    assert document.format is Format.MARKDOWN
    front = document.hidden[0]
    assert front.reason is HiddenReason.METADATA
    assert front.location.region is Region.METADATA
    assert "author: Rikki Kersten" in front.text
    assert "layout: post" not in document.text
    publication = document.publication
    assert publication.title == "Japan, the US Alliance and Asia"
    assert publication.author == CREDIT
    assert publication.published == "2011-08-01 09:00:00 +1000"
    assert publication.url == "https://jekyll.example/2011/08/01/japan.html"
    assert (
        "Reprinted from the ANU–MASI Policy Background Paper series: see the paper."
        in (document.text)
    )
    hidden = {b.reason: b.text for b in document.hidden}
    assert "MacArthur Foundation" not in document.text
    assert hidden[HiddenReason.DISPLAY_NONE] == "MacArthur Foundation"
    assert "Department of International Relations" in hidden[HiddenReason.HTML_COMMENT]


def test_toml_front_matter_feeds_the_publication() -> None:
    document = extract((MARKDOWN_FIXTURES / "hugo-post.md").read_bytes(), OPTIONS)
    publication = document.publication
    assert publication.title == "Japan, the US Alliance and Asia"
    assert publication.author == CREDIT  # from a TOML list
    assert publication.published == "2011-08-01T09:00:00+10:00"
    assert texts(document)[0] == "Summary"
    assert "MacArthur Foundation" in texts(document)[-1]
    assert "+++" not in document.text


@pytest.mark.parametrize(
    ("front_matter", "author"),
    [
        ("author: 'Rikki Kersten'  # the writer", CREDIT),
        ("authors: [Rikki Kersten, David Envall]", "Rikki Kersten, David Envall"),
        (
            'author:\n  - "Rikki Kersten"\n  - David Envall',
            "Rikki Kersten, David Envall",
        ),
        ("author:", None),
    ],
    ids=["quoted-with-comment", "flow-list", "block-list", "empty"],
)
def test_yaml_author_forms(front_matter: str, author: str | None) -> None:
    document = markdown(f"---\n{front_matter}\n---\nBody.\n")
    assert document.publication.author == author
    assert texts(document) == ["Body."]


def test_broken_toml_front_matter_is_still_hidden() -> None:
    document = markdown('+++\ntitle = "unterminated\n+++\nBody.\n')
    assert texts(document) == ["Body."]
    assert document.hidden[0].text == 'title = "unterminated'
    assert document.publication.title is None


def test_first_heading_is_the_title_without_front_matter() -> None:
    assert (
        markdown("Intro.\n\n# Japan and Asia\n").publication.title == "Japan and Asia"
    )


def test_deeply_nested_raw_html_in_markdown_is_refused() -> None:
    with pytest.raises(UnsafeInputError, match="max_html_depth"):
        markdown("<div>" * 1000 + "x" + "</div>" * 1000)


def test_deeply_nested_blockquotes_do_not_recurse_without_bound() -> None:
    document = markdown(">" * 5000 + " deep\n\nRikki Kersten\n")
    assert texts(document)[-1] == CREDIT


def test_registry_sends_markdown_and_text_here() -> None:
    assert (
        extract_bytes(b"# T\n\nRikki *Kersten*\n", "post.md").text == "T\n\n" + CREDIT
    )
    plain = extract_bytes(b"Rikki Kersten\n", "notes.txt")
    assert (plain.format, plain.text) == (Format.TEXT, CREDIT)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_raise_only_reprint_errors(data: bytes) -> None:
    with contextlib.suppress(ReprintError):
        extract(data, OPTIONS)


_MARKDOWN_BITS = st.sampled_from(
    ["#", "*", "_", "`", "[", "]", "(", ")", "!", ">", "-", "+", "---", "+++", "\n",
     "<div>", "</div>", "<!--", "-->", "|", "~~", "    ", "1.", "&amp;", "\t", ":"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=10), _MARKDOWN_BITS), max_size=60))
def test_arbitrary_markdown_raises_only_reprint_errors(parts: list[str]) -> None:
    with contextlib.suppress(ReprintError):
        markdown("".join(parts))


_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.lists(_WORD, min_size=1, max_size=8), min_size=1, max_size=6),
    st.data(),
)
def test_markdown_text_is_stable_under_whitespace_noise(
    paragraphs: list[list[str]], data: st.DataObject
) -> None:
    clean = "\n\n".join(" ".join(words) for words in paragraphs)
    # Spaces and single newlines between words, and extra blank lines between
    # paragraphs, are whitespace a reader never sees.
    noisy = "\n\n\n".join(
        "".join(
            word + data.draw(st.sampled_from([" ", "  ", "\n", " \n"]))
            for word in words
        )
        for words in paragraphs
    )
    assert texts(markdown(noisy)) == texts(markdown(clean))
