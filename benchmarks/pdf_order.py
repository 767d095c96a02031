"""Reading order of ``reprint extract`` against pdftotext, page by page.

    python benchmarks/pdf_order.py FILE.pdf [FILE.pdf ...] [--min-words 40]
    python benchmarks/pdf_order.py --corpus DIR [--min-words 40]

For each page: the words (case-folded letters and digits) both readers put on it,
each sequence cut to the words the other has too (as many times as it has them),
and the length of their longest common subsequence over the shorter sequence. 1.0
is the same order; interleaved columns score near 0.5. Pages with fewer shared
words than ``--min-words`` (title pages, figures) are listed but not scored into
the file's worst page. Needs pdftotext (Debian's poppler-utils) on PATH.

With ``--corpus DIR`` (the cache of ``benchmarks/corpus.py``) it scores only the
multi-column pages of every PDF under DIR: pages whose ``pdftotext -layout`` text has
a gutter, a stretch of three or more spaces between text at one character column on
at least 60 % of the page's text lines (25 or more lines of three words), in the
middle 60 % of the page's width. Each file is listed with its pages' scores, and
the worst page of the corpus last.
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


# The gutter test of ``--corpus``: lines, gap and share as the docstring says.
GUTTER_LINES = 25
GUTTER_SHARE = 0.6
LINE_WORDS = 3
CORPUS_PAGES = 40
COPY_SHARE = 0.8
_GAP = re.compile(r"(?<=\S) {3,}(?=\S)")
_LONG_WORD = re.compile(r"[^\W\d_]{2,}")


def column_pages(path: Path, max_pages: int = CORPUS_PAGES) -> list[int]:
    """The pages among the first ``max_pages`` whose layout text has a gutter."""
    try:
        layout = subprocess.run(
            ["pdftotext", "-layout", "-l", str(max_pages), str(path), "-"],
            capture_output=True,
            timeout=60,
        ).stdout.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        return []
    pages = []
    for number, page in enumerate(layout.split("\f"), 1):
        lines = [
            line
            for line in page.splitlines()
            if len(_LONG_WORD.findall(line)) >= LINE_WORDS
        ]
        if len(lines) < GUTTER_LINES:
            continue
        width = max(len(line) for line in lines)
        gaps = [0] * (width + 1)
        for line in lines:
            for gap in _GAP.finditer(line):
                for column in range(gap.start(), gap.end()):
                    gaps[column] += 1
        middle = range(int(width * 0.2) + 1, int(width * 0.8))
        if any(gaps[column] >= GUTTER_SHARE * len(lines) for column in middle):
            pages.append(number)
    return pages


def page_scores(
    path: Path, only: Sequence[int] | None = None
) -> list[tuple[int, int, float]]:
    """Each page's number, shared word count and order score (``only`` those pages)."""
    document = extract(path.read_bytes(), ExtractOptions())
    ours: dict[int, list[str]] = {}
    for block in document.blocks:
        page = block.location.page or 0
        ours.setdefault(page, []).extend(words(block.text))
    scores: list[tuple[int, int, float]] = []
    for page in only or range(1, (document.page_count or 0) + 1):
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
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--corpus", type=Path, help="score the multi-column pages")
    parser.add_argument("--min-words", type=int, default=40)
    arguments = parser.parse_args()
    if arguments.corpus:
        score_corpus(arguments.corpus, arguments.min_words)
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


def score_corpus(root: Path, min_words: int) -> None:
    """Per file and per page scores of the multi-column pages under ``root``.

    A file whose scored pages are mostly (COPY_SHARE) the same page numbers with the
    same shared word counts as an earlier file's (the same paper with annotations
    added, say) is listed as a copy and not counted again.
    """
    worst: tuple[float, str, int] | None = None
    seen: list[tuple[set[tuple[int, int]], str]] = []
    files = pages = 0
    for path in sorted(root.rglob("*.pdf")):
        name = str(path.relative_to(root))
        found = column_pages(path)
        if not found:
            continue
        try:
            scores = page_scores(path, found)
        except Exception as error:
            print(f"{name}\terror {type(error).__name__}")
            continue
        body = [(score, page) for page, count, score in scores if count >= min_words]
        if not body:
            continue
        listed = " ".join(f"p{page}={score:.3f}" for score, page in body)
        key = {(page, count) for page, count, _ in scores}
        copy = next(
            (
                earlier
                for pairs, earlier in seen
                if len(key & pairs) >= COPY_SHARE * max(len(key), len(pairs))
            ),
            None,
        )
        if copy:
            print(f"{name}\tcopy of {copy}\t{listed}")
            continue
        seen.append((key, name))
        files += 1
        pages += len(body)
        file_worst = min(body)
        print(f"{name}\tworst {file_worst[0]:.3f}\t{listed}")
        if worst is None or file_worst[0] < worst[0]:
            worst = (file_worst[0], name, file_worst[1])
    if worst:
        score, name, page = worst
        print(f"{files} files, {pages} pages; worst {score:.3f}: {name} p{page}")


if __name__ == "__main__":
    main()
