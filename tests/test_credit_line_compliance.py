"""The credit line ``reprint credit`` prints makes a reprint compliant, in every format.

Each document is made by its real producer at test time: python-docx for DOCX,
reportlab for PDF, the HTML as a CMS would emit it.
"""

from __future__ import annotations

import io
from html import escape

import pytest
from docx import Document as WordDocument
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate

from reprint.api import check, credit_line
from reprint.model import CreditStatus, Extent, Verdict
from reprint.work import Work


def _html(work: Work, credit: str) -> bytes:
    paragraphs = "".join(f"<p>{escape(p.text)}</p>" for p in work.paragraphs)
    page = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Reprint</title>"
        f"</head><body><article>{paragraphs}</article>"
        f"<footer><p>{credit}</p></footer></body></html>"
    )
    return page.encode("utf-8")


def _docx(work: Work, credit: str) -> bytes:
    document = WordDocument()
    for paragraph in work.paragraphs:
        document.add_paragraph(paragraph.text)
    document.add_paragraph(credit)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _pdf(work: Work, credit: str) -> bytes:
    out = io.BytesIO()
    style = getSampleStyleSheet()["BodyText"]
    story = [Paragraph(escape(p.text), style) for p in work.paragraphs]
    story.append(Paragraph(escape(credit), style))
    SimpleDocTemplate(out, pagesize=A4).build(story)
    return out.getvalue()


@pytest.mark.parametrize(
    ("make", "name"),
    [(_html, "reprint.html"), (_docx, "reprint.docx"), (_pdf, "reprint.pdf")],
    ids=["html", "docx", "pdf"],
)
def test_paper_followed_by_the_credit_line_is_compliant(
    work: Work, make: object, name: str
) -> None:
    assert callable(make)
    data: bytes = make(work, credit_line())
    report = check(data, name=name)
    assert report.reprint.extent is Extent.ENTIRE
    assert {c.key: c.status for c in report.credits} == dict.fromkeys(
        ("author", "anu_ir", "macarthur"), CreditStatus.PRESENT
    )
    assert report.verdict is Verdict.COMPLIANT


def test_paper_without_the_credit_line_is_not_compliant(work: Work) -> None:
    report = check(_html(work, "Reprinted from an ANU paper."), name="bare.html")
    assert report.verdict is Verdict.NON_COMPLIANT


def test_credit_line_credits_the_parties_without_claiming_their_permission(
    work: Work,
) -> None:
    # The paper grants permission on condition of full credit; the Foundation and
    # the department gave no permission of their own for the line to claim.
    line = credit_line()
    assert "permission of" not in line.lower()
    assert "full credit to the author" in line
    assert "permission printed in the paper" in line
