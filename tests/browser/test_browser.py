"""The browser mode: what headless Chromium paints, as a Document and a report."""

from __future__ import annotations

import base64
import csv
import dataclasses
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import jsonschema
import pytest
from browser_engines import FIXTURES, ROOT
from click.testing import CliRunner

from reprint.cli import main
from reprint.formats import ocr
from reprint.formats.html import browser
from reprint.formats.options import ExtractOptions
from reprint.limits import DEFAULT_LIMITS
from reprint.model import Document, HiddenReason, ProblemCode, TextSource, Verdict
from reprint.pipeline import check, extract

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.usefixtures("chromium_session"),
]

CREDIT = "Republished with the support of the MacArthur Foundation."


def render(markup: str, options: ExtractOptions | None = None) -> Document:
    return browser.extract(markup.encode(), options or ExtractOptions())


def page(body: str, head: str = "") -> str:
    return (
        f"<!doctype html><html><head><title>t</title>{head}</head>"
        f"<body><p>Visible article text.</p>{body}</body></html>"
    )


def reasons(document: Document, needle: str) -> list[HiddenReason]:
    return [block.reason for block in document.hidden if needle in block.text]


def shown(document: Document, needle: str) -> bool:
    return any(needle in block.text for block in document.blocks)


def test_the_sample_reads_as_the_static_reader_reads_it() -> None:
    sample = FIXTURES / "sample"
    fine = check(sample / "reprint.html", render=True)
    assert fine.verdict is Verdict.COMPLIANT
    assert fine.engine == "chromium"
    bad = check(sample / "uncredited-reprint.html", render=True)
    statuses = {c.key: c.status.value for c in bad.credits}
    assert statuses == {
        "author": "present",
        "anu_ir": "misattributed",
        "macarthur": "hidden",
    }
    macarthur = next(c for c in bad.credits if c.key == "macarthur")
    assert macarthur.why is not None
    assert "display-none" in macarthur.why


@pytest.mark.parametrize(
    ("style", "reason"),
    [
        ("content-visibility:hidden", HiddenReason.NOT_RENDERED),
        ("filter:opacity(0)", HiddenReason.TRANSPARENT),
        ("opacity:0.01", HiddenReason.TRANSPARENT),
        ("max-height:0;overflow:hidden", HiddenReason.CLIPPED),
        ("position:absolute;clip-path:inset(50%)", HiddenReason.CLIPPED),
        ("position:absolute;left:-9999px", HiddenReason.OFF_PAGE),
        ("text-indent:-9999px;overflow:hidden", HiddenReason.OFF_PAGE),
        ("font-size:0", HiddenReason.CLIPPED),
        ("font-size:1px", HiddenReason.TINY_TEXT),
        ("transform:scale(0)", HiddenReason.CLIPPED),
        ("color:#ffff00", HiddenReason.BACKGROUND_COLOUR),
        ("color:#eeeeee", HiddenReason.BACKGROUND_COLOUR),
        ("color:#000;background:#010101", HiddenReason.BACKGROUND_COLOUR),
        ("visibility:hidden", HiddenReason.VISIBILITY_HIDDEN),
        ("display:var(--d)", HiddenReason.DISPLAY_NONE),
    ],
)
def test_what_paints_nothing_is_hidden_with_its_reason(
    style: str, reason: HiddenReason
) -> None:
    document = render(
        page(f'<p style="{style}">{CREDIT}</p>', "<style>:root{--d:none}</style>")
    )
    assert not shown(document, "MacArthur")
    assert reasons(document, "MacArthur") == [reason]
    assert shown(document, "Visible article text.")


@pytest.mark.parametrize(
    "style",
    ["color:#cccccc", "color:#777;background:#fff", "color:yellow;background:#000"],
)
def test_text_with_enough_contrast_is_visible(style: str) -> None:
    document = render(page(f'<p style="{style}">{CREDIT}</p>'))
    assert shown(document, CREDIT)
    assert reasons(document, "MacArthur") == []


def test_closed_details_hide_all_but_their_summary() -> None:
    document = render(
        page(f"<details><summary>More</summary><p>{CREDIT}</p></details>")
    )
    assert shown(document, "More")
    assert reasons(document, "MacArthur") == [HiddenReason.NOT_RENDERED]


def test_text_a_script_writes_is_read_and_a_script_can_reveal_the_page() -> None:
    script = (
        "<script>document.body.insertAdjacentHTML('beforeend',"
        f"'<p class=\"c\">{CREDIT}</p>');"
        "document.documentElement.style.display='';</script>"
    )
    markup = page(script).replace("<html>", '<html style="display:none">')
    document = render(markup)
    assert shown(document, CREDIT)
    assert shown(document, "Visible article text.")


def test_generated_content_is_visible_text() -> None:
    style = (
        '<style>.c::after{content:"Republished with the support of the '
        '\\"MacArthur\\" Foundation."}</style>'
    )
    document = render(page('<p class="c"></p>', style))
    assert shown(document, 'the "MacArthur" Foundation.')


