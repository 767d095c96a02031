"""The cheap first stage: does a record share even one of the work's shingles?

``check`` finds a passage only from a seed, and a seed is one of the work's
``SHINGLE_WORDS``-word shingles found in the document's words (looked up at every
``SEED_STRIDE``-th position). The screen builds the same shingles from the same
folded words of the work and looks the document's shingles up at *every*
position, so whenever ``check`` has a seed the screen has a hit: a record the
screen rejects has no passage, and so no reprint. For HTML the words come from
resiliparse's plain text (lexbor's C parser, no CSS), and for a work of ASCII
words they are made only for a page that holds two words of one shingle, found
in one pass of an Aho-Corasick automaton over the page's bytes; PDF, DOCX and
text payloads are extracted by ``reprint.api.extract`` itself, whose blocks
``check`` reuses.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from typing import TypeVar

from reprint.match import SHINGLE_WORDS
from reprint.normalize import fold, word_spans, words
from reprint.work import Work

_Token = TypeVar("_Token", bound=Hashable)

# A byte table for ``bytes.translate``: ASCII letters lower-cased, digits kept,
# every other byte a space; then ``bytes.split`` finds the words in C.
_BYTE_WORDS = bytes(
    byte + 32
    if 65 <= byte <= 90
    else byte
    if chr(byte).isalnum() and byte < 128
    else 32
    for byte in range(256)
)
# Runs of SHINGLE_WORDS or more words of the work's vocabulary, in a byte per word.
_VOCABULARY_RUN = re.compile(b"\x01{%d,}" % SHINGLE_WORDS)
_fold_uncached = fold.__wrapped__
# The characters fold deletes (normalize._FOLD): a soft hyphen inside a word.
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
# The characters whose case folding holds an ASCII letter or digit (Unicode 14,
# Python 3.11; a test derives the list again): the others need no case folding
# for the ASCII words, and the test of a page for these 19 is 6x faster than it.
_FOLDS_TO_ASCII = (
    "\xdf\u0130\u0149\u017f\u01f0\u1e96\u1e97\u1e98\u1e99\u1e9a\u1e9e\u212a"
    "\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06"
)


def _fold_for_words(text: str) -> str:
    """``fold`` as far as the ASCII words of the result can tell, faster.

    ``fold`` also turns typographic quotes, dashes and no-break spaces into
    ASCII ones; those separate words either way, and a per-character translate
    of a non-ASCII page costs 20 ms per 100 kB. Only a line break (a word
    hyphenated at a line end, which fold joins) needs the whole of ``fold``.
    """
    if "\n" in text:
        return str(_fold_uncached(text))
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKC", text)
    for invisible in _INVISIBLE:
        if invisible in text:
            text = text.replace(invisible, "")
    return text


def _ascii_page(text: str) -> bytes:
    """The ASCII words ``reprint.normalize.words`` finds, lower-cased, as bytes
    apart by runs of spaces (``bytes.split`` makes them the words).

    A non-ASCII character left after folding and case folding can be in no
    ASCII word: it becomes a space, like punctuation. A word that held one is
    split in pieces, which only adds words that are no ASCII word of
    ``words``; those words, and their order, are unchanged. Not fold itself:
    its cache is for blocks, and pages would fill it.
    """
    folded = _fold_for_words(text)
    if folded.isascii():
        return folded.encode("ascii").translate(_BYTE_WORDS)
    # Case folding makes ASCII letters of a few (ß is "ss"), so it comes first;
    # of the others only the ASCII letters count, which the table lowers.
    if any(char in folded for char in _FOLDS_TO_ASCII):
        folded = folded.casefold()
    return folded.encode("ascii", "replace").translate(_BYTE_WORDS)


class _PairFinder:
    """Two words of every shingle, the longest, found in a page in one pass.

    A page holding a shingle holds both of its two words; only a page holding
    both words of one shingle has its words made and its shingles looked up.
    One word a shingle let a fifth of the benchmark's pages through (one word,
    "election", common in its English pages); two let almost none.
    """

    def __init__(self, shingles: frozenset[tuple[bytes, ...]]) -> None:
        from ahocorasick_rs import BytesAhoCorasick, Implementation

        pairs = {
            tuple(sorted(set(key), key=lambda word: (-len(word), word))[:2])
            for key in shingles
        }
        words = sorted({word for pair in pairs for word in pair})
        index = {word: i for i, word in enumerate(words)}
        self.partners: list[set[int]] = [set() for _ in words]
        for pair in pairs:
            first, last = index[pair[0]], index[pair[-1]]
            self.partners[first].add(last)
            self.partners[last].add(first)
        # Each word between two spaces: a whole word of an ``_ascii_page``. A
        # DFA in Rust: pyahocorasick took 0.58 s to its 0.38 s, and
        # ``bytes.split`` with a set test 0.84 s, for 15,684 pages (105 MB).
        self.automaton = BytesAhoCorasick(
            [b" " + word + b" " for word in words], implementation=Implementation.DFA
        )

    def has_pair(self, page: bytes) -> bool:
        """Whether ``page`` holds both words of a shingle's pair."""
        # Overlapping: a word right after another one still counts.
        found = {
            i
            for i, _, _ in self.automaton.find_matches_as_indexes(
                b" " + page + b" ", overlapping=True
            )
        }
        return any(not self.partners[i].isdisjoint(found) for i in found)


