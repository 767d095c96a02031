"""Where the reprinted text ends, and how an editor finds that place in its format."""

from __future__ import annotations

import re
from dataclasses import dataclass

from reprint.model import Document, Location, Report

__all__ = ["ReprintEnd", "reprint_end", "words"]

_WORD = re.compile(r"\w+")
# The last words of the reprint's last block find it in the source: eight words
# are unique in the fixture pages, where four matched a repeated pull quote.
TAIL_WORDS = 8


def words(text: str) -> tuple[str, ...]:
    """The words of ``text``, case-folded: markup, quotes and dashes do not count."""
    return tuple(_WORD.findall(text.casefold()))


@dataclass(frozen=True, slots=True)
class ReprintEnd:
    """The block of the document where the reprinted text ends."""

    text: str  # the block's text, as a reader sees it
    location: Location

    @property
    def tail(self) -> tuple[str, ...]:
        return words(self.text)[-TAIL_WORDS:]

    def is_in(self, text: str) -> bool:
        """Whether ``text`` (a block of the source, markup and all) holds the end."""
        tail = self.tail
        if not tail:
            return False
        return f" {' '.join(tail)} " in f" {' '.join(words(text))} "


def reprint_end(document: Document, report: Report) -> ReprintEnd:
    """The last block of the last passage that reprints the work.

    ``report`` judges ``document`` and found at least one passage.
    """
    passages = report.reprint.passages
    assert passages, "a non-compliant reprint has at least one passage"
    last = max(passages, key=lambda passage: passage.doc_end.paragraph or 0)
    paragraph = last.doc_end.paragraph
    for block in document.blocks:
        if block.location.paragraph == paragraph:
            return ReprintEnd(block.text, block.location)
    # Every passage ends on a numbered block; were one not found, the document's
    # last block is still after the reprinted text.
    return ReprintEnd(document.blocks[-1].text, last.doc_end)
