"""Columns found from the page's whitespace: the paper's excerpt in 1-5 columns
with 6-14 pt gutters, justified and ragged, and with a table inside a column
(fixtures/make_columns.py, fixtures/pdf/columns/)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from reprint.formats.options import ExtractOptions
from reprint.formats.pdf.layout import (
    Line,
    drop_line_numbers,
    order_columns,
    split_margins,
)
from reprint.formats.pdf.reader import extract
from reprint.model import Report, Verdict
from reprint.pipeline import check

COLUMNS = Path(__file__).resolve().parents[3] / "fixtures" / "pdf" / "columns"
LAYOUTS = sorted(path.name for path in COLUMNS.glob("*.pdf") if "1col" not in path.name)


@cache
def judged(name: str) -> Report:
    return check(COLUMNS / name)


def test_every_column_layout_is_made() -> None:
    # 4 column counts x 3 gutters x justified/ragged, two with a table, one whose
    # rows are each one text object across the gutter, one with large bullets, one
    # with footnotes under its columns, one opening under a table set across both.
    assert len(LAYOUTS) == 30


@pytest.mark.parametrize("name", LAYOUTS)
def test_column_layout_is_judged_as_its_one_column_copy(name: str) -> None:
    one_column = judged("part-1col-g0-justified.pdf")
    report = judged(name)
    assert one_column.verdict is Verdict.NON_COMPLIANT
    assert report.verdict is one_column.verdict
    # The excerpt is read in order: one passage, as long as the one column's.
    assert len(report.reprint.passages) == 1
    assert report.reprint.passages[0].words == one_column.reprint.passages[0].words


def test_table_inside_a_column_is_read_within_its_column() -> None:
    # The timetable's cells come together, not interleaved with the lines of the
    # columns beside it (read across, some 10 words of a column come between rows).
    cells = ["Ferry", "Departs", "Arrives", "F1", "Manly", "7:10", "7:42"]
    data = (COLUMNS / "part-3col-g6-table.pdf").read_bytes()
    words = extract(data, ExtractOptions()).text.split()
    first = words.index("Departs")
    window = words[first - 8 : first + 14]
    assert all(cell in window for cell in cells)


def test_a_row_set_as_one_text_object_across_the_gutter_is_cut_there() -> None:
    # Each row of the two columns is one TJ moved across the 14 pt gutter (as
    # i1040nr.pdf is set): PDFium reads it as one line of one object. Read whole,
    # every line of the left column ran on into the right column's line.
    data = (COLUMNS / "part-2col-g14-one-object-rows.pdf").read_bytes()
    text = " ".join(extract(data, ExtractOptions()).text.split())
    assert (
        "JAPAN'S security policy has undergone remarkable change since 9/11, "
        "involving the breaking of precedents, the consolidation of a normative "
        "commitment to proactive pacifism, and a questioning of"
    ) in text
    assert "changes to the harbour precinct, including new cycle paths" in text


def test_a_gutter_narrower_than_a_large_bullet_beside_it_still_parts_columns() -> None:
    # 12 pt between the columns of 9 pt text, and 18 pt bullets opening lines of
    # the right column (i1040nr.pdf's are 1.7 times its text's height): measured
    # by the bullet's height, the gutter was a word gap, and the rows were read
    # across.
    data = (COLUMNS / "part-2col-g12-bullets.pdf").read_bytes()
    text = " ".join(extract(data, ExtractOptions()).text.split())
    assert (
        "Japan experienced a succession of short-term conservative prime ministers "
        "following the departure of Junichiro Koizumi in 2006. The historic "
        "election of 2009 then saw the defeat"
    ) in text


def test_footnotes_under_columns_are_read_whole_where_they_stand() -> None:
    # Notes under the first two of three columns begin above the third column's
    # foot (as in the Federal Register): their last lines alone were cut off as
    # the page's footnotes, and their first lines ran into the next column's text.
    data = (COLUMNS / "part-3col-g14-column-notes.pdf").read_bytes()
    blocks = extract(data, ExtractOptions()).blocks
    texts = [block.text for block in blocks]
    assert (
        "1 The council's minutes of the meeting record the motion, the vote and the "
        "names of every member who spoke for or against the harbour precinct plan."
    ) in texts
    # Each column's note stays under its column: none is moved to the page's foot.
    assert [b for b in blocks if b.location.region.value == "footnote"] == []
    second = next(text for text in texts if text.startswith("2 The ferry timetable"))
    assert second.endswith("read out at the council's first meeting of the quarter.")


def test_columns_opening_under_a_table_set_across_them_are_read_down() -> None:
    # The timetable's note runs past the gutter and the right column is ragged:
    # the strip right of the note and of the first rows chained them, across the
    # blank, into one group without a gutter, and its rows were read across.
    data = (COLUMNS / "part-2col-g14-table-across.pdf").read_bytes()
    text = " ".join(extract(data, ExtractOptions()).text.split())
    assert (
        "on weekends and public holidays every ferry leaves ten minutes later. "
        "JAPAN'S security policy has undergone remarkable change since 9/11, "
        "involving the breaking of precedents, the consolidation of a normative "
        "commitment to proactive pacifism"
    ) in text


def _line(text: str, x0: float, top: float, width: float) -> Line:
    return Line(text, x0, top, x0 + width, top + 10.0, 10.0)


def test_narrow_gutter_running_down_the_region_splits_columns() -> None:
    # Two columns 6 pt apart (0.6 line heights), four lines deep.
    lines = [
        line
        for row in range(4)
        for line in (
            _line(f"left {row}", 0, 12.0 * row, 100),
            _line(f"right {row}", 106, 12.0 * row, 100),
        )
    ]
    assert [[line.text for line in column] for column in order_columns(lines)] == [
        ["left 0", "left 1", "left 2", "left 3"],
        ["right 0", "right 1", "right 2", "right 3"],
    ]


def test_narrow_gap_on_two_lines_only_is_not_a_gutter() -> None:
    # A chance 6 pt gap shared by two rows: read across, as a table row is.
    lines = [
        _line("a", 0, 0, 100),
        _line("b", 106, 0, 100),
        _line("c", 0, 12, 100),
        _line("d", 106, 12, 100),
    ]
    assert [line.text for column in order_columns(lines) for line in column] == [
        "a",
        "b",
        "c",
        "d",
    ]


def test_margin_shared_with_an_indented_figure_does_not_hide_the_gutter() -> None:
    # An indented figure, then two columns whose left one opens with indented table
    # rows (as on page 7 of pdfminer.six's naacl06-shinyama.pdf): the strip left of
    # both is no gutter, and chaining the bands on it read the rows across.
    lines = [_line("figure", 40, 0, 110)]
    for row in range(6):
        indent = 20 if row < 4 else 0
        lines.append(_line(f"left {row}", indent, 20 + 12.0 * row, 100 - indent))
        lines.append(_line(f"right {row}", 120, 20 + 12.0 * row, 100))
    order = [line.text for column in order_columns(lines) for line in column]
    assert order == [
        "figure",
        *(f"left {row}" for row in range(6)),
        *(f"right {row}" for row in range(6)),
    ]


@pytest.mark.parametrize(
    "name",
    ["part-1col-line-numbers.pdf", "part-1col-line-numbers-wide.pdf"],
    ids=["numbers-joined-to-lines", "numbers-in-their-own-column"],
)
def test_a_line_numbered_margin_is_not_read_into_the_text(name: str) -> None:
    data = (COLUMNS / name).read_bytes()
    words = extract(data, ExtractOptions()).text.split()
    # Every line is numbered (1 to 40-odd a page); the text's own numbers are years.
    assert [word for word in words if word.isdigit() and int(word) < 1000] == []
    one_column = judged("part-1col-g0-justified.pdf")
    report = judged(name)
    assert report.verdict is Verdict.NON_COMPLIANT
    assert report.reprint.passages[0].words == one_column.reprint.passages[0].words
    # The excerpt is one passage whose text runs on without a number in it.
    assert "Japan's postwar security policy framework. These transformations" in (
        " ".join(words)
    )


def test_numbers_that_do_not_count_lines_are_kept() -> None:
    lines = [
        # A list of four: too short a run to be a numbered margin.
        *(_line(f"{n} item", 0, 12.0 * n, 100) for n in range(1, 5)),
        # Numbers out of step (a table of years, prices): kept.
        *(
            _line(f"{n} row", 0, 60 + 12.0 * i, 100)
            for i, n in enumerate((3, 9, 4, 12, 7, 8))
        ),
    ]
    assert [line.text for line in drop_line_numbers(lines)] == [
        line.text for line in lines
    ]


def test_a_run_of_numbered_lines_loses_its_numbers_and_the_bare_numbers() -> None:
    lines = [
        _line("Draft notice", 20, 0.0, 100),  # a running head: no number, no break
        *(_line(f"{n} text {n}", 0, 12.0 * n, 100) for n in range(1, 4)),
        *(_line(f"{n}", 2, 12.0 * n, 8) for n in range(4, 7)),
    ]
    assert [line.text for line in drop_line_numbers(lines)] == [
        "Draft notice",
        "text 1",
        "text 2",
        "text 3",
    ]


def test_column_tops_set_alike_on_two_pages_are_text_not_a_running_head() -> None:
    # Two 800 pt pages whose columns begin with the same lines (a repeated notice):
    # they run on into the text below them, a line apart. The running head is set
    # two line heights above the text, on both pages.
    def page() -> list[Line]:
        head = _line("Harbour precinct notice", 0, 20.0, 200)
        columns = [
            _line(
                f"line {row} of column {column}", 120.0 * column, 40.0 + 12.0 * row, 100
            )
            for column in range(3)
            for row in range(60)
        ]
        return [head, *columns]

    split = split_margins([(800.0, page()), (800.0, page())])
    for header, body, _ in split:
        assert [line.text for line in header] == ["Harbour precinct notice"]
        assert len(body) == 180


def test_a_paragraph_end_in_the_top_margin_is_text_not_a_running_head() -> None:
    # As on page 16 of i1040nr.pdf: a paragraph run on from the page
    # before ends, in the top margin, with a reference whose text (digits aside)
    # ends such a paragraph on another page too, a blank line above the next
    # paragraph. Text just over it makes it text; it was read as a running head.
    def page(first: str, second: str, last: str) -> list[Line]:
        return [
            _line(first, 0, 40.0, 200),
            _line(second, 0, 52.0, 200),
            _line(last, 0, 64.0, 60),
            *(_line(f"line {row}", 0, 100.0 + 12.0 * row, 200) for row in range(50)),
        ]

    pages = [
        page(
            "may be able to take this deduction. See",
            "Pub. 560 or, if you",
            "Pub. 517.",
        ),
        page(
            "the credit is figured on Form 8880.", "For more details, see", "Pub. 590."
        ),
    ]
    for header, body, _ in split_margins([(800.0, lines) for lines in pages]):
        assert header == []
        assert len(body) == 53


@pytest.mark.parametrize(
    "name", ["part-5col-g9-justified.pdf", "part-3col-g6-table.pdf"]
)
def test_no_column_layout_reads_its_first_lines_as_a_running_head(name: str) -> None:
    document = extract((COLUMNS / name).read_bytes(), ExtractOptions())
    assert [block.location.region.value for block in document.blocks[:1]] == ["body"]
    assert not [b for b in document.blocks if b.location.region.value == "header"]
