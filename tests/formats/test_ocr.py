"""OCR (the ocr extra): scans and credits set as images, read by Tesseract.

The fixtures are made by ``fixtures/make_ocr.py`` (Pillow, ReportLab, python-docx).
Each document is read twice: with Tesseract, and as on a machine without the extra
(``without_ocr``), where it must stay unverifiable with the hint to install it.
"""

from __future__ import annotations

import base64
import io
import json
from dataclasses import replace
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw, ImageFont

from reprint import api
from reprint.formats.ocr import (
    ImagesRead,
    OcrUnavailableError,
    PlacedImage,
    read_images,
    read_paragraphs,
)
from reprint.formats.options import ExtractOptions
from reprint.formats.pdf.reader import extract as extract_pdf
from reprint.limits import DEFAULT_LIMITS
from reprint.model import (
    Block,
    CreditStatus,
    Document,
    Extent,
    Format,
    Location,
    ProblemCode,
    TextSource,
    Verdict,
)
from reprint.pipeline import check_document
from reprint.render.json import render_json
from reprint.render.text import render_document_text

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SCAN = FIXTURES / "pdf" / "ocr" / "pillow-scan-200dpi.pdf"
LOGO = FIXTURES / "ocr" / "credit-logo.png"
LOGO_PDF = FIXTURES / "pdf" / "ocr" / "reportlab-logo-credit.pdf"
# The credit only in a logo: a PDF image, a DOCX picture, an <img> file, a data: URI.
LOGO_COPIES = [
    LOGO_PDF,
    FIXTURES / "docx" / "ocr" / "python-docx-logo-credit.docx",
    FIXTURES / "html" / "ocr" / "logo-credit.html",
    FIXTURES / "html" / "ocr" / "logo-credit-data-uri.html",
]
LOGO_IDS = ["pdf", "docx", "html-file", "html-data-uri"]
CREDIT_TEXT = (
    "Republished with full credit to Rikki Kersten, the Department of "
    "International Relations, ANU, and the MacArthur Foundation."
)
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _schema_errors(payload: object) -> list[str]:
    text = resources.files("reprint.schemas").joinpath("report.schema.json")
    validator = jsonschema.Draft202012Validator(json.loads(text.read_text("utf-8")))
    return [error.message for error in validator.iter_errors(payload)]


def test_logo_is_read_word_for_word_with_boxes_and_confidence() -> None:
    with Image.open(LOGO) as logo:
        paragraphs = read_paragraphs(logo)
    assert [paragraph.text for paragraph in paragraphs] == [CREDIT_TEXT]
    words = paragraphs[0].words
    assert [word.text for word in words[:3]] == ["Republished", "with", "full"]
    # The logo is 1,200 px wide, read at double size: boxes are the logo's pixels.
    assert all(0 <= word.box[0] < word.box[2] <= 1200 for word in words)
    assert min(word.confidence for word in words) > 80


def test_a_line_end_hyphen_joins_the_broken_word() -> None:
    image = Image.new("L", (1400, 200), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(DEJAVU), 40)
    draw.text((20, 20), "a remarkable transfor-", font=font, fill=0)
    draw.text((20, 80), "mation over the decade", font=font, fill=0)
    (paragraph,) = read_paragraphs(image)
    assert paragraph.text == "a remarkable transformation over the decade"


def test_an_image_without_text_gives_no_paragraphs() -> None:
    assert read_paragraphs(Image.new("L", (1200, 300), 255)) == ()


@pytest.mark.usefixtures("without_ocr")
def test_without_the_extra_reading_an_image_says_what_to_install() -> None:
    with pytest.raises(OcrUnavailableError, match=r"reprint\[ocr\].*tesseract-ocr"):
        read_paragraphs(Image.new("L", (1200, 300), 255))


@pytest.fixture(scope="module")
def scan() -> Document:
    """The scan as read with OCR (1-2 s of CPU: read once for the module)."""
    return api.extract(SCAN)


def test_scan_of_the_first_page_is_read_as_a_reprint(scan: Document) -> None:
    report = check_document(scan, file=str(SCAN))
    assert report.reprint.extent is Extent.PART
    assert report.reprint.passages[0].words >= 300
    # The scan is the paper itself: its byline, and no credit line.
    statuses = {finding.key: finding.status for finding in report.credits}
    assert statuses == {
        "author": CreditStatus.PRESENT,
        "anu_ir": CreditStatus.MISSING,
        "macarthur": CreditStatus.MISSING,
    }
    assert report.verdict is Verdict.NON_COMPLIANT
    author = report.credits[0]
    assert author.source is TextSource.OCR
    assert author.why is not None
    assert "read by OCR" in author.why
    assert [problem.code for problem in report.problems] == [ProblemCode.OCR_TEXT]


