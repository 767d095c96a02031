"""Each editor of ``reprint.fix``: where the credit goes, and what stays as it was."""

from __future__ import annotations

from html import escape
from io import BytesIO
from pathlib import Path

import pytest
from posts import post_html, post_markdown
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from reprint import api, fix
from reprint.fix import FixOutcome
from reprint.work import Work

EVAL = Path(__file__).resolve().parents[2] / "fixtures" / "eval"
UNRELATED_END = "The council met on Tuesday; it will meet again in June."


def _credit_lines(work: Work) -> list[str]:
    return api.credit_line("text", work=work).split("\n\n")


def test_plain_text_gets_the_credit_after_the_reprint_and_keeps_what_follows(
    work: Work,
) -> None:
    paragraphs = [paragraph.text for paragraph in work.paragraphs]
    text = "\n\n".join([*paragraphs, UNRELATED_END]) + "\n"
    result = fix(text.encode("utf-8"), name="post.txt", work=work)
    assert result.outcome is FixOutcome.FIXED
    credit = "\n\n".join(_credit_lines(work))
    expected = "\n\n".join([*paragraphs, credit, UNRELATED_END]) + "\n"
    assert result.data.decode("utf-8") == expected


def test_markdown_with_crlf_keeps_its_newlines_and_front_matter(work: Work) -> None:
    post = post_markdown(work, is_credited=False).replace("\n", "\r\n")
    result = fix(post.encode("utf-8"), name="post.md", work=work)
    assert result.outcome is FixOutcome.FIXED
    fixed = result.data.decode("utf-8")
    assert fixed.startswith(post.rstrip("\r\n"))
    assert "\n" not in fixed.replace("\r\n", "")
    assert fixed.endswith(
        api.credit_line("markdown", work=work).replace("\n", "\r\n") + "\r\n"
    )


def test_html_in_windows_1252_stays_windows_1252(work: Work) -> None:
    page = post_html(work, is_credited=False).replace(
        "<meta charset='utf-8'>", "<meta charset='windows-1252'>"
    )
    data = page.encode("cp1252")
    result = fix(data, name="post.html", work=work)
    assert result.outcome is FixOutcome.FIXED
    fixed = result.data.decode("cp1252")
    # The en dash and curly quotes of the credit are windows-1252 bytes, not
    # character references: the page's own encoding holds them.
    assert "ANU–MASI" in fixed
    assert "“Japan" in fixed
    before, _, after = fixed.partition('<p class="reprint-credit">')
    assert before == page[: len(before)]
    assert after.endswith("</article></body></html>\n")


def test_html_credit_goes_inside_the_content_after_the_whole_list() -> None:
    source = EVAL / "html" / "wp-missing-all.html"
    result = fix(source)
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(result.data, "html.parser")
    credits = soup.find_all("p", class_="reprint-credit")
    assert len(credits) == 2
    assert credits[0].parent is not None
    assert "entry-content" in credits[0].parent.get_attribute_list("class")
    previous = credits[0].find_previous_sibling()
    assert previous is not None
    assert previous.name == "ol"


def test_docx_credit_is_a_body_paragraph_in_the_body_style(tmp_path: Path) -> None:
    import docx

    result = fix(EVAL / "docx" / "python-docx-missing-all.docx")
    assert result.outcome is FixOutcome.FIXED
    document = docx.Document(BytesIO(result.data))
    texts = [paragraph.text for paragraph in document.paragraphs]
    credit = _credit_lines(api.load_work())
    at = texts.index(credit[0])
    assert texts[at + 1] == credit[1]
    # After the last list item, yet in the style of the body's paragraphs.
    styles = [paragraph.style for paragraph in document.paragraphs]
    names = [None if style is None else style.name for style in styles]
    assert names[at - 1 : at + 2] == ["List Number", "Normal", "Normal"]
    for section in document.sections:
        assert credit[0] not in section.header.paragraphs[0].text


def _embedded_fonts(reader: PdfReader, page: int) -> list[str]:
    """The base names of the fonts a page uses whose TrueType file is embedded."""
    resources = reader.pages[page]["/Resources"].get_object()
    assert isinstance(resources, DictionaryObject)
    fonts = resources["/Font"].get_object()
    assert isinstance(fonts, DictionaryObject)
    names = []
    for reference in fonts.values():
        font = reference.get_object()
        assert isinstance(font, DictionaryObject)
        descriptor = font.get("/FontDescriptor")
        if descriptor is not None and "/FontFile2" in descriptor.get_object():
            names.append(str(font["/BaseFont"]))
    return names


