"""Each reader, fed damaged copies of the fixtures, returns a Document or says why not.

Hypothesis targets at a small budget (issue 14, item 6); the seeded sweep of
``benchmarks/robustness.py`` runs thousands of mutants on demand. A reader either
returns a ``Document`` or raises the project's ``ReprintError`` with a one-line
message: never another exception, which a shell would print as a traceback.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reprint.errors import ReprintError
from reprint.formats.docx.reader import extract as extract_docx
from reprint.formats.html.reader import extract as extract_html
from reprint.formats.options import ExtractOptions
from reprint.formats.pdf.reader import extract as extract_pdf
from reprint.formats.text import extract as extract_text
from reprint.model import Document

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
# Small seeds keep each example to tens of milliseconds: 40 examples a reader.
MAX_SEED_BYTES = 60_000
EXAMPLES = 40
OPTIONS = ExtractOptions()


def seeds(*patterns: str) -> list[bytes]:
    found = sorted(
        path
        for pattern in patterns
        for path in FIXTURES.rglob(pattern)
        if path.stat().st_size <= MAX_SEED_BYTES
    )
    return [path.read_bytes() for path in found]


@dataclass(frozen=True, slots=True)
class Damage:
    """One change to a byte string; ``at`` is a position per million of its length."""

    kind: str
    at: int
    size: int
    junk: bytes

    def apply(self, data: bytes) -> bytes:
        at = len(data) * self.at // 1_000_000
        if self.kind == "flip":
            return data[:at] + bytes([data[at] ^ self.size]) + data[at + 1 :]
        if self.kind == "cut":
            return data[:at] + data[at + self.size * 16 :]
        if self.kind == "insert":
            return data[:at] + self.junk + data[at:]
        return data[:at] + data[at : at + self.size] * 20 + data[at:]


# Small recipes (a fixture's index and a few changes) keep a failing example
# printable; the damaged bytes are made from them inside the test.
DAMAGES = st.lists(
    st.builds(
        Damage,
        kind=st.sampled_from(("flip", "cut", "insert", "repeat")),
        at=st.integers(0, 999_999),
        size=st.integers(1, 255),
        junk=st.binary(min_size=1, max_size=32),
    ),
    min_size=1,
    max_size=4,
)


def damaged(data: bytes, damages: list[Damage]) -> bytes:
    for damage in damages:
        data = damage.apply(data) if data else data
    return data


def damaged_member(package: bytes, member: int, damages: list[Damage]) -> bytes:
    """A DOCX whose zip still opens but one member (by index) is damaged."""
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        members = [(info.filename, source.read(info)) for info in source.infolist()]
    name, content = members[member % len(members)]
    members[member % len(members)] = (name, damaged(content, damages))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for filename, body in members:
            target.writestr(filename, body)
    return out.getvalue()


def assert_reads_or_says_why(
    extract: Callable[[bytes, ExtractOptions], Document], data: bytes
) -> None:
    try:
        document = extract(data, OPTIONS)
    except ReprintError as exc:
        message = str(exc)
    else:
        assert isinstance(document, Document)
        return
    assert message
    assert "\n" not in message, message


HTML = seeds("*.html", "*.htm")
PDF = seeds("*.pdf")


def is_sound_package(data: bytes) -> bool:
    """A zip whose members all read back, small unzipped (not a hostile fixture)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            unzipped = sum(info.file_size for info in package.infolist())
            return unzipped < 4_000_000 and package.testzip() is None
    except zipfile.BadZipFile:
        return False


DOCX = [data for data in seeds("*.docx") if is_sound_package(data)]
TEXT = seeds("*.md", "*.txt")

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)


@pytest.mark.parametrize(
    ("originals", "minimum"),
    [(HTML, 50), (PDF, 20), (DOCX, 20), (TEXT, 5)],
    ids=["html", "pdf", "docx", "text"],
)
def test_every_reader_has_fixtures_to_damage(
    originals: list[bytes], minimum: int
) -> None:
    assert len(originals) >= minimum


@FUZZ
@given(index=st.integers(0, len(HTML) - 1), damages=DAMAGES)
def test_html_reader_on_damaged_pages(index: int, damages: list[Damage]) -> None:
    assert_reads_or_says_why(extract_html, damaged(HTML[index], damages))


@FUZZ
@given(index=st.integers(0, len(PDF) - 1), damages=DAMAGES)
def test_pdf_reader_on_damaged_pdfs(index: int, damages: list[Damage]) -> None:
    assert_reads_or_says_why(extract_pdf, damaged(PDF[index], damages))


@FUZZ
@given(
    index=st.integers(0, len(DOCX) - 1),
    member=st.one_of(st.none(), st.integers(0, 50)),
    damages=DAMAGES,
)
def test_docx_reader_on_damaged_packages(
    index: int, member: int | None, damages: list[Damage]
) -> None:
    """``member`` None damages the zip's bytes; else that member's content."""
    package = DOCX[index]
    data = (
        damaged(package, damages)
        if member is None
        else damaged_member(package, member, damages)
    )
    assert_reads_or_says_why(extract_docx, data)


@FUZZ
@given(index=st.integers(0, len(TEXT) - 1), damages=DAMAGES)
def test_text_reader_on_damaged_text(index: int, damages: list[Damage]) -> None:
    assert_reads_or_says_why(extract_text, damaged(TEXT[index], damages))