def test_scan_blocks_carry_source_and_confidence(scan: Document) -> None:
    document = scan
    assert {block.source for block in document.blocks} == {TextSource.OCR}
    assert all(
        block.confidence is not None and block.confidence > 80
        for block in document.blocks
    )
    assert "how to balance the tensions between Japan's" in document.text
    assert document.blocks[0].to_dict()["source"] == "ocr"
    assert document.blocks[0].location.page == 1


@pytest.mark.usefixtures("without_ocr")
def test_scan_without_the_extra_is_unverifiable_with_the_hint() -> None:
    report = api.check(SCAN)
    assert report.verdict is Verdict.UNVERIFIABLE
    assert {finding.status for finding in report.credits} == {CreditStatus.UNKNOWN}
    (image_only, no_text) = report.problems
    assert image_only.code == ProblemCode.IMAGE_ONLY_PAGES
    assert "pip install 'reprint[ocr]'" in image_only.message
    assert no_text.code == ProblemCode.NO_TEXT


@pytest.mark.parametrize("path", LOGO_COPIES, ids=LOGO_IDS)
def test_credit_set_as_a_logo_is_present_by_ocr(path: Path) -> None:
    report = api.check(path)
    assert report.verdict is Verdict.COMPLIANT
    for finding in report.credits:
        assert finding.status is CreditStatus.PRESENT
        assert finding.source is TextSource.OCR
        assert finding.evidence == CREDIT_TEXT
        assert finding.why == (
            f"only in text read by OCR from an image, confidence "
            f"{finding.confidence:.0f}"
        )
    payload = json.loads(render_json([report]))
    assert _schema_errors(payload) == []
    assert payload["reports"][0]["credits"]["macarthur"]["source"] == "ocr"


@pytest.mark.usefixtures("without_ocr")
@pytest.mark.parametrize("path", LOGO_COPIES, ids=LOGO_IDS)
def test_credit_logo_without_the_extra_is_unverifiable(path: Path) -> None:
    report = api.check(path)
    assert report.verdict is Verdict.UNVERIFIABLE
    codes = [problem.code for problem in report.problems]
    assert codes == [ProblemCode.IMAGES_NOT_READ, ProblemCode.NO_TEXT]
    assert "1 image(s)" in report.problems[0].message
    assert "reprint[ocr]" in report.problems[0].message


def _png(image: Image.Image) -> str:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def _page(scan: Document, image: str) -> bytes:
    paragraphs = "".join(f"<p>{block.text}</p>" for block in scan.blocks[4:])
    return f"<html><body>{paragraphs}{image}</body></html>".encode()


def test_alt_text_is_not_painted_text(scan: Document) -> None:
    # A reader sees the (blank) banner, not its alt text: no credit in either.
    blank = _png(Image.new("RGB", (600, 60), (20, 40, 90)))
    page = _page(scan, f'<img src="{blank}" alt="{CREDIT_TEXT}">')
    report = api.check(page, name="page.html")
    assert {f.status for f in report.credits} == {CreditStatus.MISSING}
    assert report.verdict is Verdict.NON_COMPLIANT


@pytest.mark.parametrize(
    "markup",
    [
        '<img src="{logo}" style="display:none">',
        '<div hidden><img src="{logo}"></div>',
        '<img src="{logo}" width="40" height="4">',  # an icon's box: no legible line
    ],
    ids=["display-none", "hidden-parent", "tiny-box"],
)
def test_a_logo_no_reader_sees_is_not_read(scan: Document, markup: str) -> None:
    with Image.open(LOGO) as logo:
        page = _page(scan, markup.format(logo=_png(logo)))
    document = api.extract(page, name="page.html")
    assert {block.source for block in document.blocks} == {TextSource.TEXT}
    assert document.problems == ()


def test_a_remote_image_is_never_fetched(scan: Document) -> None:
    page = _page(scan, '<img src="http://192.0.2.1/credit.png">')
    document = api.extract(page, name="page.html")
    assert {block.source for block in document.blocks} == {TextSource.TEXT}


def test_logo_text_stands_where_the_image_is(scan: Document) -> None:
    with Image.open(LOGO) as logo:
        page = _page(
            scan, f"<p>Before.</p><p><img src='{_png(logo)}'></p><p>After.</p>"
        )
    texts = [block.text for block in api.extract(page, name="page.html").blocks]
    assert texts[-3:] == ["Before.", CREDIT_TEXT, "After."]


def _document(*blocks: Block) -> Document:
    return Document(format=Format.PDF, blocks=blocks, page_count=1)


def _ocr(text: str, confidence: float) -> Block:
    return Block(text, Location(page=1), TextSource.OCR, confidence)


