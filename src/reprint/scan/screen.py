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

from collections.abc import Iterable
from dataclasses import dataclass

from reprint.match import SHINGLE_WORDS
from reprint.normalize import fold, word_spans, words
from reprint.work import Work


@dataclass(frozen=True, slots=True)
class Screen:
    """The work's shingles, as ``reprint.match`` builds them."""

    shingles: frozenset[tuple[str, ...]]

    @classmethod
    def from_work(cls, work: Work) -> Screen:
        """The shingles of the work's paragraphs, folded and split as matching does."""
        body = [
            word
            for paragraph in work.paragraphs
            for word, _, _ in word_spans(fold(paragraph.text))
        ]
        return cls(
            frozenset(
                tuple(body[i : i + SHINGLE_WORDS])
                for i in range(len(body) - SHINGLE_WORDS + 1)
            )
        )

    def passes(self, texts: Iterable[str]) -> bool:
        """Whether the words of ``texts``, in turn, share a shingle with the work."""
        doc_words = [word for text in texts for word in words(text)]
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
            page, alt_texts=False, list_bullets=False, form_fields=True, links=False
        )
    )
