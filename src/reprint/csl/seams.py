"""Where two rendered pieces meet: punctuation merged as citeproc-js merges it.

citeproc-py drops a punctuation mark only when the text before it ends in the same
mark, and looks at the last character written, a closing tag included, so
"<span>Kersten, R.</span>." kept its second period. citeproc-js
(CSL.Output.Queue.adjust, 2.4.63) looks through the formatting around a field and
also lets a stronger mark absorb a period or a colon (";" then "." prints ";").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

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
