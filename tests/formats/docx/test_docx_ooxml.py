"""The DOCX package: zips that are not DOCX, and bad and hostile zips and XML."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from docx_files import FIXTURES, OPTIONS, read, with_part
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reprint.errors import (
    CorruptInputError,
    EncryptedInputError,
    InputError,
    UnsafeInputError,
    UnsupportedFormatError,
)
from reprint.formats.docx.reader import extract
from reprint.formats.options import ExtractOptions
from reprint.formats.registry import extract_bytes
from reprint.limits import Limits
from reprint.model import Document

# Formats that are not DOCX.


@pytest.mark.parametrize(
    ("name", "seems"),
    [
        ("libreoffice.odt", "OpenDocument text (ODT)"),
        ("pandoc.epub", "EPUB"),
        ("pandoc.pptx", "PowerPoint presentation (PPTX)"),
    ],
    ids=["odt", "epub", "pptx"],
)
def test_other_zip_formats_are_unsupported_and_named(name: str, seems: str) -> None:
    with pytest.raises(
        UnsupportedFormatError, match=rf"not a DOCX file but an? {re.escape(seems)}"
    ):
        read(name)


def test_plain_zip_without_word_document_is_unsupported() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "Rikki Kersten")
    with pytest.raises(UnsupportedFormatError, match=r"no word/document\.xml"):
        extract(out.getvalue(), OPTIONS)


def test_password_protected_docx_is_encrypted_input() -> None:
    data = (FIXTURES / "libreoffice-encrypted.docx").read_bytes()
    with pytest.raises(EncryptedInputError, match="password-protected"):
        extract_bytes(data, "libreoffice-encrypted.docx")


# Bad and hostile input.


def test_bytes_that_are_not_a_zip_are_corrupt() -> None:
    with pytest.raises(CorruptInputError, match="not a readable DOCX"):
        extract(b"Rikki Kersten, Japan, the US Alliance and Asia", OPTIONS)


def test_truncated_zip_is_corrupt() -> None:
    with pytest.raises(CorruptInputError, match="truncated or damaged"):
        read("truncated.docx")


def test_malformed_document_xml_is_corrupt() -> None:
    with pytest.raises(
        CorruptInputError, match=r"'word/document\.xml' is not well-formed"
    ):
        read("malformed-xml.docx")


def test_zip_bomb_is_refused_from_the_directory() -> None:
    # The ratio is only known from the central directory; nothing was inflated.
    with pytest.raises(
        UnsafeInputError, match=r"ratio of \d+:1, over the limit of 200:1"
    ):
        read("hostile-zip-bomb.docx")


def test_member_inflating_past_its_declared_size_is_refused() -> None:
    # document.xml declares 100 bytes and inflates to 10 MiB.
    with pytest.raises(CorruptInputError, match=r"'word/document\.xml' is damaged"):
        read("hostile-lying-size.docx")


def test_too_many_members_is_unsafe() -> None:
    options = ExtractOptions(limits=Limits(max_zip_members=5))
    with pytest.raises(UnsafeInputError, match="members, over the limit of 5"):
        read("structure.docx", options)


def test_too_many_unzipped_bytes_is_unsafe() -> None:
    options = ExtractOptions(limits=Limits(max_unzipped_bytes=10_000))
    with pytest.raises(UnsafeInputError, match="would inflate to"):
        read("structure.docx", options)


def test_external_entity_is_refused_and_never_read() -> None:
    with pytest.raises(UnsafeInputError, match="declares a DTD") as caught:
        read("hostile-xxe.docx")
    assert "root:" not in str(caught.value)


def test_entity_expansion_is_refused() -> None:
    with pytest.raises(UnsafeInputError, match="declares a DTD"):
        read("hostile-billion-laughs.docx")


def test_utf32_part_with_dtd_is_refused_after_parsing() -> None:
    # UTF-32 hides the <!DOCTYPE bytes from the pre-check; the parse result must not.
    def to_utf32_with_dtd(xml: bytes) -> bytes:
        text = xml.decode("utf-8").replace("encoding='UTF-8'", "encoding='UTF-32'")
        head, _, rest = text.partition("?>")
        dtd = '<!DOCTYPE w:document [<!ENTITY x "laugh">]>'
        return f"{head}?>{dtd}{rest}".encode("utf-32")

    data = with_part("hidden-text.docx", "word/document.xml", to_utf32_with_dtd)
    with pytest.raises(UnsafeInputError, match="declares a DTD"):
        extract(data, OPTIONS)


FUZZ_BASE = (FIXTURES / "libreoffice-notes-textbox.docx").read_bytes()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2048))
def test_arbitrary_bytes_raise_only_input_errors(data: bytes) -> None:
    try:
        document = extract(data, OPTIONS)
    except InputError:
        return
    assert isinstance(document, Document)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.integers(0, len(FUZZ_BASE) - 1), st.integers(0, 255)), max_size=8
    )
)
def test_damaged_real_docx_raises_only_input_errors(
    flips: list[tuple[int, int]],
) -> None:
    data = bytearray(FUZZ_BASE)
    for position, value in flips:
        data[position] = value
    try:
        document = extract(bytes(data), OPTIONS)
    except InputError:
        return
    assert isinstance(document, Document)
