"""The report page as an editor's browser shows it (headless Chromium)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from reprint import api
from reprint.scan.findings import CreditEvidence, Finding
from reprint.scan.page import render_page

pytestmark = pytest.mark.slow


def _finding(url: str, verdict: str, status: str, date: str) -> Finding:
    credit = CreditEvidence(
        "macarthur",
        "the MacArthur Foundation",
        status,
        "the MacArthur Foundation",
        None,
    )
    return Finding(url, date, "crawl.warc.gz", 1234, "entire", 1.0, verdict, (credit,))


def test_page_shows_one_row_per_republication_grouped_by_site(tmp_path: Path) -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("chromium is not installed (.ci/run installs it)")
    findings = [
        _finding(
            "https://b.example/2", "non-compliant", "hidden", "2026-11-02T00:00:00Z"
        ),
        _finding("https://a.example/1", "compliant", "present", "2026-11-05T00:00:00Z"),
        _finding("https://b.example/1", "compliant", "present", "2026-11-01T00:00:00Z"),
        _finding("https://evil.example/<script>", "compliant", "present", "2026-11-09"),
    ]
    page = tmp_path / "report.html"
    page.write_text(render_page(findings, "Republications", ["records: 9"]), "utf-8")
    pdf = tmp_path / "report.pdf"
    subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu",
         "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri()],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    text = " ".join(api.extract(pdf).text.split())
    assert "4 republications on 3 sites: 3 compliant, 1 non-compliant." in text
    # Sites in order, and within a site the rows by date.
    order = [
        text.index(s)
        for s in ("a.example", "b.example/1", "b.example/2", "evil.example")
    ]
    assert order == sorted(order)
    assert "non-compliant 2026-11-02 https://b.example/2" in text
    assert "hidden the MacArthur Foundation" in text
    assert "https://evil.example/<script>" in text  # shown as text, not run
