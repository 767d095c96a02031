"""PDF reading order and paragraphs: columns, rotation, hyphens, regions."""

from __future__ import annotations

import pytest
from pdf_files import SUMMARY_2, SUMMARY_3, read, starts

from reprint.formats.pdf.layout import (
    Flow,
    Line,
    Run,
    build_lines,
    build_paragraphs,
    is_undecodable,
)
from reprint.model import (
    Region,
)

# Reading order and paragraphs


def test_two_columns_drawn_row_by_row_are_read_column_by_column() -> None:
    document = read("reportlab-two-column.pdf")
    assert starts(document) == [
        "Japan, the US Alliance and Asi",
        "Rikki Kersten",
        "JAPAN'S security policy has un",
        "In its domestic politics, Japa",
        "Attempts to portray an integra",
        "What Japan is seeking in its t",
        "Unless Japan wholeheartedly an",
    ]
    # Lines of the left column run on without a line of the right one in between.
    assert "framework. These transformations have themselves occurred" in (
        document.blocks[2].text
    )


def test_page_shown_turned_is_read_as_shown() -> None:
    # /Rotate 90: the text runs up the page in PDF space, across it on screen.
    document = read("reportlab-rotated.pdf")
    assert starts(document) == [
        "Japan, the US Alliance and Asi",
        "Rikki Kersten",
        "Japan's security policy has un",
        "The debates during this period",
    ]
    assert document.blocks[3].text == SUMMARY_2


def test_line_end_hyphen_joins_a_word_but_real_hyphens_stay() -> None:
    text = read("reportlab-two-column.pdf").text
    assert "critical questioning of its international policy." in text
    assert "inter-" not in text
    assert "challenges to the US-Japan alliance." in text  # capital after the break
    assert "confused and self-defeating. Multiple" in text  # hyphen mid-line


def test_soft_hyphens_are_removed_and_join_a_word_at_a_line_end() -> None:
    lines = (
        Line("the inter\u00ad", 72.0, 100.0, 300.0, 112.0, 12.0),
        Line("national com\u00admunity", 72.0, 113.0, 300.0, 125.0, 12.0),
    )
    [paragraph] = build_paragraphs([Flow(1, lines)])
    assert paragraph.text == "the international community"


def test_word_gaps_between_glyphs_drawn_one_by_one_are_spaces() -> None:
    # Skia draws every glyph with its own Tj and no space glyphs at all.
    [credit] = [
        block.text
        for block in read("chromium-article.pdf").blocks
        if block.text.startswith("Republished")
    ]
    assert credit == (
        "Republished with the permission of the author, the Department of "
        "International Relations (ANU) and the MacArthur Foundation."
    )


def test_ligatures_and_compatibility_characters_are_nfkc_normalised() -> None:
    text = read("chromium-article.pdf").text
    assert "The final flourish" in text
    assert "\ufb01" not in text
    assert "\ufb02" not in text


def test_lines_of_a_paragraph_form_one_block() -> None:
    document = read("libreoffice-report.pdf")
    assert SUMMARY_3 in [block.text for block in document.blocks]
    assert read("chromium-article.pdf").blocks[3].text == SUMMARY_2


def test_blocks_are_numbered_in_reading_order_with_their_pages() -> None:
    document = read("libreoffice-report.pdf")
    assert document.page_count == 2
    paragraphs = [block.location.paragraph for block in document.blocks]
    assert paragraphs == list(range(1, len(document.blocks) + 1))
    pages = [block.location.page or 0 for block in document.blocks]
    assert pages == sorted(pages)
    assert pages[0] == 1
    assert pages[-1] == 2


def test_running_heads_and_page_numbers_are_header_and_footer() -> None:
    document = read("libreoffice-report.pdf")
    regions = [
        (block.location.region, block.location.page) for block in document.blocks
    ]
    head = "ANU-MASI Policy Background Paper No. 1"
    headers = [
        block for block in document.blocks if block.location.region is Region.HEADER
    ]
    footers = [
        block for block in document.blocks if block.location.region is Region.FOOTER
    ]
    assert [(block.text, block.location.page) for block in headers] == [
        (head, 1),
        (head, 2),
    ]
    assert [(block.text, block.location.page) for block in footers] == [
        ("Page 1", 1),
        ("Page 2", 2),
    ]
    # Each page reads head first and foot last.
    assert regions[0] == (Region.HEADER, 1)
    assert regions[-1] == (Region.FOOTER, 2)
    assert head not in [
        block.text
        for block in document.blocks[1:]
        if block.location.region is Region.BODY
    ]


def test_small_type_at_the_foot_of_the_body_is_a_footnote() -> None:
    document = read("libreoffice-report.pdf")
    notes = [
        block for block in document.blocks if block.location.region is Region.FOOTNOTE
    ]
    assert len(notes) == 1
    assert notes[0].location.page == 1
    assert "Department of International Relations (ANU) and the MacArthur" in (
        notes[0].text
    )


# Text layers that are not text


def _lines_of(text: str) -> list[Line]:
    return build_lines([Run(text, 0, 0, 400, 10)])


def test_control_characters_in_page_text_become_replacement_characters() -> None:
    # PDFium gives a font's glyph codes as characters when it has no ToUnicode map.
    (line,) = _lines_of("Japan\x03s \x11\x12 policy\x7f")
    assert line.text == "Japan\ufffds \ufffd\ufffd policy\ufffd"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (SUMMARY_2, False),
        # Glyph codes read as text (TAMReview.pdf in pdf.js's tests has such pages).
        ("\x03\x11\x12\x13\x03\x14\x15 \x16\x17\x03 " * 10, True),
        ("\ue001\ue002\ue003 \ue004\ue005 " * 10 + SUMMARY_2, True),
        # Every character printable, yet no word has a word's shape.
        ("#$%&' ()*+,-./ 0123!@ " * 10 + "9&8*7^6%5$4#3@2! " * 5, True),
        # A table of figures and a few words: numbers have a word's shape.
        ("2011 45.3 % 12,400 1:2 Japan US " * 10, False),
        # Two stray control characters in a long paragraph are not a broken layer.
        (SUMMARY_2 + "\x01" + SUMMARY_3 + "\x04" + SUMMARY_2, False),
    ],
    ids=["paper", "glyph-codes", "private-use", "no-word-shapes", "figures", "few"],
)
def test_text_layer_that_does_not_decode_to_words_is_detected(
    text: str, expected: bool
) -> None:
    assert is_undecodable(_lines_of(text)) is expected


def test_fuzzed_pdf_text_prints_no_control_characters() -> None:
    text = read("field/fuzzed-lone-surrogate.pdf").text
    assert not any(c < " " and c not in "\n" for c in text)
    assert "\ufffd" in text
