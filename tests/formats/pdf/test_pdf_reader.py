"""The PDF reader: encryption, bad input, the registry."""

from __future__ import annotations

from dataclasses import replace

import pypdfium2 as pdfium
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pdf_files import PDF, SUMMARY_2, read

from reprint.errors import (
    CorruptInputError,
    EmptyInputError,
    EncryptedInputError,
    ReprintError,
    UnsafeInputError,
)
from reprint.formats.options import ExtractOptions
from reprint.formats.pdf.layout import Run, build_lines
from reprint.formats.pdf.reader import _read_page, extract, units_text
from reprint.formats.registry import extract_bytes
from reprint.limits import DEFAULT_LIMITS
from reprint.model import (
    Format,
)

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
    document = read("encrypted-user-password.pdf", password="reader-secret")
    assert SUMMARY_2 in [block.text for block in document.blocks]


def test_owner_password_only_pdf_opens_without_a_password() -> None:
    document = read("encrypted-owner-only.pdf")
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


# Characters PDFium gives as UTF-16 units


@pytest.mark.parametrize(
    ("units", "expected"),
    [
        # U+1D45D as a pair: the character, then the tail that keeps the indices.
        ([0x4C, 0xD835, 0xDC5D, 0x20], "L\U0001d45d\uffff "),
        ([0x61, 0xD952, 0x62], "a\ufffdb"),  # a lone high surrogate
        ([0xDC00, 0x61], "\ufffda"),  # a lone low surrogate
        ([0x61, 0xD835], "a\ufffd"),  # a high surrogate at the end
        ([0x110000], "\ufffd"),  # beyond Unicode
    ],
    ids=["pair", "lone-high", "lone-low", "high-at-end", "beyond-unicode"],
)
def test_pdfium_units_become_one_character_each(
    units: list[int], expected: str
) -> None:
    assert units_text(units) == expected
    assert len(units_text(units)) == len(units)


def test_lone_surrogate_in_page_text_is_replaced_so_the_text_encodes() -> None:
    # The field report's fuzzed PDF crashed `extract` when its text was printed.
    document = extract(
        (PDF / "field" / "fuzzed-lone-surrogate.pdf").read_bytes(), ExtractOptions()
    )
    text = document.text
    assert not any("\ud800" <= character <= "\udfff" for character in text)
    assert "\ufffd" in text
    assert "Koizumi sabotaged his own initi" in text
    text.encode("utf-8")


def test_surrogate_pair_tail_is_dropped_from_lines() -> None:
    lines = build_lines([Run("x\U0001d45d\uffffy", 0, 0, 20, 10)])
    assert [line.text for line in lines] == ["x\U0001d45dy"]


def test_aes_encrypted_pdf_with_xmp_opens_with_its_password() -> None:
    # pypdf reads the XMP packet of an AES file only with `cryptography`.
    document = read("encrypted-aes-metadata.pdf", password="reader-secret")
    rights = [b.text for b in document.hidden if b.location.detail == "XMP dc:rights"]
    assert rights == [
        "Department of International Relations (ANU) and the MacArthur Foundation"
    ]
    assert document.problems == ()


def test_aes_encrypted_pdf_without_its_password_asks_for_it() -> None:
    data = (PDF / "encrypted-aes-metadata.pdf").read_bytes()
    with pytest.raises(EncryptedInputError, match="give its password"):
        extract(data, ExtractOptions())


# Annotations and form fields


def test_annotations_and_form_values_a_viewer_shows_are_read_in_place() -> None:
    # As pdftotext reads it: the field's value under the title, the FreeText and
    # the Stamp below the page's own line.
    assert [block.text for block in read("reportlab-annotations.pdf").blocks] == [
        "Japan, the US Alliance and Asia",
        "By Rikki Kersten",
        "Filed from the harbour precinct meeting.",
        "the Department of International Relations (ANU)",
        "and the MacArthur Foundation",
    ]


def test_hidden_and_no_view_annotations_are_not_visible() -> None:
    text = read("reportlab-annotations.pdf").text
    assert "hidden form field" not in text  # a widget flagged Hidden
    assert "hidden annotation" not in text  # FreeText flagged Hidden
    assert "no-view annotation" not in text  # FreeText flagged NoView


# Lines of one text object cut at a gutter


def test_each_row_of_one_object_across_the_gutter_is_two_lines() -> None:
    # Four rows are each one TJ moved across the 14 pt gutter; PDFium generates a
    # space there, found among the page's spaces in one pass: each row is cut
    # into a line of each column, and no line crosses the gutter (x 296-313).
    data = (PDF / "columns" / "part-2col-g14-one-object-rows.pdf").read_bytes()
    document = pdfium.PdfDocument(data)
    try:
        lines = _read_page(document, 1, DEFAULT_LIMITS.max_pdf_page_annotations).lines
    finally:
        document.close()
    assert [line for line in lines if line.x0 < 300 < line.x1] == []
    assert [line.text for line in lines if line.x0 > 300] == [
        "revised parking scheme and an extension of the ferry timetable. The",
        "council met on Tuesday to consider the proposed changes to the",
        "harbour precinct, including new cycle paths, a revised parking",
        "scheme and an extension of the ferry timetable.",
    ]
