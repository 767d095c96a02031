"""Credit detection: accepted forms, hidden credits, near-misses, precedence."""

from __future__ import annotations

import pytest

from reprint.credits import check_credits
from reprint.model import (
    Block,
    CreditFinding,
    CreditStatus,
    Document,
    Format,
    HiddenBlock,
    HiddenReason,
    Location,
    Region,
)
from reprint.work import Work

PRESENT, HIDDEN = CreditStatus.PRESENT, CreditStatus.HIDDEN
MISATTRIBUTED, MISSING = CreditStatus.MISATTRIBUTED, CreditStatus.MISSING


def credits_of(
    work: Work, visible: list[str], hidden: list[str] | None = None
) -> dict[str, CreditFinding]:
    document = Document(
        Format.TEXT,
        tuple(Block(t, Location(paragraph=i)) for i, t in enumerate(visible, 1)),
        tuple(
            HiddenBlock(t, Location(Region.METADATA), HiddenReason.DISPLAY_NONE)
            for t in hidden or []
        ),
    )
    return {finding.key: finding for finding in check_credits(work, document)}


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("author", "By Rikki Kersten"),
        ("author", "PROFESSOR RIKKI KERSTEN, ANU"),
        ("author", "Kersten, Rikki (2011) “Japan, the US Alliance and Asia”"),
        ("author", "Rikki\nKersten"),
        ("anu_ir", "the Department of International Relations (ANU)"),
        (
            "anu_ir",
            "Department of International Relations, The Australian National University",
        ),
        ("anu_ir", "ANU's Department of International Relations"),
        (
            "anu_ir",
            "The Australian National University’s Department of "
            "International Relations",
        ),
        ("anu_ir", "Department of Inter-\nnational Relations at the ANU"),
        ("anu_ir", "Dept. of International Relations, ANU"),
        ("macarthur", "with support from the MacArthur Foundation"),
        ("macarthur", "the John D. and Catherine T. MacArthur Foundation"),
        ("macarthur", "Sources: MacArthur Fdn.; ANU"),
        # A note marker after a byline: "Kersten<sup>1</sup>" reads "Kersten1".
        ("author", "By Rikki Kersten1"),
        ("author", "By Rikki Kersten¹"),
        ("macarthur", "MACARTHUR\nFOUNDATION"),
        # A PDF line break inside the name keeps the hyphen before a capital.
        ("macarthur", "the Mac-\nArthur Foundation"),
    ],
    ids=lambda value: value if len(value) < 12 else value[:40],
)
def test_accepted_form_in_visible_text_is_present(
    work: Work, key: str, text: str
) -> None:
    finding = credits_of(work, ["Some article text.", text])[key]
    assert finding.status is PRESENT
    assert finding.location == Location(paragraph=2)
    assert finding.evidence is not None


def test_evidence_quotes_the_document_with_its_case(work: Work) -> None:
    finding = credits_of(work, ["Republished by kind permission of Rikki Kersten."])[
        "author"
    ]
    assert "Rikki Kersten" in (finding.evidence or "")


def test_credit_split_over_two_lines_of_an_address_block_is_present(
    work: Work,
) -> None:
    lines = [
        "Department of International Relations",
        "The Australian National University",
    ]
    assert credits_of(work, lines)["anu_ir"].status is PRESENT


def test_credit_only_in_hidden_text_is_hidden_with_the_reason(work: Work) -> None:
    found = credits_of(work, ["An article."], ["Credit: the MacArthur Foundation"])
    finding = found["macarthur"]
    assert finding.status is HIDDEN
    assert finding.why == "only in text no reader sees (display-none)"
    assert finding.location is not None
    assert finding.location.region is Region.METADATA


def test_visible_credit_wins_over_hidden_copy(work: Work) -> None:
    found = credits_of(work, ["Rikki Kersten"], ["Rikki Kersten"])
    assert found["author"].status is PRESENT


@pytest.mark.parametrize(
    ("key", "text", "why"),
    [
        (
            "anu_ir",
            "Department of Political and Social Change, ANU",
            "another department of the ANU",
        ),
        (
            "anu_ir",
            "Rikki Kersten, Department of Political and Social Change, College of "
            "Asia & the Pacific, The Australian National University",
            "another department of the ANU",
        ),
        (
            "anu_ir",
            "the Department of International Relations, London School of Economics",
            "the Department of International Relations of another institution",
        ),
        (
            "anu_ir",
            "ANU College of Asia & the Pacific",
            "the ANU school or college, not the Department of International Relations",
        ),
        (
            # "anu" inside "January" is not the university.
            "anu_ir",
            "Department of International Relations, LSE, January 2012",
            "the Department of International Relations without its university",
        ),
        ("macarthur", "with support from the Ford Foundation", "another foundation"),
        (
            "macarthur",
            "with support from the General Douglas MacArthur Foundation",
            "General Douglas MacArthur, not the MacArthur Foundation",
        ),
        (
            "macarthur",
            "in the spirit of General Douglas MacArthur",
            "General Douglas MacArthur, not the MacArthur Foundation",
        ),
        (
            "macarthur",
            "the McArthur Foundation",
            "a misspelling of the MacArthur Foundation",
        ),
        ("author", "By Rikki Kirsten", "a misspelling of the author's name"),
        ("author", "By Riki Kersten", "a misspelling of the author's name"),
    ],
    ids=[
        "pasc",
        "bio-only",
        "other-university",
        "anu-college",
        "january",
        "ford",
        "douglas-macarthur-foundation",
        "general",
        "mcarthur",
        "kirsten",
        "riki",
    ],
)
def test_near_miss_is_misattributed_with_why(
    work: Work, key: str, text: str, why: str
) -> None:
    finding = credits_of(work, ["An article.", text])[key]
    assert finding.status is MISATTRIBUTED
    assert finding.why == why


