"""Add the credit line to a Markdown post: paragraphs after the reprinted text.

markdown-it (the parser the extractor renders with) gives each top-level block
its lines; the credit's Markdown goes after the block the reprint ends in (a
whole list or quotation, never inside one), apart from it by a blank line.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.token import Token

from reprint.fix.end import ReprintEnd
from reprint.fix.text import TextFile
from reprint.work import Work

__all__ = ["add_credit"]

# Inline tokens whose content a reader sees; links and images show their text.
_SHOWN = frozenset({"text", "code_inline"})


def add_credit(data: bytes, end: ReprintEnd, work: Work) -> bytes:
    """The post with the credit line's paragraphs after the reprinted text."""
    from reprint import api

    source = TextFile(data)
    lines = source.text.splitlines(keepends=True)
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    stop = len(lines)
    for _first, last, shown in _top_level_blocks(parser.parse(source.text)):
        if end.is_in(shown):
            stop = last
    offset = sum(len(line) for line in lines[:stop])
    return source.with_paragraphs(offset, api.credit_line("markdown", work=work))


def _top_level_blocks(tokens: list[Token]) -> list[tuple[int, int, str]]:
    """Each top-level block's first and end line and the text a reader sees of it."""
    blocks: list[tuple[int, int, str]] = []
    shown: list[str] = []
    lines: list[int] | None = None
    for token in tokens:
        if token.level == 0 and token.nesting >= 0 and token.map is not None:
            lines = token.map
            shown = []
        if token.type == "inline":
            shown.extend(
                child.content for child in token.children or () if child.type in _SHOWN
            )
        elif token.type in {"fence", "code_block"}:
            shown.append(token.content)
        if token.level == 0 and token.nesting <= 0 and lines is not None:
            blocks.append((lines[0], lines[1], " ".join(shown)))
            lines = None
    return blocks
