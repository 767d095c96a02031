"""Anchored search: the same answers as ``re.search``, found near a literal."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reprint.anchored import AnchoredPattern, required_literal


@pytest.mark.parametrize(
    ("pattern", "literal"),
    [
        (r"\bkersten, rikki\b", "kersten, rikki"),
        (
            r"dep(?:artmen)?t\.? of international relations",
            " of international relations",
        ),
        (r"\b(?:ford|gates) foundation\b", " foundation"),
        (r"(?<!douglas )\bmacarthur foundation", "macarthur foundation"),
        (r"(?:a|b)", None),  # an alternation has no literal in every match
        (r"ab+c", None),  # runs of two letters are too short to narrow a search
        (r"(?:rikki|ricki) kersten", " kersten"),
    ],
)
def test_required_literal_is_in_every_match(pattern: str, literal: str | None) -> None:
    assert required_literal(pattern, re.IGNORECASE) == literal


def test_unbounded_pattern_is_searched_in_full() -> None:
    pattern = AnchoredPattern.compile(r"university of [a-z ]+'s department")
    assert pattern.max_width is None
    assert pattern.anchor is None
    assert pattern.search("the University of Far Away Places's Department")


def test_window_end_is_not_taken_for_a_word_boundary() -> None:
    pattern = AnchoredPattern.compile(r"\brikki kersten\b")
    assert pattern.anchor == "rikki kersten"
    # The window around the literal ends inside "kerstenberg": no match there.
    text = "x" * 100 + " rikki kerstenberg" + "y" * 100 + " rikki kersten."
    found = pattern.search(text)
    assert found is not None
    assert found.start() == text.rindex("rikki kersten")


_WORDS = st.sampled_from(
    ["rikki", "kersten", "Kersten,", "RIKKI", "the", "of", "foundation", "x", "\n"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORDS, max_size=40).map(" ".join))
def test_anchored_search_agrees_with_re_search(text: str) -> None:
    for source in (r"\bkersten, rikki\b", r"\b(?:prof\. )?rikki kersten\b"):
        anchored = AnchoredPattern.compile(source)
        expected = re.compile(source, re.IGNORECASE).search(text)
        found = anchored.search(text, text.lower())
        assert (found is None) == (expected is None)
        if found is not None and expected is not None:
            assert found.group().lower() == expected.group().lower()
