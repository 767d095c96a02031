"""The cheap first stage: does a record share even one of the work's shingles?

``check`` finds a passage only from a seed, and a seed is one of the work's
``SHINGLE_WORDS``-word shingles found in the document's words (looked up at every
``SEED_STRIDE``-th position). The screen builds the same shingles from the same
folded words of the work and looks the document's shingles up at *every*
position, so whenever ``check`` has a seed the screen has a hit: a record the
screen rejects has no passage, and so no reprint. For HTML the words come from
resiliparse's plain text (lexbor's C parser, no CSS); PDF, DOCX and text payloads
are extracted by ``reprint.api.extract`` itself, whose blocks ``check`` reuses.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain

from reprint.match import SHINGLE_WORDS
from reprint.normalize import ascii_spacer, fold, word_spans, words
from reprint.work import Work

# Every character but ASCII letters and digits becomes a space (see _tokens).
_ASCII_WORDS = ascii_spacer()
_RUN = b"\x01" * SHINGLE_WORDS
_fold_uncached = fold.__wrapped__
# The characters fold deletes (normalize._FOLD): a soft hyphen inside a word.
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"


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


@dataclass(frozen=True, slots=True)
class Screen:
    """The work's shingles, as ``reprint.match`` builds them, and their words."""

    shingles: frozenset[tuple[str, ...]]
    vocabulary: frozenset[str]
    is_ascii: bool  # every word of the work is ASCII letters and digits

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
        return cls(shingles, vocabulary, all(map(str.isascii, vocabulary)))

    def _tokens(self, text: str) -> list[str]:
        """The words ``reprint.normalize.words`` finds, as far as a shingle can tell.

        When the work's words are all ASCII (an English paper), a non-ASCII
        character left after folding can be in no word of a shingle: it becomes
        a space, like punctuation, and the fast ASCII split does the rest. A
        word that held one is split in pieces, which only adds words that are
        not the work's; the work's own words, and their order, are unchanged.
        """
        if self.is_ascii:
            # Not fold itself: its cache is for blocks, and pages would fill it.
            folded = _fold_for_words(text).casefold()
            if not folded.isascii():
                folded = folded.encode("ascii", "replace").decode("ascii")
            return folded.translate(_ASCII_WORDS).split()
        return words(text)

    def passes(self, texts: Iterable[str]) -> bool:
        """Whether the words of ``texts``, in turn, share a shingle with the work.

        Six words in a row that are all the work's come first (one C-level set
        lookup per word); only a page with such a run has its shingles looked up.
        """
        doc_words = list(chain.from_iterable(map(self._tokens, texts)))
        if _RUN not in bytes(map(self.vocabulary.__contains__, doc_words)):
            return False
        columns = [doc_words[k:] for k in range(SHINGLE_WORDS)]
        return any(map(self.shingles.__contains__, zip(*columns, strict=False)))


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
