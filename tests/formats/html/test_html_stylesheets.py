"""Linked and imported style sheets: each read once, ``@import`` followed within the
page's bounds, and a limit that keeps CSS out makes the page unverifiable."""

from __future__ import annotations

from collections import Counter

import pytest
from html_pages import CREDIT, HTML_FIXTURES, hidden_reasons

from reprint.errors import UnsafeInputError
from reprint.formats.html.reader import extract
from reprint.formats.options import ExtractOptions
from reprint.limits import DEFAULT_LIMITS, Limits
from reprint.model import Document, HiddenReason, ProblemCode, Verdict
from reprint.pipeline import check_document
from reprint.work import default_work


class Sheets:
    """A page's folder of style sheets, counting each read."""

    def __init__(self, files: dict[str, str], too_big: frozenset[str] = frozenset()):
        self.files = files
        self.too_big = too_big
        self.reads: Counter[str] = Counter()

    def __call__(self, href: str) -> str | None:
        self.reads[href] += 1
        if href in self.too_big:
            raise UnsafeInputError(f"the style sheet '{href}' is over the limit")
        return self.files.get(href)


def read_page(links: str, sheets: Sheets, limits: Limits = DEFAULT_LIMITS) -> Document:
    html = (
        f"<html><head>{links}</head><body><p>Visible words</p>"
        f'<p class="credit">{CREDIT}</p></body></html>'
    )
    options = ExtractOptions(limits=limits, stylesheets=sheets)
    return extract(html.encode(), options)


def test_import_chain_in_a_subfolder_hides_the_credit() -> None:
    sheets = Sheets(
        {
            "css/top.css": '@import "parts/a.css";',
            "css/parts/a.css": "@import url(b.css) screen;",
            "css/parts/b.css": ".credit{display:none}",
        }
    )
    document = read_page('<link rel="stylesheet" href="css/top.css">', sheets)
    assert hidden_reasons(document, CREDIT) == [HiddenReason.DISPLAY_NONE]


def test_import_for_print_only_is_not_followed() -> None:
    sheets = Sheets(
        {"top.css": '@import "p.css" print;', "p.css": ".credit{display:none}"}
    )
    document = read_page('<link rel="stylesheet" href="top.css">', sheets)
    assert CREDIT in document.text
    assert sheets.reads["p.css"] == 0


def test_import_loop_ends() -> None:
    sheets = Sheets(
        {"a.css": '@import "b.css";', "b.css": '@import "a.css"; .credit{display:none}'}
    )
    document = read_page('<link rel="stylesheet" href="a.css">', sheets)
    assert hidden_reasons(document, CREDIT) == [HiddenReason.DISPLAY_NONE]
    assert sheets.reads == Counter({"a.css": 1, "b.css": 1})


def test_a_sheet_linked_fifty_times_is_read_once() -> None:
    sheets = Sheets({"theme.css": ".credit{display:none}"})
    links = '<link rel="stylesheet" href="theme.css">' * 50
    document = read_page(links, sheets)
    assert sheets.reads["theme.css"] == 1
    assert hidden_reasons(document, CREDIT) == [HiddenReason.DISPLAY_NONE]


THEME = ".x{color:red}" * 50


@pytest.mark.parametrize(
    ("sheets", "limits"),
    [
        (Sheets({}, too_big=frozenset({"theme.css"})), Limits()),
        (
            Sheets({"theme.css": ".x{color:red}" * 50}),
            Limits(max_page_stylesheet_bytes=500),
        ),
        (Sheets({"theme.css": ".x{color:red}" * 50}), Limits(max_page_style_rules=10)),
    ],
    ids=["sheet-over-its-limit", "page-css-over-bytes", "page-css-over-rules"],
)
def test_css_kept_out_by_a_limit_makes_the_page_unjudgeable(
    sheets: Sheets, limits: Limits
) -> None:
    document = read_page('<link rel="stylesheet" href="theme.css">', sheets, limits)
    [problem] = document.problems
    assert problem.code == ProblemCode.STYLE_OVER_LIMIT
    assert "theme.css" in problem.message


def test_credited_reprint_with_css_over_a_limit_is_unverifiable_not_compliant() -> None:
    sample = (HTML_FIXTURES.parent / "sample" / "reprint.html").read_bytes()
    link = b'<link rel="stylesheet" href="theme.css"></head>'
    sheets = Sheets({}, too_big=frozenset({"theme.css"}))
    options = ExtractOptions(stylesheets=sheets)
    document = extract(sample.replace(b"</head>", link, 1), options)
    report = check_document(document, file="reprint.html", work=default_work())
    assert report.verdict is Verdict.UNVERIFIABLE
    assert [p.code for p in report.problems] == [ProblemCode.STYLE_OVER_LIMIT]
