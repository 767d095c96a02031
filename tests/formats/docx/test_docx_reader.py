"""The DOCX reader on files made by python-docx, LibreOffice and pandoc: reading
order, what is stored but never laid out, comments and properties."""

from __future__ import annotations

from docx_files import OPTIONS, block, hidden, read, with_part

from reprint.formats.docx.reader import extract
from reprint.model import HiddenReason, Region

# Visible text and reading order.


def test_structure_reads_headers_body_tables_controls_and_footers_in_order() -> None:
    document = read("structure.docx")
    texts = [b.text for b in document.blocks]
    assert texts[:3] == [
        "Example Daily, first-page header",
        "Example Daily, default header",
        "Example Daily, even-page header",
    ]
    assert texts[3].startswith("The debates during this period")
    assert texts[-3].startswith("Much of Japan's security discourse")
    assert texts[-2] == "Section three header"
    assert texts[-1].startswith("JAPAN'S security policy")
    # Section 1's footer closes section 1, before section 2's body.
    assert texts.index("Page 1") == texts.index("Run-level control: Rikki Kersten") + 1


def test_paragraph_is_the_one_based_block_index() -> None:
    for name in (
        "structure.docx",
        "libreoffice-notes-textbox.docx",
        "hidden-text.docx",
    ):
        document = read(name)
        numbers = [b.location.paragraph for b in document.blocks]
        assert numbers == list(range(1, len(document.blocks) + 1)), name


def test_header_variants_are_located_by_section_and_kind() -> None:
    document = read("structure.docx")
    details = {b.text: (b.location.region, b.location.detail) for b in document.blocks}
    assert details["Example Daily, first-page header"] == (
        Region.HEADER,
        "section 1 first-page header",
    )
    assert details["Example Daily, even-page header"] == (
        Region.HEADER,
        "section 1 even-page header",
    )
    assert details["Section three header"] == (
        Region.HEADER,
        "section 3 default header",
    )
    assert details["Page 1"] == (Region.FOOTER, "section 1 default footer")


def test_a_header_part_shared_by_sections_is_read_once() -> None:
    # Section 2 links to section 1's parts; section 3 points at section 1's footer.
    texts = [b.text for b in read("structure.docx").blocks]
    assert texts.count("Page 1") == 1
    assert texts.count("Example Daily, default header") == 1


def test_tables_nested_and_merged_cells_are_read_once_in_order() -> None:
    document = read("structure.docx")
    cells = [
        (b.text, b.location.detail)
        for b in document.blocks
        if b.location.region is Region.TABLE
    ]
    assert cells == [
        ("Author", "table 1, row 1, cell 1"),
        # A merged cell is one w:tc (python-docx's row.cells would repeat it).
        ("Rikki Kersten", "table 1, row 1, cell 2"),
        ("Credit", "table 1, row 2, cell 1"),
        (
            "Department of International Relations (ANU)",
            "table 1, row 2, cell 2, table 2, row 1, cell 1",
        ),
        ("MacArthur Foundation", "table 1, row 2, cell 2, table 2, row 1, cell 2"),
        ("Nested above", "table 1, row 2, cell 3"),
    ]


def test_caption_styled_paragraph_is_a_caption() -> None:
    caption = block(read("structure.docx"), "Table 1: who is credited")
    assert caption.location.region is Region.CAPTION


def test_content_controls_at_block_and_run_level_are_visible() -> None:
    document = read("structure.docx")
    credit = block(document, "Republished with the permission of the author")
    assert credit.location.region is Region.BODY
    assert credit.text.endswith("and the MacArthur Foundation.")
    # The control's alias ("Author") is a property, not text.
    assert (
        block(document, "Run-level control").text == "Run-level control: Rikki Kersten"
    )


def test_tab_break_no_break_hyphen_and_symbols_become_characters() -> None:
    text = block(read("structure.docx"), "Tab\t").text
    assert text == "Tab\tbetweenline one\nline two non\u2011breaking \uf0b7\u2014"


def test_field_result_is_text_and_field_instruction_is_not() -> None:
    document = read("structure.docx")
    assert block(document, "See ").text == "See the ANU site for the original."
    assert "HYPERLINK" not in document.text
    assert "PAGE" not in read("libreoffice-notes-textbox.docx").text


