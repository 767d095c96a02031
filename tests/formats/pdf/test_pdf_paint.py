"""PDF text hidden by painting: render modes, colour, clipping, covering boxes."""

from __future__ import annotations

import pytest
from pdf_files import HIDDEN_CREDIT, SUMMARY_2, hidden_by, read

from reprint.model import (
    HiddenReason,
    ProblemCode,
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
    document = read(name)
    assert HIDDEN_CREDIT not in document.text
    assert "International Relations" not in document.text
    hidden = hidden_by(document, reason)
    assert [block.text for block in hidden][:1] == [HIDDEN_CREDIT]
    assert hidden[0].location.page == 1
    # The visible article is still there, whole.
    assert SUMMARY_2 in [block.text for block in document.blocks]


def test_text_off_the_right_edge_is_hidden_too() -> None:
    hidden = hidden_by(read("reportlab-off-page.pdf"), HiddenReason.OFF_PAGE)
    assert "Supported by the MacArthur Foundation." in [block.text for block in hidden]


def test_white_text_on_a_dark_fill_is_visible() -> None:
    document = read("reportlab-white-text.pdf")
    assert document.blocks[-1].text == "Supported by the MacArthur Foundation."


def test_text_under_an_opaque_image_is_covered() -> None:
    hidden = hidden_by(read("reportlab-covered.pdf"), HiddenReason.COVERED)
    assert [block.text for block in hidden] == [
        HIDDEN_CREDIT,
        "Supported by the MacArthur Foundation.",
    ]


def test_page_background_and_see_through_boxes_hide_nothing() -> None:
    # A white page-sized rectangle drawn before the text, and a 40% opaque
    # highlighter drawn after a line.
    document = read("reportlab-covered.pdf")
    assert document.blocks[0].text == "Japan, the US Alliance and Asia"
    assert document.blocks[-1].text == "Reprinted with the permission of the author."


def test_chromium_text_beside_a_covering_box_stays_visible() -> None:
    document = read("chromium-covered.pdf")
    assert "Supported by the MacArthur Foundation." in [
        block.text for block in document.blocks
    ]


def test_light_text_on_a_dark_box_is_visible() -> None:
    document = read("reportlab-dark-box.pdf")
    assert [block.text for block in document.blocks[-2:]] == [
        "Supported by the MacArthur Foundation.",
        "Reprinted with the permission of the author.",
    ]


def test_text_cut_only_in_part_by_its_clip_stays_visible() -> None:
    document = read("reportlab-clipped.pdf")
    assert document.blocks[-1].text == "Supported by the MacArthur Foundation."


def test_ocr_layer_over_a_scan_is_visible_text() -> None:
    document = read("scan-ocr.pdf")
    assert hidden_by(document, HiddenReason.INVISIBLE_RENDER_MODE) == []
    assert document.blocks[1].text == "Rikki Kersten"
    assert "an overriding policy dilemma" in document.text
    assert document.problems == ()


@pytest.mark.usefixtures("without_ocr")
def test_image_only_page_is_reported_with_its_number() -> None:
    document = read("scan-mixed.pdf")
    assert document.page_count == 2
    assert [problem.code for problem in document.problems] == [
        ProblemCode.IMAGE_ONLY_PAGES
    ]
    assert "page 2 " in document.problems[0].message
    assert {block.location.page for block in document.blocks} == {1}


@pytest.mark.usefixtures("without_ocr")
def test_scan_without_text_layer_gives_no_blocks_and_no_text_problem() -> None:
    document = read("scan-image-only.pdf")
    assert document.blocks == ()
    assert not document.has_text
    assert [problem.code for problem in document.problems] == [
        ProblemCode.IMAGE_ONLY_PAGES,
        ProblemCode.NO_TEXT,
    ]


def test_boxes_drawn_through_form_xobjects_cover_and_back_text() -> None:
    # A white box stamped over a credit through a form XObject hides it; a dark
    # band drawn the same way is the backdrop of the white line on it; a thin bar
    # turned across a byline hides little of it, though its bounding box covers it.
    document = read("reportlab-form-cover.pdf")
    hidden = hidden_by(document, HiddenReason.COVERED)
    assert [block.text for block in hidden] == [HIDDEN_CREDIT]
    assert [block.text for block in document.blocks[-2:]] == [
        "Supported by the MacArthur Foundation.",
        "By Rikki Kersten",
    ]
