"""Add the credit line to a Word document: body paragraphs after the reprint.

python-docx opens the package and writes it back with every other part as it
was. The paragraphs take the body's own paragraph style (the style most of the
document's paragraphs are written in, not the list or heading style the
reprint may end with) and the look of a body paragraph's text; never a header,
a footer or a text box.
"""

from __future__ import annotations

import copy
from collections import Counter
from io import BytesIO

from docx import Document as open_docx
from docx.oxml.ns import qn
from lxml import etree

from reprint.errors import CorruptInputError
from reprint.fix.end import ReprintEnd
from reprint.work import Work

__all__ = ["add_credit"]

_P = qn("w:p")
_T = qn("w:t")
_PPR = qn("w:pPr")
_RPR = qn("w:rPr")
_R = qn("w:r")
_STYLE = qn("w:pStyle")
_VAL = qn("w:val")
# Paragraph properties that belong to one paragraph, not to the body's look: a
# list number, a section break, a page break before, a border joining a box.
_OWN_PARAGRAPH = frozenset(
    qn(tag)
    for tag in ("w:numPr", "w:sectPr", "w:pageBreakBefore", "w:pBdr", "w:framePr")
)
# Run properties that would hide the credit or set it apart from the body's text.
_NOT_FOR_CREDIT = frozenset(
    qn(tag)
    for tag in ("w:vanish", "w:specVanish", "w:webHidden", "w:rStyle", "w:highlight")
)


def add_credit(data: bytes, end: ReprintEnd, work: Work) -> bytes:
    """The document with the credit line's paragraphs after the reprinted text.

    Raises:
        CorruptInputError: python-docx cannot open the package.
    """
    from reprint import api

    try:
        document = open_docx(BytesIO(data))
    except (KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise CorruptInputError(f"python-docx cannot open it: {exc}") from exc
    body = document.element.body
    top_level = [child for child in body if child.tag != qn("w:sectPr")]
    place = _after_reprint(top_level, end)
    model = _body_paragraph(top_level, place)
    credit = api.credit_line("text", work=work).split("\n\n")
    for line in reversed(credit):
        place.addnext(_paragraph(model, line))
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def _text(element: etree._Element) -> str:
    # w:t only: deleted text (w:delText) is not what a reader sees.
    return "".join(node.text or "" for node in element.iter(_T))


def _after_reprint(top_level: list[etree._Element], end: ReprintEnd) -> etree._Element:
    """The body element (a paragraph or table) the reprint ends in, else the last."""
    for element in reversed(top_level):
        if any(end.is_in(_text(paragraph)) for paragraph in element.iter(_P)):
            return element
    return top_level[-1]


def _style(paragraph: etree._Element) -> str:
    style = paragraph.find(f"{_PPR}/{_STYLE}")
    return "" if style is None else style.get(_VAL, "")


def _body_paragraph(
    top_level: list[etree._Element], place: etree._Element
) -> etree._Element:
    """A paragraph in the body's style, nearest before ``place``, to model on."""
    paragraphs = [
        element for element in top_level if element.tag == _P and _text(element)
    ]
    if not paragraphs:
        return etree.Element(_P)
    body_style = Counter(_style(p) for p in paragraphs).most_common(1)[0][0]
    before = top_level[: top_level.index(place) + 1]
    for element in reversed(before):
        if element.tag == _P and _text(element) and _style(element) == body_style:
            return element
    return next(p for p in paragraphs if _style(p) == body_style)


def _paragraph(model: etree._Element, text: str) -> etree._Element:
    """A paragraph of ``text`` with the model's paragraph and text properties."""
    paragraph = etree.Element(_P)
    properties = model.find(_PPR)
    if properties is not None:
        kept = copy.deepcopy(properties)
        for child in list(kept):
            if child.tag in _OWN_PARAGRAPH or child.tag == _RPR:
                kept.remove(child)
        paragraph.append(kept)
    run = etree.SubElement(paragraph, _R)
    first = next((r for r in model.iter(_R) if _text(r)), None)
    look = None if first is None else first.find(_RPR)
    if look is not None:
        kept = copy.deepcopy(look)
        for child in list(kept):
            if child.tag in _NOT_FOR_CREDIT:
                kept.remove(child)
        run.append(kept)
    node = etree.SubElement(run, _T)
    node.text = text
    node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return paragraph
