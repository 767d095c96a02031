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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, cached_property

from reprint.anchored import AnchoredPattern
from reprint.model import (
    Block,
    CreditFinding,
    CreditStatus,
    Document,
    HiddenBlock,
    HiddenReason,
    TextSource,
)
from reprint.normalize import ascii_spacer, searchable
from reprint.work import PATTERN_FLAGS, CreditRule, Work

# Joins blocks of one region: credit patterns may span it (an address split over
# lines), but not a sentence end, which a work's gap patterns refuse.
BLOCK_JOINER = " / "
# A block this short is quoted whole as evidence: it is the credit as printed.
EVIDENCE_BLOCK_CHARS = 500
EVIDENCE_CONTEXT_CHARS = 40
# A credit read by OCR decides its status only when its paragraph's mean word
# confidence (Tesseract's, 0-100) reaches this. The fixtures' scans and logos read at
# 91-96; text Tesseract half guesses (blurred, tiny, on a busy photo) scores under 70,
# and its errors can make or break a name. Under it the credit is unknown.
OCR_MIN_CONFIDENCE = 80.0


# A note marker glued to a name ("Kersten¹", "Kersten<sup>1</sup>") reads as
# "Kersten1" once NFKC and inline joining are done; the reader sees two things.
_NOTE_MARKER = re.compile(r"(?<=[^\W\d_])(?=\d)")


_DIGIT = re.compile(r"\d")


def _has_digit(text: str) -> bool:
    """Whether ``text`` holds a digit: in ASCII, ten memchr scans beat a regex scan."""
    if not text.isascii():
        return _DIGIT.search(text) is not None
    return (
        "0" in text or "1" in text or "2" in text or "3" in text or "4" in text
        or "5" in text or "6" in text or "7" in text or "8" in text or "9" in text
    )  # fmt: skip


def _credit_text(text: str) -> str:
    text = searchable(text)
    # Most blocks hold no digit at all, and so no note marker.
    return _NOTE_MARKER.sub(" ", text) if _has_digit(text) else text


@dataclass(frozen=True, slots=True)
class _Hit:
    text: str  # the matched words with some context, as the document prints them
    block: Block | HiddenBlock
    why: str | None = None
    matched: str = ""  # the matched words alone, as searchable text gives them


@cache
def _accepted(rule: CreditRule) -> tuple[AnchoredPattern, ...]:
    return tuple(AnchoredPattern.compile(p, PATTERN_FLAGS) for p in rule.accepted)


# Compiled only for a credit not given: a compliant copy never needs them.
@cache
def _near_misses(rule: CreditRule) -> tuple[tuple[AnchoredPattern, str], ...]:
    return tuple(
        (AnchoredPattern.compile(m.pattern, PATTERN_FLAGS), m.why)
        for m in rule.near_misses
    )


# Code and data, not typeset text: a digit after a letter there is no note marker,
# and a megabyte of inline JSON is full of them.
_CODE_REASONS = frozenset({HiddenReason.SCRIPT, HiddenReason.STYLE})
# Characters a credit word never spans (see _WORD_SPAN): ASCII text breaks into
# chunks of whole words at C speed once they are spaces.
_ASCII_NON_WORD = ascii_spacer(keep="'.")


