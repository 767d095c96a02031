"""Fixtures the DOCX extractor's tests read, and lookups into the result
(see fixtures/docx/SOURCES.tsv and fixtures/make_docx.py)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

from reprint.formats.docx.reader import extract
from reprint.formats.options import ExtractOptions
from reprint.model import Block, Document, HiddenBlock

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "docx"
OPTIONS = ExtractOptions()


def read(name: str, options: ExtractOptions = OPTIONS) -> Document:
    return extract((FIXTURES / name).read_bytes(), options)


def block(document: Document, starting: str) -> Block:
    """The one visible block whose text starts with ``starting``."""
    found = [b for b in document.blocks if b.text.startswith(starting)]
    assert len(found) == 1, [b.text for b in document.blocks]
    return found[0]


def hidden(document: Document, starting: str) -> HiddenBlock:
    found = [h for h in document.hidden if h.text.startswith(starting)]
    assert len(found) == 1, [h.text for h in document.hidden]
    return found[0]


def with_part(name: str, part: str, edit: Callable[[bytes], bytes]) -> bytes:
    """A fixture's bytes with one part rewritten: for tests about that structure."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(FIXTURES / name) as old,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new,
    ):
        for info in old.infolist():
            blob = old.read(info)
            new.writestr(info.filename, edit(blob) if info.filename == part else blob)
    return out.getvalue()
