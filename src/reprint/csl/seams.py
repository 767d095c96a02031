"""Where two rendered pieces meet: punctuation merged as citeproc-js merges it.

citeproc-py drops a punctuation mark only when the text before it ends in the same
mark, and looks at the last character written, a closing tag included, so
"<span>Kersten, R.</span>." kept its second period. citeproc-js
(CSL.Output.Queue.adjust, 2.4.63) looks through the formatting around a field and
also lets a stronger mark absorb a period or a colon (";" then "." prints ";").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from citeproc.string import MixedString, String

# citeproc-js's LtoR_MAP, the pairs whose merge keeps the first mark alone.
_ABSORBS = {
    "!": frozenset(".:"),
    "?": frozenset(".:"),
    ":": frozenset("."),
    ";": frozenset(":."),
}
_PUNCTUATION = frozenset(".,;:!?")
NO_CLOSERS = re.compile(r"(?!)")  # plain text closes nothing
# Private-use characters around a bibliography field with a CSL ``display``, its kind
# the character after the opening one: the output format makes them blocks.
DISPLAY_START = "\ue010"
DISPLAY_END = "\ue011"
_ENTITY_END = re.compile(r"&#?[0-9a-zA-Z]+;$")
# A private-use character beside a space at either end of what a leaf element renders
# itself (a term, a value, a variable): citeproc-js (CSL.Output.Queue.adjust) merges
# spaces only between affixes and delimiters, never with a field's own text, so
# "URL: " before a delimiter " " prints two spaces. The seams below see the marker,
# not the space; the finished entry drops it (KEPT_SPACE removed).
KEPT_SPACE = "\ue012"


def seam(left: object, other: object, closers: re.Pattern[str] = NO_CLOSERS) -> object:
    """``other`` without its first character when appended to ``left`` would
    double a space or a punctuation mark, or put a period or colon after a mark
    that absorbs it; ``closers`` matches the closing markup ``left`` may end in."""
    before, after = str(left), str(other)
    if not before or not after:
        return other
    first = after[0]
    if before[-1] == " " and first == " ":
        return _without_first(other)
    if first not in _PUNCTUATION:
        return other
    visible = closers.sub("", before.rstrip(DISPLAY_END))
    # An escaped character ("&#62;" in HTML) is a character, not a semicolon.
    last = "" if _ENTITY_END.search(visible) else visible[-1:]
    if last == first or first in _ABSORBS.get(last, ()):
        return _without_first(other)
    return other


def kept_edges(string: object) -> object:
    """``string`` (a leaf's own text) with the spaces at its ends kept from the
    seams: the marker put outside each."""
    text = str(string)
    if not text.strip(" "):
        return string
    if text.endswith(" "):
        string = _concat(string, String(KEPT_SPACE))
    if text.startswith(" "):
        string = _concat(String(KEPT_SPACE), string)
    return string


class SortSeparator(str):
    """A name's sort-separator, joining family and given names as citeproc-js's
    output queue leaves them.

    citeproc-js appends the separator to the family name's suffix; its queue then
    moves one trailing space of a last child's suffix up to the enclosing level,
    drops the next sibling's leading space against it, and drops the moved space
    again when the suffix still ends in one: ", " + " " prints ", ", "  " prints
    " ", and a suffix " " + separator " " + given prefix " " prints one space.
    ``spaced`` escapes the spaces left doubled, as the output format escapes a
    suffix.
    """

    spaced: Callable[[str], str]

    def __new__(cls, value: str, spaced: Callable[[str], str]) -> SortSeparator:
        separator = super().__new__(cls, value)
        separator.spaced = spaced
        return separator

    def join(self, pieces: Iterable[object]) -> str:
        texts = [str(piece) for piece in pieces]
        output = texts[0] if texts else ""
        for text in texts[1:]:
            left = output + self
            body = left.rstrip(" ")
            spaces = len(left) - len(body)
            rest = text.lstrip(" ")
            leading = len(text) - len(rest)
            if spaces >= 2:
                spaces, leading = spaces - 1, max(leading - 1, 0)
            elif spaces == 1 and leading:
                spaces = 0
            output = body + self.spaced(" " * spaces) + " " * leading + rest
        return output


def join(
    items: Iterable[object], delimiter: object, closers: re.Pattern[str] = NO_CLOSERS
) -> object:
    """citeproc-py's join, with the seams above."""
    pieces = iter(items)
    try:
        output = next(pieces)
    except StopIteration:
        return String("")
    for item in pieces:
        output = _concat(output, seam(output, delimiter, closers))
        output = _concat(output, seam(output, item, closers))
    return output


def _concat(left: object, right: object) -> object:
    return left + right  # type: ignore[operator]  # citeproc-py's strings are untyped


def _without_first(other: object) -> object:
    if isinstance(other, MixedString):
        segments = list(other)
        head = type(segments[0])(str(segments[0])[1:])
        return MixedString(([head] if str(head) else []) + segments[1:])
    return type(other)(str(other)[1:])  # type: ignore[call-arg]  # a str subclass
