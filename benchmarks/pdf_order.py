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

The corpus pages are told apart as body text or not from the same ``-layout`` text,
whatever either reader's order: each line is cut at its gaps of three or more spaces
into pieces (one column's line each), and a piece is prose when it holds at least
six words (runs of non-spaces) of which half or more are lower-case words, without
dot leaders: a line of a sentence, not a heading, a table's cells, a form's labels
or a reference's names and numbers. A page is body text when its prose pieces are
at least 30 and hold at least half of its words (forms, tables, mastheads and
reference lists fall under). Body-text pages and the others are listed and summed
up apart, and each body-text page also gets its score without reprint's footnote
blocks ("nofn"): reprint puts a page's footnotes after its body, pdftotext after
each column's, so a page whose score rises without them differs by that.

Where pdftotext's order is not a reader's (checked on the rendered page), a page
has a reading-order reference under ``benchmarks/order_reference/`` (``--references
DIR`` reads another directory): pdftotext's own text of the page, cut into blocks
of whole lines and put in the order a reader reads them by hand, with the reason.
Such a page is scored against pdftotext as every page is and against its reference
too, and both are printed ("ref"), with pdftotext's own score against the
reference; the sums give the scores against pdftotext and, apart, against the
references where there are any. A reference whose page text pdftotext no longer
gives line for line is reported stale and not used.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from reprint.formats.options import ExtractOptions
from reprint.formats.pdf.reader import extract
from reprint.model import Region

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


# The body-text test of ``--corpus``: as the docstring says.
PROSE_WORDS = 6
PROSE_LOWER_SHARE = 0.5
BODY_PROSE_LINES = 30
BODY_PROSE_SHARE = 0.5
_PIECE = re.compile(r"\s{3,}")
_LOWER_WORD = re.compile(
    r"^[(\"'\u201c\u2018]*[a-z][a-z'\u2019-]*[,.;:)\"'\u201d\u2019]*$"
)


def layout_pages(path: Path, max_pages: int = CORPUS_PAGES) -> list[str]:
    """The ``pdftotext -layout`` text of the first ``max_pages`` pages."""
    try:
        layout = subprocess.run(
            ["pdftotext", "-layout", "-l", str(max_pages), str(path), "-"],
            capture_output=True,
            timeout=60,
        ).stdout.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        return []
    return layout.split("\f")


def has_gutter(page: str) -> bool:
    """Whether a page's layout text has a gutter (see the docstring)."""
    lines = [
        line
        for line in page.splitlines()
        if len(_LONG_WORD.findall(line)) >= LINE_WORDS
    ]
    if len(lines) < GUTTER_LINES:
        return False
    width = max(len(line) for line in lines)
    gaps = [0] * (width + 1)
    for line in lines:
        for gap in _GAP.finditer(line):
            for column in range(gap.start(), gap.end()):
                gaps[column] += 1
    middle = range(int(width * 0.2) + 1, int(width * 0.8))
    return any(gaps[column] >= GUTTER_SHARE * len(lines) for column in middle)


class Prose(NamedTuple):
    """A page's prose pieces, and the share of its words they hold."""

    lines: int
    share: float

    @property
    def is_body_text(self) -> bool:
        return self.lines >= BODY_PROSE_LINES and self.share >= BODY_PROSE_SHARE


def prose(page: str) -> Prose:
    """How much of a page's layout text is prose (see the docstring)."""
    words = prose_words = pieces = 0
    for line in page.splitlines():
        for piece in _PIECE.split(line.strip()):
            tokens = piece.split()
            words += len(tokens)
            lower = sum(1 for token in tokens if _LOWER_WORD.match(token))
            if (
                len(tokens) >= PROSE_WORDS
                and lower >= PROSE_LOWER_SHARE * len(tokens)
                and "....." not in piece
            ):
                prose_words += len(tokens)
                pieces += 1
    return Prose(pieces, prose_words / words if words else 0.0)


def column_pages(path: Path, max_pages: int = CORPUS_PAGES) -> dict[int, Prose]:
    """The pages among the first ``max_pages`` whose layout text has a gutter."""
    return {
        number: prose(page)
        for number, page in enumerate(layout_pages(path, max_pages), 1)
        if has_gutter(page)
    }


REFERENCES = Path(__file__).resolve().parent / "order_reference"


class Reference(NamedTuple):
    """A page's reading order as a reader reads it (``benchmarks/order_reference``).

    ``blocks`` are ranges of lines (1-based, both ends in) of pdftotext's plain
    text of the page, in reading order; together they hold every line once.
    ``sha256`` is that text's digest: another poppler may cut lines otherwise.
    """

    file: str
    page: int
    reason: str
    sha256: str
    blocks: tuple[tuple[int, int], ...]

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Reference:
        blocks = data["blocks"]
        assert isinstance(blocks, list)
        return cls(
            str(data["file"]),
            int(str(data["page"])),
            str(data["reason"]),
            str(data["sha256"]),
            tuple((int(block["lines"][0]), int(block["lines"][1])) for block in blocks),
        )

    def text(self, plain: str) -> str | None:
        """The page's text in reading order, or None when ``plain`` (pdftotext's
        text of the page) is not the text the reference was made from."""
        if hashlib.sha256(plain.encode()).hexdigest() != self.sha256:
            return None
        lines = plain.split("\n")
        order = [n for first, last in self.blocks for n in range(first, last + 1)]
        if sorted(order) != list(range(1, len(lines) + 1)):
            raise ValueError(f"{self.file} p{self.page}: blocks must hold every line")
        return "\n".join(lines[n - 1] for n in order)


def load_references(directory: Path) -> dict[tuple[str, int], Reference]:
    """The references under ``directory``, by file (relative to the corpus) and page."""
    found: dict[tuple[str, int], Reference] = {}
    for path in sorted(directory.glob("*.json")):
        reference = Reference.from_json(json.loads(path.read_text(encoding="utf-8")))
        found[reference.file, reference.page] = reference
    return found


def pdftotext_page(path: Path, page: int) -> str:
    """pdftotext's plain text of one page."""
    return subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout


class PageScore(NamedTuple):
    """A page's shared word count and order score, and the score without
    reprint's footnote blocks; where the page has a reference, reprint's score
    against it and pdftotext's (NaN without one, ``stale`` when it no longer
    fits pdftotext's text)."""

    page: int
    words: int
    score: float
    without_notes: float
    reference: float = float("nan")
    pdftotext_reference: float = float("nan")
    stale: bool = False


def _score(mine: Sequence[str], theirs: Sequence[str]) -> tuple[int, float]:
    cut, reference = shared(mine, theirs)
    return len(cut), (lcs_length(cut, reference) / len(cut) if cut else float("nan"))


def page_scores(
    path: Path,
    only: Sequence[int] | None = None,
    references: dict[int, Reference] | None = None,
) -> list[PageScore]:
    """Each page's scores (``only`` those pages); pages sharing no word left out.
    ``references`` are the file's reading-order references, by page."""
    document = extract(path.read_bytes(), ExtractOptions())
    ours: dict[int, list[str]] = {}
    no_notes: dict[int, list[str]] = {}
    for block in document.blocks:
        page = block.location.page or 0
        ours.setdefault(page, []).extend(words(block.text))
        if block.location.region is not Region.FOOTNOTE:
            no_notes.setdefault(page, []).extend(words(block.text))
    scores: list[PageScore] = []
    for page in only or range(1, (document.page_count or 0) + 1):
        plain = pdftotext_page(path, page)
        theirs = words(plain)
        count, score = _score(ours.get(page, []), theirs)
        if not count:
            continue
        _, without = _score(no_notes.get(page, []), theirs)
        found = PageScore(page, count, score, without)
        reference = (references or {}).get(page)
        if reference is not None:
            ordered = reference.text(plain)
            if ordered is None:
                found = found._replace(stale=True)
            else:
                read = words(ordered)
                found = found._replace(
                    reference=_score(ours.get(page, []), read)[1],
                    pdftotext_reference=_score(theirs, read)[1],
                )
        scores.append(found)
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--corpus", type=Path, help="score the multi-column pages")
    parser.add_argument("--min-words", type=int, default=40)
    parser.add_argument(
        "--references",
        type=Path,
        default=REFERENCES,
        help="reading-order references of --corpus pages (default: %(default)s)",
    )
    arguments = parser.parse_args()
    if arguments.corpus:
        score_corpus(
            arguments.corpus, arguments.min_words, load_references(arguments.references)
        )
    for path in arguments.files:
        scores = page_scores(path)
        body = [s.score for s in scores if s.words >= arguments.min_words]
        worst = min(body) if body else float("nan")
        total = sum(s.words for s in scores)
        mean = sum(s.words * s.score for s in scores) / total if total else float("nan")
        print(f"{path.name}\tpages {len(scores)}\tmean {mean:.3f}\tworst {worst:.3f}")


def _shown(score: PageScore) -> str:
    """A page's score, and against its reference where it has one."""
    if score.stale:
        return f"p{score.page}={score.score:.3f}(ref stale)"
    if score.reference == score.reference:  # not NaN
        return f"p{score.page}={score.score:.3f}(ref {score.reference:.3f})"
    return f"p{score.page}={score.score:.3f}"


def score_corpus(
    root: Path, min_words: int, references: dict[tuple[str, int], Reference]
) -> None:
    """Per file and per page scores of the multi-column pages under ``root``.

    A file whose scored pages are mostly (COPY_SHARE) the same page numbers with the
    same shared word counts as an earlier file's (the same paper with annotations
    added, say) is listed as a copy and not counted again. Body-text pages and the
    others are listed apart; a table of the body-text pages ends the output.
    """
    seen: list[tuple[set[tuple[int, int]], str]] = []
    kinds: dict[bool, list[tuple[str, PageScore]]] = {True: [], False: []}
    table: list[tuple[str, PageScore, Prose]] = []
    for path in sorted(root.rglob("*.pdf")):
        name = str(path.relative_to(root))
        found = column_pages(path)
        if not found:
            continue
        mine = {page: ref for (file, page), ref in references.items() if file == name}
        try:
            scores = page_scores(path, sorted(found), mine)
        except Exception as error:
            print(f"{name}\terror {type(error).__name__}")
            continue
        counted = [score for score in scores if score.words >= min_words]
        if not counted:
            continue
        key = {(score.page, score.words) for score in scores}
        copy = next(
            (
                earlier
                for pairs, earlier in seen
                if len(key & pairs) >= COPY_SHARE * max(len(key), len(pairs))
            ),
            None,
        )
        listed = {
            is_body: " ".join(
                _shown(s) for s in counted if found[s.page].is_body_text is is_body
            )
            for is_body in (True, False)
        }
        fields = f"body-text {listed[True] or '-'}\tother {listed[False] or '-'}"
        if copy:
            print(f"{name}\tcopy of {copy}\t{fields}")
            continue
        seen.append((key, name))
        worst = min(score.score for score in counted)
        print(f"{name}\tworst {worst:.3f}\t{fields}")
        for score in counted:
            kinds[found[score.page].is_body_text].append((name, score))
            if found[score.page].is_body_text:
                table.append((name, score, found[score.page]))
    for is_body, label in ((True, "body-text"), (False, "other")):
        pages = kinds[is_body]
        if not pages:
            continue
        files = len({name for name, _ in pages})
        mean = sum(score.score for _, score in pages) / len(pages)
        high = sum(1 for _, score in pages if score.score >= 0.95)
        name, low = min(pages, key=lambda entry: entry[1].score)
        print(
            f"{label} pages: {files} files, {len(pages)} pages, mean {mean:.3f}, "
            f"{high} at 0.95 or more; worst {low.score:.3f}: {name} p{low.page}"
        )
        referenced = [s for _, s in pages if s.reference == s.reference]
        if not referenced:
            continue
        best = [
            s.reference if s.reference == s.reference else s.score for _, s in pages
        ]
        low_page = min(
            pages,
            key=lambda e: (
                e[1].reference if e[1].reference == e[1].reference else e[1].score
            ),
        )
        print(
            f"{label} pages against the references where there is one "
            f"({len(referenced)} pages), pdftotext elsewhere: mean "
            f"{sum(best) / len(best):.3f}, {sum(1 for b in best if b >= 0.95)} at "
            f"0.95 or more; worst {min(best):.3f}: {low_page[0]} p{low_page[1].page}"
        )
    print(
        "body-text pages: score, score without reprint's footnotes, prose; "
        "where a reference is: reprint's and pdftotext's score against it, and why"
    )
    keys = {(file, page): ref.reason for (file, page), ref in references.items()}
    for name, score, found_prose in sorted(table, key=lambda entry: entry[1].score):
        line = (
            f"  {score.score:.3f}\tnofn {score.without_notes:.3f}\tprose "
            f"{found_prose.lines} lines {found_prose.share:.2f}\t{name} p{score.page}"
        )
        if score.stale:
            line += "\treference stale: pdftotext's text of the page has changed"
        elif score.reference == score.reference:
            line += (
                f"\tref {score.reference:.3f}, pdftotext "
                f"{score.pdftotext_reference:.3f}: {keys[name, score.page]}"
            )
        print(line)


if __name__ == "__main__":
    main()