class _Text:
    """Searchable text of some blocks, joined, with a way back to each block."""

    def __init__(self, blocks: Sequence[Block | HiddenBlock]) -> None:
        parts = [
            searchable(block.text)
            if isinstance(block, HiddenBlock) and block.reason in _CODE_REASONS
            else _credit_text(block.text)
            for block in blocks
        ]
        self.blocks = blocks
        self.starts: list[int] = []
        self.ends: list[int] = []
        offset = 0
        for part in parts:
            self.starts.append(offset)
            self.ends.append(offset + len(part))
            offset += len(part) + len(BLOCK_JOINER)
        self.text = BLOCK_JOINER.join(parts)
        # Lower-cased part by part: ASCII parts take C's fast path, and only the
        # few others pay for Unicode case mapping.
        self._lowered_parts = [part.lower() for part in parts]
        self.lowered = BLOCK_JOINER.join(self._lowered_parts)

    @cached_property
    def vocabulary(self) -> frozenset[str]:
        """The distinct lower-cased words of the text (as ``_WORD_SPAN`` finds them).

        Runs of characters no word spans are dropped in C first; the regex then
        only reads each distinct chunk once. A word never crosses a dropped
        character, so the chunks give the same words the whole text does.
        """
        ascii_parts = [part for part in self._lowered_parts if part.isascii()]
        chunks = set(" ".join(ascii_parts).translate(_ASCII_NON_WORD).split())
        chunks.update(part for part in self._lowered_parts if not part.isascii())
        return frozenset(word for chunk in chunks for word in _WORD_SPAN.findall(chunk))

    def words_around(self, offset: int, count: int) -> list[tuple[str, int, int]]:
        """The words (lower-cased, with offsets) of the text near ``offset``.

        At least ``count`` words either side of the word there, unless the text
        ends first: the slice reaches ``count + 1`` spaces out each way, and every
        word holds at least one character that is not a space.
        """
        lowered = self.lowered
        lo = offset
        for _ in range(count + 1):
            lo = lowered.rfind(" ", 0, lo)
            if lo <= 0:
                lo = 0
                break
        hi = offset
        for _ in range(count + 1):
            hi = lowered.find(" ", hi + 1)
            if hi == -1:
                hi = len(lowered)
                break
        return [
            (found.group(), found.start(), found.end())
            for found in _WORD_SPAN.finditer(lowered, lo, hi)
        ]

    def hit(self, start: int, end: int, why: str | None = None) -> _Hit:
        """The block holding the match as printed when short, else the match in context.

        A short block (a byline, a credit line) is the credit as the reader sees it;
        in a long paragraph, EVIDENCE_CONTEXT_CHARS either side, cut at words.
        """
        index = bisect_right(self.starts, start) - 1
        block = self.blocks[index]
        block_start = self.starts[index]
        block_end = self.ends[index]
        matched = self.text[start:end]
        if end <= block_end and block_end - block_start <= EVIDENCE_BLOCK_CHARS:
            return _Hit(" ".join(block.text.split()), block, why, matched)
        lo = max(block_start, start - EVIDENCE_CONTEXT_CHARS)
        hi = min(max(end, block_end), end + EVIDENCE_CONTEXT_CHARS)
        if lo > block_start:
            lo = self.text.find(" ", lo, start) + 1 or start
        if hi < block_end:
            cut = self.text.rfind(" ", end, hi)
            hi = end if cut == -1 else cut
        evidence = ("…" if lo > block_start else "") + self.text[lo:hi]
        evidence += "…" if hi < block_end else ""
        return _Hit(evidence, block, why, matched)


_EMPTY = _Text(())


def _search(
    patterns: Iterable[tuple[AnchoredPattern, str | None]], text: _Text
) -> _Hit | None:
    """The first pattern found in the text, with its ``why`` (None: accepted)."""
    for pattern, why in patterns:
        found = pattern.search(text.text, text.lowered)
        if found:
            return text.hit(found.start(), found.end(), why)
    return None


_WORD_SPAN = re.compile(r"[^\W_]+(?:['.][^\W_]+)*")


def _misspelling(rule: CreditRule, text: _Text) -> _Hit | None:
    """A run of words within ``fuzzy_max_edits`` of a name, but not equal to it.

    Only a run holding a word close to one of the name's words can be close to
    the name, so the document's distinct words are screened first (in C), then
    only the places where those words occur are looked at, in document order.
    """
    # Imported here: a copy that gives every credit never needs it.
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    budget = rule.fuzzy_max_edits
    for name in rule.fuzzy_names:
        parts = name.split()
        near = {
            found
            for part in parts
            for found, _, _ in process.extract(
                part,
                text.vocabulary,
                scorer=Levenshtein.distance,
                score_cutoff=budget,
                limit=None,
            )
        }
        for offset in _occurrences(text.lowered, near):
            hit = _misspelt_run(name, len(parts), budget, text, offset)
            if hit is not None:
                return hit
    return None


def _occurrences(lowered: str, words: set[str]) -> list[int]:
    """Where each of ``words`` occurs in ``lowered`` (maybe inside longer words)."""
    found: list[int] = []
    for word in words:
        at = lowered.find(word)
        while at != -1:
            found.append(at)
            at = lowered.find(word, at + 1)
    return sorted(found)


def _misspelt_run(
    name: str, size: int, budget: int, text: _Text, offset: int
) -> _Hit | None:
    """The first run of ``size`` words through the word at ``offset`` close to
    ``name``."""
    from rapidfuzz.distance import Levenshtein  # imported by _misspelling already

    spans = text.words_around(offset, size)
    at = next((i for i, span in enumerate(spans) if span[1] == offset), None)
    if at is None:  # inside a longer word
        return None
    for first in range(max(0, at - size + 1), min(at, len(spans) - size) + 1):
        candidate = " ".join(word for word, _, _ in spans[first : first + size])
        if candidate == name or not candidate[:1].isalpha():
            continue
        if Levenshtein.distance(name, candidate, score_cutoff=budget) <= budget:
            start, end = spans[first][1], spans[first + size - 1][2]
            return text.hit(start, end, f"a misspelling of '{name}'")
    return None


