"""The PDF info dictionary and XMP packet: hidden metadata and the publication."""

from __future__ import annotations

import time
from pathlib import Path

from pdf_files import PDF, hidden_by, read

from reprint.formats.options import ExtractOptions
from reprint.formats.pdf.reader import extract
from reprint.model import (
    HiddenReason,
    ProblemCode,
    Region,
)

# Metadata


def test_info_and_xmp_are_hidden_metadata_blocks() -> None:
    document = read("reportlab-metadata.pdf")
    found = {
        block.location.detail: block.text
        for block in hidden_by(document, HiddenReason.METADATA)
    }
    assert found["document info /Author"] == "Rikki Kersten"
    assert found["document info /Keywords"] == "MacArthur Foundation; Japan; alliance"
    assert found["XMP dc:rights"] == (
        "Department of International Relations (ANU) and the MacArthur Foundation"
    )
    assert found["XMP dc:creator"] == "Rikki Kersten"
    assert "XMP xmpMM:DocumentID" not in found  # an identifier, not words
    assert all(
        block.location.region is Region.METADATA
        for block in hidden_by(document, HiddenReason.METADATA)
    )
    assert "MacArthur" not in document.text


def test_publication_comes_from_info_and_creation_date() -> None:
    publication = read("reportlab-metadata.pdf").publication
    assert publication.title == "Japan, the US Alliance and Asia"
    assert publication.author == "Rikki Kersten"
    assert publication.published == "2011-08-01"


def test_xmp_external_entity_is_not_resolved() -> None:
    document = read("reportlab-xmp-xxe.pdf")
    rights = [
        block.text
        for block in document.hidden
        if block.location.detail == "XMP dc:rights"
    ]
    assert rights == ["file: &xxe; end"]
    hostname = Path("/etc/hostname")
    if hostname.exists() and hostname.read_text().strip():
        assert hostname.read_text().strip() not in str(document.to_dict())


def test_xmp_billion_laughs_does_not_expand() -> None:
    started = time.perf_counter()
    document = extract(
        (PDF / "reportlab-xmp-laughs.pdf").read_bytes(), ExtractOptions()
    )
    assert time.perf_counter() - started < 5
    assert "lollol" not in str(document.to_dict())
    assert [problem.code for problem in document.problems] == [
        ProblemCode.UNREADABLE_METADATA
    ]
    assert document.blocks[0].text == "Japan, the US Alliance and Asia"
