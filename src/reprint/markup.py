"""The markups reprint prints citations and credits in, and escaping for Markdown."""

from __future__ import annotations

import re
from enum import StrEnum


class Markup(StrEnum):
    """How printed text is marked up: plain text, HTML or Markdown."""

    TEXT = "text"
    HTML = "html"
    MARKDOWN = "markdown"


# CommonMark's backslash-escapable characters that can start markup mid-line.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")
# "1. Kersten R." at the start of a line would become an ordered list item, and so
# would "1) Kersten R." (CommonMark's other delimiter); "- x" and "+ x" bullet items.
_LIST_START = re.compile(r"^( {0,3}\d{0,9})([.)]|[-+])(?=[ \t]|$)", re.MULTILINE)


def escape_markdown(text: str) -> str:
    """``text`` with the characters that would start inline Markdown escaped.

    A whole paragraph also needs ``guard_list_start``; a fragment does not.
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def guard_list_start(markdown: str) -> str:
    """Markdown whose leading "1. ", "1) ", "- " or "+ " is text, not a list item."""
    return _LIST_START.sub(_escape_marker, markdown)


def _escape_marker(found: re.Match[str]) -> str:
    number, marker = found.groups()
    # A bullet starts a line; a number's delimiter follows the number.
    if (marker in "-+") == bool(number.strip()):
        return found[0]
    return f"{number}\\{marker}"
