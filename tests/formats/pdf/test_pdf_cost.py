"""What a PDF may cost to read: found by the robustness sweep (issue 14, item 6).

pdf.js's ``test/pdfs/bug1978317.pdf`` (1.5 MB, 32,768 links on one page, its catalog
in an object stream with all of them) took 11 s and 468 MB where pdftotext takes
under a second. ``fixtures/robustness/many-links-objstm.pdf`` has the same shape at
a size for the suite (416 links; ``fixtures/robustness/make.py``).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import IndirectObject, PdfObject

from reprint.errors import UnsafeInputError
from reprint.formats.options import ExtractOptions
from reprint.formats.pdf.metadata import read_xmp
from reprint.formats.pdf.reader import extract
from reprint.limits import DEFAULT_LIMITS
from reprint.model import HiddenReason

LINKS = Path(__file__).parents[3] / "fixtures" / "robustness" / "many-links-objstm.pdf"


def test_xmp_of_a_catalog_in_an_object_stream_is_read_without_parsing_the_stream(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # pypdf parses every object of an object stream to return one of them: for the
    # catalog of bug1978317.pdf, 65,540 objects (8 s, 300 MB).
    parsed: list[int] = []
    real = PdfReader._get_object_from_stream

    def whole_stream(reader: PdfReader, reference: IndirectObject) -> PdfObject:
        parsed.append(reference.idnum)
        return real(reader, reference)

    monkeypatch.setattr(PdfReader, "_get_object_from_stream", whole_stream)
    xmp, problems = read_xmp(LINKS.read_bytes(), None)
    assert problems == []
    assert [(p.name, p.value) for p in xmp.properties] == [
        ("dc:rights", "Republished with the support of the MacArthur Foundation")
    ]
    assert parsed == []


def test_links_on_a_page_within_the_limit_are_read_with_the_page() -> None:
    document = extract(LINKS.read_bytes(), ExtractOptions())
    assert document.text.startswith("A page of many links.")
    assert "link 0 link 1 link 2" in document.text
    metadata = [b.text for b in document.hidden if b.reason is HiddenReason.METADATA]
    assert "Republished with the support of the MacArthur Foundation" in metadata


def test_a_page_over_the_annotation_limit_is_refused_before_it_is_flattened() -> None:
    limits = replace(DEFAULT_LIMITS, max_pdf_page_annotations=415)
    with pytest.raises(
        UnsafeInputError,
        match=r"^page 1 of the PDF has 416 annotations, over the limit of 415$",
    ):
        extract(LINKS.read_bytes(), ExtractOptions(limits=limits))