def test_pdf_stamp_is_on_the_last_reprinted_page_in_an_embedded_font() -> None:
    source = EVAL / "pdf" / "reportlab-missing-macarthur.pdf"
    result = fix(source)
    assert result.outcome is FixOutcome.FIXED
    reader = PdfReader(BytesIO(result.data))
    assert len(reader.pages) == len(PdfReader(source).pages) == 1
    assert any("Vera" in name for name in _embedded_fonts(reader, 0))
    text = reader.pages[0].extract_text()
    assert "ANU–MASI Policy Background Paper No. 1" in text
    assert "“Japan, the US Alliance and Asia”" in text


def test_pdf_with_no_free_band_gets_a_final_page(tmp_path: Path, work: Work) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    path = tmp_path / "full.pdf"
    style = getSampleStyleSheet()["BodyText"]
    # Margins of 12 pt leave no band the stamp may use (24 pt from every edge).
    template = SimpleDocTemplate(str(path), pagesize=A4, topMargin=12, bottomMargin=12)
    # Unrelated text after the reprint fills the page it ends on, and more.
    filler = [Paragraph(UNRELATED_END, style) for _ in range(80)]
    template.build([*(Paragraph(p.text, style) for p in work.paragraphs), *filler])
    pages = len(PdfReader(path).pages)
    result = fix(path, work=work)
    assert result.outcome is FixOutcome.FIXED, result.reason
    reader = PdfReader(BytesIO(result.data))
    assert len(reader.pages) == pages + 1
    last = reader.pages[-1].extract_text()
    assert last.startswith(_credit_lines(work)[0][:60])
    assert any("Vera" in name for name in _embedded_fonts(reader, pages))


@pytest.mark.parametrize(
    "name",
    ["html/wp-entire-byline-note.html", "md/pandoc-entire.md"],
    ids=["html", "markdown"],
)
def test_compliant_copy_comes_back_byte_for_byte(name: str) -> None:
    source = EVAL / name
    result = fix(source)
    assert result.outcome is FixOutcome.ALREADY_COMPLIANT
    assert not result.is_changed
    assert result.data == source.read_bytes()
    assert result.exit_code == 0


def test_html_credit_follows_the_reprint_in_the_article_not_a_later_copy(
    work: Work,
) -> None:
    last = work.paragraphs[-1].text
    page = post_html(work, is_credited=False).replace(
        "</article>",
        f'</article><aside class="related"><p>{last}</p></aside>'
        f'<script type="application/ld+json">{{"articleBody": "{last}"}}</script>',
    )
    result = fix(page.encode("utf-8"), name="post.html", work=work)
    assert result.outcome is FixOutcome.FIXED
    fixed = result.data.decode("utf-8")
    at = fixed.index('<p class="reprint-credit">')
    assert fixed[:at] == page[:at]
    assert fixed[:at].endswith(f"<p>{last}</p>\n")
    assert fixed.index("</article>") > at


def test_the_function_stays_reprint_fix_when_its_modules_are_imported() -> None:
    import reprint
    import reprint.fix.html
    import reprint.fix.pdf
    from reprint.fix.repair import fix as repair_fix

    assert reprint.fix is repair_fix
    assert reprint.fix.__module__ == "reprint.fix.repair"


def test_encrypted_pdf_is_not_rewritten(tmp_path: Path) -> None:
    from pypdf import PdfWriter
    from pypdf.constants import UserAccessPermissions

    from reprint.errors import EncryptedInputError

    writer = PdfWriter(clone_from=EVAL / "pdf" / "reportlab-missing-macarthur.pdf")
    # Anyone may open it; only the owner may lift its restrictions.
    writer.encrypt(
        user_password="",
        owner_password="owner",
        permissions_flag=UserAccessPermissions.PRINT,
    )
    path = tmp_path / "locked.pdf"
    writer.write(path)
    assert api.check(path).verdict.value == "non-compliant"
    with pytest.raises(EncryptedInputError, match="an encrypted PDF is not rewritten"):
        fix(path)


def test_block_editor_post_gets_paragraph_blocks_after_the_reprint_block(
    work: Work,
) -> None:
    def block(inner: str) -> str:
        return f"<!-- wp:paragraph -->\n<p>{inner}</p>\n<!-- /wp:paragraph -->"

    reprint = [block(escape(paragraph.text)) for paragraph in work.paragraphs]
    after = block("Comments are welcome.")
    post = "\n\n".join([*reprint, after])
    result = fix(post.encode("utf-8"), name="post.html", work=work)
    assert result.outcome is FixOutcome.FIXED
    credit = [
        '<!-- wp:paragraph {"className":"reprint-credit"} -->\n'
        f'<p class="reprint-credit">{escape(line, quote=True)}</p>\n'
        "<!-- /wp:paragraph -->"
        for line in _credit_lines(work)
    ]
    assert result.data.decode("utf-8") == "\n\n".join([*reprint, *credit, after])