def _finding(rule: CreditRule, status: CreditStatus, hit: _Hit | None) -> CreditFinding:
    if hit is None:
        return CreditFinding(rule.key, rule.label, status)
    why = hit.why
    block = hit.block
    if isinstance(block, HiddenBlock):
        why = f"only in text no reader sees ({block.reason.value})"
    elif block.source is TextSource.OCR:
        confidence = block.confidence or 0.0
        read = f"read by OCR from an image, confidence {confidence:.0f}"
        if confidence < OCR_MIN_CONFIDENCE:
            status = CreditStatus.UNKNOWN
            why = (
                f"only in text {read}, under the {OCR_MIN_CONFIDENCE:.0f} needed to "
                "decide a credit; check the image by eye"
            )
        else:
            why = f"{why}; {read}" if why else f"only in text {read}"
        return CreditFinding(
            rule.key, rule.label, status, hit.text, block.location, why,
            TextSource.OCR, confidence, hit.matched,
        )  # fmt: skip
    return CreditFinding(
        rule.key, rule.label, status, hit.text, block.location, why, matched=hit.matched
    )


def _judge(
    rule: CreditRule,
    tiers: Sequence[Callable[[], _Text]],
    hidden: Callable[[], _Text],
) -> CreditFinding:
    """One credit's finding; ``tiers`` are the visible text, the file's own text
    first, then (if any) what OCR read confidently, then what it read unsure."""
    accepted = [(pattern, None) for pattern in _accepted(rule)]
    *known, unsure = tiers
    for visible in known:
        hit = _search(accepted, visible())
        if hit is not None:
            return _finding(rule, CreditStatus.PRESENT, hit)
    hit = _search(accepted, hidden())
    if hit is not None:
        return _finding(rule, CreditStatus.HIDDEN, hit)
    # Accepted words OCR read unsure: unknown, never present (nor missing).
    hit = _search(accepted, unsure())
    if hit is not None:
        return _finding(rule, CreditStatus.UNKNOWN, hit)
    for visible in tiers:
        text = visible()
        hit = _search(_near_misses(rule), text) or _misspelling(rule, text)
        if hit is not None:
            return _finding(rule, CreditStatus.MISATTRIBUTED, hit)
    return _finding(rule, CreditStatus.MISSING, None)


def _tiers(blocks: Sequence[Block]) -> list[Callable[[], _Text]]:
    """The visible text in tiers of trust: the file's text, OCR sure, OCR unsure."""
    if all(block.source is TextSource.TEXT for block in blocks):
        text = _Text(blocks)
        return [lambda: text, lambda: _EMPTY]
    own = [block for block in blocks if block.source is TextSource.TEXT]
    sure = [
        block
        for block in blocks
        if block.source is TextSource.OCR
        and (block.confidence or 0.0) >= OCR_MIN_CONFIDENCE
    ]
    unsure = [
        block
        for block in blocks
        if block.source is TextSource.OCR
        and (block.confidence or 0.0) < OCR_MIN_CONFIDENCE
    ]
    return [
        cache(lambda: _Text(own)),
        cache(lambda: _Text(sure)),
        cache(lambda: _Text(unsure)),
    ]


def check_credits(work: Work, document: Document) -> tuple[CreditFinding, ...]:
    """Judge every credit the work requires against the document.

    A document with no readable text cannot show that a credit is missing: every
    credit is unknown (this is the one place that decides it). Text read by OCR
    decides a credit only after the file's own text, and only at
    ``OCR_MIN_CONFIDENCE`` or more; under it, a credit found there is unknown.
    """
    if not document.has_text:
        return unknown_credits(work)
    tiers = _tiers(document.blocks)
    # A copy that credits everything visibly never needs its hidden text prepared.
    hidden = cache(lambda: _Text(document.hidden))
    return tuple(_judge(rule, tiers, hidden) for rule in work.credits)


def unknown_credits(work: Work) -> tuple[CreditFinding, ...]:
    """Every credit of the work, not checked because no text could be read."""
    return tuple(
        CreditFinding(
            rule.key, rule.label, CreditStatus.UNKNOWN, why="no readable text"
        )
        for rule in work.credits
    )
