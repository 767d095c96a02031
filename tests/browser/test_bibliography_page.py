"""The standalone bibliography page, laid out by headless Chromium at 1280 px."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, sync_playwright

from reprint.cite import CiteFormat, format_citation
from reprint.csl import CslStyle
from reprint.formats.html.browser import CHROMIUM
from reprint.work import Work

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

# The left edge and top of each line box of an element's text, in CSS pixels.
_LINES = """(selector) => {
  const range = document.createRange();
  range.selectNodeContents(document.querySelector(selector));
  const lines = new Map();
  for (const rect of range.getClientRects()) {
    if (rect.width === 0) continue;
    const top = Math.round(rect.top);
    lines.set(top, Math.min(lines.get(top) ?? Infinity, rect.left));
  }
  return [...lines.entries()].sort((a, b) => a[0] - b[0]).map(([, left]) => left);
}"""


@pytest.fixture(scope="module")
def page() -> Iterator[Page]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            # The browser mode's screen: 1280 px wide.
            yield browser.new_page(viewport={"width": 1280, "height": 800})
        finally:
            browser.close()


def _lay_out(page: Page, work: Work, style: str) -> None:
    chosen = CslStyle.from_id(style)
    html = format_citation(work, fmt=CiteFormat.HTML, style=chosen, standalone=True)
    page.set_content(html)
    assert len(page.screenshot(full_page=True)) > 0  # painted, not only parsed


def test_hanging_indent_is_painted(page: Page, work: Work) -> None:
    _lay_out(page, work, "apa")
    lines: list[float] = page.evaluate(_LINES, ".csl-entry")
    font_px = float(
        page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    )
    assert len(lines) >= 2  # the entry wraps in the page's 40em measure
    first, *rest = lines
    # Every line after the first starts 2em to the right of it.
    assert all(left - first == pytest.approx(2 * font_px, abs=1) for left in rest)


def test_second_field_is_aligned_beside_the_number(page: Page, work: Work) -> None:
    _lay_out(page, work, "ieee")
    label = page.evaluate(_LINES, ".csl-left-margin")
    text = page.evaluate(_LINES, ".csl-right-inline")
    assert len(label) == 1
    assert len(text) >= 2
    # The text's lines share one left edge, right of the label's.
    assert max(text) - min(text) < 1
    assert min(text) > label[0]
