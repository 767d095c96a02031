"""The PDF extractor: what a reader sees, in order, and what is hidden from them.

Inputs are real files from fixtures/pdf (see fixtures/make_pdf.py and SOURCES.tsv).
"""

from __future__ import annotations

import time
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reprint.errors import (
    CorruptInputError,
    EmptyInputError,
    EncryptedInputError,
    ReprintError,
    UnsafeInputError,
)
from reprint.formats import ExtractOptions, extract_bytes
from reprint.formats.pdf import extract
from reprint.formats.pdf_layout import Flow, Line, build_paragraphs
from reprint.limits import DEFAULT_LIMITS
from reprint.model import (
    Document,
    Format,
    HiddenBlock,
    HiddenReason,
    ProblemCode,
    Region,
)

PDF = Path(__file__).resolve().parent.parent / "fixtures" / "pdf"
HIDDEN_CREDIT = "Courtesy of the Department of International Relations (ANU)."
SUMMARY_2 = (
    "The debates during this period have been focused on an overriding policy "
    "dilemma: how to balance the tensions between Japan's increasingly important "
    "relations with Asia and its long-standing alliance with the United States."
)

SUMMARY_3 = (
    "Much of Japan's security discourse over this period, however, has been "
    "characterized by confusion and self-defeating paralysis. Unless Japan can come "
    "to terms with its middle-power status, it will continue to struggle with these "
    "tensions and remain vulnerable to irrational swings between bilateral and "
    "regional aspirations."
)


@cache
def _read(name: str, password: str | None = None) -> Document:
    return extract((PDF / name).read_bytes(), ExtractOptions(password=password))


def _hidden(document: Document, reason: HiddenReason) -> list[HiddenBlock]:
    return [block for block in document.hidden if block.reason is reason]


def _starts(document: Document) -> list[str]:
    return [block.text[:30] for block in document.blocks]


# Reading order and paragraphs


def test_two_columns_drawn_row_by_row_are_read_column_by_column() -> None:
    document = _read("reportlab-two-column.pdf")
    assert _starts(document) == [
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
    document = _read("reportlab-rotated.pdf")
    assert _starts(document) == [
        "Japan, the US Alliance and Asi",
        "Rikki Kersten",
        "Japan's security policy has un",
        "The debates during this period",
    ]
    assert document.blocks[3].text == SUMMARY_2


def test_line_end_hyphen_joins_a_word_but_real_hyphens_stay() -> None:
    text = _read("reportlab-two-column.pdf").text
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
        for block in _read("chromium-article.pdf").blocks
        if block.text.startswith("Republished")
    ]
    assert credit == (
        "Republished with the permission of the author, the Department of "
        "International Relations (ANU) and the MacArthur Foundation."
    )


def test_ligatures_and_compatibility_characters_are_nfkc_normalised() -> None:
    text = _read("chromium-article.pdf").text
    assert "The final flourish" in text
    assert "\ufb01" not in text
    assert "\ufb02" not in text


def test_lines_of_a_paragraph_form_one_block() -> None:
    document = _read("libreoffice-report.pdf")
    assert SUMMARY_3 in [block.text for block in document.blocks]
    assert _read("chromium-article.pdf").blocks[3].text == SUMMARY_2


def test_blocks_are_numbered_in_reading_order_with_their_pages() -> None:
    document = _read("libreoffice-report.pdf")
    assert document.page_count == 2
    paragraphs = [block.location.paragraph for block in document.blocks]
    assert paragraphs == list(range(1, len(document.blocks) + 1))
    pages = [block.location.page or 0 for block in document.blocks]
    assert pages == sorted(pages)
    assert pages[0] == 1
    assert pages[-1] == 2


def test_running_heads_and_page_numbers_are_header_and_footer() -> None:
    document = _read("libreoffice-report.pdf")
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
    document = _read("libreoffice-report.pdf")
    notes = [
        block for block in document.blocks if block.location.region is Region.FOOTNOTE
    ]
    assert len(notes) == 1
    assert notes[0].location.page == 1
    assert "Department of International Relations (ANU) and the MacArthur" in (
        notes[0].text
    )


# Hidden text


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("reportlab-render-mode-3.pdf", HiddenReason.INVISIBLE_RENDER_MODE),
        ("reportlab-white-text.pdf", HiddenReason.BACKGROUND_COLOUR),
        ("reportlab-tiny-text.pdf", HiddenReason.TINY_TEXT),
        ("reportlab-off-page.pdf", HiddenReason.OFF_PAGE),
        ("reportlab-covered.pdf", HiddenReason.COVERED),
        # Chromium paints a `position: absolute` white box after the glyphs.
        ("chromium-covered.pdf", HiddenReason.COVERED),
        ("reportlab-dark-box.pdf", HiddenReason.BACKGROUND_COLOUR),
        ("reportlab-clipped.pdf", HiddenReason.CLIPPED),
    ],
    ids=[
        "render-mode-3",
        "white-on-white",
        "half-point",
        "off-page",
        "white-box-over-it",
        "chromium-white-box-over-it",
        "grey-on-grey",
        "clipped-away",
    ],
)
def test_invisible_text_is_hidden_with_its_reason(
    name: str, reason: HiddenReason
) -> None:
    document = _read(name)
    assert HIDDEN_CREDIT not in document.text
    assert "International Relations" not in document.text
    hidden = _hidden(document, reason)
    assert [block.text for block in hidden][:1] == [HIDDEN_CREDIT]
    assert hidden[0].location.page == 1
    # The visible article is still there, whole.
    assert SUMMARY_2 in [block.text for block in document.blocks]


