"""Verdicts: from extent and credit statuses to the answer and its exit code."""

from __future__ import annotations

import pytest

from reprint.api import check_document
from reprint.model import (
    Block,
    CreditStatus,
    Document,
    Extent,
    Format,
    HiddenBlock,
    HiddenReason,
    Location,
    Problem,
    ProblemCode,
    Region,
    Verdict,
)
from reprint.work import Work

FULL_CREDIT = (
    "By Rikki Kersten. Republished with permission of the Department of "
    "International Relations (ANU) and the MacArthur Foundation."
)


def document(
    *texts: str, hidden: tuple[str, ...] = (), problems: tuple[Problem, ...] = ()
) -> Document:
    return Document(
        Format.HTML,
        tuple(Block(t, Location(paragraph=i)) for i, t in enumerate(texts, 1)),
        tuple(
            HiddenBlock(t, Location(Region.METADATA), HiddenReason.METADATA)
            for t in hidden
        ),
        problems=problems,
    )


def paper(work: Work) -> list[str]:
    return [p.text for p in work.paragraphs]


def test_reprint_with_all_credits_visible_is_compliant(work: Work) -> None:
    report = check_document(document(FULL_CREDIT, *paper(work)), work=work)
    assert report.verdict is Verdict.COMPLIANT
    assert report.verdict.exit_code == 0
    assert report.reprint.extent is Extent.ENTIRE
    assert report.credit_line is None


def test_reprint_with_a_hidden_credit_is_non_compliant_with_the_line_to_add(
    work: Work,
) -> None:
    report = check_document(
        document(
            "By Rikki Kersten, ANU's Department of International Relations",
            *paper(work),
            hidden=("MacArthur Foundation",),
        ),
        work=work,
    )
    assert report.verdict is Verdict.NON_COMPLIANT
    assert report.verdict.exit_code == 1
    statuses = {c.key: c.status for c in report.credits}
    assert statuses["macarthur"] is CreditStatus.HIDDEN
    assert report.credit_line == work.credit_line


def test_unrelated_article_is_not_a_reprint_whatever_its_credits(work: Work) -> None:
    report = check_document(document("An article about rice prices."), work=work)
    assert report.verdict is Verdict.NOT_A_REPRINT
    assert report.verdict.exit_code == 0


def test_assume_reprint_judges_credits_of_a_short_excerpt(work: Work) -> None:
    excerpt = document(paper(work)[0])
    assert check_document(excerpt, work=work).verdict is Verdict.NOT_A_REPRINT
    judged = check_document(excerpt, work=work, assume_reprint=True)
    assert judged.verdict is Verdict.NON_COMPLIANT


def test_document_without_text_is_unverifiable_not_missing_credits(work: Work) -> None:
    scanned = document(
        problems=(Problem(ProblemCode.IMAGE_ONLY_PAGES, "pages 1-3 are images"),)
    )
    report = check_document(scanned, work=work)
    assert report.verdict is Verdict.UNVERIFIABLE
    assert report.verdict.exit_code == 2
    assert {c.status for c in report.credits} == {CreditStatus.UNKNOWN}
    assert [p.code for p in report.problems] == ["image-only-pages", "no-text"]


def test_missing_credit_with_image_only_pages_is_unverifiable_not_compliant(
    work: Work,
) -> None:
    partly_scanned = document(
        *paper(work),
        problems=(Problem(ProblemCode.IMAGE_ONLY_PAGES, "page 9 is an image"),),
    )
    report = check_document(partly_scanned, work=work)
    assert report.verdict is Verdict.UNVERIFIABLE


@pytest.mark.parametrize(
    ("verdict", "code"),
    [
        (Verdict.COMPLIANT, 0),
        (Verdict.NOT_A_REPRINT, 0),
        (Verdict.NON_COMPLIANT, 1),
        (Verdict.UNVERIFIABLE, 2),
    ],
    ids=lambda v: str(v),
)
def test_exit_codes_follow_the_verdict(verdict: Verdict, code: int) -> None:
    assert verdict.exit_code == code