def test_misspelling_outside_the_patterns_is_caught_by_edit_distance(
    work: Work,
) -> None:
    finding = credits_of(work, ["By Rikki Kerstne."])["author"]
    assert finding.status is MISATTRIBUTED
    assert finding.why == "a misspelling of 'rikki kersten'"


def test_no_credit_at_all_is_missing(work: Work) -> None:
    found = credits_of(work, ["An unrelated article about trade."])
    assert {key: f.status for key, f in found.items()} == {
        "author": MISSING,
        "anu_ir": MISSING,
        "macarthur": MISSING,
    }
    assert all(f.evidence is None for f in found.values())


def test_hidden_accepted_form_wins_over_visible_near_miss(work: Work) -> None:
    found = credits_of(work, ["General Douglas MacArthur"], ["MacArthur Foundation"])
    assert found["macarthur"].status is HIDDEN


def test_sentence_end_breaks_a_department_and_university_pair(work: Work) -> None:
    text = "The department of international relations. ANU."
    assert credits_of(work, [text])["anu_ir"].status is MISATTRIBUTED


def test_short_credit_block_is_quoted_whole_as_printed(work: Work) -> None:
    line = "Reprinted with thanks to the MacArthur Foundation’s “Asia” programme."
    finding = credits_of(work, ["A long article.", line])["macarthur"]
    assert finding.evidence == line


def test_credit_in_a_long_paragraph_is_quoted_in_context(work: Work) -> None:
    filler = "The alliance was discussed at length in Tokyo. " * 10
    finding = credits_of(
        work, [f"{filler}Thanks to the MacArthur Foundation. {filler}"]
    )["macarthur"]
    evidence = finding.evidence or ""
    assert evidence.startswith("…")
    assert evidence.endswith("…")
    assert "MacArthur Foundation" in evidence
    assert len(evidence) < 140


@pytest.mark.parametrize(
    "visible",
    [
        ["Kersten Rikki wrote it; by Rikki Kerstne."],  # the misspelling ends the text
        ["Rikki Kerstne, Canberra."],  # ... or starts it
        ["Ünïcode byline —", "by Rikki Kerstne in Tōkyō"],  # a non-ASCII block
        ["One.", "Two.", "Thanks to Rikki", "Kerstne."],  # over two blocks
    ],
    ids=["end", "start", "non-ascii", "two-blocks"],
)
def test_misspelling_is_found_wherever_it_sits(work: Work, visible: list[str]) -> None:
    finding = credits_of(work, visible)["author"]
    assert finding.status is MISATTRIBUTED
    assert "Kerstne" in (finding.evidence or "")


def test_misspelling_search_reports_the_first_in_document_order(work: Work) -> None:
    filler = "The alliance was discussed at length in Tokyo. " * 5
    finding = credits_of(
        work, [f"{filler}By Rikki Kerstne. {filler}", "Also Rikki Kersteen."]
    )["author"]
    assert finding.location == Location(paragraph=1)
    assert "Kerstne" in (finding.evidence or "")


def test_misspelling_of_a_name_with_dotted_words_is_one_word(work: Work) -> None:
    # "mac.arthur" is one word of a credit line, one edit from "macarthur".
    finding = credits_of(work, ["Support: the Mac.Arthur Foundation."])["macarthur"]
    assert finding.status is MISATTRIBUTED
    assert finding.why == "a misspelling of 'macarthur foundation'"


def test_a_name_inside_a_longer_word_is_not_a_misspelling(work: Work) -> None:
    found = credits_of(work, ["The Kerstenian rikkiness of it all."])
    assert found["author"].status is MISSING


def test_digits_after_letters_in_a_script_are_not_note_markers(work: Work) -> None:
    document = Document(
        Format.HTML,
        (Block("An article.", Location(paragraph=1)),),
        (
            HiddenBlock(
                '{"id":"Rikki Kersten2x"}',
                Location(Region.METADATA),
                HiddenReason.SCRIPT,
            ),
            HiddenBlock(
                "By Rikki Kersten1", Location(Region.BODY), HiddenReason.VANISH
            ),
        ),
    )
    finding = {f.key: f for f in check_credits(work, document)}["author"]
    assert finding.status is HIDDEN
    assert finding.location == Location(Region.BODY)


def test_without_readable_text_every_credit_is_unknown(work: Work) -> None:
    # Credits in hidden text only, nothing visible: none may be called hidden or
    # missing, since what a reader sees could not be read at all.
    found = credits_of(
        work,
        ["  "],
        hidden=[
            "By Rikki Kersten, Department of International Relations (ANU), "
            "with support from the MacArthur Foundation"
        ],
    )
    assert {key: f.status for key, f in found.items()} == {
        rule.key: CreditStatus.UNKNOWN for rule in work.credits
    }
    assert {f.why for f in found.values()} == {"no readable text"}
