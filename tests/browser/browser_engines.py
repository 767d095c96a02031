"""Reading one page with both engines, and what they disagree on."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from reprint.credits import check_credits
from reprint.model import Document
from reprint.pipeline import extract
from reprint.work import default_work

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
_WORD = re.compile(r"\w+")


def html_fixtures() -> list[Path]:
    """Every HTML page under fixtures/, in a stable order."""
    return sorted(
        path
        for pattern in ("*.html", "*.htm")
        for path in FIXTURES.rglob(pattern)
        if path.is_file()
    )


def words(document: Document) -> frozenset[str]:
    """The visible word set: lower-cased word characters of every block."""
    return frozenset(_WORD.findall(document.text.lower()))


def credits(document: Document) -> dict[str, str]:
    """Each required credit's status in the document."""
    found = check_credits(default_work(), document)
    return {finding.key: finding.status.value for finding in found}


@dataclass(frozen=True)
class Comparison:
    static_credits: dict[str, str]
    chromium_credits: dict[str, str]
    only_static: frozenset[str]  # words only the static engine shows
    only_chromium: frozenset[str]

    @property
    def kinds(self) -> set[str]:
        """What the engines disagree on: "credits", "words", both or neither."""
        kinds = set()
        if self.static_credits != self.chromium_credits:
            kinds.add("credits")
        if self.only_static or self.only_chromium:
            kinds.add("words")
        return kinds


def compare(path: Path) -> Comparison:
    static = extract(path)
    chromium = extract(path, render=True)
    assert chromium.engine == "chromium"
    assert static.engine == "static"
    static_words, chromium_words = words(static), words(chromium)
    return Comparison(
        credits(static),
        credits(chromium),
        static_words - chromium_words,
        chromium_words - static_words,
    )