def test_text_inside_a_field_instruction_is_not_shown() -> None:
    # Word nests fields in instructions ({ IF { QUOTE ... } ...}); the nested
    # field's result is part of the outer instruction, so no reader sees it.
    def nest_a_field(xml: bytes) -> bytes:
        nested = (
            b'<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            b'<w:r><w:instrText xml:space="preserve"> QUOTE "x" </w:instrText></w:r>'
            b'<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            b"<w:r><w:t>NESTED RESULT</w:t></w:r>"
            b'<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        )
        marker = b'<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        assert xml.count(marker) == 1
        return xml.replace(marker, nested + marker)

    data = with_part("structure.docx", "word/document.xml", nest_a_field)
    document = extract(data, OPTIONS)
    assert block(document, "See ").text == "See the ANU site for the original."
    assert "NESTED" not in document.text


def test_simple_field_content_is_its_result() -> None:
    assert block(read("structure.docx"), "Page ").text == "Page 1"


def test_libreoffice_complex_page_field_shows_its_result() -> None:
    footer = block(read("libreoffice-notes-textbox.docx"), "Example Daily, page")
    assert footer.text == "Example Daily, page 1"
    assert footer.location.region is Region.FOOTER


def test_text_box_stored_as_choice_and_fallback_is_read_once() -> None:
    document = read("libreoffice-notes-textbox.docx")
    box = block(document, "Text box: Rikki Kersten")
    assert box.location.region is Region.TEXT_BOX
    assert box.location.detail == "text box 1"
    # Right after the paragraph that anchors it.
    anchor = document.blocks[box.location.paragraph - 2]  # type: ignore[operator]
    assert anchor.text.startswith("Much of Japan's security discourse")


def test_libreoffice_footnote_and_endnote_follow_the_body() -> None:
    document = read("libreoffice-notes-textbox.docx")
    footnote = block(document, "\tFootnote: first published")
    endnote = block(document, "\tEndnote: supported by the MacArthur")
    assert (footnote.location.region, footnote.location.detail) == (
        Region.FOOTNOTE,
        "footnote 1",
    )
    assert (endnote.location.region, endnote.location.detail) == (
        Region.ENDNOTE,
        "endnote 1",
    )
    assert document.blocks[-2:] == (footnote, endnote)


def test_separator_and_continuation_notes_are_skipped() -> None:
    def label_separators(xml: bytes) -> bytes:
        # Give Word's layout notes text, as a custom continuation notice would.
        return xml.replace(b"<w:separator/>", b"<w:t>SEPARATOR</w:t>").replace(
            b"<w:continuationSeparator/>", b"<w:t>CONTINUED</w:t>"
        )

    data = with_part(
        "libreoffice-notes-textbox.docx", "word/footnotes.xml", label_separators
    )
    document = extract(data, OPTIONS)
    assert "SEPARATOR" not in document.text
    assert "CONTINUED" not in document.text
    assert [
        b.location.detail
        for b in document.blocks
        if b.location.region is Region.FOOTNOTE
    ] == ["footnote 1"]


def test_pandoc_footnote_is_numbered_by_reference() -> None:
    document = read("pandoc-footnotes.docx")
    note = block(document, " Reprinted with permission")
    assert note.location.region is Region.FOOTNOTE
    assert note.location.detail == "footnote 1"
    assert "MacArthur Foundation" in note.text


def test_tracked_insertion_is_visible_and_deletion_is_hidden() -> None:
    document = read("libreoffice-notes-textbox.docx")
    credit = block(document, "Credit: the author")
    assert credit.text == "Credit: the author, the ANU."
    deleted = hidden(document, "and the MacArthur Foundation")
    assert deleted.reason is HiddenReason.DELETED
    assert deleted.location.paragraph == credit.location.paragraph


def test_moved_away_text_is_hidden_as_deleted() -> None:
    # Word records a move as w:moveFrom (ordinary w:t runs) plus w:moveTo.
    def move_a_run(xml: bytes) -> bytes:
        run = (
            b'<w:r><w:t xml:space="preserve">Republished by Example Daily. </w:t></w:r>'
        )
        assert xml.count(run) == 1
        moved = b'<w:moveFrom w:id="9" w:author="Sub-editor">' + run + b"</w:moveFrom>"
        return xml.replace(run, moved)

    data = with_part("hidden-text.docx", "word/document.xml", move_a_run)
    document = extract(data, OPTIONS)
    assert hidden(document, "Republished by").reason is HiddenReason.DELETED
    assert "Republished by" not in document.text


# Stored, but never laid out.

NO_FIRST_PAGE = "but the section has no distinct first page"


def test_first_page_parts_of_a_section_without_title_page_are_not_rendered() -> None:
    document = read("unrendered-margins.docx")
    footer = hidden(document, "First-page footer: Department of International")
    assert footer.reason is HiddenReason.NOT_RENDERED
    assert (footer.location.region, footer.location.detail) == (
        Region.FOOTER,
        f"section 1 first-page footer, {NO_FIRST_PAGE}",
    )
    assert footer.location.paragraph is None
    # w:titlePg w:val="0" is there but off.
    header = hidden(document, "Section three first-page header")
    assert header.reason is HiddenReason.NOT_RENDERED
    assert (header.location.region, header.location.detail) == (
        Region.HEADER,
        f"section 3 first-page header, {NO_FIRST_PAGE}",
    )
    assert "Department of International" not in document.text
    assert "Section three first-page" not in document.text


def test_even_page_header_without_even_and_odd_pages_is_not_rendered() -> None:
    document = read("unrendered-margins.docx")
    even = hidden(document, "Even-page header: the MacArthur Foundation")
    assert even.reason is HiddenReason.NOT_RENDERED
    assert (even.location.region, even.location.detail) == (
        Region.HEADER,
        "section 1 even-page header, but the document does not print different "
        "odd and even pages",
    )
    assert "MacArthur" not in document.text


def test_first_page_header_inherited_by_a_title_page_section_is_visible() -> None:
    # Section 1 stores it without w:titlePg; section 2 names no first-page header
    # of its own, so it inherits section 1's and prints it on its first page.
    document = read("unrendered-margins.docx")
    header = block(document, "First-page header: Rikki Kersten")
    assert (header.location.region, header.location.detail) == (
        Region.HEADER,
        "section 2 first-page header",
    )
    assert [b.text[:30] for b in document.blocks] == [
        "Example Daily, default header",
        "The debates during this period",
        "First-page header: Rikki Kersten"[:30],
        "Much of Japan's security disco",
        "Section two first-page footer",
        "JAPAN'S security policy has un",
    ]
    assert not [h for h in document.hidden if h.text.startswith("First-page header")]


def test_footnote_nothing_refers_to_is_not_rendered() -> None:
    document = read("pandoc-unreferenced-notes.docx")
    note = hidden(document, " Unreferenced: written by Rikki Kersten")
    assert note.reason is HiddenReason.NOT_RENDERED
    assert note.location.region is Region.FOOTNOTE
    assert note.location.detail == "footnote with id 23, not referenced in the text"
    assert "Rikki Kersten" not in document.text


def test_footnote_referenced_only_from_hidden_or_deleted_text_is_not_rendered() -> None:
    document = read("pandoc-unreferenced-notes.docx")
    for start, note_id in ((" Hidden reference", 21), (" Deleted reference", 22)):
        note = hidden(document, start)
        assert note.reason is HiddenReason.NOT_RENDERED
        assert note.location.detail == (
            f"footnote with id {note_id}, referenced only in hidden or deleted text"
        )
    notes = [b for b in document.blocks if b.location.region is Region.FOOTNOTE]
    assert [(b.text, b.location.detail) for b in notes] == [
        (" Shown: first published by the East Asia Forum.", "footnote 1")
    ]


def test_math_text_is_visible() -> None:
    document = read("pandoc-math.docx")
    inline = block(document, "Credit in math: ")
    assert inline.text == "Credit in math: Rikki Kersten and E=mc2."
    assert block(document, "MacArthur").location.region is Region.BODY


def test_legacy_wordart_string_is_visible_after_its_anchor() -> None:
    document = read("libreoffice-wordart.docx")
    wordart = block(document, "WordArt: the MacArthur Foundation")
    assert (wordart.location.region, wordart.location.detail) == (
        Region.TEXT_BOX,
        "WordArt 1",
    )
    assert wordart.text == "WordArt: the MacArthur Foundation"
    anchor = document.blocks[wordart.location.paragraph - 2]  # type: ignore[operator]
    assert anchor.text.startswith("The debates during this period")


def test_wordart_whose_text_path_is_off_is_not_rendered() -> None:
    # VML draws a text path's string only when the path is on (on="t").
    def switch_off(xml: bytes) -> bytes:
        assert xml.count(b'<v:textpath on="t"') == 1
        return xml.replace(b'<v:textpath on="t"', b'<v:textpath on="f"')

    data = with_part("libreoffice-wordart.docx", "word/document.xml", switch_off)
    document = extract(data, OPTIONS)
    wordart = hidden(document, "WordArt: the MacArthur Foundation")
    assert wordart.reason is HiddenReason.NOT_RENDERED
    assert wordart.location.detail == "WordArt 1"
    assert "MacArthur" not in document.text


def test_comment_is_hidden_with_its_author() -> None:
    document = read("comments-and-properties.docx")
    comment = hidden(document, "Credit the MacArthur Foundation here?")
    assert comment.reason is HiddenReason.DOCX_COMMENT
    assert comment.location.region is Region.COMMENT
    assert comment.location.detail == "comment 0 by Sub-editor"
    assert "MacArthur" not in document.text


def test_core_and_app_properties_are_hidden_metadata() -> None:
    document = read("comments-and-properties.docx")
    metadata = {
        h.location.detail: h.text
        for h in document.hidden
        if h.reason is HiddenReason.METADATA
    }
    assert metadata == {
        "core property title": "Japan, the US Alliance and Asia",
        "core property creator": "Rikki Kersten",
        "core property subject": "ANU-MASI Policy Background Paper No. 1",
        "core property keywords": "Japan; security; MacArthur Foundation",
        "core property description": (
            "Reprinted with permission of the Department of International Relations"
        ),
        "app property Company": "The Australian National University",
    }


def test_publication_comes_from_core_properties_only() -> None:
    publication = read("comments-and-properties.docx").publication
    assert publication.title == "Japan, the US Alliance and Asia"
    assert publication.author == "Rikki Kersten"
    assert publication.published == "2011-08-01T09:00:00Z"  # created, not modified
    assert publication.site_name is None
    assert publication.url is None


def test_missing_creation_date_leaves_published_unset() -> None:
    # LibreOffice wrote no dcterms:created for a document never saved before.
    publication = read("libreoffice-notes-textbox.docx").publication
    assert publication.author == "Rikki Kersten"
    assert publication.published is None
