"""Regular expressions searched only around a literal every match must contain.

Python's ``re`` tries a pattern that starts with ``\\b``, a look-behind or an
alternation at every position of the text: over the 3 MB of a big CMS page that is
tens of milliseconds per pattern. Most credit patterns contain a literal every
match must include ("kersten, rikki", " of international relations",
" foundation"); ``str.find`` locates it at memory speed, and the pattern then runs
only in a window around each occurrence, as wide as the longest possible match.
Patterns without such a literal, or with no bound on their length, are searched
in full. Answers are the same as ``pattern.search`` would give, possibly a later
match of the same text when an earlier one is skipped by no literal occurrence:
every match contains the literal, so none is.
"""

from __future__ import annotations

import re
import re._parser as sre_parse  # type: ignore[import-not-found]  # no stubs exist
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

__all__ = ["AnchoredPattern", "required_literal"]

# Shorter literals (" of ", "the ") occur everywhere and would not narrow anything.
MIN_ANCHOR_CHARS = 6


class _Parsed(Protocol):
    """The part of CPython's parsed pattern (``re._parser.SubPattern``) used here."""

    data: list[tuple[object, object]]

    def getwidth(self) -> tuple[int, int]: ...


_parse: Callable[[str, int], _Parsed] = sre_parse.parse
_LITERAL: object = sre_parse.LITERAL
_SUBPATTERN: object = sre_parse.SUBPATTERN
_ZERO_WIDTH: tuple[object, ...] = (sre_parse.AT, sre_parse.ASSERT, sre_parse.ASSERT_NOT)
_UNBOUNDED: int = sre_parse.MAXREPEAT


def _runs(
    items: list[tuple[object, object]], runs: list[str], current: list[str]
) -> None:
    """Literal runs of a parsed sequence; ``current`` is the run being built."""
    for op, av in items:
        if op is _LITERAL and isinstance(av, int):
            current.append(chr(av))
        elif op in _ZERO_WIDTH:
            continue  # \b, look-arounds: take no characters, so keep the run going
        elif op is _SUBPATTERN and isinstance(av, tuple):
            # A plain group is part of every match: its literals join the run.
            group: _Parsed = av[-1]
            _runs(list(group.data), runs, current)
        else:
            runs.append("".join(current))
            current.clear()


def required_literal(pattern: str, flags: int = 0) -> str | None:
    """The longest literal every match of ``pattern`` contains, lower-cased, if any."""
    return _literal_of(_parse(pattern, flags))


def _literal_of(parsed: _Parsed) -> str | None:
    # An alternation ("a|b", or a group of one flattened into the sequence) breaks
    # the run like any other non-literal item: no literal is in all its branches.
    runs: list[str] = []
    current: list[str] = []
    _runs(list(parsed.data), runs, current)
    runs.append("".join(current))
    best = max(runs, key=len).lower()
    return best if len(best) >= MIN_ANCHOR_CHARS else None


@dataclass(frozen=True, slots=True)
class AnchoredPattern:
    """A compiled pattern with the literal and the width that bound its search."""

    regex: re.Pattern[str]
    anchor: str | None
    max_width: int | None

    @classmethod
    def compile(cls, pattern: str, flags: int = re.IGNORECASE) -> AnchoredPattern:
        """Compile ``pattern`` and find its anchor literal and longest match."""
        regex = re.compile(pattern, flags)
        parsed = _parse(pattern, flags)  # once, for both the width and the literal
        _, widest = parsed.getwidth()
        if widest >= _UNBOUNDED:
            return cls(regex, None, None)
        return cls(regex, _literal_of(parsed), widest)

    def search(self, text: str, lowered: str | None = None) -> re.Match[str] | None:
        """Like ``regex.search(text)``; ``lowered`` is ``text.lower()`` if known.

        ``lowered`` must have the same length as ``text`` (it has, but for a few
        letters like "İ"); otherwise the whole text is searched.
        """
        if self.anchor is None or self.max_width is None:
            return self.regex.search(text)
        if lowered is None or len(lowered) != len(text):
            lowered = text.lower()
            if len(lowered) != len(text):
                return self.regex.search(text)
        reach = self.max_width
        at = lowered.find(self.anchor)
        while at != -1:
            found = self.regex.search(
                text, max(0, at - reach), at + len(self.anchor) + reach + 1
            )
            if found is not None:
                # The window's end acts as the end of the text for \b and
                # look-aheads: confirm the match against the whole text.
                whole = self.regex.match(text, found.start())
                if whole is not None:
                    return whole
            at = lowered.find(self.anchor, at + 1)
        return None
