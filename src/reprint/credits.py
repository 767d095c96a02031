"""Credit detection: is each credit the work requires visibly given, and how.

Each credit rule of the work (see ``reprint.work.CreditRule``) is searched for in
the document's visible text, then its hidden text, then for near-misses. Status
precedence is present > hidden > misattributed > missing.

Patterns run case-insensitively over ``normalize.searchable`` text, where
consecutive blocks are joined with " / " so that a credit broken over two lines
of an address block (a PDF footer, a byline) still matches. Each pattern is
searched only around a literal all its matches contain (``reprint.anchored``), and
the hidden text is prepared only for a credit not found in the visible text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, cached_property

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from reprint.anchored import AnchoredPattern
from reprint.model import (
    Block,
    CreditFinding,
    CreditStatus,
    Document,
    HiddenBlock,
)
from reprint.normalize import searchable
from reprint.work import CreditRule, Work

# Joins blocks of one region: credit patterns may span it (an address split over
# lines), but not a sentence end, which a work's gap patterns refuse.
BLOCK_JOINER = " / "
# A block this short is quoted whole as evidence: it is the credit as printed.
EVIDENCE_BLOCK_CHARS = 500
EVIDENCE_CONTEXT_CHARS = 40


# A note marker glued to a name ("Kersten¹", "Kersten<sup>1</sup>") reads as
# "Kersten1" once NFKC and inline joining are done; the reader sees two things.
_NOTE_MARKER = re.compile(r"(?<=[^\W\d_])(?=\d)")
# Most blocks have no digit at all; a plain \d scan rules them out quickly.
_DIGIT = re.compile(r"\d")


def _credit_text(text: str) -> str:
    text = searchable(text)
    return _NOTE_MARKER.sub(" ", text) if _DIGIT.search(text) else text


@dataclass(frozen=True, slots=True)
class _Hit:
    text: str  # the matched words with some context, as the document prints them
    block: Block | HiddenBlock
    why: str | None = None


@dataclass(frozen=True, slots=True)
class _Rules:
    accepted: tuple[AnchoredPattern, ...]
    near_misses: tuple[tuple[AnchoredPattern, str], ...]


@cache
def _compiled(rule: CreditRule) -> _Rules:
    return _Rules(
        tuple(AnchoredPattern.compile(p) for p in rule.accepted),
        tuple((AnchoredPattern.compile(m.pattern), m.why) for m in rule.near_misses),
    )


class _Text:
    """Searchable text of some blocks, joined, with a way back to each block."""

    def __init__(self, blocks: Sequence[Block | HiddenBlock]) -> None:
        parts = [_credit_text(block.text) for block in blocks]
        self.blocks = blocks
        self.starts: list[int] = []
        self.ends: list[int] = []
        offset = 0
        for part in parts:
            self.starts.append(offset)
            self.ends.append(offset + len(part))
            offset += len(part) + len(BLOCK_JOINER)
        self.text = BLOCK_JOINER.join(parts)

    @cached_property
    def lowered(self) -> str:
        return self.text.lower()

    @cached_property
    def words(self) -> list[str]:
        """The lower-cased words of the text."""
        return _WORD_SPAN.findall(self.lowered)

    def word_span(self, first: int, count: int) -> tuple[int, int]:
        """Offsets of words ``first`` to ``first + count - 1`` (rare and slow)."""
        for index, found in enumerate(_WORD_SPAN.finditer(self.lowered)):
            if index == first:
                start = found.start()
            if index == first + count - 1:
                return start, found.end()
        raise IndexError(first + count - 1)

    def hit(self, start: int, end: int, why: str | None = None) -> _Hit:
        """The block holding the match as printed when short, else the match in context.

        A short block (a byline, a credit line) is the credit as the reader sees it;
        in a long paragraph, EVIDENCE_CONTEXT_CHARS either side, cut at words.
        """
        index = bisect_right(self.starts, start) - 1
        block = self.blocks[index]
        block_start = self.starts[index]
        block_end = self.ends[index]
        if end <= block_end and block_end - block_start <= EVIDENCE_BLOCK_CHARS:
            return _Hit(" ".join(block.text.split()), block, why)
        lo = max(block_start, start - EVIDENCE_CONTEXT_CHARS)
        hi = min(max(end, block_end), end + EVIDENCE_CONTEXT_CHARS)
        if lo > block_start:
            lo = self.text.find(" ", lo, start) + 1 or start
        if hi < block_end:
            cut = self.text.rfind(" ", end, hi)
            hi = end if cut == -1 else cut
        evidence = ("…" if lo > block_start else "") + self.text[lo:hi]
        evidence += "…" if hi < block_end else ""
        return _Hit(evidence, block, why)


def _search(patterns: Sequence[AnchoredPattern], text: _Text) -> _Hit | None:
    for pattern in patterns:
        found = pattern.search(text.text, text.lowered)
        if found:
            return text.hit(found.start(), found.end())
    return None


def _near_miss(rules: _Rules, text: _Text) -> _Hit | None:
    for pattern, why in rules.near_misses:
        found = pattern.search(text.text, text.lowered)
        if found:
            return text.hit(found.start(), found.end(), why)
    return None


_WORD_SPAN = re.compile(r"[^\W_]+(?:['.][^\W_]+)*")


def _misspelling(rule: CreditRule, text: _Text) -> _Hit | None:
    """A window of words within ``fuzzy_max_edits`` of a name, but not equal to it.

    Only windows holding a word close to one of the name's words can be close to
    the name, so the document's distinct words are screened first (in C).
    """
    words = text.words
    budget = rule.fuzzy_max_edits
    vocabulary = set(words)
    for name in rule.fuzzy_names:
        parts = name.split()
        near = {
            found
            for part in parts
            for found, _, _ in process.extract(
                part,
                vocabulary,
                scorer=Levenshtein.distance,
                score_cutoff=budget,
                limit=None,
            )
        }
        size = len(parts)
        starts = sorted(
            {
                i - offset
                for i, word in enumerate(words)
                if word in near
                for offset in range(size)
                if 0 <= i - offset <= len(words) - size
            }
        )
        for i in starts:
            candidate = " ".join(words[i : i + size])
            if candidate == name or not candidate[:1].isalpha():
                continue
            if Levenshtein.distance(name, candidate, score_cutoff=budget) <= budget:
                start, end = text.word_span(i, size)
                return text.hit(start, end, f"a misspelling of '{name}'")
    return None


def _finding(rule: CreditRule, status: CreditStatus, hit: _Hit | None) -> CreditFinding:
    if hit is None:
        return CreditFinding(rule.key, rule.label, status)
    why = hit.why
    if isinstance(hit.block, HiddenBlock):
        why = f"only in text no reader sees ({hit.block.reason.value})"
    return CreditFinding(
        rule.key, rule.label, status, hit.text, hit.block.location, why
    )


def _judge(
    rule: CreditRule, visible: _Text, hidden: Callable[[], _Text]
) -> CreditFinding:
    rules = _compiled(rule)
    hit = _search(rules.accepted, visible)
    if hit is not None:
        return _finding(rule, CreditStatus.PRESENT, hit)
    hit = _search(rules.accepted, hidden())
    if hit is not None:
        return _finding(rule, CreditStatus.HIDDEN, hit)
    hit = _near_miss(rules, visible) or _misspelling(rule, visible)
    if hit is not None:
        return _finding(rule, CreditStatus.MISATTRIBUTED, hit)
    return _finding(rule, CreditStatus.MISSING, None)


def check_credits(work: Work, document: Document) -> tuple[CreditFinding, ...]:
    """Judge every credit the work requires against the document."""
    visible = _Text(document.blocks)
    # A copy that credits everything visibly never needs its hidden text prepared.
    hidden = cache(lambda: _Text(document.hidden))
    return tuple(_judge(rule, visible, hidden) for rule in work.credits)
