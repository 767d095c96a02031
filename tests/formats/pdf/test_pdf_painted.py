"""Visible means painted: the credits a check rests on are confirmed by rendering.

Each file of fixtures/pdf/painted/ (fixtures/make_painted.py) hides the
Department's credit by one mechanism a renderer applies and shows the MacArthur
Foundation's. Whether a reader sees each credit is read from poppler's pixels
(pdftoppm, with pdftotext's word boxes), never from reprint; reprint's report must
agree, with PDFium as its renderer.
"""

from __future__ import annotations

import re
import subprocess
from functools import cache
from pathlib import Path

import pytest
from pdf_files import PDF

from reprint.contrast import MIN_CONTRAST, contrast_ratio
from reprint.formats.options import ExtractOptions
from reprint.formats.pdf.reader import extract
from reprint.model import CreditStatus, HiddenReason, Paint, TextSpan, Verdict
from reprint.pipeline import check, check_document

PAINTED = PDF / "painted"
CASES = sorted(path.name for path in PAINTED.glob("*.pdf"))
# The words of each credit looked at in poppler's render.
HIDDEN_WORDS = ("Department", "International", "Relations")
SEEN_WORDS = ("MacArthur", "Foundation.")
DPI = 144
_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
    r"([^<]*)</word>"
)