def test_text_off_the_right_edge_is_hidden_too() -> None:
    hidden = _hidden(_read("reportlab-off-page.pdf"), HiddenReason.OFF_PAGE)
    assert "Supported by the MacArthur Foundation." in [block.text for block in hidden]


def test_white_text_on_a_dark_fill_is_visible() -> None:
    document = _read("reportlab-white-text.pdf")
    assert document.blocks[-1].text == "Supported by the MacArthur Foundation."


def test_text_under_an_opaque_image_is_covered() -> None:
    hidden = _hidden(_read("reportlab-covered.pdf"), HiddenReason.COVERED)
    assert [block.text for block in hidden] == [
        HIDDEN_CREDIT,
        "Supported by the MacArthur Foundation.",
    ]


def test_page_background_and_see_through_boxes_hide_nothing() -> None:
    # A white page-sized rectangle drawn before the text, and a 40% opaque
    # highlighter drawn after a line.
    document = _read("reportlab-covered.pdf")
    assert document.blocks[0].text == "Japan, the US Alliance and Asia"
    assert document.blocks[-1].text == "Reprinted with the permission of the author."


def test_chromium_text_beside_a_covering_box_stays_visible() -> None:
    document = _read("chromium-covered.pdf")
    assert "Supported by the MacArthur Foundation." in [
        block.text for block in document.blocks
    ]


def test_light_text_on_a_dark_box_is_visible() -> None:
    document = _read("reportlab-dark-box.pdf")
    assert [block.text for block in document.blocks[-2:]] == [
        "Supported by the MacArthur Foundation.",
        "Reprinted with the permission of the author.",
    ]


def test_text_cut_only_in_part_by_its_clip_stays_visible() -> None:
    document = _read("reportlab-clipped.pdf")
    assert document.blocks[-1].text == "Supported by the MacArthur Foundation."


def test_ocr_layer_over_a_scan_is_visible_text() -> None:
    document = _read("scan-ocr.pdf")
    assert _hidden(document, HiddenReason.INVISIBLE_RENDER_MODE) == []
    assert document.blocks[1].text == "Rikki Kersten"
    assert "an overriding policy dilemma" in document.text
    assert document.problems == ()


def test_image_only_page_is_reported_with_its_number() -> None:
    document = _read("scan-mixed.pdf")
    assert document.page_count == 2
    assert [problem.code for problem in document.problems] == [
        ProblemCode.IMAGE_ONLY_PAGES
    ]
    assert "page 2 " in document.problems[0].message
    assert {block.location.page for block in document.blocks} == {1}


def test_scan_without_text_layer_gives_no_blocks_and_no_text_problem() -> None:
    document = _read("scan-image-only.pdf")
    assert document.blocks == ()
    assert not document.has_text
    assert [problem.code for problem in document.problems] == [
        ProblemCode.IMAGE_ONLY_PAGES,
        ProblemCode.NO_TEXT,
    ]


# Metadata


def test_info_and_xmp_are_hidden_metadata_blocks() -> None:
    document = _read("reportlab-metadata.pdf")
    found = {
        block.location.detail: block.text
        for block in _hidden(document, HiddenReason.METADATA)
    }
    assert found["document info /Author"] == "Rikki Kersten"
    assert found["document info /Keywords"] == "MacArthur Foundation; Japan; alliance"
    assert found["XMP dc:rights"] == (
        "Department of International Relations (ANU) and the MacArthur Foundation"
    )
    assert found["XMP dc:creator"] == "Rikki Kersten"
    assert "XMP xmpMM:DocumentID" not in found  # an identifier, not words
    assert all(
        block.location.region is Region.METADATA
        for block in _hidden(document, HiddenReason.METADATA)
    )
    assert "MacArthur" not in document.text


def test_publication_comes_from_info_and_creation_date() -> None:
    publication = _read("reportlab-metadata.pdf").publication
    assert publication.title == "Japan, the US Alliance and Asia"
    assert publication.author == "Rikki Kersten"
    assert publication.published == "2011-08-01"


def test_xmp_external_entity_is_not_resolved() -> None:
    document = _read("reportlab-xmp-xxe.pdf")
    rights = [
        block.text
        for block in document.hidden
        if block.location.detail == "XMP dc:rights"
    ]
    assert rights == ["file: &xxe; end"]
    hostname = Path("/etc/hostname")
    if hostname.exists() and hostname.read_text().strip():
        assert hostname.read_text().strip() not in str(document.to_dict())


