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


def ascii_spacer(keep: str = "") -> dict[int, str]:
    """A ``str.translate`` table that turns every ASCII character but letters,
    digits and ``keep`` into a space: then ``str.split`` finds words in C."""
    others = (c for c in map(chr, range(128)) if not c.isalnum() and c not in keep)
    return str.maketrans(dict.fromkeys(others, " "))


# In ASCII text (nearly all text) a word is a run of ASCII letters and digits.
_ASCII_NON_WORD = ascii_spacer()


# Matching and credit detection both fold every block of a document, in turn.
@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """NFKC, invisible characters removed, quotes, dashes and spaces folded.

    Case and line breaks are kept, so the result still reads like the source.
    """
    if not text.isascii():  # NFKC and the table change no ASCII character
        text = unicodedata.normalize("NFKC", text).translate(_FOLD)
    if "-" in text and "\n" in text:  # the regex is the slow part; most text skips it
        text = _LINE_END_HYPHEN.sub(_join_broken_word, text)
    return text


def squeeze_space(text: str) -> str:
    """``" ".join(text.split())``: runs of white space as one space, none at the ends.

    Most text (a paragraph a parser has already collapsed, a minified script) is
    ASCII whose only white space is single spaces and line feeds; for it, a few
    C-level substring tests prove the split unnecessary, and it is skipped.
    """
    if text.isascii() and not _has_other_ascii_space(text):
        spaced = text.replace("\n", " ") if "\n" in text else text
        if "  " not in spaced:
            return spaced.strip(" ")
    return " ".join(text.split())


def _has_other_ascii_space(text: str) -> bool:
    """Whether ``text`` holds ASCII white space str.split() breaks on besides " \\n".

    Chained substring tests: each is a C memchr, and no generator runs between them.
    """
    return (
        "\t" in text or "\r" in text or "\x0b" in text or "\x0c" in text
        or "\x1c" in text or "\x1d" in text or "\x1e" in text or "\x1f" in text
    )  # fmt: skip


def searchable(text: str) -> str:
    """``fold`` with every run of whitespace as one space; case kept for evidence."""
    return squeeze_space(fold(text))


def words(text: str) -> list[str]:
    """The lower-cased words of ``fold``ed text: runs of letters and digits."""
    folded = fold(text).casefold()
    if folded.isascii():
        return folded.translate(_ASCII_NON_WORD).split()
    return _WORD.findall(folded)


def word_spans(folded: str) -> list[tuple[str, int, int]]:
    """Each word of already-``fold``ed text, lower-cased, with its offsets in it."""
    return [(m.group().casefold(), m.start(), m.end()) for m in _WORD.finditer(folded)]
