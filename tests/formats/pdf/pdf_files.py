"""Fixtures the PDF extractor's tests read, and lookups into the result
(see fixtures/make_pdf.py and fixtures/pdf/SOURCES.tsv)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from reprint.formats.options import ExtractOptions
from reprint.formats.pdf.reader import extract
from reprint.model import (
    Document,
    HiddenBlock,
    HiddenReason,
)

PDF = Path(__file__).resolve().parents[3] / "fixtures" / "pdf"
HIDDEN_CREDIT = "Courtesy of the Department of International Relations (ANU)."
SUMMARY_2 = (
    "The debates during this period have been focused on an overriding policy "
    "dilemma: how to balance the tensions between Japan's increasingly important "
    "relations with Asia and its long-standing alliance with the United States."
)

SUMMARY_3 = (
    "Much of Japan's security discourse over this period, however, has been "
    "characterized by confusion and self-defeating paralysis. Unless Japan can come "
    "to terms with its middle-power status, it will continue to struggle with these "
    "tensions and remain vulnerable to irrational swings between bilateral and "
    "regional aspirations."
)


@cache
def read(name: str, password: str | None = None) -> Document:
    return extract((PDF / name).read_bytes(), ExtractOptions(password=password))


def hidden_by(document: Document, reason: HiddenReason) -> list[HiddenBlock]:
    return [block for block in document.hidden if block.reason is reason]


def starts(document: Document) -> list[str]:
    return [block.text[:30] for block in document.blocks]