def test_noscript_is_hidden_and_its_styles_are_not_applied() -> None:
    head = "<noscript><style>p{display:none}</style></noscript>"
    document = render(page(f"<noscript><p>{CREDIT}</p></noscript>", head))
    assert shown(document, "Visible article text.")
    assert reasons(document, "MacArthur") == [HiddenReason.NOSCRIPT]


def test_metadata_comments_and_publication_are_read() -> None:
    head = (
        '<meta property="og:site_name" content="The Daily">'
        '<link rel="canonical" href="https://example.org/a">'
    )
    document = render(page("<!-- a note -->", head))
    assert document.publication.site_name == "The Daily"
    assert document.publication.url == "https://example.org/a"
    assert reasons(document, "a note") == [HiddenReason.HTML_COMMENT]
    assert reasons(document, "The Daily") == [HiddenReason.METADATA]


class _Recorder(BaseHTTPRequestHandler):
    paths: list[str] = []  # noqa: RUF012 - one server per test

    def do_GET(self) -> None:
        self.paths.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"p{display:none}")

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def loopback() -> Iterator[tuple[str, list[str]]]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    _Recorder.paths = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", _Recorder.paths
    finally:
        server.shutdown()
        server.server_close()


def test_the_network_is_closed(loopback: tuple[str, list[str]]) -> None:
    base, requested = loopback
    head = f'<link rel="stylesheet" href="{base}/site.css">'
    body = (
        f'<img src="{base}/i.png"><iframe src="{base}/f"></iframe>'
        f"<script>fetch('{base}/x').catch(() => 0)</script>"
    )
    document = render(page(body, head))
    assert shown(document, "Visible article text.")
    assert requested == []


def test_local_style_sheets_are_served_and_nothing_else(tmp_path: Path) -> None:
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "site.css").write_text(".c{display:none}")
    (tmp_path / "secret.txt").write_text("the MacArthur Foundation")
    markup = page(
        f'<p class="c">{CREDIT}</p>'
        "<script>fetch('secret.txt').then(r => r.text()).then(t => "
        "document.body.insertAdjacentHTML('beforeend', '<p>' + t + '</p>'))"
        ".catch(() => 0)</script>",
        '<link rel="stylesheet" href="css/site.css">',
    )
    (tmp_path / "page.html").write_text(markup)
    document = extract(tmp_path / "page.html", render=True)
    assert document.engine == "chromium"
    assert reasons(document, "MacArthur") == [HiddenReason.DISPLAY_NONE]
    assert not shown(document, "MacArthur")


