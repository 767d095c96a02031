"""Hidden DOCX text: vanish set directly or by styles and defaults, invisible ink
(text coloured like what is behind it) and tiny text."""

from __future__ import annotations

import pytest
from docx_files import OPTIONS, block, hidden, read, with_part

from reprint.formats.docx.reader import extract
from reprint.model import Document, HiddenReason, Region

# Hidden text.


def test_directly_hidden_run_is_hidden_not_visible() -> None:
    document = read("hidden-text.docx")
    credit = hidden(document, "Credit: Department of International Relations (ANU).")
    assert credit.reason is HiddenReason.VANISH
    assert "Department of International Relations" not in document.text
    paragraph = document.blocks[credit.location.paragraph - 1]  # type: ignore[operator]
    assert paragraph.text.startswith("The debates during this period")


def test_run_hidden_by_character_style_is_hidden() -> None:
    document = read("hidden-text.docx")
    assert (
        hidden(document, "With thanks to the MacArthur").reason is HiddenReason.VANISH
    )
    assert block(document, "Republished by").text == "Republished by Example Daily. "


def test_paragraph_hidden_by_its_style_has_no_visible_block() -> None:
    document = read("hidden-text.docx")
    author = hidden(document, "Author: Rikki Kersten")
    assert author.reason is HiddenReason.VANISH
    assert author.location.paragraph is None
    assert "Rikki Kersten" not in document.text


def test_vanish_is_inherited_through_based_on_and_turned_off_by_val() -> None:
    document = read("hidden-text.docx")
    assert hidden(document, "Inherited through basedOn").reason is HiddenReason.VANISH
    assert block(document, "Shown despite the style.").location.region is Region.BODY
    assert hidden(document, "Hidden Para again, ").reason is HiddenReason.VANISH
    assert block(document, "but this run says false.").location.region is Region.BODY


def test_web_hidden_run_is_visible_in_print() -> None:
    text = read("hidden-text.docx").text
    assert "Hidden only in web layout." in text


def test_document_defaults_can_hide_every_run() -> None:
    document = read("hidden-by-default.docx")
    assert [b.text for b in document.blocks] == ["Except this run."]
    assert hidden(document, "Everything here is hidden").reason is HiddenReason.VANISH


# Invisible ink: text coloured like what is behind it, and tiny text.


def reasons(document: Document) -> dict[str, HiddenReason]:
    return {h.text: h.reason for h in document.hidden}


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("invisible-ink.docx", "White: with thanks to the MacArthur Foundation."),
        ("invisible-ink.docx", "Rikki Kersten (FAFAFA)."),  # each channel >= 250
        ("invisible-ink.docx", "white by the White Ink style."),
        ("invisible-ink.docx", "White Para style, inherited through basedOn."),
        ("invisible-ink.docx", "White on a white highlight."),
        ("invisible-ink.docx", "Black on black shading."),
        ("invisible-ink.docx", "White in a white cell."),
        (
            "white-by-default.docx",
            "Everything here is white by the document defaults. ",
        ),
        ("libreoffice-white-text.docx", "White: the MacArthur Foundation."),
        ("libreoffice-white-text.docx", "white by the WhiteInk style."),
        ("libreoffice-page-colour.docx", "Rikki Kersten."),  # navy on a navy page
        ("table-style-ink.docx", "Supported by the MacArthur Foundation."),
    ],
    ids=[
        "direct",
        "near-white",
        "character-style",
        "paragraph-style-based-on",
        "white-highlight",
        "black-on-black-shading",
        "white-cell",
        "document-defaults",
        "libreoffice-direct",
        "libreoffice-character-style",
        "page-colour",
        "table-style",
    ],
)
def test_text_coloured_like_its_background_is_hidden(name: str, text: str) -> None:
    document = read(name)
    assert reasons(document).get(text) is HiddenReason.BACKGROUND_COLOUR
    assert text.strip() not in document.text


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("invisible-ink.docx", "F0F0F0 text."),
        ("invisible-ink.docx", "but this run is auto-coloured."),
        ("invisible-ink.docx", "white on a black highlight."),
        ("invisible-ink.docx", "white on navy shading."),
        ("invisible-ink.docx", "White on a black paragraph."),
        ("invisible-ink.docx", "White in a dark cell."),
        ("white-by-default.docx", "Except this run."),
        ("libreoffice-white-text.docx", "white on navy, Rikki Kersten."),
        ("libreoffice-white-text.docx", "White on a black paragraph."),
        ("libreoffice-white-text.docx", "White in a dark cell."),
        ("libreoffice-page-colour.docx", "White on a navy page: the MacArthur"),
        ("table-style-ink.docx", "In black again by its paragraph style."),
        ("table-style-ink.docx", "Rikki Kersten, in a plain inner table."),
        ("table-style-ink.docx", "White on the style's navy shading."),
    ],
    ids=[
        "pale-grey",
        "auto-over-white-style",
        "dark-highlight",
        "dark-run-shading",
        "dark-paragraph-shading",
        "dark-cell",
        "auto-over-white-defaults",
        "libreoffice-run-shading",
        "libreoffice-paragraph-shading",
        "libreoffice-cell",
        "white-on-page-colour",
        "paragraph-style-over-table-style",
        "plain-inner-table",
        "table-style-shading",
    ],
)
def test_light_text_on_a_dark_or_different_background_is_visible(
    name: str, text: str
) -> None:
    document = read(name)
    assert text in document.text
    assert not [h for h in document.hidden if text in h.text]


