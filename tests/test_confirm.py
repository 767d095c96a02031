"""The pipeline asks a document's confirmer about the decisive text only, and the
render wins over the reader's rules (reprint.confirm)."""

from __future__ import annotations

from dataclasses import replace

from conftest import FIXTURES, ScriptedConfirmer

from reprint.model import (
    CreditStatus,
    Document,
    Extent,
    HiddenReason,
    ProblemCode,
    Verdict,
)
from reprint.pipeline import check_document, extract

SAMPLE = FIXTURES / "sample" / "reprint.html"


def _with(confirmer: ScriptedConfirmer) -> Document:
    return replace(extract(SAMPLE), confirmer=confirmer)


def test_a_compliant_copy_asks_about_its_credits_and_a_sample_of_its_passage() -> None:
    confirmer = ScriptedConfirmer()
    report = check_document(_with(confirmer), file="sample")
    assert report.verdict is Verdict.COMPLIANT
    asked = [span.text for span in confirmer.asked]
    # One span per credit (the author's name, the Department's and the
    # Foundation's forms) and the first words of the passage's first, middle and
    # last blocks: not the thirty-odd blocks of the whole copy.
    assert asked[:3] == [
        "Rikki Kersten",
        "Department of International Relations, The Australian National University",
        "MacArthur Foundation",
    ]
    assert len(asked) == 6
    assert asked[3].startswith("Japan's security policy has undergone")


def test_a_credit_the_renderer_does_not_paint_is_hidden_so_not_compliant() -> None:
    confirmer = ScriptedConfirmer(unpainted=("MacArthur",))
    report = check_document(_with(confirmer), file="sample")
    macarthur = next(c for c in report.credits if c.key == "macarthur")
    assert macarthur.status is CreditStatus.HIDDEN
    assert macarthur.why == "only in text no reader sees (not-painted)"
    assert report.verdict is Verdict.NON_COMPLIANT
    # The rest of the paragraph it was in is still read, and still credits the
    # Department.
    department = next(c for c in report.credits if c.key == "anu_ir")
    assert department.status is CreditStatus.PRESENT


def test_text_the_renderer_cannot_find_is_never_called_compliant() -> None:
    confirmer = ScriptedConfirmer(unfound=("Rikki Kersten",))
    report = check_document(_with(confirmer), file="sample")
    assert report.verdict is Verdict.UNVERIFIABLE
    codes = [problem.code for problem in report.problems]
    assert codes == [ProblemCode.UNCONFIRMED_PAINT]
    assert "“Rikki Kersten” was not found on page 1" in report.problems[0].message


def test_a_passage_the_renderer_does_not_paint_is_no_reprint() -> None:
    # Every block's first words unpainted: the whole copy is text no reader sees.
    confirmer = ScriptedConfirmer(unpainted=("",))
    document = _with(confirmer)
    report = check_document(document, file="sample")
    assert report.reprint.extent is Extent.NONE
    assert report.verdict is Verdict.NOT_A_REPRINT
    # After the first sample failed, every block of the passage was asked about.
    assert len(confirmer.asked) > len(document.blocks) // 2


def test_a_passage_block_not_painted_is_moved_whole_to_the_hidden_text() -> None:
    confirmer = ScriptedConfirmer(unpainted=("Japan's security policy has undergone",))
    document = _with(confirmer)
    report = check_document(document, file="sample")
    # One paragraph of 25 hidden: the copy is still an entire reprint.
    assert report.reprint.extent is Extent.ENTIRE
    assert report.reprint.coverage < 1.0
    assert report.verdict is Verdict.COMPLIANT


def test_a_document_without_a_confirmer_is_judged_by_its_reader_alone() -> None:
    document = extract(SAMPLE)
    assert document.confirmer is None
    assert check_document(document, file="sample").verdict is Verdict.COMPLIANT
    assert HiddenReason.NOT_PAINTED.value == "not-painted"
