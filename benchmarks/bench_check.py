"""``reprint check --format json FILE`` against the bare parser, and matching alone.

    python benchmarks/bench_check.py [--rounds N] [--only pdf,docx,html]

Checking is extracting plus matching, credit search and rendering; the goals are
the extract goals, because matching must cost little next to parsing. Two more
measurements say where check's time goes:

* an in-process breakdown per input (extract / find_reuse / check_credits /
  judge+render), medians of three runs;
* ``reprint.match.find_reuse`` alone on 300,000 words with the paper inside,
  against a bare pure-Python scan of six-word shingles over the same words (the
  issue estimated ~0.25 s for that).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from baselines import LXML_HTML, Baseline
from bench_extract import INPUTS, measure_inputs
from make_inputs import SEED, Filler, Paper
from measure import (
    INPUT_DIR,
    Row,
    Table,
    compare,
    compared_row,
    reprint_command,
)

from reprint import api
from reprint.credits import check_credits
from reprint.errors import ReprintError
from reprint.match import SHINGLE_WORDS, find_reuse
from reprint.model import Block, Location
from reprint.render.json import render_json
from reprint.report import judge
from reprint.work import Work, default_work

# The extract inputs, plus a copy whose credit is incomplete: the slow path.
CHECK_INPUTS = {**INPUTS, "html-uncredited": ("big-uncredited.html", "html")}
DEFAULT_ROUNDS = 5
MATCH_WORDS = 300_000
# The issue's estimate for shingling 300k words in pure Python.
ISSUE_ESTIMATE_S = 0.25
BREAKDOWN_RUNS = 3
MATCH_RUNS = 7


def _median_time(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def breakdown(path: Path, work: Work) -> str:
    """Where one in-process check of ``path`` spends its time, as a table line."""
    try:
        document = api.extract(path)
    except (ReprintError, ImportError) as exc:
        return f"{path.name}: cannot extract ({exc})"
    reuse = find_reuse(work, document.blocks)
    credits = check_credits(work, document)
    extract_s = _median_time(lambda: api.extract(path), BREAKDOWN_RUNS)
    match_s = _median_time(lambda: find_reuse(work, document.blocks), BREAKDOWN_RUNS)
    credits_s = _median_time(lambda: check_credits(work, document), BREAKDOWN_RUNS)

    def finish() -> str:
        report = judge(
            str(path), work, document, reuse, credits, is_known_reprint=False
        )
        return render_json([report])

    verdict = judge(str(path), work, document, reuse, credits, is_known_reprint=False)

    render_s = _median_time(finish, BREAKDOWN_RUNS)
    total = extract_s + match_s + credits_s + render_s
    words = sum(len(block.text.split()) for block in document.blocks)
    return (
        f"{path.name}: {len(document.blocks)} blocks, {words} words, verdict "
        f"{verdict.verdict.value}, coverage {reuse.coverage:.2f}; "
        f"extract {extract_s:.3f} s ({extract_s / total:.0%}), find_reuse "
        f"{match_s:.3f} s ({match_s / total:.0%}), check_credits {credits_s:.3f} s "
        f"({credits_s / total:.0%}), judge+render_json {render_s:.3f} s"
    )


# A page with one paragraph: checking it is nearly all fixed cost (interpreter,
# imports, work file, pattern compilation), whatever the page's size.
ONE_PARAGRAPH = "<!doctype html><title>A note</title><p>One short paragraph.</p>\n"


def fixed_cost_row(rounds: int) -> Row:
    """``reprint check`` of a one-paragraph page against lxml.html on big.html.

    The HTML goal is a ratio to lxml.html reading the 5 MB page; this row shows
    how much of that budget a check spends before it reads anything.
    """
    small = INPUT_DIR / "one-paragraph.html"
    small.write_text(ONE_PARAGRAPH, "utf-8")
    big = INPUT_DIR / CHECK_INPUTS["html"][0]
    lxml_html = Baseline("lxml.html", LXML_HTML, "lxml", 1.75)
    reprint = reprint_command(
        "reprint", "check", "--format", "json", str(small), ok_codes=(0,)
    )
    stats = compare([reprint, lxml_html.command(big)], rounds=rounds)
    return compared_row(
        f"{small.name} (fixed cost)",
        small,
        stats["reprint"],
        f"lxml.html on {big.name}",
        stats["lxml.html"],
        None,
    )


def _match_blocks(paper: Paper) -> list[Block]:
    rng = random.Random(SEED)
    filler = Filler(rng, paper)
    blocks: list[Block] = []
    words = 0
    while words < MATCH_WORDS:
        if len(blocks) == 1_000:
            blocks.extend(Block(text, Location()) for text in paper.paragraphs)
        text = filler.paragraph()
        blocks.append(Block(text, Location()))
        words += text.count(" ") + 1
    return blocks


def _bare_shingle_scan(blocks: Sequence[Block], shingles: set[tuple[str, ...]]) -> int:
    words: list[str] = []
    for block in blocks:
        words.extend(block.text.lower().split())
    return sum(
        tuple(words[i : i + SHINGLE_WORDS]) in shingles
        for i in range(len(words) - SHINGLE_WORDS + 1)
    )


def match_row(work: Work) -> Row:
    """find_reuse over 300k words against a bare six-word shingle scan of them."""
    paper = Paper.from_work(work)
    blocks = _match_blocks(paper)
    paper_words = " ".join(paper.paragraphs).lower().split()
    shingles = {
        tuple(paper_words[i : i + SHINGLE_WORDS])
        for i in range(len(paper_words) - SHINGLE_WORDS + 1)
    }
    find_reuse(work, blocks)  # builds and caches the work's shingle index once
    reprint_s = _median_time(lambda: find_reuse(work, blocks), MATCH_RUNS)
    bare_s = _median_time(lambda: _bare_shingle_scan(blocks, shingles), MATCH_RUNS)
    words = sum(len(block.text.split()) for block in blocks)
    finding = find_reuse(work, blocks)
    return Row(
        input=f"{words} words in {len(blocks)} blocks",
        size="-",
        reprint_s=reprint_s,
        baseline="bare shingle scan",
        baseline_s=bare_s,
        ratio=reprint_s / bare_s,
        goal=None,
        reprint_rss_mb=None,
        baseline_rss_mb=None,
        note=(
            f"find_reuse {reprint_s:.3f} s vs the issue's ~{ISSUE_ESTIMATE_S} s "
            f"estimate ({reprint_s / ISSUE_ESTIMATE_S:.2f}x); extent "
            f"{finding.extent.value}, coverage {finding.coverage:.2f}"
        ),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=DEFAULT_ROUNDS)
    parser.add_argument(
        "--only", default=",".join(CHECK_INPUTS), help=",".join(CHECK_INPUTS)
    )
    args = parser.parse_args(argv)
    inputs = [CHECK_INPUTS[name] for name in args.only.split(",")]
    table = measure_inputs(
        "check: reprint check --format json FILE vs bare parser",
        ["check", "--format", "json"],
        inputs=inputs,
        rounds=args.rounds,
        ok_codes=(0, 1),
    )
    if any(kind == "html" for _, kind in inputs):
        table.rows.append(fixed_cost_row(args.rounds))
        table.notes.append(
            "one-paragraph.html: `reprint check` of a page with one paragraph, "
            "against lxml.html reading the 5 MB page: what a check costs before "
            "it reads anything (interpreter, imports, work file, patterns)."
        )
    work = default_work()
    table.notes.append("In-process breakdown (medians of 3):")
    table.notes.extend(f"- {breakdown(INPUT_DIR / name, work)}" for name, _ in inputs)
    print(table.render())
    table.save("check")

    matching = Table("matching alone: find_reuse on 300k words (in process)")
    row = match_row(work)
    matching.rows.append(row)
    matching.notes.append(row.note)
    print()
    print(matching.render())
    matching.save("match")
    return 0


if __name__ == "__main__":
    sys.exit(main())