@cache
def _poppler_page(
    name: str,
) -> tuple[int, int, bytes, list[tuple[str, tuple[float, ...]]]]:
    """pdftoppm's render of page 1 (width, height, RGB bytes) and pdftotext's
    words with their boxes in points from the top left of the page shown: the
    crop box, as viewers show it (poppler's tools default to the media box)."""
    path = PAINTED / name
    ppm = subprocess.run(
        ["pdftoppm", "-cropbox", "-r", str(DPI), "-f", "1", "-l", "1", str(path)],
        check=True,
        capture_output=True,
    ).stdout
    magic, width, height, depth, pixels = ppm.split(maxsplit=4)
    assert (magic, depth) == (b"P6", b"255")
    html = subprocess.run(
        ["pdftotext", "-cropbox", "-bbox", "-f", "1", "-l", "1", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    words = [
        (found.group(5), tuple(float(found.group(i)) for i in range(1, 5)))
        for found in _WORD.finditer(html)
    ]
    return int(width), int(height), pixels, words


def _poppler_sees(name: str, words: tuple[str, ...]) -> bool:
    """Whether poppler paints each word legibly: some pixel in its box differs
    from the white page by the contrast rule."""
    width, height, pixels, boxes = _poppler_page(name)
    scale = DPI / 72
    for word in words:
        found = [box for text, box in boxes if text == word]
        if not found:
            return False  # not on the page shown (outside the crop box)
        left, top, right, bottom = found[0]
        seen = False
        for y in range(max(int(top * scale), 0), min(int(bottom * scale) + 1, height)):
            for x in range(
                max(int(left * scale), 0), min(int(right * scale) + 1, width)
            ):
                at = 3 * (y * width + x)
                colour = (pixels[at], pixels[at + 1], pixels[at + 2])
                if contrast_ratio(colour, (255, 255, 255)) >= MIN_CONTRAST:
                    seen = True
                    break
            if seen:
                break
        if not seen:
            return False
    return True


@pytest.mark.parametrize("name", CASES)
def test_a_credit_is_present_only_when_poppler_paints_it(name: str) -> None:
    # The fixture is what it says: poppler hides one credit and shows the other.
    assert not _poppler_sees(name, HIDDEN_WORDS)
    assert _poppler_sees(name, SEEN_WORDS)
    report = check(PAINTED / name, assume_reprint=True)
    status = {credit.key: credit for credit in report.credits}
    assert status["anu_ir"].status is CreditStatus.HIDDEN
    assert status["macarthur"].status is CreditStatus.PRESENT
    assert report.verdict is Verdict.NON_COMPLIANT


# The mechanisms the rules do not read: only the render finds them hidden.
@pytest.mark.parametrize(
    "name",
    [
        "optional-content-off.pdf",
        "soft-mask.pdf",
        "blend-mode.pdf",
        "curved-cover.pdf",
        "curved-clip.pdf",
    ],
)
def test_text_the_rules_pass_but_pdfium_does_not_paint_is_hidden_as_not_painted(
    name: str,
) -> None:
    document = extract((PAINTED / name).read_bytes(), ExtractOptions())
    # The fast path alone calls the credit visible...
    assert "International Relations" in document.text
    report = check_document(document, file=name, assume_reprint=True)
    department = next(c for c in report.credits if c.key == "anu_ir")
    # ...the render moves it to the hidden text, saying why.
    assert department.why == "only in text no reader sees (not-painted)"


def test_the_rules_judge_a_flat_colour_by_the_contrast_rule_too() -> None:
    # #f0f0f0 on white (1.14:1) is hidden without a render; #b0b0b0 (2.1:1) is seen.
    document = extract((PAINTED / "near-background.pdf").read_bytes(), ExtractOptions())
    hidden = [
        block.text
        for block in document.hidden
        if block.reason is HiddenReason.BACKGROUND_COLOUR
    ]
    assert hidden == ["Courtesy of the Department of International Relations (ANU)."]
    assert "Supported by the MacArthur Foundation." in document.text


def test_a_partly_clipped_credit_is_not_present() -> None:
    # reportlab-clipped.pdf clips "Supported by the MacArthur Foundation." after
    # "Supported by t": the rules saw a clip meeting the line and let it through.
    report = check(PDF / "reportlab-clipped.pdf", assume_reprint=True)
    macarthur = next(c for c in report.credits if c.key == "macarthur")
    assert macarthur.status is CreditStatus.HIDDEN
    assert not _poppler_sees_file(PDF / "reportlab-clipped.pdf", "MacArthur")


def _poppler_sees_file(path: Path, word: str) -> bool:
    html = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    box = next(
        tuple(map(float, m.groups()[:4]))
        for m in _WORD.finditer(html)
        if m.group(5) == word
    )
    ppm = subprocess.run(
        [
            "pdftoppm",
            "-r",
            str(DPI),
            "-x",
            str(int(box[0] * DPI / 72)),
            "-y",
            str(int(box[1] * DPI / 72)),
            "-W",
            str(int((box[2] - box[0]) * DPI / 72) + 1),
            "-H",
            str(int((box[3] - box[1]) * DPI / 72) + 1),
            str(path),
        ],
        check=True,
        capture_output=True,
    ).stdout
    _, _, _, _, pixels = ppm.split(maxsplit=4)
    return any(
        contrast_ratio((pixels[i], pixels[i + 1], pixels[i + 2]), (255, 255, 255))
        >= MIN_CONTRAST
        for i in range(0, len(pixels) - 2, 3)
    )


def test_an_ocr_layer_over_its_scan_is_painted_by_the_scan() -> None:
    document = extract((PDF / "scan-ocr.pdf").read_bytes(), ExtractOptions())
    assert document.confirmer is not None
    assert document.confirmer.confirm([TextSpan("Rikki Kersten", 1)]) == (
        Paint.PAINTED,
    )


def test_invisible_text_over_nothing_is_not_painted() -> None:
    document = extract(
        (PDF / "reportlab-render-mode-3.pdf").read_bytes(), ExtractOptions()
    )
    assert document.confirmer is not None
    answers = document.confirmer.confirm(
        [
            TextSpan("Courtesy of the Department of International Relations (ANU).", 1),
            TextSpan("Rikki Kersten", 1),
            TextSpan("words that are nowhere in this file", 1),
        ]
    )
    assert answers == (Paint.NOT_PAINTED, Paint.PAINTED, Paint.NOT_FOUND)


def test_text_wrapped_inside_a_column_is_found_across_pdfium_line_order() -> None:
    # PDFium reads "...remarkable Attempts to portray..." across both columns.
    document = extract(
        (PDF / "reportlab-two-column.pdf").read_bytes(), ExtractOptions()
    )
    assert document.confirmer is not None
    sample = "JAPAN'S security policy has undergone remarkable change since 9/11"
    assert document.confirmer.confirm([TextSpan(sample, 1)]) == (Paint.PAINTED,)


def test_hidden_text_found_by_the_render_is_reported_with_its_reason() -> None:
    report = check(PAINTED / "optional-content-off.pdf", assume_reprint=True)
    department = next(c for c in report.credits if c.key == "anu_ir")
    assert department.evidence == "Department of International Relations (ANU)."
    assert HiddenReason.NOT_PAINTED.value in (department.why or "")
