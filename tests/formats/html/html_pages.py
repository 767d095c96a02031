"""Pages and fixtures the HTML extractor's tests read, and lookups into the result."""

from __future__ import annotations

from pathlib import Path

from reprint.formats.html.reader import extract
from reprint.formats.options import ExtractOptions
from reprint.model import Document, HiddenReason

HTML_FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "html"
CREDIT = "Rikki Kersten"
OPTIONS = ExtractOptions()


def read(markup: str) -> Document:
    return extract(markup.encode("utf-8"), OPTIONS)


def page(body: str, head: str = "") -> Document:
    return read(f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>")


def fixture(name: str) -> Document:
    return extract((HTML_FIXTURES / name).read_bytes(), OPTIONS)


def hidden_reasons(document: Document, needle: str) -> list[HiddenReason]:
    return [block.reason for block in document.hidden if needle in block.text]


def block_with(document: Document, needle: str) -> str:
    return next(block.text for block in document.blocks if needle in block.text)
