"""The output-format registry: every format renders reports, documents take two."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

import pytest

from reprint import api
from reprint.errors import UsageError
from reprint.model import Document, Report
from reprint.render import (
    DOCUMENT_FORMATS,
    REPORT_FORMATS,
    OutputFormat,
    iter_reports,
    render_document,
)
from reprint.render.json import render_json
from reprint.render.sarif import render_sarif
from reprint.render.text import render_text

MARKDOWN = b"# Notes\n\nA first paragraph.\n\n<!-- a hidden remark -->\n"


@pytest.fixture(scope="module")
def reports() -> list[Report]:
    return [
        api.check(b"# Title\n\nSome words.\n", name="a.md"),
        api.check(b"", name="empty.md"),
    ]


@pytest.fixture(scope="module")
def document() -> Document:
    return api.extract(MARKDOWN, name="notes.md")


@pytest.mark.parametrize(
    ("fmt", "whole"),
    [
        (OutputFormat.TEXT, render_text),
        (OutputFormat.JSON, render_json),
        (OutputFormat.SARIF, render_sarif),
    ],
    ids=["text", "json", "sarif"],
)
def test_each_format_joins_to_its_renderers_whole_output(
    fmt: OutputFormat,
    whole: Callable[[Sequence[Report]], str],
    reports: list[Report],
) -> None:
    assert "".join(iter_reports(iter(reports), fmt)) == whole(reports)


def test_text_pieces_come_one_per_report_and_colour_on_request(
    reports: list[Report],
) -> None:
    pieces = list(iter_reports(reports, OutputFormat.TEXT, is_colour=True))
    assert len(pieces) == len(reports)
    assert "\033[" in pieces[0]
    assert "\033[" not in "".join(iter_reports(reports, OutputFormat.TEXT))


def test_reports_take_every_format_and_documents_text_and_json() -> None:
    assert REPORT_FORMATS == (OutputFormat.TEXT, OutputFormat.JSON, OutputFormat.SARIF)
    assert DOCUMENT_FORMATS == (OutputFormat.TEXT, OutputFormat.JSON)


def test_document_json_names_the_file_and_hides_hidden_text_unless_asked(
    document: Document,
) -> None:
    shown = json.loads(render_document(document, OutputFormat.JSON, file="n.md"))
    assert shown["file"] == "n.md"
    assert "hidden" not in shown
    with_hidden = render_document(
        document, OutputFormat.JSON, file="n.md", show_hidden=True
    )
    assert json.loads(with_hidden)["hidden"][0]["text"] == "a hidden remark"


def test_document_text_lists_blocks_then_hidden_text_on_request(
    document: Document,
) -> None:
    text = render_document(document, OutputFormat.TEXT, file="n.md")
    assert "A first paragraph." in text
    assert "hidden" not in text
    shown = render_document(document, OutputFormat.TEXT, file="n.md", show_hidden=True)
    assert shown.startswith(text)
    assert shown.endswith("a hidden remark")


def test_a_document_has_no_sarif(document: Document) -> None:
    with pytest.raises(UsageError, match=r"cannot show 'n\.md' as SARIF"):
        render_document(document, OutputFormat.SARIF, file="n.md")