def test_check_render_reports_the_engine_in_json_that_meets_the_schema() -> None:
    result = CliRunner().invoke(
        main,
        ["check", "--render", "--format", "json", "--jobs", "1",
         str(FIXTURES / "sample" / "uncredited-reprint.html")],
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    payload = json.loads(result.stdout)
    schema = json.loads((ROOT / "src/reprint/schemas/report.schema.json").read_text())
    jsonschema.validate(payload, schema)
    assert payload["reports"][0]["engine"] == "chromium"


def test_extract_render_prints_what_chromium_shows() -> None:
    sample = str(FIXTURES / "sample" / "uncredited-reprint.html")
    result = CliRunner().invoke(
        main, ["extract", "--render", "--format", "json", "--show-hidden", sample]
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["engine"] == "chromium"
    assert any("MacArthur" in h["text"] for h in payload["hidden"])


def test_without_chromium_one_error_names_the_package(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(browser, "CHROMIUM", str(tmp_path / "no-chromium"))
    sample = str(FIXTURES / "sample" / "reprint.html")
    result = CliRunner().invoke(main, ["check", "--render", sample, sample])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("error:") == 1
    assert "apt-get install chromium" in result.stderr


def test_a_page_that_hangs_is_refused_within_the_budget_and_the_next_is_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(browser, "PAGE_BUDGET_S", 2.0)
    report = check(page("<script>while (true) {}</script>").encode(), render=True)
    assert report.verdict is Verdict.UNVERIFIABLE
    assert report.engine == "chromium"
    assert "within the 2 s budget" in report.problems[0].message
    assert shown(render(page("")), "Visible article text.")


LOGO = FIXTURES / "ocr" / "credit-logo.png"  # 600x60: the credit set as a logo


def logo(style: str = "") -> str:
    data = base64.b64encode(LOGO.read_bytes()).decode()
    return f'<img src="data:image/png;base64,{data}" alt="" style="{style}">'


def test_a_painted_image_is_read_by_ocr_where_it_stands_and_a_hidden_one_is_not() -> (
    None
):
    markup = page(
        f"<p>Before the logo.</p><p>{logo()}</p><p>After the logo.</p>"
        f'<div style="display:none">{logo()}</div>'
        f'<div style="opacity:0">{logo()}</div>'
        f"{logo('position:absolute;left:-9999px')}"
        f'<div style="width:40px;overflow:hidden">{logo()}</div>'
        f"{logo('width:600px;height:6px')}"
    )
    document = render(markup)
    texts = [block.text for block in document.blocks]
    read = [block for block in document.blocks if block.source is TextSource.OCR]
    assert len(read) == 1
    assert "MacArthur Foundation" in read[0].text
    assert read[0].confidence is not None
    assert read[0].confidence > 80
    assert read[0].location.detail == "p > img (OCR)"
    at = texts.index(read[0].text)
    assert texts[at - 1] == "Before the logo."
    assert texts[at + 1] == "After the logo."
    assert [p.code for p in document.problems] == [ProblemCode.OCR_TEXT]
    # Only the painted one is shot at all: the others are not taken to Tesseract.
    assert len(browser._paint(markup.encode(), ExtractOptions())["images"]) == 1


def test_images_over_the_limit_or_without_ocr_are_reported_not_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    markup = page(f"<p>{logo()}</p><p>{logo()}</p>")
    limits = dataclasses.replace(DEFAULT_LIMITS, max_ocr_images=1)
    document = render(markup, ExtractOptions(limits=limits))
    assert sum(block.source is TextSource.OCR for block in document.blocks) == 1
    problems = {p.code: p.message for p in document.problems}
    assert problems[ProblemCode.IMAGES_NOT_READ].startswith("1 image(s)")
    monkeypatch.setattr(ocr, "is_available", lambda: False)
    document = render(markup)
    assert all(block.source is TextSource.TEXT for block in document.blocks)
    [problem] = document.problems
    assert problem.code is ProblemCode.IMAGES_NOT_READ
    assert problem.message.startswith("2 image(s)")
    assert "tesseract" in problem.message


def test_overflow_is_clipped_inside_the_borders() -> None:
    # A border-box height of 20 px, 19 of them border: the padding box that
    # clips the overflowing line is 1 px high, though the line starts above the
    # border. Inside a 30 px box, the same line is painted.
    box = (
        '<div style="box-sizing:border-box;height:{}px;border-bottom:19px solid #eee;'
        'overflow:hidden"><p style="margin:0">{}</p></div>'
    )
    document = render(page(box.format(20, CREDIT) + box.format(40, "Room to show.")))
    assert not shown(document, CREDIT)
    assert reasons(document, CREDIT) == [HiddenReason.CLIPPED]
    assert shown(document, "Room to show.")


needs_ocr = pytest.mark.skipif(
    not ocr.is_available(), reason="the ocr extra (tesserocr) is not installed"
)
OCR_PAGES = FIXTURES / "html" / "ocr"
with (OCR_PAGES / "labels.tsv").open(encoding="utf-8") as labels:
    OCR_ROWS = list(csv.DictReader(labels, delimiter="\t"))


@needs_ocr
@pytest.mark.parametrize("row", OCR_ROWS, ids=[row["file"] for row in OCR_ROWS])
def test_painted_image_pages_read_as_chromium_paints_them(row: dict[str, str]) -> None:
    # Labelled from Chromium (fixtures/make_painted_images.py): a lazy image far
    # below the fold, a banner painted as a CSS background, and a hidden one.
    report = check(OCR_PAGES / row["file"], render=True)
    assert report.verdict is Verdict(row["expected"])


def _ocr_blocks(document: Document) -> list[str]:
    return [block.text for block in document.blocks if block.source is TextSource.OCR]


@needs_ocr
def test_a_lazy_image_below_the_fold_is_loaded_and_read() -> None:
    lazy = logo().replace("<img ", '<img loading="lazy" ', 1)
    document = render(page(f'<div style="height:6000px"></div><p>{lazy}</p>'))
    [read] = _ocr_blocks(document)
    assert "MacArthur Foundation" in read


@needs_ocr
def test_a_background_image_is_read_by_ocr_and_not_the_text_over_it() -> None:
    data = base64.b64encode(LOGO.read_bytes()).decode()
    banner = (
        f'<div class="banner" style="background:url(data:image/png;base64,{data}) '
        'no-repeat;background-size:600px 60px;width:600px;height:60px;color:#fff">'
        "<b>Over the banner</b></div>"
    )
    document = render(
        page(
            f"<p>Before the banner.</p>{banner}<p>After the banner.</p>"
            f'<div style="display:none">{banner}</div>'
            f'<div style="background:linear-gradient(red,blue);height:90px"></div>'
        )
    )
    [read] = _ocr_blocks(document)
    assert "MacArthur Foundation" in read
    assert "banner" not in read.lower()  # the content is not painted in the shot
    texts = [block.text for block in document.blocks]
    at = texts.index(read)
    assert texts[at - 1] == "Before the banner."
    assert texts[at + 1] == "Over the banner"
    ocr_block = document.blocks[at]
    assert ocr_block.location.detail == "div.banner > background-image (OCR)"


@pytest.mark.parametrize(
    "style",
    ["mask-image:linear-gradient(transparent,transparent)", "-webkit-mask:url(m.svg)"],
)
def test_text_under_a_mask_is_unpainted_and_said(style: str) -> None:
    document = render(
        page(f'<p>Shown words.</p><div style="{style}"><p>Masked</p></div>')
    )
    assert "Masked" not in document.text
    assert "Shown words." in document.text
    assert [h.reason for h in document.hidden if "Masked" in h.text] == [
        HiddenReason.NOT_PAINTED
    ]
    assert [p.code for p in document.problems] == [ProblemCode.UNEVALUATED_STYLE]
