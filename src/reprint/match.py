"""Reuse detection: which words of the work a document reprints, in order, and where.

Two stages keep the cost near-linear in the document's length:
1. seeding: the work's word shingles sit in a dict built once; the document is
   scanned once and every shingle it shares with the work becomes a seed
   (document position, work position);
2. alignment: seeds are chained into candidate passages (both positions moving
   forward, gaps bounded), and only inside each candidate window an alignment of
   the two word sequences (rapidfuzz's Indel opcodes, C speed) counts the words
   that really match, so light edits, re-paragraphing and inserted ads cost
   only the words they change.
"""

from __future__ import annotations

import itertools
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from rapidfuzz.distance import Indel

from reprint.model import Block, Extent, Passage, ReuseFinding
from reprint.normalize import fold, word_spans, words
from reprint.work import Work

# Six-word shingles: five-word ones matched stock phrases ("the united states and
# japan") in unrelated articles about the alliance; seven missed lightly edited lines.
SHINGLE_WORDS = 6
# Words of other text a passage may skip and still be one passage: an inline ad,
# a pull quote, an editor's aside. Longer interruptions start a new passage.
MAX_GAP_WORDS = 60
# Fewer matched words than this is a coincidence or a stock phrase, not a passage.
MIN_PASSAGE_WORDS = 12
EXCERPT_WORDS = 12


@dataclass(frozen=True, slots=True)
class _WorkIndex:
    words: tuple[str, ...]
    paragraph_of: tuple[int, ...]  # work word index -> paragraph number
    shingles: dict[tuple[str, ...], tuple[int, ...]]


@cache
def _index(work: Work) -> _WorkIndex:
    words: list[str] = []
    paragraph_of: list[int] = []
    for paragraph in work.paragraphs:
        for word, _, _ in word_spans(fold(paragraph.text)):
            words.append(word)
            paragraph_of.append(paragraph.number)
    shingles: dict[tuple[str, ...], list[int]] = {}
    for i in range(len(words) - SHINGLE_WORDS + 1):
        shingles.setdefault(tuple(words[i : i + SHINGLE_WORDS]), []).append(i)
    return _WorkIndex(
        tuple(words),
        tuple(paragraph_of),
        {key: tuple(positions) for key, positions in shingles.items()},
    )


def _doc_words(blocks: Sequence[Block]) -> tuple[list[str], list[int]]:
    """All words of the blocks, and the position of each block's first word."""
    doc_words: list[str] = []
    block_starts: list[int] = []
    for block in blocks:
        block_starts.append(len(doc_words))
        doc_words.extend(words(block.text))
    return doc_words, block_starts


def _seeds(doc_words: list[str], index: _WorkIndex) -> list[tuple[int, int]]:
    """(document position, work position) of every shared shingle, by document order.

    A shingle starts with one of the work's word pairs: testing the pair (a set
    look-up of a tuple ``pairwise`` builds in C) skips most positions before a
    6-word key is built.
    """
    shingles = index.shingles
    pairs = {key[:2] for key in shingles}
    candidates = [
        i for i, pair in enumerate(itertools.pairwise(doc_words)) if pair in pairs
    ]
    seeds: list[tuple[int, int]] = []
    for i in candidates:
        positions = shingles.get(tuple(doc_words[i : i + SHINGLE_WORDS]))
        if positions:
            seeds.extend((i, p) for p in positions)
    return seeds


def _chains(seeds: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Group seeds into runs where document and work positions both move forward."""
    chains: list[list[tuple[int, int]]] = []
    for doc_pos, work_pos in seeds:
        for chain in reversed(chains[-4:]):  # only recent chains can be extended
            last_doc, last_work = chain[-1]
            doc_step = doc_pos - last_doc
            work_step = work_pos - last_work
            if 0 < doc_step <= MAX_GAP_WORDS and 0 < work_step <= MAX_GAP_WORDS:
                chain.append((doc_pos, work_pos))
                break
        else:
            chains.append([(doc_pos, work_pos)])
    return chains


def _align(
    work_words: Sequence[str], doc_words: Sequence[str], work_lo: int, doc_lo: int
) -> list[tuple[int, int, int]]:
    """Matching runs (work start, doc start, length) in absolute positions."""
    runs = []
    for op in Indel.opcodes(work_words, doc_words):
        if op.tag == "equal":
            length = op.src_end - op.src_start
            runs.append((work_lo + op.src_start, doc_lo + op.dest_start, length))
    return runs


def find_reuse(work: Work, blocks: Sequence[Block]) -> ReuseFinding:
    """Find the passages of ``blocks`` that reprint ``work``, and the extent.

    Coverage is the share of the work's body words matched in order; extent is
    "entire" at or above ``work.match.entire_coverage``, "part" when one passage
    has ``work.match.part_min_words`` or all passages together twice that, else
    "none".
    """
    index = _index(work)
    doc_words, block_starts = _doc_words(blocks)
    covered = bytearray(len(index.words))
    passages: list[Passage] = []
    for chain in _chains(_seeds(doc_words, index)):
        doc_lo, work_lo = chain[0]
        doc_hi = chain[-1][0] + SHINGLE_WORDS
        work_hi = chain[-1][1] + SHINGLE_WORDS
        runs = _align(
            index.words[work_lo:work_hi], doc_words[doc_lo:doc_hi], work_lo, doc_lo
        )
        matched = sum(length for _, _, length in runs)
        if matched < MIN_PASSAGE_WORDS:
            continue
        for work_start, _, length in runs:
            covered[work_start : work_start + length] = b"\x01" * length
        first_block = bisect_right(block_starts, runs[0][1]) - 1
        last_block = bisect_right(block_starts, runs[-1][1] + runs[-1][2] - 1) - 1
        first_para = index.paragraph_of[runs[0][0]]
        last_para = index.paragraph_of[runs[-1][0] + runs[-1][2] - 1]
        passages.append(
            Passage(
                words=matched,
                doc_start=blocks[first_block].location,
                doc_end=blocks[last_block].location,
                paragraphs=(first_para, last_para),
                sections=_sections(work, first_para, last_para),
                excerpt=_excerpt(
                    blocks[first_block], runs[0][1] - block_starts[first_block]
                ),
            )
        )
    coverage = sum(covered) / len(index.words) if index.words else 0.0
    return ReuseFinding(_extent(work, coverage, passages), coverage, tuple(passages))


def _extent(work: Work, coverage: float, passages: Sequence[Passage]) -> Extent:
    policy = work.match
    if coverage >= policy.entire_coverage:
        return Extent.ENTIRE
    longest = max((p.words for p in passages), default=0)
    total = sum(p.words for p in passages)
    if longest >= policy.part_min_words or total >= 2 * policy.part_min_words:
        return Extent.PART
    return Extent.NONE


def _sections(work: Work, first: int, last: int) -> tuple[str, ...]:
    names: list[str] = []
    for paragraph in work.paragraphs[first - 1 : last]:
        if paragraph.section not in names:
            names.append(paragraph.section)
    return tuple(names)


def _excerpt(block: Block, first_word: int) -> str:
    """The block's text from its ``first_word``-th word on, as printed."""
    folded = fold(block.text)
    spans = word_spans(folded)[first_word : first_word + EXCERPT_WORDS]
    return " ".join(folded[spans[0][1] : spans[-1][2]].split())
