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
# Private-use characters around a leaf's own suffix when it ends in a punctuation
# mark, and after a leaf's text when it is a number: citeproc-js's queue treats both
# apart (``meet``). The finished entry drops them with KEPT_SPACE (MARKERS).
SUFFIX_OPEN = "\ue013"
SUFFIX_CLOSE = "\ue014"
NUMBER_END = "\ue015"
NESTED_CLOSE = "\ue016"  # SUFFIX_CLOSE once an element without a suffix encloses it
NO_BREAK_AFTER = "\ue017"  # after initials: the space after is the locale's own
MARKERS = (
    KEPT_SPACE + SUFFIX_OPEN + SUFFIX_CLOSE + NUMBER_END + NESTED_CLOSE + NO_BREAK_AFTER
)
# citeproc-js's LtoR_MAP: a mark followed by another prints as this.
_MERGES = {
    "!": {".": "!", "?": "!?", ":": "!", ",": "!,", ";": "!;"},
    "?": {"!": "?!", ".": "?", ":": "?", ",": "?,", ";": "?;"},
    ".": {"!": ".!", "?": ".?", ":": ".:", ",": ".,", ";": ".;"},
    ":": {"!": "!", "?": "?", ".": ":", ",": ":,", ";": ":;"},
    ",": {"!": ",!", "?": ",?", ":": ",:", ".": ",.", ";": ",;"},
    ";": {"!": "!", "?": "?", ":": ";", ",": ";,", ".": ";"},
}
_SPACED_NUMBER = re.compile(f"{NUMBER_END} +$")  # a number, its suffix's spaces
_AFTER_NUMBER = re.compile(f"{NUMBER_END}[^0-9A-Za-z\u00c0-\uffff]*$")


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
    visible = _visible(before, closers)
    # An escaped character ("&#62;" in HTML) is a character, not a semicolon.
    last = "" if _ENTITY_END.search(visible) else visible[-1:]
    absorbs = first in _ABSORBS.get(last, ()) and not _AFTER_NUMBER.search(before)
    if last == first or absorbs:
        return _without_first(other)
    return other


def _visible(text: str, closers: re.Pattern[str]) -> str:
    """``text`` without the markup and markers it ends in."""
    while True:
        stripped = closers.sub("", text.rstrip(DISPLAY_END + MARKERS))
        if stripped == text:
            return text
        text = stripped


def meet(
    left: object,
    other: object,
    closers: re.Pattern[str] = NO_CLOSERS,
    joint: str = "suffix",
) -> object:
    """``left`` and ``other`` joined, where ``other`` is an enclosing element's
    suffix, a delimiter, the next sibling or the next after a delimiter
    (``joint``: suffix, delimiter, prefix, delimited), as citeproc-js's queue
    (CSL.Output.Queue.adjust) joins them when ``left`` ends in a field's own
    suffix that ends in a mark.

    A mark that the field's mark would absorb (";" then ".") moves down into the
    field, but citeproc-js merges it with the field's text, not with the suffix:
    a publisher's ``suffix=";"`` under a group before a delimiter ". " prints
    "University.;". A delimiter after the field itself is appended to its suffix
    (";."), and a field that ends in a number takes nothing (";." after
    "No. 1);"); in both only a duplicate mark is dropped. Otherwise ``seam``.
    """
    before, after = str(left), str(other)
    mark = after[:1]
    if joint == "prefix" and mark == " " and _SPACED_NUMBER.search(before):
        # A number's suffix keeps its space before the next one's prefix
        # (german-yearbook-of-international-law's "1  (2011)"); citeproc-py's
        # strings would merge the two but for the marker.
        return _concat(left, _concat(String(KEPT_SPACE), other))
    end = _markup_stripped(before, closers)[-1:]
    if mark in _PUNCTUATION and end in (SUFFIX_CLOSE, NESTED_CLOSE):
        opened = before.rfind(SUFFIX_OPEN)
        suffix = before[opened + 1 :].split(end)[0]
        text = before[:opened]
        if end == SUFFIX_CLOSE and joint == "suffix" and suffix[-1:] == mark:
            # citeproc-js (downward) drops the last character of a suffix that
            # repeats the field's own final mark, then the repeated mark: ". "
            # after "Asia." prints nothing (university-of-new-south-wales-notes'
            # "Asia.Canberra").
            kept = after[:-1]
            return _concat(left, String(kept[1:] if kept[:1] == mark else kept))
        if (end == SUFFIX_CLOSE and joint == "delimiter") or _AFTER_NUMBER.search(text):
            if suffix[-1:] == mark:
                return _concat(left, _without_first(other))
            return _concat(left, other)
        merged = _MERGES.get(suffix[-1:], {}).get(mark, "")
        if len(merged) == 1 and (end == NESTED_CLOSE or joint == "suffix"):
            merged_text = _merged_text(text, mark, closers) + before[opened:]
            return String(merged_text) + String(after[1:])
    return _concat(left, seam(left, other, closers))


def nested(text: object, closers: re.Pattern[str]) -> object:
    """``text`` (an element's output without a suffix of its own) with a field's
    suffix at its end marked as one level further down (``meet``)."""
    before = str(text)
    if _markup_stripped(before, closers)[-1:] != SUFFIX_CLOSE:
        return text
    at = before.rfind(SUFFIX_CLOSE)
    return String(before[:at] + NESTED_CLOSE + before[at + 1 :])


def _markup_stripped(text: str, closers: re.Pattern[str]) -> str:
    while True:
        stripped = closers.sub("", text.rstrip(DISPLAY_END))
        if stripped == text:
            return text
        text = stripped


def _merged_text(text: str, mark: str, closers: re.Pattern[str]) -> str:
    """A field's text with ``mark`` merged into its last character (citeproc-js's
    mergeChars): a duplicate dropped, a pair replaced, else the mark added, inside
    the markup the text ends in."""
    visible = _visible(text, closers)
    body, tail = text[: len(visible)], text[len(visible) :]
    last = body[-1:]
    if last == mark:
        return text
    if mark in _MERGES.get(last, {}):
        return body[:-1] + _MERGES[last][mark] + tail
    return body + mark + tail


def leaf_suffix(text: object, suffix: str, closers: re.Pattern[str]) -> object:
    """A leaf's suffix after its text, marked when it ends in a mark (``meet``)."""
    suffix = str(seam(text, suffix, closers))
    # An escaped character ("&#62;" in HTML) is a character, not a semicolon.
    if suffix[-1:] not in _PUNCTUATION or _ENTITY_END.search(suffix):
        return _concat(text, suffix)
    return _concat(text, String(SUFFIX_OPEN + suffix + SUFFIX_CLOSE))


def kept_edges(string: object, start: bool = True, end: bool = True) -> object:
    """``string`` (a leaf's own text) with the spaces at its ends (``start``,
    ``end``) kept from the seams: the marker put outside each."""
    text = str(string)
    if not text:
        return string
    if end and text.endswith(" "):
        string = _concat(string, String(KEPT_SPACE))
    if start and text.startswith(" "):
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
        output = meet(output, delimiter, closers, "delimiter")
        output = meet(output, item, closers, "delimited" if delimiter else "prefix")
    return output


def _concat(left: object, right: object) -> object:
    return left + right  # type: ignore[operator]  # citeproc-py's strings are untyped


def _without_first(other: object) -> object:
    if isinstance(other, MixedString):
        segments = list(other)
        head = type(segments[0])(str(segments[0])[1:])
        return MixedString(([head] if str(head) else []) + segments[1:])
    return type(other)(str(other)[1:])  # type: ignore[call-arg]  # a str subclass
