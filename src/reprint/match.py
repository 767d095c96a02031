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

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

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


# Shingles are looked up at every SEED_STRIDE-th document position only: a run of
# SHINGLE_WORDS + SEED_STRIDE - 1 reprinted words always holds one such position,
# far below MIN_PASSAGE_WORDS, and the alignment recovers the words around a seed.
SEED_STRIDE = 3
# Words tokenized before their shingles are looked up: enough to make the C calls
# worth their set-up, few enough that the words are still in the CPU cache.
SCAN_BATCH_WORDS = 4096
_HIT = re.compile(b"\x01")


@dataclass(slots=True)
class _Scan:
    """The document's words, where each block starts, and the shared shingles."""

    words: list[str]
    block_starts: list[int]
    seeds: list[tuple[int, int]]  # (document position, work position), in order


def _scan(blocks: Sequence[Block], index: _WorkIndex) -> _Scan:
    """Tokenize the blocks and seed as it goes, a batch of words at a time.

    A big page has hundreds of thousands of words: each pass over all of them
    costs a cache miss per word, so the shingles of a batch are looked up while
    its words are fresh. Shingles may span blocks; one that runs past the last
    word read waits for the next batch.
    """
    scan = _Scan([], [], [])
    doc_words = scan.words
    first = 0  # the first shingle position not looked up yet (a stride multiple)
    for block in blocks:
        scan.block_starts.append(len(doc_words))
        doc_words.extend(words(block.text))
        if len(doc_words) - first >= SCAN_BATCH_WORDS:
            first = _seed(doc_words, first, index, scan.seeds)
    _seed(doc_words, first, index, scan.seeds)
    return scan


def _seed(
    doc_words: list[str], first: int, index: _WorkIndex, seeds: list[tuple[int, int]]
) -> int:
    """Look up the complete shingles from position ``first``; return the next one.

    The shingles at every SEED_STRIDE-th position are built by ``zip`` over
    strided slices and looked up by ``map``, in C, a byte per shingle; only the
    few hits are visited in Python.
    """
    shingles = index.shingles
    window = doc_words[first:]
    columns = [window[k::SEED_STRIDE] for k in range(SHINGLE_WORDS)]
    hits = bytes(map(shingles.__contains__, zip(*columns, strict=False)))
    for hit in _HIT.finditer(hits):
        i = first + hit.start() * SEED_STRIDE
        positions = shingles[tuple(doc_words[i : i + SHINGLE_WORDS])]
        seeds.extend((i, p) for p in positions)
    return first + len(hits) * SEED_STRIDE


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
    # Imported on the first alignment: a page that shares no shingle never needs it.
    from rapidfuzz.distance import Indel

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
    scan = _scan(blocks, index)
    doc_words, block_starts = scan.words, scan.block_starts
    covered = bytearray(len(index.words))
    passages: list[Passage] = []
    # A seed may sit up to SEED_STRIDE - 1 words inside its passage at either end.
    margin = SEED_STRIDE - 1
    for chain in _chains(scan.seeds):
        doc_lo = max(0, chain[0][0] - margin)
        work_lo = max(0, chain[0][1] - margin)
        doc_hi = chain[-1][0] + SHINGLE_WORDS + margin
        work_hi = chain[-1][1] + SHINGLE_WORDS + margin
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
