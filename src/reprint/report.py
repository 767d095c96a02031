"""Judging: from what was found in a document to its verdict. Pure."""

from __future__ import annotations

from reprint.credits import unknown_credits
from reprint.model import (
    CreditFinding,
    CreditStatus,
    Document,
    Extent,
    Problem,
    ProblemCode,
    Report,
    ReuseFinding,
    Verdict,
)
from reprint.work import Work

NO_REUSE = ReuseFinding(Extent.NONE, 0.0, ())


def _verdict(
    document: Document,
    reuse: ReuseFinding,
    credits: tuple[CreditFinding, ...],
    is_known_reprint: bool,
) -> tuple[Verdict, tuple[Problem, ...]]:
    if not document.has_text:
        return Verdict.UNVERIFIABLE, ()
    if reuse.extent is Extent.NONE and not is_known_reprint:
        return Verdict.NOT_A_REPRINT, ()
    codes = {problem.code for problem in document.problems}
    if ProblemCode.STYLE_OVER_LIMIT in codes:
        return Verdict.UNVERIFIABLE, ()  # the problem says which sheet and why
    if all(c.status is CreditStatus.PRESENT for c in credits):
        if ProblemCode.UNCONFIRMED_PAINT in codes:
            return Verdict.UNVERIFIABLE, ()  # the problem says what and where
        return Verdict.COMPLIANT, ()
    if ProblemCode.IMAGE_ONLY_PAGES in codes:
        # A credit could be printed on a page that is only an image: we cannot say it
        # is missing, and must not say the copy is compliant either.
        note = Problem(
            ProblemCode.NO_TEXT,
            "a credit was not found in the text, but some pages are images without "
            "text and may carry it; check those pages by eye or add an OCR layer",
        )
        return Verdict.UNVERIFIABLE, (note,)
    if ProblemCode.IMAGES_NOT_READ in codes:
        # The images were not read (no OCR here, or over its limits): a credit set
        # as a logo or banner would be among them.
        note = Problem(
            ProblemCode.NO_TEXT,
            "a credit was not found in the text, but the document has images that "
            "were not read and may carry it; check them by eye or install the ocr "
            "extra (pip install 'reprint[ocr]', Debian's tesseract-ocr)",
        )
        return Verdict.UNVERIFIABLE, (note,)
    if any(c.status is CreditStatus.UNKNOWN for c in credits):
        # Only OCR read it, unsure: neither present nor missing.
        note = Problem(
            ProblemCode.LOW_CONFIDENCE_OCR,
            "a credit is only in text OCR read with low confidence; check the "
            "image by eye",
        )
        return Verdict.UNVERIFIABLE, (note,)
    if ProblemCode.UNEVALUATED_STYLE in codes and any(
        c.status is CreditStatus.HIDDEN for c in credits
    ):
        # The credit is in the page but hidden, perhaps by a rule reprint could not
        # evaluate and applied to stay safe: a browser may show it.
        note = Problem(
            ProblemCode.UNEVALUATED_STYLE,
            "a credit is hidden, possibly by a style rule reprint could not "
            "evaluate; check the page in a browser (the browser mode, --render)",
        )
        return Verdict.UNVERIFIABLE, (note,)
    return Verdict.NON_COMPLIANT, ()


def judge(
    file: str,
    work: Work,
    document: Document,
    reuse: ReuseFinding,
    credits: tuple[CreditFinding, ...],
    *,
    is_known_reprint: bool = False,
) -> Report:
    """The report for one document; ``is_known_reprint`` skips the extent test.

    ``credits`` are as ``check_credits`` found them (all unknown without text).
    """
    verdict, notes = _verdict(document, reuse, credits, is_known_reprint)
    problems = document.problems + notes
    if not document.has_text and not any(
        p.code == ProblemCode.NO_TEXT for p in problems
    ):
        no_text = Problem(ProblemCode.NO_TEXT, "the document has no readable text")
        problems += (no_text,)
    return Report(
        file=file,
        format=document.format,
        verdict=verdict,
        reprint=reuse,
        credits=credits,
        problems=problems,
        publication=document.publication,
        credit_line=work.credit_line if verdict is Verdict.NON_COMPLIANT else None,
        engine=document.engine,
    )


def unreadable(
    file: str, work: Work, problem: Problem, engine: str = "static"
) -> Report:
    """The report for a file that could not be read: unverifiable, with the cause."""
    return Report(
        file=file,
        format=None,
        verdict=Verdict.UNVERIFIABLE,
        reprint=NO_REUSE,
        credits=unknown_credits(work),
        problems=(problem,),
        engine=engine,
    )
