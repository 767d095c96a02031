"""Add the credit line to a plain text file: paragraphs after the reprint.

Plain text has one idiom, the blank line between paragraphs; the credit line's
two paragraphs go after the paragraph the reprint ends in. The Markdown editor
shares the splice: the text around the credit is kept byte for byte.
"""

from __future__ import annotations

import codecs
import re

from reprint.fix.end import ReprintEnd
from reprint.work import Work

__all__ = ["TextFile", "add_credit"]

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class TextFile:
    """A text file's characters, and how to write them back as it was written."""

    def __init__(self, data: bytes) -> None:
        self.bom = b""
        self.encoding = "utf-8"
        for bom, encoding in _BOMS:
            if data.startswith(bom):
                self.bom, self.encoding = bom, encoding
                break
        body = data[len(self.bom) :]
        try:
            self.text = body.decode(self.encoding)
        except UnicodeDecodeError:
            # As the extractor reads it: what is not UTF-8 is windows-1252.
            self.encoding = "cp1252"
            self.text = body.decode(self.encoding, errors="replace")
        self.newline = "\r\n" if "\r\n" in self.text else "\n"

    def with_paragraphs(self, offset: int, paragraphs: str) -> bytes:
        """The file with ``paragraphs`` (LF-separated) as paragraphs at ``offset``.

        ``offset`` is the end of a line or of a paragraph; blank lines keep the
        new paragraphs apart from what comes before and after.
        """
        head, tail = self.text[:offset], self.text[offset:]
        head = head.rstrip("\r\n") + self.newline if head.strip() else ""
        block = paragraphs.replace("\n", self.newline)
        joined = f"{head}{self.newline if head else ''}{block}{self.newline}"
        rest = tail.lstrip("\r\n")
        if rest:
            joined += self.newline + rest
        return self.bom + joined.encode(self.encoding, errors="replace")


def add_credit(data: bytes, end: ReprintEnd, work: Work) -> bytes:
    """The file with the credit line's paragraphs after the reprinted text."""
    from reprint import api

    source = TextFile(data)
    text = source.text.replace("\r\n", "\n")
    offset = len(text)
    start = 0
    for separator in (*_BLANK_LINE.finditer(text), None):
        stop = len(text) if separator is None else separator.start()
        if end.is_in(text[start:stop]):
            offset = stop
        if separator is not None:
            start = separator.end()
    # The offset was counted with LF newlines; count it again in the file's own.
    lines_before = text[:offset].count("\n")
    offset += lines_before if source.newline == "\r\n" else 0
    return source.with_paragraphs(offset, api.credit_line("text", work=work))
