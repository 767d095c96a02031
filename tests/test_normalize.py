"""Normalisation: idempotent, and blind to what a reader cannot see."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reprint.normalize import fold, searchable, words


@given(st.text())
def test_fold_searchable_and_words_are_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)
    assert words(" ".join(words(text))) == words(text)
    assert searchable(searchable(text)) == searchable(text)


@pytest.mark.parametrize(
    ("printed", "plain"),
    [
        ("Ja\u00adpan’s “alliance”", 'Japan\'s "alliance"'),  # soft hyphen, quotes
        ("US\u2013Japan \u2014 ties", "US-Japan - ties"),  # dashes
        ("e\ufb00ect \ufb01le", "effect file"),  # ligatures (NFKC)
        ("Inter-\nnational", "International"),  # a word broken at a line end
        ("US-\nJapan", "US-\nJapan"),  # a real compound keeps its hyphen
        ("no\u00a0break\u200bspace", "no breakspace"),
    ],
    ids=["soft-hyphen-quotes", "dashes", "ligatures", "line-end", "compound", "spaces"],
)
def test_fold_gives_what_a_reader_reads(printed: str, plain: str) -> None:
    assert fold(printed) == plain


def test_words_ignore_case_punctuation_and_layout() -> None:
    assert words("JAPAN’S  security\n policy—in 2011.") == [
        "japan",
        "s",
        "security",
        "policy",
        "in",
        "2011",
    ]
