"""Format sniffing: the bytes decide, the name only reports a mismatch."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reprint.errors import (
    EmptyInputError,
    EncryptedInputError,
    ReprintError,
    UnsupportedFormatError,
)
from reprint.formats.sniff import format_from_name, sniff_format
from reprint.model import Format


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"%PDF-1.7\n", Format.PDF),
        (b"\n\n%PDF-1.4", Format.PDF),
        (b"PK\x03\x04rest", Format.DOCX),
        (b"<!DOCTYPE html><html>", Format.HTML),
        (b"\xef\xbb\xbf<!doctype html>", Format.HTML),
        ("<html><body>x".encode("utf-16"), Format.HTML),
        (b"<div class='entry-content'><p>Hi</p></div>", Format.HTML),
        (b"---\ntitle: A post\n---\n\nBody", Format.MARKDOWN),
        (b"# Heading\n\nSome *text*.", Format.MARKDOWN),
        (b"Just some words.\nAnd more.", Format.TEXT),
    ],
    ids=[
        "pdf",
        "pdf-after-junk",
        "zip",
        "doctype",
        "bom-html",
        "utf16-html",
        "cms-fragment",
        "front-matter",
        "markdown-heading",
        "plain",
    ],
)
def test_format_is_sniffed_from_bytes(head: bytes, expected: Format) -> None:
    assert sniff_format(head) is expected


def test_name_only_separates_markdown_from_text() -> None:
    assert sniff_format(b"Just words.", "post.md") is Format.MARKDOWN
    assert sniff_format(b"%PDF-1.7", "post.md") is Format.PDF


@pytest.mark.parametrize("data", [b"", b"   \n\t "], ids=["empty", "whitespace"])
def test_empty_input_is_refused(data: bytes) -> None:
    with pytest.raises(EmptyInputError, match="the file is empty"):
        sniff_format(data)


def test_encrypted_office_container_is_refused_as_encrypted() -> None:
    ole = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 64
        + "EncryptedPackage".encode("utf-16-le")
    )
    with pytest.raises(EncryptedInputError, match="password-protected"):
        sniff_format(ole)


def test_legacy_doc_is_refused_with_what_to_do() -> None:
    with pytest.raises(UnsupportedFormatError, match=r"save it as \.docx"):
        sniff_format(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64)


def test_binary_data_is_refused() -> None:
    with pytest.raises(UnsupportedFormatError, match="binary data"):
        sniff_format(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")


@pytest.mark.parametrize(
    ("name", "expected"),
    [("a.HTM", Format.HTML), ("b.docx", Format.DOCX), ("c", None), ("d.odt", None)],
)
def test_suffix_promises_a_format(name: str, expected: Format | None) -> None:
    assert format_from_name(name) is expected


@settings(max_examples=200)
@given(st.binary(max_size=2048))
def test_sniffing_arbitrary_bytes_raises_only_reprint_errors(data: bytes) -> None:
    with contextlib.suppress(ReprintError):
        assert isinstance(sniff_format(data), Format)
