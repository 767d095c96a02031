"""Text normalisation shared by matching and credit detection. Pure and idempotent."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# One table: characters that change how text looks in a file but not what a reader
# reads are dropped; quotes, dashes and no-break spaces fold to their plain forms.
_FOLD = str.maketrans(
    {
        **dict.fromkeys("\u00ad\u200b\u200c\u200d\u2060\ufeff", None),
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u0060\u00b4", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63", "-"),
        "\u00a0": " ",
    }
)
# A word broken at a line end by a hyphen ("Inter-\nnational") is one word; before
# a capital ("US-\nJapan") the hyphen is the compound's own and stays.
_LINE_END_HYPHEN = re.compile(r"(?<=[^\W\d_])-[ \t]*\r?\n[ \t]*(?=([^\W\d_]))")


def _join_broken_word(found: re.Match[str]) -> str:
    return "" if found.group(1).islower() else found.group()


_WORD = re.compile(r"[^\W_]+")


# Matching and credit detection both fold every block of a document, in turn.
@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """NFKC, invisible characters removed, quotes, dashes and spaces folded.

    Case and line breaks are kept, so the result still reads like the source.
    """
    text = unicodedata.normalize("NFKC", text).translate(_FOLD)
    if "-" in text and "\n" in text:  # the regex is the slow part; most text skips it
        text = _LINE_END_HYPHEN.sub(_join_broken_word, text)
    return text


def searchable(text: str) -> str:
    """``fold`` with every run of whitespace as one space; case kept for evidence."""
    return " ".join(fold(text).split())


def words(text: str) -> list[str]:
    """The lower-cased words of ``fold``ed text: runs of letters and digits."""
    return _WORD.findall(fold(text).casefold())


def word_spans(folded: str) -> list[tuple[str, int, int]]:
    """Each word of already-``fold``ed text, lower-cased, with its offsets in it."""
    return [(m.group().casefold(), m.start(), m.end()) for m in _WORD.finditer(folded)]
