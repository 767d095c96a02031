"""The field report's hiding cases, each judged as headless Chromium judged it.

``fixtures/html/field-report/labels.tsv`` gives, for every case, whether Chromium
showed the credit paragraph (``checkVisibility()``, a box with area, no filter,
clip or transparent colour taking it away) and the verdict that follows. A credit
Chromium hides must never make a copy compliant.
"""

from __future__ import annotations

import csv

import pytest
from html_pages import HTML_FIXTURES

from reprint.api import check, extract
from reprint.contrast import MIN_CONTRAST, contrast_ratio
from reprint.model import HiddenReason, Verdict

CASES = HTML_FIXTURES / "field-report"
with (CASES / "labels.tsv").open(encoding="utf-8") as labels:
    ROWS = list(csv.DictReader(labels, delimiter="\t"))
VERDICT_ROWS = [row for row in ROWS if row["expected"] != "painted"]
COLOUR_ROWS = [row for row in ROWS if row["expected"] == "painted"]


@pytest.mark.parametrize("row", VERDICT_ROWS, ids=[row["file"] for row in VERDICT_ROWS])
def test_verdict_matches_chromium(row: dict[str, str]) -> None:
    report = check(CASES / row["file"])
    assert report.verdict is Verdict(row["expected"]), report.problems
    if row["credit"] == "hidden":
        assert report.verdict is not Verdict.COMPLIANT


@pytest.mark.parametrize("row", COLOUR_ROWS, ids=[row["file"] for row in COLOUR_ROWS])
def test_painted_colour_is_judged_by_the_one_contrast_rule(row: dict[str, str]) -> None:
    # Chromium paints each line; whether a reader can make it out is the WCAG
    # contrast rule, the same number for every hue (reprint.contrast).
    colour = row["file"].removeprefix("c-").removesuffix(".html")
    rgb = (int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16))
    is_legible = contrast_ratio(rgb, (255, 255, 255)) >= MIN_CONTRAST
    document = extract(CASES / row["file"])
    line = "Credit line in this colour."
    assert (line in document.text) is is_legible
    hidden = [h for h in document.hidden if line in h.text]
    assert bool(hidden) is not is_legible
    assert all(h.reason is HiddenReason.BACKGROUND_COLOUR for h in hidden)