def test_page_colour_needs_display_background_shape_to_show() -> None:
    # Word draws w:background only when settings.xml says w:displayBackgroundShape.
    data = with_part(
        "libreoffice-page-colour.docx",
        "word/settings.xml",
        lambda xml: xml.replace(b"<w:displayBackgroundShape/>", b""),
    )
    document = extract(data, OPTIONS)
    white = hidden(document, "White on a navy page")
    assert white.reason is HiddenReason.BACKGROUND_COLOUR
    assert "Rikki Kersten." in document.text  # navy on white shows


def test_run_under_one_point_is_tiny_text() -> None:
    document = read("invisible-ink.docx")
    found = reasons(document)
    assert found["Tiny: the Department of International Relations."] is (
        HiddenReason.TINY_TEXT
    )
    assert found["Rikki Kersten in half a point."] is HiddenReason.TINY_TEXT
    assert "ANU at 1 pt." in document.text
    tiny = hidden(document, "Tiny: the Department")
    paragraph = document.blocks[tiny.location.paragraph - 1]  # type: ignore[operator]
    assert paragraph.text.startswith("Much of Japan's security discourse")


@pytest.mark.parametrize(
    ("size", "is_tiny"),
    [
        ("0.5pt", True),  # ST_HpsMeasure may be a universal measure
        ("0.3mm", True),
        ("1mm", False),
        ("\u00b2", False),  # a digit to str.isdigit(), not to int()
        ("9" * 5000, False),  # past int()'s digit limit
        ("nan", False),
        ("-1", False),
    ],
    ids=[
        "points",
        "millimetres",
        "one-millimetre",
        "superscript",
        "huge",
        "nan",
        "neg",
    ],
)
def test_font_size_values_are_read_or_ignored(size: str, is_tiny: bool) -> None:
    data = with_part(
        "invisible-ink.docx",
        "word/document.xml",
        lambda xml: xml.replace(
            b'<w:sz w:val="1"/>', f'<w:sz w:val="{size}"/>'.encode()
        ),
    )
    document = extract(data, OPTIONS)
    text = "Tiny: the Department of International Relations."
    assert (text in document.text) is not is_tiny


def test_libreoffice_smallest_size_is_one_point_and_visible() -> None:
    # LibreOffice writes fo:font-size="0.5pt" as w:sz="2": 1 pt, which Word prints.
    assert "LibreOffice writes 1 pt." in read("libreoffice-white-text.docx").text