@lru_cache(maxsize=4)
def _pair_finder(shingles: frozenset[tuple[bytes, ...]]) -> _PairFinder:
    return _PairFinder(shingles)


def _has_shingle(
    tokens: Sequence[_Token],
    vocabulary: frozenset[_Token],
    shingles: frozenset[tuple[_Token, ...]],
) -> bool:
    """Whether a run of ``tokens`` is one of ``shingles``; only runs of the
    vocabulary's words (one C-level set lookup per word) are looked up."""
    flags = bytes(map(vocabulary.__contains__, tokens))
    for run in _VOCABULARY_RUN.finditer(flags):
        for i in range(run.start(), run.end() - SHINGLE_WORDS + 1):
            if tuple(tokens[i : i + SHINGLE_WORDS]) in shingles:
                return True
    return False


@dataclass(frozen=True, slots=True)
class Screen:
    """The work's shingles, as ``reprint.match`` builds them, and their words.

    ``anchors`` holds one word of every shingle, the one the work uses least:
    a page without any of them has none of the shingles, and most pages are
    turned away by that one set test, before a word is looked up in order. A
    work of ASCII words has its pages tested, without making their words, for
    two words of a shingle (``_PairFinder``) instead.
    """

    shingles: frozenset[tuple[str, ...]]
    vocabulary: frozenset[str]
    anchors: frozenset[str]
    is_ascii: bool  # every word of the work is ASCII letters and digits
    # The same as bytes, for _ascii_page: an English paper's screen never decodes.
    ascii_shingles: frozenset[tuple[bytes, ...]]
    ascii_vocabulary: frozenset[bytes]

    @classmethod
    def from_work(cls, work: Work) -> Screen:
        """The shingles of the work's paragraphs, folded and split as matching does."""
        body = [
            word
            for paragraph in work.paragraphs
            for word, _, _ in word_spans(fold(paragraph.text))
        ]
        shingles = frozenset(
            tuple(body[i : i + SHINGLE_WORDS])
            for i in range(len(body) - SHINGLE_WORDS + 1)
        )
        vocabulary = frozenset(word for key in shingles for word in key)
        uses = Counter(body)
        anchors = frozenset(
            min(key, key=lambda word: (-len(word), uses[word], word))
            for key in shingles
        )
        is_ascii = all(map(str.isascii, vocabulary))
        if not is_ascii:
            return cls(
                shingles,
                vocabulary,
                anchors,
                False,
                frozenset(),
                frozenset(),
            )
        return cls(
            shingles,
            vocabulary,
            anchors,
            True,
            frozenset(tuple(w.encode() for w in key) for key in shingles),
            frozenset(w.encode() for w in vocabulary),
        )

    def passes(self, texts: Iterable[str]) -> bool:
        """Whether the words of ``texts``, in turn, share a shingle with the work."""
        if self.is_ascii:
            # Texts apart by a space: a document's blocks read on, as check reads them.
            page = b" ".join(map(_ascii_page, texts))
            if not _pair_finder(self.ascii_shingles).has_pair(page):
                return False
            return _has_shingle(
                page.split(), self.ascii_vocabulary, self.ascii_shingles
            )
        text_words = list(chain.from_iterable(map(words, texts)))
        if self.anchors.isdisjoint(text_words):
            return False
        return _has_shingle(text_words, self.vocabulary, self.shingles)


def html_text(page: str) -> str:
    """The text of an HTML page, cheaply: every element a browser may render.

    Form fields are kept (a ``<textarea>`` or ``<button>`` is text a reader
    sees, and ``check`` reads it); alt texts and list bullets are not, as
    ``check`` does not put them among the words of a paragraph.
    """
    from resiliparse.extract.html2text import extract_plain_text

    return str(
        extract_plain_text(
            page,
            # One line: blocks apart by a space, so fold's line-end pass is not needed.
            preserve_formatting=False,
            alt_texts=False,
            list_bullets=False,
            form_fields=True,
            links=False,
        )
    )
