"""Telling a file's format from its bytes (and, for Markdown, its name)."""

from __future__ import annotations

import re
from pathlib import PurePath

from reprint.errors import (
    EmptyInputError,
    EncryptedInputError,
    UnsupportedFormatError,
)
from reprint.model import Format

__all__ = ["format_from_name", "sniff_format"]


_SUFFIXES: dict[str, Format] = {
    ".html": Format.HTML,
    ".htm": Format.HTML,
    ".xhtml": Format.HTML,
    ".pdf": Format.PDF,
    ".docx": Format.DOCX,
    ".md": Format.MARKDOWN,
    ".markdown": Format.MARKDOWN,
    ".txt": Format.TEXT,
}

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# MS-OFFCRYPTO: an encrypted OOXML file is an OLE container with this stream name.
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_SNIFF_BYTES = 8192
# The WHATWG MIME sniffing algorithm's HTML patterns, plus common fragments a CMS
# stores without <html>.
_HTML_START = re.compile(
    rb"\s*<(?:!doctype\s+html|html|head|body|script|iframe|h[1-6]|div|font|table|a|"
    rb"style|title|b|p|article|section|main|header|meta|link|br|span|!--)[\s>/]",
    re.IGNORECASE,
)
_HTML_ANYWHERE = re.compile(rb"<(?:html|body|article|div|p)[\s>]", re.IGNORECASE)
# WHATWG MIME Sniffing: the "binary data bytes" and the 1,445-byte resource header
# the rules look at.
_BINARY = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")
_RESOURCE_HEADER = 1445
_MARKDOWN_HINT = re.compile(
    rb"\A---\s*\n|^#{1,6} \S|^\s*[-*+] \S|^\s*\d+\. \S|\[[^\]\n]+\]\([^)\n]+\)|^> ",
    re.MULTILINE,
)


def format_from_name(name: str) -> Format | None:
    """The format a file name's suffix promises, if it promises one."""
    return _SUFFIXES.get(PurePath(name).suffix.lower())


def _text_head(data: bytes) -> bytes:
    """The first bytes as ASCII-compatible bytes, so patterns work for UTF-16 too."""
    head = data[:_SNIFF_BYTES]
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            text = head[len(bom) :].decode(codec, errors="ignore")
            return text.encode("utf-8", errors="ignore")
    return head.removeprefix(b"\xef\xbb\xbf")


def sniff_format(data: bytes, name: str = "") -> Format:
    """Tell the format from the bytes; the name only separates Markdown from text.

    Raises:
        EmptyInputError: no bytes.
        EncryptedInputError: a password-protected Office file.
        UnsupportedFormatError: bytes of a format reprint does not read.
    """
    if not data or data.isspace():  # no copy of the bytes, unlike strip()
        raise EmptyInputError("the file is empty")
    # The WHATWG MIME Sniffing Standard, as browsers apply it: a resource given as
    # HTML (here: named .html, .htm or .xhtml) is HTML whatever bytes are inside
    # it (section 7.1, a supplied HTML type is the computed type), so a NUL or a
    # "%PDF-" in a page changes nothing. Only the signature of a PDF, zip or OLE
    # file at its very start (a file misnamed, reported as a format mismatch)
    # is taken over the name. Otherwise the "unknown MIME type" rules: the HTML
    # patterns first, then the PDF signature, then binary bytes.
    is_named_html = format_from_name(name) is Format.HTML
    if is_named_html and not data.startswith((b"%PDF-", b"PK\x03\x04", _OLE_MAGIC)):
        return Format.HTML
    head = _text_head(data)
    if _HTML_START.match(head):
        return Format.HTML
    if b"%PDF-" in data[:1024]:  # ISO 32000: a header within the first 1024 bytes
        return Format.PDF
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        # A DOCX is told from other zips (ODT, EPUB, XLSX) by its main part, which
        # the DOCX extractor checks when it reads the zip directory.
        return Format.DOCX
    if data.startswith(_OLE_MAGIC):
        if _ENCRYPTED_PACKAGE in data[:1_048_576]:
            raise EncryptedInputError(
                "the DOCX is password-protected (an encrypted OLE container); "
                "remove the password in Word and check it again"
            )
        raise UnsupportedFormatError(
            "a legacy Office binary file (.doc); save it as .docx and check it again"
        )
    if _BINARY.search(data, 0, _RESOURCE_HEADER) and not data.startswith(_BOMS):
        raise UnsupportedFormatError("binary data that is not PDF, DOCX, HTML or text")
    if _HTML_ANYWHERE.search(head):
        return Format.HTML
    if format_from_name(name) is Format.MARKDOWN or _MARKDOWN_HINT.search(head):
        return Format.MARKDOWN
    return Format.TEXT
