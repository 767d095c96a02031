"""Credit detection: is each credit the work requires visibly given, and how.

Each credit rule of the work (see ``reprint.work.CreditRule``) is searched for in
the document's visible text, then its hidden text, then for near-misses. Status
precedence is present > hidden > misattributed > missing.

Patterns run case-insensitively over ``normalize.searchable`` text, where
consecutive blocks are joined with " / " so that a credit broken over two lines
of an address block (a PDF footer, a byline) still matches.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache

from rapidfuzz.distance import Levenshtein

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


def _credit_text(text: str) -> str:
    return _NOTE_MARKER.sub(" ", searchable(text))


@dataclass(frozen=True, slots=True)
class _Hit:
    text: str  # the matched words with some context, as the document prints them
    block: Block | HiddenBlock
    why: str | None = None


@dataclass(frozen=True, slots=True)
class _Rules:
    accepted: tuple[re.Pattern[str], ...]
    near_misses: tuple[tuple[re.Pattern[str], str], ...]


@cache
def _compiled(rule: CreditRule) -> _Rules:
    return _Rules(
        tuple(re.compile(p, re.IGNORECASE) for p in rule.accepted),
        tuple((re.compile(m.pattern, re.IGNORECASE), m.why) for m in rule.near_misses),
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


def _search(patterns: Sequence[re.Pattern[str]], text: _Text) -> _Hit | None:
    for pattern in patterns:
        found = pattern.search(text.text)
        if found:
            return text.hit(found.start(), found.end())
    return None


def _near_miss(rules: _Rules, text: _Text) -> _Hit | None:
    for pattern, why in rules.near_misses:
        found = pattern.search(text.text)
        if found:
            return text.hit(found.start(), found.end(), why)
    return None


_WORD_SPAN = re.compile(r"[^\W_]+(?:['.][^\W_]+)*")


def _word_windows(text: str, size: int) -> Iterator[tuple[int, int]]:
    spans = [(m.start(), m.end()) for m in _WORD_SPAN.finditer(text)]
    for i in range(len(spans) - size + 1):
        yield spans[i][0], spans[i + size - 1][1]


def _misspelling(rule: CreditRule, text: _Text) -> _Hit | None:
    """A window of words within ``fuzzy_max_edits`` of a name, but not equal to it."""
    lowered = text.text.casefold()
    for name in rule.fuzzy_names:
        size = len(name.split())
        for start, end in _word_windows(lowered, size):
            candidate = lowered[start:end]
            if candidate == name or not candidate[:1].isalpha():
                continue
            distance = Levenshtein.distance(
                name, candidate, score_cutoff=rule.fuzzy_max_edits
            )
            if distance <= rule.fuzzy_max_edits:
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


def _judge(rule: CreditRule, visible: _Text, hidden: _Text) -> CreditFinding:
    rules = _compiled(rule)
    hit = _search(rules.accepted, visible)
    if hit is not None:
        return _finding(rule, CreditStatus.PRESENT, hit)
    hit = _search(rules.accepted, hidden)
    if hit is not None:
        return _finding(rule, CreditStatus.HIDDEN, hit)
    hit = _near_miss(rules, visible) or _misspelling(rule, visible)
    if hit is not None:
        return _finding(rule, CreditStatus.MISATTRIBUTED, hit)
    return _finding(rule, CreditStatus.MISSING, None)


def check_credits(work: Work, document: Document) -> tuple[CreditFinding, ...]:
    """Judge every credit the work requires against the document."""
    visible = _Text(document.blocks)
    hidden = _Text(document.hidden)
    return tuple(_judge(rule, visible, hidden) for rule in work.credits)
