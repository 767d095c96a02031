"""Confirming the decisive text by rendering it: visible means painted.

A reader's rules say which text is visible; a reader whose rules can miss a way of
hiding text (PDF: optional content, soft masks, blend modes...) gives its
``Document`` a ``PaintConfirmer``. The pipeline asks it about the text a verdict
rests on, and only that: for each credit, the visible words its finding rests on
(``CreditFinding.matched``: an accepted form, a near-miss or a misspelling), and
a sample of each reprinted passage (the first words of its first, middle and last
blocks). Text the renderer does not paint
legibly moves from the visible blocks to the hidden ones (``not-painted``) and
the document is judged again, until everything asked about is painted: another
occurrence of a credit may be, or none, and then the credit is hidden. When a
sample of a passage is not painted, every block of that passage is asked about.

Text the confirmer cannot find on its page is undecided: an ``unconfirmed-paint``
problem, and the report never says "compliant" from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from reprint.credits import check_credits
from reprint.match import find_reuse
from reprint.model import (
    Block,
    CreditFinding,
    CreditStatus,
    Document,
    HiddenBlock,
    HiddenReason,
    Location,
    Paint,
    Problem,
    ProblemCode,
    ReuseFinding,
    TextSpan,
)
from reprint.normalize import searchable
from reprint.work import Work

__all__ = ["Judged", "confirm_painted"]

# Words of a block asked about as a sample of it: two lines of text.
SAMPLE_WORDS = 12
# Each round hides at least one piece of text; a document that needs more rounds
# than this is built to exhaust the renderer, and is not judged compliant.
MAX_ROUNDS = 24
_FROM_VISIBLE_TEXT = frozenset((CreditStatus.PRESENT, CreditStatus.MISATTRIBUTED))
_WORD = re.compile(r"[^\W_]+")
_CLOSING = r"[)\]}\u2019\u201d\"'.,;:!?]*"


@dataclass(frozen=True, slots=True)
class Judged:
    """A document with what was found in it."""

    document: Document
    reuse: ReuseFinding
    credits: tuple[CreditFinding, ...]


@dataclass(frozen=True, slots=True)
class _Ask:
    block: int  # index into the document's blocks
    span: TextSpan
    is_sample: bool  # a sample of a passage's block: the block stands or falls


def confirm_painted(work: Work, judged: Judged) -> Judged:
    """``judged`` with the decisive text it rests on confirmed as painted.

    Text not painted is hidden and the document judged again (see the module).
    A document without a confirmer is returned as it is.
    """
    confirmer = judged.document.confirmer
    if confirmer is None:
        return judged
    painted: set[TextSpan] = set()
    every_block = False
    for _ in range(MAX_ROUNDS):
        document = judged.document
        asks = [
            ask
            for ask in (
                *_credit_asks(judged.credits, document),
                *_passage_asks(document, judged.reuse, every_block),
            )
            if ask.span not in painted
        ]
        if not asks:
            return judged
        answers = confirmer.confirm([ask.span for ask in asks])
        cuts: dict[int, list[str]] = {}
        whole: set[int] = set()
        for ask, answer in zip(asks, answers, strict=True):
            if answer is Paint.PAINTED:
                painted.add(ask.span)
            elif answer is Paint.NOT_FOUND:
                return _unconfirmed(judged, _not_found(ask.span))
            elif ask.is_sample:
                whole.add(ask.block)
            else:
                cuts.setdefault(ask.block, []).append(ask.span.text)
        if not cuts and not whole:
            return judged
        document = _hide(document, cuts, whole)
        # A passage's block not painted: its other blocks may not be either.
        every_block = every_block or bool(whole)
        reuse = find_reuse(work, document.blocks) if whole else judged.reuse
        judged = Judged(document, reuse, check_credits(work, document))
    message = (
        f"more than {MAX_ROUNDS} rounds of rendering found text not painted where "
        "its rules said it is seen; what a reader sees is not confirmed"
    )
    return _unconfirmed(judged, message)


def _credit_asks(credits: tuple[CreditFinding, ...], document: Document) -> list[_Ask]:
    """The visible words each credit's finding rests on (present or misattributed:
    a hidden credit's words are hidden already)."""
    asks: list[_Ask] = []
    for credit in credits:
        if credit.status not in _FROM_VISIBLE_TEXT or not credit.matched:
            continue
        found = _block_at(document, credit.location)
        if found is not None:
            span = TextSpan(credit.matched, _page(document.blocks[found]))
            asks.append(_Ask(found, span, False))
    return asks