def test_xmp_billion_laughs_does_not_expand() -> None:
    started = time.perf_counter()
    document = extract(
        (PDF / "reportlab-xmp-laughs.pdf").read_bytes(), ExtractOptions()
    )
    assert time.perf_counter() - started < 5
    assert "lollol" not in str(document.to_dict())
    assert [problem.code for problem in document.problems] == [
        ProblemCode.UNREADABLE_METADATA
    ]
    assert document.blocks[0].text == "Japan, the US Alliance and Asia"


# Encryption


def test_encrypted_pdf_without_password_asks_for_it() -> None:
    data = (PDF / "encrypted-user-password.pdf").read_bytes()
    with pytest.raises(EncryptedInputError) as caught:
        extract(data, ExtractOptions())
    assert str(caught.value) == "the PDF is encrypted; give its password (password)"
    assert caught.value.field == "password"


def test_encrypted_pdf_with_a_wrong_password_says_so() -> None:
    data = (PDF / "encrypted-user-password.pdf").read_bytes()
    with pytest.raises(EncryptedInputError, match=r"password given .* is wrong"):
        extract(data, ExtractOptions(password="guess"))


def test_encrypted_pdf_opens_with_its_password() -> None:
    document = _read("encrypted-user-password.pdf", password="reader-secret")
    assert SUMMARY_2 in [block.text for block in document.blocks]


def test_owner_password_only_pdf_opens_without_a_password() -> None:
    document = _read("encrypted-owner-only.pdf")
    assert SUMMARY_2 in [block.text for block in document.blocks]


# Bad input


def test_empty_input_is_an_empty_input_error() -> None:
    with pytest.raises(EmptyInputError, match="empty"):
        extract(b"", ExtractOptions())


def test_truncated_pdf_is_corrupt() -> None:
    with pytest.raises(CorruptInputError, match="truncated"):
        extract((PDF / "truncated.pdf").read_bytes(), ExtractOptions())


def test_garbage_after_the_header_is_corrupt() -> None:
    data = b"%PDF-1.7\n" + bytes(range(256)) * 8 + b"\n%%EOF\n"
    with pytest.raises(CorruptInputError) as caught:
        extract(data, ExtractOptions())
    assert str(caught.value) == (
        "the PDF is damaged and cannot be parsed (PDFium: data format error)"
    )


def test_pdf_over_the_page_limit_is_unsafe() -> None:
    limits = replace(DEFAULT_LIMITS, max_pdf_pages=1)
    data = (PDF / "libreoffice-report.pdf").read_bytes()
    with pytest.raises(UnsafeInputError, match="2 pages, over the limit of 1"):
        extract(data, ExtractOptions(limits=limits))


def test_pdf_over_the_byte_limit_is_unsafe() -> None:
    data = (PDF / "reportlab-tiny-text.pdf").read_bytes()
    limits = replace(DEFAULT_LIMITS, max_input_bytes=len(data) - 1)
    with pytest.raises(UnsafeInputError, match="over the limit"):
        extract(data, ExtractOptions(limits=limits))


def test_registry_sends_pdf_bytes_here() -> None:
    data = (PDF / "chromium-article.pdf").read_bytes()
    document = extract_bytes(data, "article.pdf")
    assert document.format is Format.PDF
    assert document.publication.title == "Japan, the US Alliance and Asia"


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=st.binary(max_size=4096), has_eof=st.booleans())
def test_arbitrary_bytes_after_a_pdf_header_raise_only_reprint_errors(
    body: bytes, has_eof: bool
) -> None:
    data = b"%PDF-1.7\n" + body + (b"\n%%EOF\n" if has_eof else b"")
    try:
        document = extract(data, ExtractOptions())
    except ReprintError:
        return
    assert document.format is Format.PDF


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cuts=st.lists(
        st.tuples(st.integers(min_value=9, max_value=2000), st.binary(max_size=8)),
        min_size=1,
        max_size=6,
    )
)
def test_damaged_real_pdf_raises_only_reprint_errors(
    cuts: list[tuple[int, bytes]],
) -> None:
    data = bytearray((PDF / "reportlab-metadata.pdf").read_bytes())
    for offset, patch in cuts:
        data[offset : offset + len(patch)] = patch
    try:
        document = extract(bytes(data), ExtractOptions())
    except ReprintError:
        return
    assert document.format is Format.PDF


def test_boxes_drawn_through_form_xobjects_cover_and_back_text() -> None:
    # A white box stamped over a credit through a form XObject hides it; a dark
    # band drawn the same way is the backdrop of the white line on it; a thin bar
    # turned across a byline hides little of it, though its bounding box covers it.
    document = _read("reportlab-form-cover.pdf")
    hidden = _hidden(document, HiddenReason.COVERED)
    assert [block.text for block in hidden] == [HIDDEN_CREDIT]
    assert [block.text for block in document.blocks[-2:]] == [
        "Supported by the MacArthur Foundation.",
        "By Rikki Kersten",
    ]
