"""Add the credit line to an HTML page: paragraphs after the reprint, in its content.

beautifulsoup4 finds the element where the reprinted text ends; the paragraphs are
spliced into the page's own text right after that element's end tag, so the copy
is the input byte for byte with only the credit added (a page reserialised whole
would come back with its attributes, entities and void tags respelt).
"""

from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser

from bs4 import BeautifulSoup, Tag

from reprint.fix.end import ReprintEnd
from reprint.work import Work

__all__ = ["CREDIT_CLASS", "add_credit"]

# Containers that belong to the reprinted block itself: the credit goes after the
# whole list, quotation, table or figure, not inside it.
_PART_OF_BLOCK = frozenset(
    {
        "li", "ol", "ul", "dl", "dt", "dd", "blockquote", "table", "thead", "tbody",
        "tfoot", "tr", "td", "th", "caption", "figure", "figcaption", "pre",
        "details", "summary",
    }
)  # fmt: skip
# Elements laid out inside a line: never where a paragraph may be put.
_INLINE = frozenset(
    {
        "a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "dfn", "em",
        "i", "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub",
        "sup", "time", "u", "var", "wbr", "del", "ins",
    }
)  # fmt: skip
# Elements whose text no reader sees where it stands.
_NOT_SHOWN = ("head", "script", "style", "template", "noscript", "textarea")
# Elements with no end tag (HTML Living Standard, "void elements").
_VOID = frozenset(
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "source", "track", "wbr",
    }
)  # fmt: skip
# The class of the added paragraphs: styled by nothing on the page, so they look
# like the paragraphs beside them; a hook for a site that wants to style them.
CREDIT_CLASS = "reprint-credit"
# WordPress's block editor saves each block between comments; a post holding them
# is edited as blocks, and text outside them would be shown as a "Classic" block.
_BLOCK_MARKUP = "<!-- wp:"
_BLOCK_CLOSER = re.compile(r"\s*<!-- /wp:[a-z0-9/-]+ -->")
_CREDIT_BLOCK = f'<!-- wp:paragraph {{"className":"{CREDIT_CLASS}"}} -->'
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def add_credit(data: bytes, end: ReprintEnd, work: Work) -> bytes:
    """The page with the credit line's paragraphs after the reprinted text."""
    from reprint import api

    text, encoding, bom = _decode(data)
    soup = BeautifulSoup(text, "html.parser")
    paragraphs = [
        f'<p class="{CREDIT_CLASS}">{paragraph}'
        for paragraph in api.credit_line("html", work=work).split("<p>")
        if paragraph
    ]
    offset = _end_offset(text, _after_reprint(soup, end))
    between = "\n"
    if _BLOCK_MARKUP in text:
        # The block editor's own markup: the credit goes after the block the
        # reprint ends in, as paragraph blocks the editor opens without a warning.
        closer = _BLOCK_CLOSER.match(text, offset)
        offset = closer.end() if closer else offset
        paragraphs = [
            f"{_CREDIT_BLOCK}\n{paragraph.rstrip()}\n<!-- /wp:paragraph -->"
            for paragraph in paragraphs
        ]
        between = "\n\n"  # as the editor separates blocks
    credit = between.join(paragraph.rstrip("\n") for paragraph in paragraphs)
    fixed = f"{text[:offset]}{between}{credit}{text[offset:]}"
    return bom + fixed.encode(encoding, errors="xmlcharrefreplace")


def _decode(data: bytes) -> tuple[str, str, bytes]:
    """The page's text, the encoding to write it back in, and its byte-order mark."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace"), encoding, bom
    try:
        return data.decode("utf-8"), "utf-8", b""
    except UnicodeDecodeError:
        # beautifulsoup4 reads the <meta charset> and guesses when there is none.
        found = BeautifulSoup(data, "html.parser").original_encoding
        encoding = found or "windows-1252"
        return data.decode(encoding, errors="replace"), encoding, b""


def _after_reprint(soup: BeautifulSoup, end: ReprintEnd) -> Tag | None:
    """The element after which the credit goes, or None for the page's end."""
    innermost = _innermost_holders(soup, end)
    if not innermost:
        return _content_end(soup)
    # Each copy of the reprint's last words has its innermost holder (a page may
    # repeat them in a related-posts teaser): the one in the content is the end.
    in_content = [h for h in innermost if h.find_parent(("article", "main"))]
    block = (in_content or innermost)[-1]
    while isinstance(block.parent, Tag) and block.parent.name in _PART_OF_BLOCK:
        block = block.parent
    return block


def _innermost_holders(soup: BeautifulSoup, end: ReprintEnd) -> list[Tag]:
    """The deepest shown block elements whose text holds the reprint's end.

    Searched from the top, into holders only: a page's text is read once per
    level of the holders' nesting, not once per element.
    """
    found: list[Tag] = []
    pending: list[Tag] = [soup]
    while pending:
        holder = pending.pop()
        inner = [
            child
            for child in holder.find_all(True, recursive=False)
            if child.name not in _NOT_SHOWN and end.is_in(child.get_text(" "))
        ]
        # An inline holder (a <span> around the words) is part of its block.
        blocks = [child for child in inner if child.name not in _INLINE]
        if holder is not soup and not blocks:
            found.append(holder)
        # Depth first, in document order: pushed last, popped first.
        pending.extend(reversed(blocks))
    return found


def _content_end(soup: BeautifulSoup) -> Tag | None:
    """The last element of the page's main content, when the reprint was not found."""
    for name in ("article", "main", "body"):
        container = soup.find(name)
        if isinstance(container, Tag):
            children = container.find_all(True, recursive=False)
            if children:
                return children[-1]
    return None


class _EndTags(HTMLParser):
    """Where the end tag of the element that starts at ``start`` ends."""

    def __init__(self, start: tuple[int, int]) -> None:
        super().__init__(convert_charrefs=True)
        self._start = start
        self._open: list[tuple[str, tuple[int, int]]] = []
        self.end: tuple[int, int] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _VOID:
            self._open.append((tag, self.getpos()))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] != tag:
                continue
            closed = [position for _, position in self._open[index:]]
            del self._open[index:]
            # Only the element's own end tag says where it ends: one closed
            # implicitly, by an ancestor's end tag, ends somewhere before it.
            if closed[0] == self._start and self.end is None:
                self.end = self.getpos()
            return


def _end_offset(text: str, element: Tag | None) -> int:
    """The offset in ``text`` just after ``element``'s end tag (else the page's end)."""
    if element is None or element.sourceline is None or element.sourcepos is None:
        return len(text)
    finder = _EndTags((element.sourceline, element.sourcepos))
    finder.feed(text)
    finder.close()
    if finder.end is not None:
        return text.index(">", _offset(text, finder.end)) + 1
    # No end tag of its own (an unclosed <p>): before the element that follows it.
    following = element.find_next_sibling()
    if following is None or following.sourceline is None:
        return len(text)
    return _offset(text, (following.sourceline, following.sourcepos or 0))


def _offset(text: str, position: tuple[int, int]) -> int:
    """The offset of a parser position: a 1-based line and a 0-based column."""
    line, column = position
    start = 0
    for _ in range(line - 1):
        start = text.index("\n", start) + 1
    return start + column