def _passage_asks(
    document: Document, reuse: ReuseFinding, every_block: bool
) -> list[_Ask]:
    """The first words of the first, middle and last blocks of each passage
    (of every block of each, when ``every_block``)."""
    asks: list[_Ask] = []
    for passage in reuse.passages:
        first = _block_at(document, passage.doc_start)
        last = _block_at(document, passage.doc_end)
        if first is None or last is None:
            continue
        chosen = (
            range(first, last + 1)
            if every_block
            else sorted({first, (first + last) // 2, last})
        )
        for number in chosen:
            block = document.blocks[number]
            sample = " ".join(block.text.split()[:SAMPLE_WORDS])
            if _WORD.search(sample):
                asks.append(_Ask(number, TextSpan(sample, _page(block)), True))
    return asks


def _block_at(document: Document, location: Location | None) -> int | None:
    """The index of the block at ``location``: a paged reader numbers its blocks
    in order, so the paragraph number finds it unless blocks were hidden since."""
    if location is None:
        return None
    blocks = document.blocks
    guess = min((location.paragraph or 0) - 1, len(blocks) - 1)
    # Hiding blocks only moves the later ones back: look there, nearest first.
    for number in range(guess, -1, -1):
        if blocks[number].location == location:
            return number
    return None


def _page(block: Block) -> int:
    return block.location.page or 1


def _hide(document: Document, cuts: dict[int, list[str]], whole: set[int]) -> Document:
    """The document with whole blocks and pieces of blocks moved to the hidden."""
    blocks: list[Block] = []
    hidden: list[HiddenBlock] = []
    for number, block in enumerate(document.blocks):
        if number in whole:
            hidden.append(
                HiddenBlock(block.text, block.location, HiddenReason.NOT_PAINTED)
            )
            continue
        text = block.text
        for piece in cuts.get(number, ()):
            found = _printed(piece).search(text)
            if found is None:
                # Not found as printed (folded differently): the whole block goes.
                hidden.append(
                    HiddenBlock(text, block.location, HiddenReason.NOT_PAINTED)
                )
                text = ""
                break
            hidden.append(
                HiddenBlock(found.group(), block.location, HiddenReason.NOT_PAINTED)
            )
            before, after = text[: found.start()], text[found.end() :]
            text = f"{before.rstrip()} {after.lstrip()}".strip()
        if text:
            blocks.append(block if text == block.text else replace(block, text=text))
    return replace(document, blocks=tuple(blocks), hidden=(*hidden, *document.hidden))


def _printed(piece: str) -> re.Pattern[str]:
    """The words of ``piece`` as a block prints them, whatever lies between."""
    words = _WORD.findall(searchable(piece))
    # The closing marks after the last word go with it: "(ANU)." leaves no ")."
    return re.compile(r"\W+".join(map(re.escape, words)) + _CLOSING, re.IGNORECASE)


def _not_found(span: TextSpan) -> str:
    return (
        f"“{span.text}” was not found on page {span.page} to confirm by rendering "
        "that it is painted; what a reader sees there is not confirmed"
    )


def _unconfirmed(judged: Judged, message: str) -> Judged:
    problem = Problem(ProblemCode.UNCONFIRMED_PAINT, message)
    document = replace(judged.document, problems=(*judged.document.problems, problem))
    return Judged(document, judged.reuse, judged.credits)
