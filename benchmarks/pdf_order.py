"""Reading order of ``reprint extract`` against pdftotext, page by page.

    python benchmarks/pdf_order.py FILE.pdf [FILE.pdf ...] [--min-words 40]

For each page: the words (case-folded letters and digits) both readers put on it,
each sequence cut to the words the other has too (as many times as it has them),
and the length of their longest common subsequence over the shorter sequence. 1.0
is the same order; interleaved columns score near 0.5. Pages with fewer shared
words than ``--min-words`` (title pages, figures) are listed but not scored into
the file's worst page. Needs pdftotext (Debian's poppler-utils) on PATH.
"""

from __future__ import annotations

import argparse
import re
import subprocess
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from reprint.formats.options import ExtractOptions
from reprint.formats.pdf.reader import extract

_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """The words of a text, case-folded."""
    return _WORD.findall(text.casefold())


def shared(first: Sequence[str], second: Sequence[str]) -> tuple[list[str], list[str]]:
    """Each sequence cut to the words the other holds, up to the other's count."""
    counts = Counter(first) & Counter(second)
    cut: list[list[str]] = []
    for sequence in (first, second):
        left = Counter(counts)
        kept = []
        for word in sequence:
            if left[word] > 0:
                left[word] -= 1
                kept.append(word)
        cut.append(kept)
    return cut[0], cut[1]


def lcs_length(first: Sequence[str], second: Sequence[str]) -> int:
    """The longest common subsequence's length (one row of the table at a time)."""
    row = [0] * (len(second) + 1)
    for word in first:
        previous_diagonal = 0
        for index, other in enumerate(second, 1):
            saved = row[index]
            if word == other:
                row[index] = previous_diagonal + 1
            elif row[index - 1] > row[index]:
                row[index] = row[index - 1]
            previous_diagonal = saved
    return row[-1]


def page_scores(path: Path) -> list[tuple[int, int, float]]:
    """Each page's number, shared word count and order score."""
    document = extract(path.read_bytes(), ExtractOptions())
    ours: dict[int, list[str]] = {}
    for block in document.blocks:
        page = block.location.page or 0
        ours.setdefault(page, []).extend(words(block.text))
    scores: list[tuple[int, int, float]] = []
    for page in range(1, (document.page_count or 0) + 1):
        theirs = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), str(path), "-"],
            capture_output=True,
            check=True,
            text=True,
        ).stdout
        mine, reference = shared(ours.get(page, []), words(theirs))
        if mine:
            score = lcs_length(mine, reference) / len(mine)
            scores.append((page, len(mine), score))
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--min-words", type=int, default=40)
    arguments = parser.parse_args()
    for path in arguments.files:
        scores = page_scores(path)
        body = [score for _, count, score in scores if count >= arguments.min_words]
        worst = min(body) if body else float("nan")
        total = sum(count for _, count, _ in scores)
        mean = (
            sum(count * score for _, count, score in scores) / total
            if total
            else float("nan")
        )
        print(f"{path.name}\tpages {len(scores)}\tmean {mean:.3f}\tworst {worst:.3f}")


if __name__ == "__main__":
    main()