@pytest.fixture(scope="module")
def reprinted(scan: Document) -> Block:
    """The scan's text as a text layer would give it: a reprint without credits."""
    return Block(scan.text, Location(page=1))


def test_a_credit_read_with_low_confidence_is_unknown_never_present(
    reprinted: Block,
) -> None:
    report = check_document(
        _document(reprinted, _ocr("Supported by the MacArthur Foundation.", 55.0))
    )
    macarthur = {finding.key: finding for finding in report.credits}["macarthur"]
    assert macarthur.status is CreditStatus.UNKNOWN
    assert macarthur.confidence == 55.0
    assert macarthur.why is not None
    assert "under the 80 needed" in macarthur.why
    assert report.verdict is Verdict.UNVERIFIABLE
    assert ProblemCode.LOW_CONFIDENCE_OCR in {p.code for p in report.problems}


def test_a_misspelling_read_with_low_confidence_is_unknown_not_misattributed(
    reprinted: Block,
) -> None:
    report = check_document(
        _document(reprinted, _ocr("Supported by the MacArthor Foundation.", 60.0))
    )
    macarthur = {finding.key: finding for finding in report.credits}["macarthur"]
    assert macarthur.status is CreditStatus.UNKNOWN


def test_the_files_own_text_is_evidence_before_ocr(reprinted: Block) -> None:
    credit = "Supported by the MacArthur Foundation."
    report = check_document(
        _document(_ocr(credit, 95.0), reprinted, Block(credit, Location(page=2)))
    )
    macarthur = {finding.key: finding for finding in report.credits}["macarthur"]
    assert macarthur.status is CreditStatus.PRESENT
    assert macarthur.source is TextSource.TEXT
    assert macarthur.location == Location(page=2)
    assert macarthur.why is None


@pytest.mark.usefixtures("without_ocr")
@pytest.mark.parametrize(
    "scan",
    [
        "eval/pdf/scan-image-only.pdf",
        "holdout/pdf/pillow-scan.pdf",
        "holdout/docx/python-docx-screenshots.docx",
    ],
    ids=["eval-scan", "holdout-scan", "holdout-docx-screenshots"],
)
def test_labelled_scans_without_the_extra_stay_unverifiable(scan: str) -> None:
    # Labelled compliant by what their pages show: only OCR can read them.
    report = api.check(FIXTURES / scan)
    assert report.verdict is Verdict.UNVERIFIABLE
    assert {finding.status for finding in report.credits} == {CreditStatus.UNKNOWN}


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=4096))
def test_bytes_that_are_no_image_are_passed_over(data: bytes) -> None:
    read = read_images([PlacedImage(data, 0, Location())], DEFAULT_LIMITS)
    assert read == ImagesRead((), ())


@pytest.mark.parametrize("kept", [0.1, 0.5, 0.9])
def test_a_truncated_logo_is_passed_over(kept: float) -> None:
    data = LOGO.read_bytes()
    cut = data[: int(len(data) * kept)]
    read = read_images([PlacedImage(cut, 0, Location())], DEFAULT_LIMITS)
    assert read == ImagesRead((), ())


def test_images_over_the_per_document_bound_are_reported_unread() -> None:
    limits = replace(DEFAULT_LIMITS, max_ocr_images=0)
    image = PlacedImage(LOGO.read_bytes(), 0, Location())
    read = read_images([image, image], limits)
    assert read.blocks == ()
    (problem,) = read.problems
    assert problem.code == ProblemCode.IMAGES_NOT_READ
    assert problem.message.startswith("2 image(s) that may carry text were not read")
    assert "Limits.max_ocr_images" in problem.message


def test_pages_over_the_per_document_bound_stay_image_only() -> None:
    options = ExtractOptions(limits=replace(DEFAULT_LIMITS, max_ocr_pages=0))
    document = extract_pdf(SCAN.read_bytes(), options)
    assert document.blocks == ()
    assert [problem.code for problem in document.problems] == [
        ProblemCode.IMAGE_ONLY_PAGES,
        ProblemCode.NO_TEXT,
    ]
    assert "over the OCR limits" in document.problems[0].message


def test_extract_text_marks_what_ocr_read_with_its_confidence() -> None:
    document = api.extract(FIXTURES / "html" / "ocr" / "logo-credit.html")
    confidence = document.blocks[-1].confidence
    assert confidence is not None
    shown = render_document_text(document, show_hidden=False)
    assert shown.endswith(
        f"[body, article > p > img (OCR); ocr confidence {confidence:.0f}]\n"
        f"{CREDIT_TEXT}"
    )
    assert shown.startswith("[title, paragraph 1, article > h1]\n")
